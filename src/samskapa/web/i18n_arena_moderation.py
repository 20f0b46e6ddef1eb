"""Swedish and English page text of the arena's moderation: the moderators' queue and the public log."""

from __future__ import annotations

from samskapa.web.i18n_types import Language

MESSAGES: dict[str, dict[Language, str]] = {
    # The moderators' queue.
    "arena.mod.title": {"sv": "Moderering av arenan", "en": "Arena moderation"},
    "arena.mod.intro": {
        "sv": "Anmälda behov och kommentarer, de mest anmälda först. Kryssa för ärenden, välj en åtgärd och "
        "ett svar och utför åtgärden på alla på en gång. Författaren får veta när hens innehåll döljs eller "
        "visas igen.",
        "en": "Reported needs and comments, the most reported first. Tick items, choose an action and an "
        "answer, and apply the action to all of them at once. The author is told when their content is "
        "hidden or shown again.",
    },
    "arena.mod.reported": {"sv": "Anmälda ärenden", "en": "Reported items"},
    "arena.mod.reported.count": {
        "sv": "{shown} av {total} ärenden med öppna anmälningar visas.",
        "en": "{shown} of {total} items with open reports are shown.",
    },
    "arena.mod.reported.none": {
        "sv": "Inga öppna anmälningar just nu.",
        "en": "No open reports at the moment.",
    },
    "arena.mod.hidden": {
        "sv": "Dolda ärenden utan öppna anmälningar",
        "en": "Hidden items without open reports",
    },
    "arena.mod.hidden.intro": {
        "sv": "Välj Visa igen för att visa ett av dem för alla igen.",
        "en": "Choose Show again to show one of them to everyone again.",
    },
    "arena.mod.hidden.none": {"sv": "Inga dolda ärenden.", "en": "No hidden items."},
    "arena.mod.type.need": {"sv": "Behov", "en": "Need"},
    "arena.mod.type.comment": {"sv": "Kommentar", "en": "Comment"},
    "arena.mod.on_need": {"sv": "Kommentar till behovet", "en": "Comment on the need"},
    "arena.mod.open_need": {"sv": "Öppna behovets sida", "en": "Open the need's page"},
    "arena.mod.select": {"sv": "Välj", "en": "Select"},
    "arena.mod.state": {"sv": "Läge", "en": "State"},
    "arena.mod.state.shown": {"sv": "Visas för alla", "en": "Shown to everyone"},
    "arena.mod.state.reports": {
        "sv": "Dolt automatiskt efter anmälningar, väntar på granskning",
        "en": "Hidden automatically after reports, awaiting review",
    },
    "arena.mod.state.moderator": {"sv": "Dolt av en moderator", "en": "Hidden by a moderator"},
    "arena.mod.open_reports": {"sv": "Öppna anmälningar", "en": "Open reports"},
    "arena.mod.reasons": {"sv": "Anledningar", "en": "Reasons"},
    "arena.mod.all_reasons": {"sv": "Anledningar i alla anmälningar", "en": "Reasons in all reports"},
    "arena.mod.notes": {"sv": "Anteckningar från anmälarna", "en": "Notes from the reporters"},
    "arena.mod.first_reported": {"sv": "Först anmält", "en": "First reported"},
    "arena.mod.hidden_at": {"sv": "Dolt sedan", "en": "Hidden since"},
    "arena.mod.no_text": {"sv": "(ingen text)", "en": "(no text)"},
    "arena.mod.apply": {"sv": "Åtgärd för de valda ärendena", "en": "Action on the selected items"},
    "arena.mod.field.items": {"sv": "Ärenden", "en": "Items"},
    "arena.mod.field.action": {"sv": "Åtgärd", "en": "Action"},
    "arena.mod.field.template": {"sv": "Svar", "en": "Answer"},
    "arena.mod.field.merged_into": {
        "sv": "Id för behovet som behålls (bara vid sammanslagning)",
        "en": "Id of the need that is kept (merge only)",
    },
    "arena.mod.merged_into.hint": {
        "sv": "De valda behoven slås ihop med det här behovet och får statusen sammanslaget.",
        "en": "The selected needs are merged into this need and get the status merged.",
    },
    "arena.mod.template.hint": {
        "sv": "Svaret går till författaren och räknas i den öppna loggen. Svaren och vilka åtgärder de "
        "passar:",
        "en": "The answer goes to the author and is counted in the public log. The answers and the actions "
        "they fit:",
    },
    "arena.mod.template.fits": {"sv": "passar", "en": "fits"},
    "arena.mod.choose": {"sv": "Välj …", "en": "Choose …"},
    "arena.mod.submit": {"sv": "Utför åtgärden", "en": "Apply the action"},
    "arena.mod.action.hide": {"sv": "Dölj", "en": "Hide"},
    "arena.mod.action.restore": {"sv": "Visa igen", "en": "Show again"},
    "arena.mod.action.dismiss": {"sv": "Avfärda anmälningarna", "en": "Dismiss the reports"},
    "arena.mod.action.merge": {"sv": "Slå ihop med ett annat behov", "en": "Merge into another need"},
    "arena.mod.template.removed_personal_data": {
        "sv": "Dolt: personuppgifter",
        "en": "Hidden: personal data",
    },
    "arena.mod.template.removed_offensive": {"sv": "Dolt: kränkande", "en": "Hidden: offensive"},
    "arena.mod.template.removed_spam": {"sv": "Dolt: skräppost", "en": "Hidden: spam"},
    "arena.mod.template.removed_off_topic": {"sv": "Dolt: hör inte hit", "en": "Hidden: off topic"},
    "arena.mod.template.kept_no_breach": {"sv": "Inget regelbrott", "en": "No breach of the rules"},
    "arena.mod.template.restored_after_edit": {
        "sv": "Visas igen efter granskning",
        "en": "Shown again after review",
    },
    "arena.mod.template.merged_duplicate": {"sv": "Sammanslaget: dubblett", "en": "Merged: duplicate"},
    "arena.mod.done.hide": {"sv": "{count} ärenden har dolts.", "en": "{count} items have been hidden."},
    "arena.mod.done.restore": {"sv": "{count} ärenden visas igen.", "en": "{count} items are shown again."},
    "arena.mod.done.dismiss": {
        "sv": "Anmälningarna av {count} ärenden har avfärdats.",
        "en": "The reports of {count} items have been dismissed.",
    },
    "arena.mod.done.merge": {
        "sv": "{count} behov har slagits ihop.",
        "en": "{count} needs have been merged.",
    },
    "arena.mod.error.items": {"sv": "Välj minst ett ärende.", "en": "Select at least one item."},
    "arena.mod.error.action": {"sv": "Välj en åtgärd.", "en": "Choose an action."},
    "arena.mod.error.template": {"sv": "Välj ett svar.", "en": "Choose an answer."},
    "arena.mod.error.merged_into": {
        "sv": "Ange id för behovet som de valda behoven slås ihop med.",
        "en": "Give the id of the need the selected needs are merged into.",
    },
    "arena.mod.error.invalid": {"sv": "Värdet är inte giltigt.", "en": "The value is not valid."},
    "arena.mod.to_log": {"sv": "Den öppna moderationsloggen", "en": "The public moderation log"},
    "arena.mod.forbidden.title": {"sv": "Bara för moderatorer", "en": "Moderators only"},
    "arena.mod.forbidden.text": {
        "sv": "Modereringskön är bara för personer med rollen moderator i en organisation. Du är inloggad, "
        "men har inte den rollen.",
        "en": "The moderation queue is only for people with the role moderator in an organisation. You are "
        "signed in, but you do not have that role.",
    },
    "arena.mod.forbidden.account": {"sv": "Ditt konto", "en": "Your account"},
    "arena.mod.back": {"sv": "Till arenan", "en": "To the arena"},
    # The public log.
    "arena.mod.log.title": {"sv": "Moderationslogg", "en": "Moderation log"},
    "arena.mod.log.intro": {
        "sv": "Så här har arenan modererats, månad för månad: vad moderatorerna har gjort, med vilka svar, "
        "och vilka anledningar som har angetts i anmälningarna. Loggen innehåller bara antal, ingenting om "
        "personer eller om enskilda behov och kommentarer.",
        "en": "How the arena has been moderated, month by month: what the moderators did, with which "
        "answers, and which reasons the reports gave. The log holds counts only, nothing about people or "
        "about single needs and comments.",
    },
    "arena.mod.log.empty": {"sv": "Ingenting har loggats ännu.", "en": "Nothing has been logged yet."},
    "arena.mod.log.actions": {"sv": "Åtgärder", "en": "Actions"},
    "arena.mod.log.templates": {"sv": "Svar", "en": "Answers"},
    "arena.mod.log.reports": {"sv": "Anmälningar per anledning", "en": "Reports per reason"},
    "arena.mod.log.kind": {"sv": "Slag", "en": "Kind"},
    "arena.mod.log.count": {"sv": "Antal", "en": "Number"},
    "arena.mod.log.none": {"sv": "Inga denna månad.", "en": "None this month."},
    "arena.mod.log.api": {
        "sv": "Samma siffror som JSON: /v1/arena/moderation-log",
        "en": "The same figures as JSON: /v1/arena/moderation-log",
    },
    "arena.mod.log.queue": {
        "sv": "Modereringskön (för moderatorer)",
        "en": "The moderation queue (moderators)",
    },
    "arena.mod.log.action.hide": {"sv": "Dolda av moderator", "en": "Hidden by a moderator"},
    "arena.mod.log.action.restore": {"sv": "Visade igen", "en": "Shown again"},
    "arena.mod.log.action.dismiss": {"sv": "Anmälningar avfärdade", "en": "Reports dismissed"},
    "arena.mod.log.action.merge": {"sv": "Sammanslagna dubbletter", "en": "Duplicates merged"},
    "arena.mod.log.action.auto_hide": {
        "sv": "Dolda automatiskt efter anmälningar",
        "en": "Hidden automatically after reports",
    },
    **{
        f"arena.mod.month.{number:02d}": {"sv": sv, "en": en}
        for number, (sv, en) in enumerate(
            (
                ("januari", "January"),
                ("februari", "February"),
                ("mars", "March"),
                ("april", "April"),
                ("maj", "May"),
                ("juni", "June"),
                ("juli", "July"),
                ("augusti", "August"),
                ("september", "September"),
                ("oktober", "October"),
                ("november", "November"),
                ("december", "December"),
            ),
            start=1,
        )
    },
}
