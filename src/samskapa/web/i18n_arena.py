"""Swedish and English page text of the co-creation arena."""

from __future__ import annotations

from samskapa.web.i18n_types import Language

MESSAGES: dict[str, dict[Language, str]] = {
    # ---- Navigation ----
    "nav.arena": {"sv": "Arenan", "en": "Arena"},
    "arena.nav.label": {"sv": "Arenan", "en": "The arena"},
    "arena.nav.needs": {"sv": "Behov", "en": "Needs"},
    "arena.nav.ideas": {"sv": "Idéer", "en": "Ideas"},
    "arena.nav.challenges": {"sv": "Utmaningar", "en": "Challenges"},
    "arena.nav.services": {"sv": "Tjänster", "en": "Services"},
    "arena.nav.dashboard": {"sv": "Så svarar myndigheterna", "en": "How agencies answer"},
    "arena.nav.notifications": {"sv": "Mina aviseringar", "en": "My notifications"},
    "arena.nav.moderation_log": {"sv": "Modereringsloggen", "en": "Moderation log"},
    # ---- The public dashboard ----
    "arena.dash.title": {"sv": "Hur myndigheterna svarar på behov", "en": "How agencies answer needs"},
    "arena.dash.title_agency": {"sv": "Hur snabbt svarar", "en": "How fast answers"},
    "arena.dash.intro": {
        "sv": "Siffrorna räknas fram ur behovens statushändelser. Tider räknas i arbetsdagar från att "
        "behovet skickades in till den första sorteringen, det första beslutet och den första leveransen.",
        "en": "The figures come from the needs' status events. Times are working days from submission to the "
        "first triage, the first decision and the first release.",
    },
    "arena.dash.today": {"sv": "Klockorna läses av", "en": "Clocks read on"},
    "arena.dash.all": {"sv": "Alla myndigheter", "en": "All agencies"},
    "arena.dash.needs": {"sv": "Behov", "en": "Needs"},
    "arena.dash.need": {"sv": "Behov", "en": "Need"},
    "arena.dash.times": {"sv": "Tid till svar", "en": "Time to answer"},
    "arena.dash.times.desc": {
        "sv": "Median och 90:e percentil i arbetsdagar för varje steg.",
        "en": "Median and 90th percentile in working days for each step.",
    },
    "arena.dash.step": {"sv": "Steg", "en": "Step"},
    "arena.dash.step.triage": {"sv": "Sortering", "en": "Triage"},
    "arena.dash.step.decision": {"sv": "Beslut", "en": "Decision"},
    "arena.dash.step.release": {"sv": "Leverans", "en": "Release"},
    "arena.dash.answered": {"sv": "Antal besvarade", "en": "Answered"},
    "arena.dash.median": {"sv": "median", "en": "median"},
    "arena.dash.p90": {"sv": "90:e percentil", "en": "90th percentile"},
    "arena.dash.unit_working_days": {"sv": "arbetsdagar", "en": "working days"},
    "arena.dash.unit_working": {"sv": "arbetsdagar", "en": "working days"},
    "arena.dash.unit_calendar": {"sv": "kalenderdagar", "en": "calendar days"},
    "arena.dash.shares": {"sv": "Andel besvarade i tid", "en": "Share answered in time"},
    "arena.dash.shares.desc": {
        "sv": "Sortering inom 10 arbetsdagar; beslut inom 20 arbetsdagar, eller 40 när tiden förlängts.",
        "en": "Triage within 10 working days; a decision within 20 working days, or 40 when extended.",
    },
    "arena.dash.share.triage": {"sv": "Sorterade i tid", "en": "Triaged in time"},
    "arena.dash.share.decision": {"sv": "Beslutade i tid", "en": "Decided in time"},
    "arena.dash.clock": {"sv": "Klocka", "en": "Clock"},
    "arena.dash.within": {"sv": "I tid", "en": "In time"},
    "arena.dash.counted": {"sv": "Räknade", "en": "Counted"},
    "arena.dash.share": {"sv": "Andel", "en": "Share"},
    "arena.dash.backlog": {"sv": "Obesvarade behov", "en": "Backlog"},
    "arena.dash.backlog.intro": {
        "sv": "Öppna behov som ännu inte fått något beslut, efter ålder i arbetsdagar.",
        "en": "Open needs without a decision yet, by age in working days.",
    },
    "arena.dash.backlog.desc": {
        "sv": "Antal obesvarade behov per åldersgrupp i arbetsdagar.",
        "en": "The number of unanswered needs per age group in working days.",
    },
    "arena.dash.age": {"sv": "Ålder", "en": "Age"},
    "arena.dash.total": {"sv": "Totalt", "en": "Total"},
    "arena.dash.mix": {"sv": "Första beslut", "en": "First decisions"},
    "arena.dash.mix.desc": {
        "sv": "Antal behov per första beslut.",
        "en": "The number of needs per first decision.",
    },
    "arena.dash.decision": {"sv": "Beslut", "en": "Decision"},
    "arena.dash.decision.already_available": {"sv": "Finns redan", "en": "Already available"},
    "arena.dash.decision.planned": {"sv": "Planerat", "en": "Planned"},
    "arena.dash.decision.conditionally_planned": {
        "sv": "Planerat med villkor",
        "en": "Conditionally planned",
    },
    "arena.dash.decision.declined": {"sv": "Avslaget", "en": "Declined"},
    "arena.dash.reopen": {
        "sv": "Andel beslutade behov som öppnats igen",
        "en": "Share of decided needs that were reopened",
    },
    "arena.dash.overdue": {"sv": "Försenade", "en": "Overdue"},
    "arena.dash.overdue.count": {
        "sv": "Öppna behov som passerat en tidsgräns",
        "en": "Open needs past a deadline",
    },
    "arena.dash.overdue.none": {"sv": "Inga behov är försenade.", "en": "No need is overdue."},
    "arena.dash.deadline": {"sv": "Tidsgräns", "en": "Deadline"},
    "arena.dash.deadline.triage": {"sv": "Sortering", "en": "Triage"},
    "arena.dash.deadline.decision": {"sv": "Beslut", "en": "Decision"},
    "arena.dash.deadline.update": {"sv": "Lägesrapport", "en": "Update"},
    "arena.dash.due": {"sv": "Senast", "en": "Due"},
    "arena.dash.days_overdue": {"sv": "Försenat med", "en": "Overdue by"},
    "arena.dash.agencies": {"sv": "Per ansvarig myndighet", "en": "Per lead agency"},
    "arena.dash.agency": {"sv": "Myndighet", "en": "Agency"},
    "arena.dash.no_lead": {"sv": "Ingen ansvarig ännu", "en": "No lead agency yet"},
    "arena.dash.median_triage": {"sv": "Median till sortering", "en": "Median to triage"},
    "arena.dash.median_decision": {"sv": "Median till beslut", "en": "Median to decision"},
    "arena.dash.api": {"sv": "Samma siffror som JSON:", "en": "The same figures as JSON:"},
}
