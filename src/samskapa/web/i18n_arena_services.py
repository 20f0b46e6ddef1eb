"""Swedish and English page text of the arena's services, pilots and feedback."""

from __future__ import annotations

from samskapa.web.i18n_types import Language


def _pairs(entries: dict[str, tuple[str, str]]) -> dict[str, dict[Language, str]]:
    return {key: {"sv": sv, "en": en} for key, (sv, en) in entries.items()}


MESSAGES: dict[str, dict[Language, str]] = _pairs(
    {
        # ---- The showcase ----
        "arena.services.title": ("Tjänster byggda på plattformen", "Services built on the platform"),
        "arena.services.intro": (
            "Här visas tjänster som använder plattformens data: vem som driver dem, vilka datamängder de "
            "använder, vilka behov de möter och hur tillgängliga de är.",
            "Services that use the platform's data: who runs them, which datasets they use, which needs "
            "they meet and how accessible they are.",
        ),
        "arena.services.new": ("Visa upp en tjänst", "Showcase a service"),
        "arena.services.filtered": ("Visar tjänster filtrerade på", "Showing services filtered by"),
        "arena.services.filter.dataset": ("datamängd", "dataset"),
        "arena.services.filter.need": ("behov", "need"),
        "arena.services.filter.operator": ("organisation", "organisation"),
        "arena.services.filter.clear": ("Visa alla tjänster", "Show all services"),
        "arena.services.operator": ("Drivs av", "Run by"),
        "arena.services.datasets": ("Datamängder som används", "Datasets used"),
        "arena.services.needs": ("Behov som tjänsten möter", "Needs addressed"),
        "arena.services.accessibility": ("Tillgänglighet", "Accessibility"),
        "arena.services.conformance": ("Överensstämmelse med kraven", "Conformance with the requirements"),
        "arena.services.conformance.full": ("Helt förenlig", "Fully compliant"),
        "arena.services.conformance.partial": ("Delvis förenlig", "Partially compliant"),
        "arena.services.conformance.none": ("Inte förenlig", "Not compliant"),
        "arena.services.statement_link": ("Tillgänglighetsredogörelse", "Accessibility statement"),
        "arena.services.statement": ("Det här är inte tillgängligt", "What is not accessible"),
        "arena.services.pilots": ("Piloter", "Pilots"),
        "arena.services.none": ("Inga", "None"),
        "arena.services.empty": ("Inga tjänster visas ännu.", "No services are showcased yet."),
        "arena.services.more": ("Fler tjänster", "More services"),
        "arena.services.back": ("Tillbaka till tjänsterna", "Back to the services"),
        "arena.services.url": ("Adress", "Address"),
        "arena.services.since": ("Visas sedan", "Showcased since"),
        "arena.services.done.created": ("Tjänsten visas nu.", "The service is now showcased."),
        "arena.services.done.feedback": ("Tack för din återkoppling.", "Thank you for your feedback."),
        "arena.services.done.pilot": ("Piloten är registrerad.", "The pilot is recorded."),
        "arena.services.done.decided": (
            "Beslutet om piloten är registrerat.",
            "The pilot's decision is recorded.",
        ),
        # ---- Not allowed ----
        "arena.services.forbidden.title": ("Du kan inte göra det här", "You cannot do this"),
        "arena.services.forbidden.create": (
            "Bara administratörer och redaktörer i en organisation kan visa upp en tjänst som organisationen "
            "driver. Be en administratör i organisationen att lägga till dig.",
            "Only admins and editors of an organisation can showcase a service it runs. Ask an admin of the "
            "organisation to add you.",
        ),
        "arena.services.forbidden.pilot": (
            "Bara personal hos organisationen som driver tjänsten kan lägga till piloter.",
            "Only staff of the organisation that runs the service can add pilots.",
        ),
        "arena.services.forbidden.decide": (
            "Bara personal hos organisationen som driver tjänsten kan besluta om en pilot.",
            "Only staff of the organisation that runs the service can decide a pilot.",
        ),
        "arena.services.forbidden.need": (
            "Bara den som skrev återkopplingen och personal hos organisationen som driver tjänsten kan göra "
            "om den till ett behov.",
            "Only the person who wrote the feedback and staff of the organisation that runs the service can "
            "turn it into a need.",
        ),
        "arena.services.forbidden.account": ("Ditt konto", "Your account"),
        # ---- The service form ----
        "arena.services.new.title": ("Visa upp en tjänst", "Showcase a service"),
        "arena.services.new.intro": (
            "Beskriv tjänsten på svenska och engelska, vilka datamängder den använder och vilka behov den "
            "möter, och hur tillgänglig den är.",
            "Describe the service in Swedish and English, the datasets it uses and the needs it meets, and "
            "how accessible it is.",
        ),
        "arena.services.new.submit": ("Visa upp tjänsten", "Showcase the service"),
        "arena.services.field.operator": (
            "Organisation som driver tjänsten",
            "Organisation running the service",
        ),
        "arena.services.field.name": ("Tjänstens namn", "Name of the service"),
        "arena.services.field.summary_sv": ("Sammanfattning på svenska", "Summary in Swedish"),
        "arena.services.field.summary_en": ("Sammanfattning på engelska", "Summary in English"),
        "arena.services.field.summary.hint": (
            "En eller två meningar på enkelt språk.",
            "One or two sentences in plain language.",
        ),
        "arena.services.field.description_sv": ("Beskrivning på svenska", "Description in Swedish"),
        "arena.services.field.description_en": ("Beskrivning på engelska", "Description in English"),
        "arena.services.field.optional": ("Frivilligt.", "Optional."),
        "arena.services.field.url": ("Tjänstens adress", "The service's address"),
        "arena.services.field.url.hint": (
            "Frivilligt. En hel adress som börjar med https://.",
            "Optional. A whole address starting with https://.",
        ),
        "arena.services.field.datasets": ("Datamängder som används", "Datasets used"),
        "arena.services.field.datasets.hint": (
            "Datamängdernas namn eller id i katalogen, en per rad eller åtskilda med kommatecken.",
            "The datasets' names or ids in the catalogue, one a line or separated by commas.",
        ),
        "arena.services.field.needs": ("Behov som tjänsten möter", "Needs addressed"),
        "arena.services.field.needs.hint": (
            "Id för inskickade behov, ett per rad eller åtskilda med kommatecken.",
            "Ids of submitted needs, one a line or separated by commas.",
        ),
        "arena.services.field.accessibility_conformance": (
            "Överensstämmelse med tillgänglighetskraven",
            "Conformance with the accessibility requirements",
        ),
        "arena.services.field.accessibility_conformance.hint": (
            "Enligt WCAG 2.1 nivå AA (EN 301 549), som lagen om tillgänglighet till digital offentlig "
            "service kräver.",
            "Against WCAG 2.1 level AA (EN 301 549), as the Swedish law on accessible digital public "
            "services requires.",
        ),
        "arena.services.field.accessibility_statement_url": (
            "Adress till tillgänglighetsredogörelsen",
            "Address of the accessibility statement",
        ),
        "arena.services.field.accessibility_statement_url.hint": (
            "Räcker ensam om tjänsten är helt förenlig.",
            "Enough on its own when the service is fully compliant.",
        ),
        "arena.services.field.accessibility_statement": (
            "Tillgänglighetsredogörelse",
            "Accessibility statement",
        ),
        "arena.services.field.accessibility_statement.hint": (
            "Krävs om tjänsten inte är helt förenlig, eller om ingen adress anges: vad som inte är "
            "tillgängligt, varför, och vilka alternativ som finns.",
            "Required when the service is not fully compliant, or when no address is given: what is not "
            "accessible, why, and the alternatives.",
        ),
        # ---- The pilot form and the pilots ----
        "arena.services.field.title": ("Pilotens namn", "Name of the pilot"),
        "arena.services.field.cohort": ("Deltagare", "Participants"),
        "arena.services.field.cohort.hint": (
            "Vilka som deltar, till exempel ”arbetssökande i Luleå”.",
            "Who takes part, for example “job seekers in Luleå”.",
        ),
        "arena.services.field.cohort_size": ("Antal deltagare", "Number of participants"),
        "arena.services.field.cohort_size.hint": ("Frivilligt. Ett heltal.", "Optional. A whole number."),
        "arena.services.field.starts_on": ("Startdatum", "Start date"),
        "arena.services.field.ends_on": ("Slutdatum", "End date"),
        "arena.services.field.date.hint": ("Till exempel 2026-09-01.", "For example 2026-09-01."),
        "arena.services.field.evaluation": ("Så utvärderas piloten", "How the pilot is evaluated"),
        "arena.services.field.evaluation.hint": (
            "Vad ni mäter och frågar, och när.",
            "What you measure and ask, and when.",
        ),
        "arena.services.field.result": ("Resultat", "Result"),
        "arena.services.field.decision": ("Beslut", "Decision"),
        "arena.pilots.new.title": ("Lägg till en pilot", "Add a pilot"),
        "arena.pilots.new.intro": (
            "En pilot prövar tjänsten med en liten grupp medborgare under en begränsad tid.",
            "A pilot tests the service with a small group of citizens for a limited time.",
        ),
        "arena.pilots.new.submit": ("Lägg till piloten", "Add the pilot"),
        "arena.pilots.back": ("Tillbaka till", "Back to"),
        "arena.pilots.people": ("personer", "people"),
        "arena.pilots.decision": ("Beslut", "Decision"),
        "arena.pilots.decision.scale": ("Skala upp", "Scale up"),
        "arena.pilots.decision.iterate": ("Gör om och förbättra", "Iterate"),
        "arena.pilots.decision.stop": ("Avsluta", "Stop"),
        "arena.pilots.undecided": ("Inte beslutat ännu", "Not decided yet"),
        "arena.pilots.no_result": ("Inget resultat ännu.", "No result yet."),
        "arena.pilots.none": ("Inga piloter ännu.", "No pilots yet."),
        "arena.pilots.decide": ("Besluta om piloten", "Decide the pilot"),
        "arena.pilots.decide.submit": ("Registrera beslutet", "Record the decision"),
        "arena.pilots.result.hint": (
            "Vad piloten visade. Beslutet kan bara fattas en gång.",
            "What the pilot showed. The decision can be made only once.",
        ),
        # ---- Feedback ----
        "arena.feedback.title": ("Återkoppling", "Feedback"),
        "arena.feedback.by": ("Från", "From"),
        "arena.feedback.pseudonym": (
            "En pseudonym: samma person har alltid samma kod.",
            "A pseudonym: the same person always has the same code.",
        ),
        "arena.feedback.on_pilot": ("om piloten", "on the pilot"),
        "arena.feedback.rating_of": ("betyg {rating} av 5", "rated {rating} out of 5"),
        "arena.feedback.rating_option": ("{rating} av 5", "{rating} out of 5"),
        "arena.feedback.became_need": ("Blev ett behov", "Became a need"),
        "arena.feedback.to_need": ("Gör om till ett behov", "Turn into a need"),
        "arena.feedback.none": ("Ingen återkoppling ännu.", "No feedback yet."),
        "arena.feedback.give": ("Ge återkoppling", "Give feedback"),
        "arena.feedback.text.hint": (
            "Skriv inte personnummer, telefonnummer eller e-postadresser; sådan text tas inte emot.",
            "Do not write personal identity numbers, phone numbers or email addresses; such text is refused.",
        ),
        "arena.feedback.no_rating": ("Inget betyg", "No rating"),
        "arena.feedback.no_pilot": ("Tjänsten i allmänhet", "The service in general"),
        "arena.feedback.submit": ("Skicka återkopplingen", "Send the feedback"),
        "arena.feedback.sign_in": ("Logga in för att ge återkoppling", "Sign in to give feedback"),
        "arena.services.field.text": ("Din återkoppling", "Your feedback"),
        "arena.services.field.rating": ("Betyg", "Rating"),
        "arena.services.field.pilot_id": ("Gäller", "About"),
    }
)
