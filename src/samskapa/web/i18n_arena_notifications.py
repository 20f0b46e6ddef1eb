"""Swedish and English page text of the arena's notifications."""

from __future__ import annotations

from samskapa.web.i18n_types import Language

MESSAGES: dict[str, dict[Language, str]] = {
    "arena.notif.title": {"sv": "Mina aviseringar", "en": "My notifications"},
    "arena.notif.intro": {
        "sv": "Här ser du vad som har hänt med behov som du har skrivit, stöder eller följer: nya statusar "
        "och officiella svar från myndigheterna, och om något du skrivit har dolts i väntan på granskning.",
        "en": "What happened to needs you wrote, support or follow: new statuses and official replies from "
        "the agencies, and whether something you wrote was hidden pending review.",
    },
    "arena.notif.list": {"sv": "Aviseringar", "en": "Notifications"},
    "arena.notif.unread.none": {
        "sv": "Du har inga olästa aviseringar.",
        "en": "You have no unread notifications.",
    },
    "arena.notif.unread.one": {"sv": "Du har 1 oläst avisering.", "en": "You have 1 unread notification."},
    "arena.notif.unread.many": {
        "sv": "Du har {count} olästa aviseringar.",
        "en": "You have {count} unread notifications.",
    },
    "arena.notif.show_all": {"sv": "Visa alla aviseringar", "en": "Show all notifications"},
    "arena.notif.show_unread": {"sv": "Visa bara olästa", "en": "Show unread only"},
    "arena.notif.read_all": {"sv": "Markera alla som lästa", "en": "Mark all as read"},
    "arena.notif.new": {"sv": "Ny", "en": "New"},
    "arena.notif.hidden": {
        "sv": "Ett behov som inte visas just nu (granskas av moderatorer)",
        "en": "A need not shown at the moment (under moderation review)",
    },
    "arena.notif.empty": {"sv": "Inga aviseringar ännu.", "en": "No notifications yet."},
    "arena.notif.older": {"sv": "Äldre aviseringar", "en": "Older notifications"},
    "arena.notif.mail": {"sv": "E-post", "en": "Mail"},
    "arena.notif.mail.intro": {
        "sv": "Välj om du vill få aviseringarna med e-post: en sammanfattning en gång per dag, varje "
        "avisering direkt, eller ingen e-post alls.",
        "en": "Choose whether to get your notifications by mail: a summary once a day, each notification at "
        "once, or no mail at all.",
    },
    "arena.notif.email.legend": {"sv": "Hur ofta vill du få e-post?", "en": "How often do you want mail?"},
    "arena.notif.email.daily": {"sv": "En sammanfattning per dag", "en": "A daily summary"},
    "arena.notif.email.immediate": {
        "sv": "Direkt, för varje avisering",
        "en": "At once, for each notification",
    },
    "arena.notif.email.off": {"sv": "Ingen e-post", "en": "No mail"},
    "arena.notif.language.legend": {"sv": "Språk i e-posten", "en": "Language of the mail"},
    "arena.notif.language.sv": {"sv": "Svenska", "en": "Swedish"},
    "arena.notif.language.en": {"sv": "Engelska", "en": "English"},
    "arena.notif.save": {"sv": "Spara valet", "en": "Save the choice"},
    "arena.notif.error.choice": {"sv": "Välj ett av alternativen", "en": "Choose one of the options"},
    "arena.notif.done.read": {
        "sv": "Alla aviseringar är markerade som lästa.",
        "en": "All notifications are marked as read.",
    },
    "arena.notif.done.saved": {"sv": "Ditt val av e-post är sparat.", "en": "Your mail choice is saved."},
}
