"""Swedish and English page text of the arena's ideas."""

from __future__ import annotations

from samskapa.web.i18n_types import Language

MESSAGES: dict[str, dict[Language, str]] = {
    # Shared
    "arena.ideas.nav": {"sv": "Idéer", "en": "Ideas"},
    "arena.challenges.nav": {"sv": "Utmaningar", "en": "Challenges"},
    "arena.ideas.provenance": {"sv": "Från", "en": "From"},
    "arena.ideas.provenance.citizen": {"sv": "Medborgare", "en": "Citizen"},
    "arena.ideas.provenance.ngo": {"sv": "Ideell organisation", "en": "NGO"},
    "arena.ideas.provenance.company": {"sv": "Företag", "en": "Company"},
    "arena.ideas.provenance.agency": {"sv": "Myndighet", "en": "Agency"},
    "arena.ideas.author": {"sv": "Skribent (pseudonym)", "en": "Author (pseudonym)"},
    "arena.ideas.organisation": {"sv": "Organisation", "en": "Organisation"},
    "arena.ideas.created": {"sv": "Skriven", "en": "Written"},
    "arena.ideas.needs": {"sv": "Behov som idén möter", "en": "Needs the idea addresses"},
    "arena.ideas.datasets": {
        "sv": "Datamängder som idén skulle använda",
        "en": "Datasets the idea would use",
    },
    "arena.ideas.challenge": {"sv": "Svarar på utmaningen", "en": "Answers the challenge"},
    "arena.ideas.none_listed": {"sv": "Inga", "en": "None"},
    "arena.ideas.api": {"sv": "Samma uppgifter i API:t:", "en": "The same data in the API:"},
    "arena.ideas.next": {"sv": "Nästa sida", "en": "Next page"},
    "arena.ideas.open": {"sv": "Öppen för idéer", "en": "Open for ideas"},
    "arena.ideas.closed": {"sv": "Stängd", "en": "Closed"},
    # The list of ideas
    "arena.ideas.title": {"sv": "Idéer", "en": "Ideas"},
    "arena.ideas.intro": {
        "sv": "Förslag på tjänster och lösningar som möter behov som har lämnats in, eller som svarar på "
        "myndigheters utmaningar. Alla idéer är offentliga.",
        "en": "Proposals for services and solutions that address the needs submitted, or answer the "
        "agencies' challenges. All ideas are public.",
    },
    "arena.ideas.propose": {"sv": "Föreslå en idé", "en": "Propose an idea"},
    "arena.ideas.filter": {"sv": "Filtrera idéerna", "en": "Filter the ideas"},
    "arena.ideas.filter.q": {"sv": "Sökord", "en": "Words"},
    "arena.ideas.filter.need": {"sv": "Behov (id)", "en": "Need (id)"},
    "arena.ideas.filter.challenge": {"sv": "Utmaning (id)", "en": "Challenge (id)"},
    "arena.ideas.filter.dataset": {"sv": "Datamängd (id eller namn)", "en": "Dataset (id or name)"},
    "arena.ideas.filter.submit": {"sv": "Visa idéer", "en": "Show ideas"},
    "arena.ideas.results": {"sv": "Idéer", "en": "Ideas"},
    "arena.ideas.empty": {"sv": "Inga idéer matchar.", "en": "No ideas match."},
    "arena.ideas.for_need": {"sv": "Idéer som möter behovet", "en": "Ideas addressing the need"},
    # One idea
    "arena.ideas.description": {"sv": "Beskrivning", "en": "Description"},
    "arena.ideas.about": {"sv": "Om idén", "en": "About the idea"},
    "arena.ideas.back": {"sv": "Alla idéer", "en": "All ideas"},
    "arena.ideas.created_notice": {"sv": "Din idé är publicerad.", "en": "Your idea is published."},
    # The idea form
    "arena.ideas.new.title": {"sv": "Föreslå en idé", "en": "Propose an idea"},
    "arena.ideas.new.intro": {
        "sv": "Beskriv en tjänst eller lösning. Välj minst ett behov som idén möter, eller en utmaning den "
        "svarar på. Idén publiceras direkt och du kan ändra den i 24 timmar.",
        "en": "Describe a service or solution. Choose at least one need it addresses, or a challenge it "
        "answers. The idea is published at once and you can change it for 24 hours.",
    },
    "arena.ideas.field.title": {"sv": "Rubrik", "en": "Title"},
    "arena.ideas.field.summary": {"sv": "Sammanfattning", "en": "Summary"},
    "arena.ideas.field.summary.hint": {
        "sv": "Några meningar på klarspråk.",
        "en": "A few sentences in plain language.",
    },
    "arena.ideas.field.description": {"sv": "Beskrivning (frivillig)", "en": "Description (optional)"},
    "arena.ideas.field.needs": {"sv": "Behov som idén möter", "en": "Needs the idea addresses"},
    "arena.ideas.field.needs.hint": {
        "sv": "De senast inlämnade behoven. Välj ett eller flera.",
        "en": "The needs submitted most recently. Choose one or more.",
    },
    "arena.ideas.field.needs.none": {
        "sv": "Det finns inga inlämnade behov ännu; välj en utmaning i stället.",
        "en": "No needs have been submitted yet; choose a challenge instead.",
    },
    "arena.ideas.field.datasets": {"sv": "Datamängder (frivilligt)", "en": "Datasets (optional)"},
    "arena.ideas.field.datasets.hint": {
        "sv": "Namnen på datamängder i katalogen, åtskilda med kommatecken.",
        "en": "The names of datasets in the catalogue, separated by commas.",
    },
    "arena.ideas.field.organisation": {
        "sv": "Skriver du för en organisation?",
        "en": "Writing for an organisation?",
    },
    "arena.ideas.field.organisation.self": {"sv": "Nej, som privatperson", "en": "No, as myself"},
    "arena.ideas.field.challenge": {"sv": "Utmaning (frivillig)", "en": "Challenge (optional)"},
    "arena.ideas.field.challenge.none": {"sv": "Ingen utmaning", "en": "No challenge"},
    "arena.ideas.submit": {"sv": "Publicera idén", "en": "Publish the idea"},
    # Form errors
    "arena.ideas.error.required": {"sv": "Fyll i fältet", "en": "Fill in the field"},
    "arena.ideas.error.length": {
        "sv": "Skriv mellan {min} och {max} tecken",
        "en": "Write between {min} and {max} characters",
    },
    "arena.ideas.error.too_long": {"sv": "Skriv högst {max} tecken", "en": "Write at most {max} characters"},
    "arena.ideas.error.target": {
        "sv": "Välj minst ett behov, eller en utmaning",
        "en": "Choose at least one need, or a challenge",
    },
    "arena.ideas.error.date": {
        "sv": "Skriv datumet som ÅÅÅÅ-MM-DD",
        "en": "Write the date as YYYY-MM-DD",
    },
    "arena.ideas.error.personal_data": {
        "sv": "Texten verkar innehålla {kind}. Ta bort det: allt i arenan är offentligt",
        "en": "The text seems to contain {kind}. Remove it: everything in the arena is public",
    },
    "arena.ideas.kind.personal_identity_number": {
        "sv": "ett personnummer",
        "en": "a personal identity number",
    },
    "arena.ideas.kind.coordination_number": {"sv": "ett samordningsnummer", "en": "a coordination number"},
    "arena.ideas.kind.phone_number": {"sv": "ett telefonnummer", "en": "a phone number"},
    "arena.ideas.kind.email_address": {"sv": "en e-postadress", "en": "an email address"},
    # Challenges
    "arena.challenges.title": {"sv": "Utmaningar", "en": "Challenges"},
    "arena.challenges.intro": {
        "sv": "Frågor som myndigheter, kommuner och skolor ställer till allmänheten. Svara med en idé medan "
        "utmaningen är öppen.",
        "en": "Questions that agencies, municipalities and schools put to the public. Answer with an idea "
        "while the challenge is open.",
    },
    "arena.challenges.new": {"sv": "Ställ en utmaning", "en": "Put a challenge"},
    "arena.challenges.filter": {"sv": "Filtrera utmaningarna", "en": "Filter the challenges"},
    "arena.challenges.filter.status": {"sv": "Status", "en": "Status"},
    "arena.challenges.filter.status.any": {"sv": "Alla", "en": "All"},
    "arena.challenges.filter.status.open": {"sv": "Öppna", "en": "Open"},
    "arena.challenges.filter.status.closed": {"sv": "Stängda", "en": "Closed"},
    "arena.challenges.filter.organisation": {
        "sv": "Organisation (id eller namn)",
        "en": "Organisation (id or name)",
    },
    "arena.challenges.filter.submit": {"sv": "Visa utmaningar", "en": "Show challenges"},
    "arena.challenges.results": {"sv": "Utmaningar", "en": "Challenges"},
    "arena.challenges.empty": {"sv": "Inga utmaningar matchar.", "en": "No challenges match."},
    "arena.challenges.by": {"sv": "Ställd av", "en": "Put by"},
    "arena.challenges.open_until": {"sv": "Öppen till och med", "en": "Open until"},
    "arena.challenges.no_end": {"sv": "Tills vidare", "en": "Until further notice"},
    "arena.challenges.status": {"sv": "Status", "en": "Status"},
    "arena.challenges.idea_count": {"sv": "Idéer", "en": "Ideas"},
    "arena.challenges.needs": {"sv": "Behov som utmaningen tar upp", "en": "Needs the challenge takes up"},
    "arena.challenges.ideas": {"sv": "Idéer som svarar på utmaningen", "en": "Ideas answering the challenge"},
    "arena.challenges.no_ideas": {"sv": "Inga idéer ännu.", "en": "No ideas yet."},
    "arena.challenges.propose": {
        "sv": "Föreslå en idé för utmaningen",
        "en": "Propose an idea for the challenge",
    },
    "arena.challenges.closed_notice": {
        "sv": "Utmaningen är stängd och tar inte emot fler idéer.",
        "en": "The challenge is closed and takes no more ideas.",
    },
    "arena.challenges.back": {"sv": "Alla utmaningar", "en": "All challenges"},
    "arena.challenges.created_notice": {
        "sv": "Utmaningen är publicerad.",
        "en": "The challenge is published.",
    },
    "arena.challenges.new.title": {"sv": "Ställ en utmaning", "en": "Put a challenge"},
    "arena.challenges.new.intro": {
        "sv": "En fråga från din myndighet till allmänheten. Den publiceras direkt.",
        "en": "A question from your agency to the public. It is published at once.",
    },
    "arena.challenges.field.organisation": {"sv": "Myndighet", "en": "Agency"},
    "arena.challenges.field.open_until": {
        "sv": "Sista dag för idéer (frivillig)",
        "en": "Last day for ideas (optional)",
    },
    "arena.challenges.field.open_until.hint": {
        "sv": "ÅÅÅÅ-MM-DD. Lämna tomt för att hålla utmaningen öppen tills vidare.",
        "en": "YYYY-MM-DD. Leave empty to keep the challenge open until further notice.",
    },
    "arena.challenges.field.needs": {
        "sv": "Behov som utmaningen tar upp (frivilligt)",
        "en": "Needs the challenge takes up (optional)",
    },
    "arena.challenges.submit": {"sv": "Publicera utmaningen", "en": "Publish the challenge"},
    "arena.challenges.forbidden.title": {
        "sv": "Bara myndigheter kan ställa utmaningar",
        "en": "Only agencies can put challenges",
    },
    "arena.challenges.forbidden.text": {
        "sv": "Utmaningar ställs av personal (administratör eller redaktör) på en myndighet, kommun eller "
        "skola. Ditt konto har ingen sådan roll.",
        "en": "Challenges are put by staff (admin or editor) of an agency, municipality or school. Your "
        "account has no such role.",
    },
    "arena.challenges.forbidden.instead": {
        "sv": "Du kan i stället föreslå en idé eller läsa de öppna utmaningarna.",
        "en": "You can propose an idea instead, or read the open challenges.",
    },
}
