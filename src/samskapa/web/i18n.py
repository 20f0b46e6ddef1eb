"""Swedish and English text for people. Every page string has both; a test checks that none is missing."""

from __future__ import annotations

from starlette.requests import Request

from samskapa.web import (
    i18n_arena,
    i18n_arena_ideas,
    i18n_arena_moderation,
    i18n_arena_needs,
    i18n_arena_notifications,
    i18n_arena_services,
    i18n_oauth,
    i18n_people,
    i18n_vault,
)
from samskapa.web.i18n_types import Language

__all__ = ["Language", "request_language", "translate"]
LANGUAGES: tuple[Language, ...] = ("sv", "en")
DEFAULT_LANGUAGE: Language = "sv"
COOKIE = "samskapa_lang"

MESSAGES: dict[str, dict[Language, str]] = {
    "site.name": {"sv": "Samskapa", "en": "Samskapa"},
    "site.tagline": {
        "sv": "Gemensam datainfrastruktur för livslångt lärande och kompetensförsörjning",
        "en": "Shared data infrastructure for lifelong learning and competence supply",
    },
    "nav.home": {"sv": "Start", "en": "Home"},
    "nav.concepts": {"sv": "Begrepp", "en": "Concepts"},
    "nav.api": {"sv": "API", "en": "API"},
    "nav.login": {"sv": "Logga in", "en": "Sign in"},
    "nav.account": {"sv": "Ditt konto", "en": "Your account"},
    "nav.main": {"sv": "Huvudmeny", "en": "Main menu"},
    "nav.skip": {"sv": "Hoppa till innehållet", "en": "Skip to content"},
    "lang.switch": {"sv": "In English", "en": "På svenska"},
    "lang.switch.label": {"sv": "Byt språk till engelska", "en": "Switch language to Swedish"},
    "error.title": {"sv": "Något gick fel", "en": "Something went wrong"},
    "error.404": {"sv": "Sidan finns inte", "en": "Page not found"},
    "error.back": {"sv": "Till startsidan", "en": "Back to the home page"},
    "error.hint": {"sv": "Tips", "en": "Hint"},
    "footer.data": {
        "sv": "Data: ESCO (Europeiska kommissionen, CC BY 4.0), JobTech-taxonomin (Arbetsförmedlingen), SCB.",
        "en": "Data: ESCO (European Commission, CC BY 4.0), the JobTech taxonomy (Arbetsförmedlingen), SCB.",
    },
    "nav.breadcrumb": {"sv": "Du är här", "en": "You are here"},
    "nav.pages": {"sv": "Sidor", "en": "Pages"},
    "error.400": {"sv": "Något i frågan stämmer inte", "en": "Something in the request is not right"},
    "error.search": {"sv": "Sök bland begreppen", "en": "Search the concepts"},
    "error.status": {"sv": "Statuskod", "en": "Status code"},
    "footer.about": {
        "sv": "Samskapa drivs gemensamt av offentliga myndigheter.",
        "en": "Samskapa is run jointly by public agencies.",
    },
    "footer.version": {"sv": "Programversion", "en": "Software version"},
    "home.title": {
        "sv": "Ett gemensamt språk och delade data",
        "en": "One common language and shared data",
    },
    "home.intro": {
        "sv": "Samskapa drivs gemensamt av offentliga myndigheter, så att människor, arbetsgivare, utbildare "
        "och myndigheter kan bygga tjänster på samma data.",
        "en": "Samskapa is run jointly by public agencies, so that people, employers, education providers "
        "and agencies can build services on the same data.",
    },
    "home.offers": {"sv": "Det här är Samskapa", "en": "What Samskapa is"},
    "home.offer.language.title": {"sv": "Ett gemensamt språk", "en": "One common language"},
    "home.offer.language": {
        "sv": "Yrken, kompetenser, utbildning och regioner beskrivs med samma begrepp, på svenska och "
        "engelska, med kopplingar mellan ESCO, SSYK, ISCO, SUN och SNI.",
        "en": "Occupations, skills, education and regions are described with the same concepts, in Swedish "
        "and English, with mappings between ESCO, SSYK, ISCO, SUN and SNI.",
    },
    "home.offer.access.title": {"sv": "Enkel åtkomst till delade data", "en": "Easy access to shared data"},
    "home.offer.access": {
        "sv": "Öppna API:er och nedladdningar med tydlig dokumentation, så att samma data kan återanvändas "
        "i många tjänster.",
        "en": "Open APIs and downloads with clear documentation, so that the same data can be reused in many "
        "services.",
    },
    "home.offer.arena.title": {"sv": "En arena för samskapande", "en": "A co-creation arena"},
    "home.offer.arena": {
        "sv": "Medborgare och aktörer lyfter behov, och tillsammans bestämmer vi vad som ska byggas härnäst.",
        "en": "Citizens and stakeholders identify needs, and together we decide what to build next.",
    },
    "home.offer.privacy.title": {
        "sv": "Integritet och säkerhet i centrum",
        "en": "Privacy and security at the centre",
    },
    "home.offer.privacy": {
        "sv": "Personuppgifter ska bara delas med ditt samtycke, och varje åtkomst ska gå att följa upp.",
        "en": "Personal data is to be shared only with your consent, and every access must be traceable.",
    },
    "home.counts": {"sv": "Det gemensamma språket i siffror", "en": "The common language in numbers"},
    "home.counts.caption": {
        "sv": "Aktiva begrepp per typ och klassifikation, taxonomiversion {version}",
        "en": "Active concepts by type and classification, taxonomy version {version}",
    },
    "home.counts.summary": {
        "sv": "Totalt {concepts} begrepp med {labels} termer och {relations} relationer.",
        "en": "In all {concepts} concepts with {labels} labels and {relations} relations.",
    },
    "home.counts.empty": {
        "sv": "Taxonomin är inte inläst ännu.",
        "en": "The taxonomy has not been loaded yet.",
    },
    "home.explore": {"sv": "Utforska och använd", "en": "Explore and use"},
    "home.explore.concepts": {
        "sv": "Sök och bläddra bland begreppen",
        "en": "Search and browse the concepts",
    },
    "home.explore.docs": {"sv": "API-dokumentation (interaktiv)", "en": "API documentation (interactive)"},
    "home.explore.openapi": {
        "sv": "API-beskrivning i OpenAPI-format (JSON)",
        "en": "API description in OpenAPI format (JSON)",
    },
    "col.type": {"sv": "Typ", "en": "Type"},
    "col.scheme": {"sv": "Klassifikation", "en": "Classification"},
    "col.count": {"sv": "Antal", "en": "Number"},
    "col.concept": {"sv": "Begrepp", "en": "Concept"},
    "col.relation": {"sv": "Relation", "en": "Relation"},
    "col.direction": {"sv": "Riktning", "en": "Direction"},
    "col.weight": {"sv": "Vikt", "en": "Weight"},
    "col.skill": {"sv": "Kompetens", "en": "Skill"},
    "col.share": {"sv": "Andel av yrkena", "en": "Share of the occupations"},
    "col.essential_in": {"sv": "Nödvändig i", "en": "Essential in"},
    "col.optional_in": {"sv": "Valfri i", "en": "Optional in"},
    "concepts.title": {"sv": "Begrepp", "en": "Concepts"},
    "concepts.intro": {
        "sv": "Sök bland yrken, kompetenser, utbildningsinriktningar, näringsgrenar, regioner och språk, "
        "på svenska eller engelska. Felstavningar går bra.",
        "en": "Search occupations, skills, fields of education, industries, regions and languages, in "
        "Swedish or English. Misspellings are fine.",
    },
    "search.label": {"sv": "Sök begrepp", "en": "Search concepts"},
    "search.hint": {
        "sv": "Till exempel ”systemutvecklare”, ”python” eller ”Göteborg”.",
        "en": "For example “software developer”, “python” or “Gothenburg”.",
    },
    "search.type": {"sv": "Typ av begrepp", "en": "Type of concept"},
    "search.type.any": {"sv": "Alla typer", "en": "All types"},
    "search.submit": {"sv": "Sök", "en": "Search"},
    "search.results": {"sv": "Träffar för ”{q}”", "en": "Results for “{q}”"},
    "search.count.one": {"sv": "1 träff", "en": "1 result"},
    "search.count.many": {"sv": "{n} träffar", "en": "{n} results"},
    "search.count.capped": {"sv": "De {n} bästa träffarna", "en": "The {n} best results"},
    "search.none": {
        "sv": "Inga begrepp matchade. Prova ett annat ord, en kortare början av ordet eller en annan typ.",
        "en": "No concepts matched. Try another word, the beginning of the word or another type.",
    },
    "search.matched": {"sv": "träff på", "en": "matched"},
    "ac.count.one": {
        "sv": "1 förslag. Välj med pil upp och ned.",
        "en": "1 suggestion. Use the up and down arrows.",
    },
    "ac.count.many": {
        "sv": "{n} förslag. Välj med pil upp och ned.",
        "en": "{n} suggestions. Use the up and down arrows.",
    },
    "ac.none": {"sv": "Inga förslag.", "en": "No suggestions."},
    "ac.list": {"sv": "Förslag", "en": "Suggestions"},
    "browse.heading": {"sv": "Bläddra efter typ", "en": "Browse by type"},
    "browse.page": {"sv": "{type}, sida från {first}", "en": "{type}, page from {first}"},
    "browse.next": {"sv": "Nästa sida", "en": "Next page"},
    "browse.first": {"sv": "Till första sidan", "en": "Back to the first page"},
    "browse.empty": {
        "sv": "Det finns inga begrepp av den här typen.",
        "en": "There are no concepts of this type.",
    },
    "concept.details": {"sv": "Uppgifter", "en": "Details"},
    "concept.id": {"sv": "Id", "en": "Id"},
    "concept.uri": {"sv": "URI", "en": "URI"},
    "concept.type": {"sv": "Typ", "en": "Type"},
    "concept.scheme": {"sv": "Klassifikation", "en": "Classification"},
    "concept.notation": {"sv": "Kod", "en": "Code"},
    "concept.level": {"sv": "Nivå", "en": "Level"},
    "concept.status": {"sv": "Status", "en": "Status"},
    "concept.skill_type": {"sv": "Kompetenstyp", "en": "Skill type"},
    "concept.reuse_level": {"sv": "Användbarhet", "en": "Reuse level"},
    "concept.version": {"sv": "Taxonomiversion", "en": "Taxonomy version"},
    "concept.deprecated": {"sv": "Det här begreppet är utgånget.", "en": "This concept is deprecated."},
    "concept.replaced_by": {"sv": "Ersatt av", "en": "Replaced by"},
    "concept.labels": {"sv": "Termer", "en": "Labels"},
    "concept.labels.none": {"sv": "Inga termer på det här språket.", "en": "No labels in this language."},
    "concept.definition": {"sv": "Definition", "en": "Definition"},
    "concept.hierarchy": {"sv": "Hierarki", "en": "Hierarchy"},
    "concept.broader": {"sv": "Överordnade begrepp", "en": "Broader concepts"},
    "concept.narrower": {"sv": "Underordnade begrepp", "en": "Narrower concepts"},
    "concept.narrower.more": {
        "sv": "Visar {shown} av {total}. Alla finns i API:et.",
        "en": "Showing {shown} of {total}. All of them are in the API.",
    },
    "concept.top": {"sv": "Begreppet är på översta nivån.", "en": "The concept is at the top level."},
    "concept.mappings": {
        "sv": "Motsvarigheter i andra klassifikationer",
        "en": "Mappings to other classifications",
    },
    "concept.related": {"sv": "Relaterade begrepp", "en": "Related concepts"},
    "concept.api": {"sv": "Samma data i API:et", "en": "The same data in the API"},
    "concept.api.self": {"sv": "Begreppet som JSON", "en": "The concept as JSON"},
    "concept.api.skills": {"sv": "Kompetenserna som JSON", "en": "The skills as JSON"},
    "concept.api.occupations": {
        "sv": "Det som kräver kompetensen, som JSON",
        "en": "What needs the skill, as JSON",
    },
    "concept.own_skills": {"sv": "Kompetenser som hör till", "en": "Skills that go with it"},
    "label.pref": {"sv": "Föredragen term", "en": "Preferred label"},
    "label.alt": {"sv": "Alternativa termer", "en": "Alternative labels"},
    "label.hidden": {"sv": "Dolda söktermer", "en": "Hidden search terms"},
    "label.none": {"sv": "Inga", "en": "None"},
    "language.sv": {"sv": "Svenska", "en": "Swedish"},
    "language.en": {"sv": "Engelska", "en": "English"},
    "direction.outgoing": {"sv": "Från det här begreppet", "en": "From this concept"},
    "direction.incoming": {"sv": "Till det här begreppet", "en": "To this concept"},
    "skills.heading": {"sv": "Kompetenser", "en": "Skills"},
    "skills.essential": {"sv": "Nödvändiga kompetenser", "en": "Essential skills"},
    "skills.optional": {"sv": "Valfria kompetenser", "en": "Optional skills"},
    "skills.none": {"sv": "Inga.", "en": "None."},
    "skills.via": {
        "sv": "Kompetenserna hämtas från ESCO-yrkena via kopplingarna:",
        "en": "The skills come from the ESCO occupations, reached through the mappings:",
    },
    "skills.via.occupations": {"sv": "{n} ESCO-yrken", "en": "{n} ESCO occupations"},
    "skills.occupations": {"sv": "ESCO-yrken som ingår ({n})", "en": "ESCO occupations included ({n})"},
    "skills.rule": {
        "sv": "En kompetens räknas som nödvändig när ESCO-yrkena anger den som nödvändig minst lika ofta som "
        "valfri. Andelen visar hur många av yrkena som alls nämner den.",
        "en": "A skill counts as essential when the ESCO occupations list it as essential at least as often "
        "as optional. The share shows how many of the occupations mention it at all.",
    },
    "skills.more": {
        "sv": "Visar de {n} vanligaste. Hela listan finns i API:et.",
        "en": "Showing the {n} most common. The full list is in the API.",
    },
    "skills.unreached": {
        "sv": "Inga ESCO-yrken nås via kopplingarna, så inga kompetenser kan visas.",
        "en": "No ESCO occupations are reached through the mappings, so no skills can be shown.",
    },
    "needing.heading": {
        "sv": "Yrken och kompetenser som kräver detta",
        "en": "Occupations and skills that need this",
    },
    "needing.title": {"sv": "Det som kräver ”{label}”", "en": "What needs “{label}”"},
    "needing.summary": {
        "sv": "Nödvändig för {essential} och valfri för {optional}.",
        "en": "Essential for {essential} and optional for {optional}.",
    },
    "needing.none": {
        "sv": "Inga yrken i taxonomin anger den här kompetensen.",
        "en": "No occupation in the taxonomy lists this skill.",
    },
    "needing.more": {"sv": "Nästa sida med yrken", "en": "Next page of occupations"},
    "needing.back": {"sv": "Tillbaka till ”{label}”", "en": "Back to “{label}”"},
    "status.active": {"sv": "Aktivt", "en": "Active"},
    "status.deprecated": {"sv": "Utgånget", "en": "Deprecated"},
    "status.referenced": {"sv": "Endast omnämnt av en källa", "en": "Only mentioned by a source"},
    "status.unknown": {"sv": "Okänt", "en": "Unknown"},
    "kind.broader": {"sv": "Överordnat", "en": "Broader"},
    "kind.close_match": {"sv": "Nära motsvarighet", "en": "Close match"},
    "kind.exact_match": {"sv": "Exakt motsvarighet", "en": "Exact match"},
    "kind.broad_match": {"sv": "Bredare motsvarighet", "en": "Broader match"},
    "kind.narrow_match": {"sv": "Snävare motsvarighet", "en": "Narrower match"},
    "kind.related": {"sv": "Relaterat", "en": "Related"},
    "kind.substitutes": {"sv": "Ersättningsbart", "en": "Substitutable"},
    "kind.essential_skill": {"sv": "Nödvändig", "en": "Essential"},
    "kind.optional_skill": {"sv": "Valfri", "en": "Optional"},
    "skill_type.knowledge": {"sv": "Kunskap", "en": "Knowledge"},
    "skill_type.skill/competence": {"sv": "Färdighet eller kompetens", "en": "Skill or competence"},
    "reuse_level.transversal": {"sv": "Allmän (tvärgående)", "en": "Transversal"},
    "reuse_level.cross-sector": {"sv": "Sektorsövergripande", "en": "Cross-sector"},
    "reuse_level.sector-specific": {"sv": "Sektorsspecifik", "en": "Sector-specific"},
    "reuse_level.occupation-specific": {"sv": "Yrkesspecifik", "en": "Occupation-specific"},
    "type.occupation": {"sv": "Yrke (ESCO)", "en": "Occupation (ESCO)"},
    "type.skill": {"sv": "Kompetens", "en": "Skill"},
    "type.skill-group": {"sv": "Kompetensgrupp", "en": "Skill group"},
    "type.isco-group": {"sv": "ISCO-grupp", "en": "ISCO group"},
    "type.ssyk-group": {"sv": "SSYK-grupp", "en": "SSYK group"},
    "type.occupation-name": {"sv": "Yrkesbenämning", "en": "Occupation name"},
    "type.keyword": {"sv": "Sökord", "en": "Keyword"},
    "type.sun-level": {"sv": "Utbildningsnivå (SUN)", "en": "Level of education (SUN)"},
    "type.sun-field": {"sv": "Utbildningsinriktning (SUN)", "en": "Field of education (SUN)"},
    "type.sni": {"sv": "Näringsgren (SNI)", "en": "Industry (SNI)"},
    "type.country": {"sv": "Land", "en": "Country"},
    "type.region": {"sv": "Region", "en": "Region"},
    "type.municipality": {"sv": "Kommun", "en": "Municipality"},
    "type.language": {"sv": "Språk", "en": "Language"},
    "type.unknown": {"sv": "Okänd typ", "en": "Unknown type"},
    "scheme.esco": {"sv": "ESCO", "en": "ESCO"},
    "scheme.isco-08": {"sv": "ISCO-08", "en": "ISCO-08"},
    "scheme.ssyk-2012": {"sv": "SSYK 2012", "en": "SSYK 2012"},
    "scheme.jobtech": {"sv": "JobTech-taxonomin", "en": "JobTech taxonomy"},
    "scheme.sun-2020": {"sv": "SUN 2020", "en": "SUN 2020"},
    "scheme.sni-2007": {"sv": "SNI 2007", "en": "SNI 2007"},
    "scheme.iso-3166": {"sv": "ISO 3166 (länder)", "en": "ISO 3166 (countries)"},
    "scheme.iso-639": {"sv": "ISO 639 (språk)", "en": "ISO 639 (languages)"},
    "scheme.nuts": {"sv": "NUTS (EU-regioner)", "en": "NUTS (EU regions)"},
    "scheme.scb-lan": {"sv": "SCB:s län", "en": "Statistics Sweden counties"},
    "scheme.scb-kommun": {"sv": "SCB:s kommuner", "en": "Statistics Sweden municipalities"},
    "scheme.unknown": {"sv": "Okänd klassifikation", "en": "Unknown classification"},
    # The catalogue pages (datasets and organisations) from here on
    "nav.datasets": {"sv": "Datamängder", "en": "Datasets"},
    "datasets.title": {"sv": "Datamängder", "en": "Datasets"},
    "datasets.intro": {
        "sv": "Öppna data från myndigheter och andra aktörer, beskrivna enligt DCAT-AP. "
        "Sök med ord och avgränsa med filtren.",
        "en": "Open data from agencies and other organisations, described with DCAT-AP. "
        "Search with words and narrow down with the filters.",
    },
    "datasets.organisations": {
        "sv": "Alla organisationer som publicerar",
        "en": "Every publishing organisation",
    },
    "datasets.search": {"sv": "Sök datamängder", "en": "Search datasets"},
    "datasets.search.label": {"sv": "Sök bland datamängderna", "en": "Search the datasets"},
    "datasets.search.hint": {
        "sv": "Ord i titel, beskrivning, nyckelord eller utgivare, på svenska eller engelska.",
        "en": "Words in the title, description, keywords or publisher, in Swedish or English.",
    },
    "datasets.sort": {"sv": "Sortera", "en": "Sort"},
    "datasets.sort.modified": {"sv": "Senast ändrad först", "en": "Last changed first"},
    "datasets.sort.issued": {"sv": "Senast publicerad först", "en": "Last published first"},
    "datasets.sort.title": {"sv": "Titel A–Ö", "en": "Title A–Z"},
    "datasets.filters": {"sv": "Filter", "en": "Filters"},
    "datasets.filters.hint": {
        "sv": "Kryssa i ett eller flera värden och välj Använd filtren. Flera värden i samma filter ger "
        "träffar på något av dem.",
        "en": "Tick one or more values and choose Apply the filters. Several values in one filter match "
        "any of them.",
    },
    "datasets.filters.apply": {"sv": "Använd filtren", "en": "Apply the filters"},
    "datasets.to_results": {"sv": "Hoppa till träffarna", "en": "Skip to the results"},
    "datasets.unit.one": {"sv": "datamängd", "en": "dataset"},
    "datasets.unit.many": {"sv": "datamängder", "en": "datasets"},
    "datasets.results": {"sv": "Träffar", "en": "Results"},
    "datasets.count.none": {"sv": "Inga datamängder", "en": "No datasets"},
    "datasets.count.one": {"sv": "1 datamängd", "en": "1 dataset"},
    "datasets.count.many": {"sv": "{n} datamängder", "en": "{n} datasets"},
    "datasets.for": {"sv": "för ”{q}”", "en": "for “{q}”"},
    "datasets.active": {"sv": "Filter som används", "en": "Filters in use"},
    "datasets.remove": {"sv": "ta bort filtret", "en": "remove the filter"},
    "datasets.clear": {"sv": "Ta bort alla filter", "en": "Remove every filter"},
    "datasets.none": {
        "sv": "Inga datamängder matchar. Pröva färre ord eller filter.",
        "en": "No datasets match. Try fewer words or filters.",
    },
    "datasets.page.empty": {
        "sv": "Den här sidan är tom. Börja om från första sidan.",
        "en": "This page is empty. Start again from the first page.",
    },
    # Shared by the searchable collections (job ads, education)
    "collection.sort": {"sv": "Sortera", "en": "Sort"},
    "collection.count.none": {"sv": "Inga träffar", "en": "No results"},
    "collection.count.one": {"sv": "1 träff", "en": "1 result"},
    "collection.count.many": {"sv": "{n} träffar", "en": "{n} results"},
    "collection.none": {
        "sv": "Inget matchar. Pröva färre ord eller filter.",
        "en": "Nothing matches. Try fewer words or filters.",
    },
    "collection.param.remote": {"sv": "Distans", "en": "Remote"},
    # The enrichment page
    "nav.enrich": {"sv": "Hitta kompetenser", "en": "Find skills"},
    "enrich.title": {"sv": "Hitta kompetenser i en text", "en": "Find the skills in a text"},
    "enrich.intro": {
        "sv": "Klistra in en annons, en kursbeskrivning eller ett CV. Kompetenser, yrken och språk ur det "
        "gemensamma språket markeras i texten. Texten sparas inte.",
        "en": "Paste a job ad, a course description or a CV. Skills, occupations and languages of the common "
        "language are marked in the text. The text is not stored.",
    },
    "enrich.text": {"sv": "Text", "en": "Text"},
    "enrich.text.hint": {
        "sv": "På svenska eller engelska, högst 100 000 tecken.",
        "en": "In Swedish or English, at most 100,000 characters.",
    },
    "enrich.lang": {"sv": "Textens språk", "en": "Language of the text"},
    "enrich.lang.detect": {"sv": "Känn igen själv", "en": "Detect it"},
    "enrich.lang.sv": {"sv": "svenska", "en": "Swedish"},
    "enrich.lang.en": {"sv": "engelska", "en": "English"},
    "enrich.submit": {"sv": "Hitta kompetenser", "en": "Find skills"},
    "enrich.error": {"sv": "Texten kunde inte läsas", "en": "The text could not be read"},
    "enrich.found": {"sv": "Det här hittades", "en": "What was found"},
    "enrich.count": {
        "sv": "{n} begrepp i texten (på {lang}).",
        "en": "{n} concepts in the text (in {lang}).",
    },
    "enrich.table": {"sv": "Begreppen i texten", "en": "The concepts in the text"},
    "enrich.col.text": {"sv": "I texten", "en": "In the text"},
    "enrich.col.concept": {"sv": "Begrepp", "en": "Concept"},
    "enrich.col.type": {"sv": "Typ", "en": "Type"},
    "enrich.col.confidence": {"sv": "Säkerhet", "en": "Confidence"},
    "enrich.col.method": {"sv": "Hur", "en": "How"},
    "enrich.method.dictionary": {"sv": "ordlista", "en": "dictionary"},
    "enrich.method.semantic": {
        "sv": "semantisk, likhet {similarity}",
        "en": "semantic, similarity {similarity}",
    },
    "enrich.semantic.short": {"sv": "semantisk träff", "en": "semantic match"},
    "enrich.semantic.hint": {
        "sv": "En semantisk träff är en hel mening utan träff i ordlistan som liknar en kompetens i ESCO "
        "(språkmodellen läser bara engelska). Den är osäkrare än en träff i ordlistan.",
        "en": "A semantic match is a whole sentence with no dictionary match that resembles an ESCO skill "
        "(the language model reads English only). It is less certain than a dictionary match.",
    },
    "enrich.filtered": {"sv": "Nämnt men inte krav", "en": "Mentioned but not required"},
    "enrich.filtered.short": {"sv": "inte krav", "en": "not required"},
    "enrich.filtered.hint": {
        "sv": "De här står i en nekande mening eller i ett avsnitt om förmåner, arbetsgivaren eller ansökan.",
        "en": "These are in a negated phrase, or in a section about benefits, the employer or applying.",
    },
    "enrich.negated": {"sv": "nekat", "en": "negated"},
    "enrich.section.benefits": {"sv": "förmåner", "en": "benefits"},
    "enrich.section.about": {"sv": "om arbetsgivaren", "en": "about the employer"},
    "enrich.section.application": {"sv": "ansökan", "en": "applying"},
    "enrich.versions": {
        "sv": "Modell: {model}. Taxonomiversion {taxonomy}.",
        "en": "Model: {model}. Taxonomy version {taxonomy}.",
    },
    "enrich.spans.ask": {
        "sv": "Visa också kompetensfraser (engelsk text; tar längre tid)",
        "en": "Also show skill phrases (English text; takes longer)",
    },
    "enrich.spans.ask.hint": {
        "sv": "En inlärd modell markerar fraser som beskriver vad en person gör eller kan, med textens egna "
        "ord, och kopplar varje fras till den närmaste kompetensen i ESCO.",
        "en": "A trained model marks the phrases that say what a person does or knows, in the text's own "
        "words, and links each phrase to the nearest ESCO skill.",
    },
    "enrich.spans": {"sv": "Kompetensfraser", "en": "Skill phrases"},
    "enrich.spans.count": {
        "sv": "{n} fraser hittades av {model}.",
        "en": "{n} phrases found by the {model}.",
    },
    "enrich.spans.table": {"sv": "Fraserna i texten", "en": "The phrases in the text"},
    "enrich.spans.col.kind": {"sv": "Slag", "en": "Kind"},
    "enrich.spans.col.skill": {"sv": "Närmaste kompetens i ESCO", "en": "Nearest ESCO skill"},
    "enrich.spans.kind.skill": {"sv": "färdighet", "en": "skill"},
    "enrich.spans.kind.knowledge": {"sv": "kunskap", "en": "knowledge"},
    "enrich.spans.none": {"sv": "ingen", "en": "none"},
    "enrich.spans.error": {
        "sv": "Kompetensfraserna kunde inte tas fram",
        "en": "The skill phrases could not be found",
    },
    # The job-ad pages
    "nav.ads": {"sv": "Jobb", "en": "Jobs"},
    "ads.title": {"sv": "Platsannonser", "en": "Job ads"},
    "ads.intro": {
        "sv": "Lediga jobb som organisationer publicerar på plattformen, kopplade till det gemensamma "
        "språket. Demoannonserna är genererade och märkta som sådana.",
        "en": "Vacancies that organisations publish on the platform, linked to the common language. The demo "
        "ads are generated and marked as such.",
    },
    "ads.search.label": {"sv": "Sök bland annonserna", "en": "Search the ads"},
    "ads.search.hint": {
        "sv": "Alla ord ska finnas i rubrik, text eller arbetsgivare; böjningar räknas "
        "(utvecklare, utvecklaren).",
        "en": "Every word must occur in the headline, text or employer; word forms count (nurse, nurses).",
    },
    "ads.sort.relevance": {"sv": "Bäst matchning först", "en": "Best match first"},
    "ads.sort.newest": {"sv": "Nyast först", "en": "Newest first"},
    "ads.sort.oldest": {"sv": "Äldst först", "en": "Oldest first"},
    "ads.facet.occupation_field": {"sv": "Yrkesområde (SSYK)", "en": "Occupation field (SSYK)"},
    "ads.facet.occupation": {"sv": "Yrke", "en": "Occupation"},
    "ads.facet.ssyk": {"sv": "Yrkesgrupp (SSYK)", "en": "Occupation group (SSYK)"},
    "ads.facet.region": {"sv": "Län", "en": "County"},
    "ads.facet.municipality": {"sv": "Kommun", "en": "Municipality"},
    "ads.facet.employment_type": {"sv": "Anställningsform", "en": "Employment type"},
    "ads.facet.working_hours": {"sv": "Arbetstid", "en": "Working hours"},
    "ads.facet.skill": {"sv": "Kompetens", "en": "Skill"},
    "ads.facet.lang": {"sv": "Annonsens språk", "en": "Language of the ad"},
    "ads.remote": {"sv": "Distansarbete", "en": "Remote work"},
    "ads.remote.any": {"sv": "Alla", "en": "Any"},
    "ads.remote.yes": {"sv": "Går att arbeta på distans", "en": "Remote work possible"},
    "ads.employer": {"sv": "Arbetsgivare", "en": "Employer"},
    "ads.occupation": {"sv": "Yrke", "en": "Occupation"},
    "ads.municipality": {"sv": "Ort", "en": "Location"},
    "ads.employment_type": {"sv": "Anställning", "en": "Employment"},
    "ads.published": {"sv": "Publicerad", "en": "Published"},
    "ads.expires": {"sv": "Sista ansökningsdag", "en": "Apply by"},
    "ads.vacancies": {"sv": "Antal platser", "en": "Vacancies"},
    "ads.salary": {"sv": "Lön", "en": "Salary"},
    "ads.description": {"sv": "Om jobbet", "en": "About the job"},
    "ads.skills": {"sv": "Kompetenser som krävs", "en": "Skills required"},
    "ads.nice_to_have": {"sv": "Meriterande", "en": "Nice to have"},
    "course.found_skills": {"sv": "Kompetenser som nämns", "en": "Skills mentioned"},
    "course.found_skills.hint": {
        "sv": "Hittade automatiskt i beskrivningen och studieresultaten.",
        "en": "Found automatically in the description and the learning outcomes.",
    },
    "ads.found_skills": {"sv": "Kompetenser som nämns i texten", "en": "Skills mentioned in the text"},
    "ads.found_skills.hint": {
        "sv": "Hittade automatiskt i annonsens text (inte nekade krav eller förmåner).",
        "en": "Found automatically in the ad's text (not negated requirements or benefits).",
    },
    "ads.apply": {"sv": "Läs mer och sök jobbet", "en": "Read more and apply"},
    "ads.api": {"sv": "Annonsen som data:", "en": "This ad as data:"},
    "ads.synthetic": {
        "sv": "Det här är en genererad demoannons, inte ett riktigt jobb.",
        "en": "This is a generated demo ad, not a real job.",
    },
    "ads.removed.title": {"sv": "Annonsen är borttagen", "en": "This ad has been removed"},
    "ads.removed.detail": {
        "sv": "Arbetsgivaren har tagit bort den. Sök bland de andra annonserna.",
        "en": "The employer has removed it. Search the other ads.",
    },
    # The education pages (course search and course page)
    "nav.education": {"sv": "Utbildning", "en": "Education"},
    "education.title": {"sv": "Utbildningar och kurser", "en": "Education and courses"},
    "education.intro": {
        "sv": "Kurser och utbildningar som anordnare publicerar på plattformen, med förväntade "
        "studieresultat, nivå och inriktning ur det gemensamma språket. Demodata är Mittuniversitetets "
        "kursplaner.",
        "en": "Courses and programmes that providers publish on the platform, with learning outcomes, level "
        "and field from the common language. The demo data are Mid Sweden University's course syllabi.",
    },
    "education.search.label": {"sv": "Sök bland utbildningarna", "en": "Search the courses"},
    "education.search.hint": {
        "sv": "Alla ord ska finnas i titel, beskrivning, ämne, förväntade studieresultat eller anordnare; "
        "böjningar räknas (programmering, programmeringen).",
        "en": "Every word must occur in the title, description, subject, learning outcomes or provider; word "
        "forms count (program, programs).",
    },
    "education.sort.relevance": {"sv": "Bäst matchning först", "en": "Best match first"},
    "education.sort.newest": {
        "sv": "Nyast först (startdatum, annars kursplanens datum)",
        "en": "Newest first (start date, else the syllabus date)",
    },
    "education.sort.oldest": {
        "sv": "Äldst först (startdatum, annars kursplanens datum)",
        "en": "Oldest first (start date, else the syllabus date)",
    },
    "education.facet.field_area": {"sv": "Utbildningsområde (SUN)", "en": "Broad field of education (SUN)"},
    "education.facet.field": {"sv": "Inriktning (SUN)", "en": "Field of education (SUN)"},
    "education.facet.level": {"sv": "Nivå (SUN)", "en": "Level (SUN)"},
    "education.facet.mode": {"sv": "Undervisningsform", "en": "Mode of study"},
    "education.facet.pace": {"sv": "Studietakt", "en": "Pace of study"},
    "education.facet.region": {"sv": "Län", "en": "County"},
    "education.facet.location": {"sv": "Studieort", "en": "Place of study"},
    "education.facet.language": {"sv": "Undervisningsspråk", "en": "Language of instruction"},
    "education.facet.provider": {"sv": "Anordnare", "en": "Provider"},
    "education.facet.credit_unit": {"sv": "Poängsystem", "en": "Credit system"},
    "education.facet.has_outcomes": {"sv": "Innehåll", "en": "Content"},
    "education.has_outcomes": {"sv": "Med förväntade studieresultat", "en": "With learning outcomes"},
    "education.provider": {"sv": "Anordnare", "en": "Provider"},
    "education.level": {"sv": "Nivå", "en": "Level"},
    "education.field": {"sv": "Inriktning", "en": "Field"},
    "education.credits": {"sv": "Omfattning", "en": "Credits"},
    "education.mode": {"sv": "Undervisning", "en": "Study"},
    "education.pace": {"sv": "Studietakt", "en": "Pace of study"},
    "education.location": {"sv": "Studieort", "en": "Place of study"},
    "education.start": {"sv": "Start", "en": "Starts"},
    "course.other_title": {"sv": "Engelsk titel", "en": "Swedish title"},
    "course.demo": {"sv": "Exempeldata.", "en": "Example data."},
    "course.demo.detail": {
        "sv": "Anordnaren är en demoorganisation: kursplanen är verklig, men den publiceras här för att visa "
        "plattformen och inte av lärosätet.",
        "en": "The provider is a demo organisation: the syllabus is real, but it is published here to show "
        "the platform, not by the university.",
    },
    "course.publisher": {"sv": "Publiceras av", "en": "Published by"},
    "course.code": {"sv": "Kurskod", "en": "Course code"},
    "course.pace.of_full_time": {"sv": "av heltid", "en": "of full time"},
    "course.languages": {"sv": "Undervisningsspråk", "en": "Language of instruction"},
    "course.start_dates": {"sv": "Startdatum", "en": "Start dates"},
    "course.application": {"sv": "Ansökan", "en": "Application"},
    "course.application.from": {"sv": "Öppnar", "en": "Opens"},
    "course.application.until": {"sv": "Senast", "en": "By"},
    "course.cost": {"sv": "Kostnad", "en": "Cost"},
    "course.free": {"sv": "Avgiftsfri", "en": "Free of charge"},
    "course.charged": {"sv": "Avgiftsbelagd", "en": "Fee charged"},
    "course.subject": {"sv": "Huvudområde eller ämne", "en": "Subject"},
    "course.progression": {"sv": "Fördjupningsnivå", "en": "Progression"},
    "course.progression.G1N": {
        "sv": "grundnivå, har endast gymnasiala förkunskapskrav",
        "en": "first cycle, has only upper-secondary level entry requirements",
    },
    "course.progression.G1F": {
        "sv": "grundnivå, har mindre än 60 hp kurs/er på grundnivå som förkunskapskrav",
        "en": "first cycle, has less than 60 credits in first-cycle course/s as entry requirements",
    },
    "course.progression.G1E": {
        "sv": "grundnivå, innehåller speciellt utformat examensarbete för högskoleexamen",
        "en": "first cycle, contains a specially designed degree project for a Higher Education Diploma",
    },
    "course.progression.G2F": {
        "sv": "grundnivå, har minst 60 hp kurs/er på grundnivå som förkunskapskrav",
        "en": "first cycle, has at least 60 credits in first-cycle course/s as entry requirements",
    },
    "course.progression.G2E": {
        "sv": "grundnivå, har minst 60 hp kurs/er på grundnivå som förkunskapskrav, innehåller "
        "examensarbete för kandidatexamen",
        "en": "first cycle, has at least 60 credits in first-cycle course/s as entry requirements, contains "
        "a degree project for a Bachelor's degree",
    },
    "course.progression.GXX": {
        "sv": "grundnivå, fördjupningsnivån kan inte klassificeras",
        "en": "first cycle, the progression cannot be classified",
    },
    "course.progression.A1N": {
        "sv": "avancerad nivå, har endast kurs/er på grundnivå som förkunskapskrav",
        "en": "second cycle, has only first-cycle course/s as entry requirements",
    },
    "course.progression.A1F": {
        "sv": "avancerad nivå, har kurs/er på avancerad nivå som förkunskapskrav",
        "en": "second cycle, has second-cycle course/s as entry requirements",
    },
    "course.progression.A1E": {
        "sv": "avancerad nivå, innehåller examensarbete för magisterexamen",
        "en": "second cycle, contains a degree project for a one-year Master's degree",
    },
    "course.progression.A2E": {
        "sv": "avancerad nivå, innehåller examensarbete för masterexamen",
        "en": "second cycle, contains a degree project for a two-year Master's degree",
    },
    "course.progression.AXX": {
        "sv": "avancerad nivå, fördjupningsnivån kan inte klassificeras",
        "en": "second cycle, the progression cannot be classified",
    },
    "course.valid_from": {"sv": "Kursplanen gäller från", "en": "Syllabus valid from"},
    "course.description": {"sv": "Om utbildningen", "en": "About the course"},
    "course.outcomes": {"sv": "Förväntade studieresultat", "en": "Learning outcomes"},
    "course.outcomes.sv": {"sv": "På svenska", "en": "In Swedish"},
    "course.outcomes.en": {"sv": "På engelska", "en": "In English"},
    "course.outcomes.none": {
        "sv": "Anordnaren har inte angett några förväntade studieresultat.",
        "en": "The provider has not given any learning outcomes.",
    },
    "course.entry": {"sv": "Förkunskapskrav", "en": "Entry requirements"},
    "course.url": {"sv": "Läs mer och sök hos anordnaren", "en": "Read more and apply at the provider"},
    "course.api": {"sv": "Utbildningen som data:", "en": "This course as data:"},
    "course.removed.title": {"sv": "Utbildningen är borttagen", "en": "This course has been removed"},
    "course.removed.detail": {
        "sv": "Anordnaren har tagit bort den.",
        "en": "The provider has removed it.",
    },
    "course.removed.search": {"sv": "Sök bland de andra utbildningarna", "en": "Search the other courses"},
    "facet.publisher": {"sv": "Utgivare", "en": "Publisher"},
    "facet.theme": {"sv": "Tema", "en": "Theme"},
    "facet.format": {"sv": "Format", "en": "Format"},
    "facet.licence": {"sv": "Licens", "en": "Licence"},
    "facet.concept": {"sv": "Begrepp", "en": "Concept"},
    "facet.access_rights": {"sv": "Åtkomst", "en": "Access rights"},
    "facet.keyword": {"sv": "Nyckelord", "en": "Keyword"},
    "facet.empty": {"sv": "Inga filter passar de här träffarna.", "en": "No filters fit these results."},
    "dataset.by": {"sv": "Publiceras av", "en": "Published by"},
    "dataset.publisher": {"sv": "Utgivare", "en": "Publisher"},
    "dataset.themes": {"sv": "Teman", "en": "Themes"},
    "dataset.formats": {"sv": "Format", "en": "Formats"},
    "dataset.modified": {"sv": "Senast ändrad", "en": "Last changed"},
    "dataset.issued": {"sv": "Publicerad", "en": "Published"},
    "dataset.withdrawn": {"sv": "Datamängden är tillbakadragen.", "en": "This dataset has been withdrawn."},
    "dataset.withdrawn.detail": {
        "sv": "Utgivaren har dragit tillbaka den. Beskrivningen finns kvar så att länkar fortsätter att "
        "fungera, men data kanske inte längre går att hämta.",
        "en": "Its publisher has withdrawn it. The description is kept so that links keep working, but "
        "the data may no longer be available.",
    },
    "dataset.demo": {"sv": "Exempeldata.", "en": "Example data."},
    "dataset.demo.detail": {
        "sv": "Utgivaren är en demoorganisation: datamängden visar hur katalogen fungerar och är inte "
        "riktiga data.",
        "en": "The publisher is a demo organisation: the dataset shows how the catalogue works and is not "
        "real data.",
    },
    "dataset.description": {"sv": "Beskrivning", "en": "Description"},
    "dataset.keywords": {"sv": "Nyckelord", "en": "Keywords"},
    "dataset.access_rights": {"sv": "Åtkomst", "en": "Access rights"},
    "dataset.frequency": {"sv": "Uppdateras", "en": "Update frequency"},
    "dataset.temporal": {"sv": "Tidsperiod", "en": "Time period"},
    "dataset.temporal.open": {"sv": "pågående", "en": "ongoing"},
    "dataset.spatial": {"sv": "Geografiskt område", "en": "Geographic coverage"},
    "dataset.contact": {"sv": "Kontakt", "en": "Contact point"},
    "dataset.landing_page": {"sv": "Webbsida", "en": "Landing page"},
    "dataset.conforms_to": {"sv": "Följer standard", "en": "Conforms to"},
    "dataset.identifier": {"sv": "Identifierare", "en": "Identifier"},
    "dataset.concepts": {"sv": "Begrepp som datamängden täcker", "en": "Concepts the dataset covers"},
    "dataset.concepts.intro": {
        "sv": "Begrepp ur det gemensamma språket som datamängden handlar om:",
        "en": "Concepts of the common language that the dataset is about:",
    },
    "dataset.concepts.none": {
        "sv": "Utgivaren har inte angett några begrepp.",
        "en": "The publisher has not named any concepts.",
    },
    "dataset.distributions": {"sv": "Hämta data", "en": "Get the data"},
    "dataset.distributions.caption": {"sv": "Distributioner av {title}", "en": "Distributions of {title}"},
    "dataset.distributions.none": {
        "sv": "Datamängden har inga distributioner ännu.",
        "en": "The dataset has no distributions yet.",
    },
    "dataset.download": {"sv": "Ladda ned", "en": "Download"},
    "dataset.open": {"sv": "Öppna", "en": "Open"},
    "dataset.download.hint": {
        "sv": "Länkarna leder vidare till utgivarens egen server. Vi räknar nedladdningarna.",
        "en": "The links lead on to the publisher's own server. We count the downloads.",
    },
    "dataset.usage": {"sv": "Användning", "en": "Use"},
    "dataset.usage.downloads": {"sv": "Nedladdningar", "en": "Downloads"},
    "dataset.usage.api_calls": {"sv": "Anrop via API:et", "en": "API calls"},
    "dataset.api.json": {"sv": "Beskrivningen som JSON", "en": "The description as JSON"},
    "dataset.api.turtle": {"sv": "Beskrivningen som RDF (Turtle)", "en": "The description as RDF (Turtle)"},
    "dataset.api.rdfxml": {"sv": "Beskrivningen som RDF/XML", "en": "The description as RDF/XML"},
    "dataset.api.jsonld": {"sv": "Beskrivningen som JSON-LD", "en": "The description as JSON-LD"},
    "dataset.need": {"sv": "Efterfråga liknande data", "en": "Request data like this"},
    "dataset.need.intro": {
        "sv": "Saknar du något? Beskriv vilka data du behöver, så kan utgivare och andra ta upp behovet.",
        "en": "Missing something? Describe the data you need, so that publishers and others can take the "
        "need up.",
    },
    "dataset.need.link": {"sv": "Efterfråga liknande data", "en": "Request data like this"},
    "dataset.need.coming": {
        "sv": "Kommer snart: här kommer du att kunna efterfråga liknande data i samskapandearenan.",
        "en": "Coming soon: here you will be able to request data like this in the co-creation arena.",
    },
    "col.distribution": {"sv": "Distribution", "en": "Distribution"},
    "col.format": {"sv": "Format", "en": "Format"},
    "col.licence": {"sv": "Licens", "en": "Licence"},
    "col.size": {"sv": "Storlek", "en": "Size"},
    "col.get": {"sv": "Hämta", "en": "Get"},
    "col.organisation": {"sv": "Organisation", "en": "Organisation"},
    "col.datasets": {"sv": "Datamängder", "en": "Datasets"},
    "orgs.title": {"sv": "Organisationer", "en": "Organisations"},
    "orgs.intro": {
        "sv": "Myndigheter och andra aktörer som publicerar data eller deltar i Samskapa.",
        "en": "Agencies and other organisations that publish data or take part in Samskapa.",
    },
    "orgs.caption": {
        "sv": "Organisationer med typ och antal datamängder",
        "en": "Organisations with their type and number of datasets",
    },
    "orgs.none": {"sv": "Inga organisationer ännu.", "en": "No organisations yet."},
    "orgs.api": {"sv": "Organisationerna som JSON", "en": "The organisations as JSON"},
    "org.type": {"sv": "Typ", "en": "Type"},
    "org.homepage": {"sv": "Webbplats", "en": "Website"},
    "org.name": {"sv": "Namn i webbadresser", "en": "Name in web addresses"},
    "org.demo": {"sv": "Demoorganisation.", "en": "Demo organisation."},
    "org.demo.tag": {"sv": "Demo", "en": "Demo"},
    "org.demo.detail": {
        "sv": "Den visar hur plattformen fungerar; dess datamängder är exempel, inte riktiga data.",
        "en": "It shows how the platform works; its datasets are examples, not real data.",
    },
    "org.datasets": {"sv": "Datamängder", "en": "Datasets"},
    "org.datasets.search": {"sv": "Sök och filtrera bland dem", "en": "Search and filter them"},
    "org.api.json": {"sv": "Organisationen som JSON", "en": "The organisation as JSON"},
    "org.api.datasets": {"sv": "Dess datamängder som JSON", "en": "Its datasets as JSON"},
    "org_type.agency": {"sv": "Myndighet", "en": "Agency"},
    "org_type.municipality": {"sv": "Kommun eller region", "en": "Municipality or region"},
    "org_type.school": {"sv": "Skola eller utbildningsanordnare", "en": "School or education provider"},
    "org_type.ngo": {"sv": "Ideell organisation", "en": "Non-profit organisation"},
    "org_type.company": {"sv": "Företag", "en": "Company"},
    # ---- Sign-in and account ----
    "form.error.prefix": {"sv": "Fel:", "en": "Error:"},
    "form.error.summary": {"sv": "Det finns ett problem", "en": "There is a problem"},
    "login.title": {"sv": "Logga in", "en": "Sign in"},
    "login.intro": {
        "sv": "Logga in för att publicera och ändra din organisations datamängder.",
        "en": "Sign in to publish and change your organisation's datasets.",
    },
    "login.email": {"sv": "E-postadress", "en": "Email address"},
    "login.password": {"sv": "Lösenord", "en": "Password"},
    "login.submit": {"sv": "Logga in", "en": "Sign in"},
    "login.help": {
        "sv": "Har du inget lösenord? Be en administratör i din organisation att ge dig ett.",
        "en": "No password yet? Ask an admin of your organisation to give you one.",
    },
    "login.error.email": {"sv": "Fyll i din e-postadress.", "en": "Enter your email address."},
    "login.error.password": {"sv": "Fyll i ditt lösenord.", "en": "Enter your password."},
    "login.error.wrong": {
        "sv": "E-postadressen eller lösenordet är fel.",
        "en": "The email address or the password is wrong.",
    },
    "login.error.throttled": {
        "sv": "För många misslyckade inloggningar. Försök igen om {minutes} minuter.",
        "en": "Too many failed sign-ins. Try again in {minutes} minutes.",
    },
    "account.title": {"sv": "Ditt konto", "en": "Your account"},
    "account.name": {"sv": "Namn", "en": "Name"},
    "account.email": {"sv": "E-postadress", "en": "Email address"},
    "account.organisations": {"sv": "Dina organisationer", "en": "Your organisations"},
    "account.organisations.none": {
        "sv": "Du är inte medlem i någon organisation.",
        "en": "You are not a member of any organisation.",
    },
    "account.logout.title": {"sv": "Logga ut", "en": "Sign out"},
    "account.logout": {"sv": "Logga ut", "en": "Sign out"},
    "role.admin": {"sv": "Administratör", "en": "Admin"},
    "role.editor": {"sv": "Redaktör", "en": "Editor"},
    "role.moderator": {"sv": "Moderator", "en": "Moderator"},
    # ---- Dataset editor ----
    "editor.publish": {"sv": "Publicera en datamängd", "en": "Publish a dataset"},
    "editor.edit.link": {"sv": "Ändra datamängden", "en": "Edit this dataset"},
    "editor.new.title": {"sv": "Publicera en datamängd", "en": "Publish a dataset"},
    "editor.edit.title": {"sv": "Ändra", "en": "Edit"},
    "editor.for": {"sv": "Utgivare:", "en": "Publisher:"},
    "editor.section.about": {"sv": "Om datamängden", "en": "About the dataset"},
    "editor.section.coverage": {"sv": "Vad data täcker", "en": "What the data covers"},
    "editor.section.contact": {"sv": "Kontakt", "en": "Contact"},
    "editor.field.title_sv": {"sv": "Titel på svenska", "en": "Title in Swedish"},
    "editor.field.title_en": {"sv": "Titel på engelska", "en": "Title in English"},
    "editor.field.description_sv": {"sv": "Beskrivning på svenska", "en": "Description in Swedish"},
    "editor.field.description_en": {"sv": "Beskrivning på engelska", "en": "Description in English"},
    "editor.field.keywords_sv": {"sv": "Nyckelord på svenska", "en": "Keywords in Swedish"},
    "editor.field.keywords_en": {"sv": "Nyckelord på engelska", "en": "Keywords in English"},
    "editor.field.themes": {"sv": "Teman", "en": "Themes"},
    "editor.field.concepts": {"sv": "Begrepp som data handlar om", "en": "Concepts the data covers"},
    "editor.field.spatial": {"sv": "Geografiskt område", "en": "Geographic area"},
    "editor.field.temporal_start": {"sv": "Tidsperiodens början", "en": "Start of the period"},
    "editor.field.temporal_end": {"sv": "Tidsperiodens slut", "en": "End of the period"},
    "editor.field.frequency": {"sv": "Uppdateringsfrekvens", "en": "Update frequency"},
    "editor.field.access_rights": {"sv": "Åtkomsträttigheter", "en": "Access rights"},
    "editor.field.contact_name": {"sv": "Kontaktens namn", "en": "Contact name"},
    "editor.field.contact_email": {"sv": "Kontaktens e-postadress", "en": "Contact email address"},
    "editor.field.landing_page": {"sv": "Webbsida om datamängden", "en": "Web page about the dataset"},
    "editor.field.access_url": {"sv": "Åtkomstadress", "en": "Access URL"},
    "editor.field.download_url": {"sv": "Nedladdningsadress", "en": "Download URL"},
    "editor.field.format": {"sv": "Filformat", "en": "File format"},
    "editor.field.licence": {"sv": "Licens", "en": "Licence"},
    "editor.field.byte_size": {"sv": "Storlek i byte", "en": "Size in bytes"},
    "editor.hint.keywords": {"sv": "Skilj dem åt med kommatecken.", "en": "Separate them with commas."},
    "editor.hint.concepts": {
        "sv": "Begreppens id i taxonomin, till exempel ssyk:2512, ett per rad eller med kommatecken emellan.",
        "en": "The concepts' ids in the taxonomy, such as ssyk:2512, one a line or separated by commas.",
    },
    "editor.hint.spatial": {
        "sv": "Län, kommuner eller länder, till exempel lan:01 eller kommun:0180.",
        "en": "Regions, municipalities or countries, such as lan:01 or kommun:0180.",
    },
    "editor.hint.url": {
        "sv": "En hel adress som börjar med https://",
        "en": "A full address starting with https://",
    },
    "editor.hint.distributions": {
        "sv": "Fyll i en del för varje fil eller API. Tomma delar hoppas över.",
        "en": "Fill in one part for each file or API. Empty parts are left out.",
    },
    "editor.distribution": {"sv": "Distribution {n}", "en": "Distribution {n}"},
    "editor.choose": {"sv": "Välj", "en": "Choose"},
    "editor.choose.none": {"sv": "Inte angiven", "en": "Not given"},
    "editor.save": {"sv": "Spara ändringarna", "en": "Save the changes"},
    "editor.publish.submit": {"sv": "Publicera", "en": "Publish"},
    "editor.cancel": {"sv": "Avbryt", "en": "Cancel"},
    "editor.withdraw.title": {"sv": "Dra tillbaka datamängden", "en": "Withdraw the dataset"},
    "editor.withdraw.intro": {
        "sv": "En tillbakadragen datamängd syns inte i sökningen men dess sida finns kvar med en notis.",
        "en": "A withdrawn dataset no longer shows in searches, but its page stays with a notice.",
    },
    "editor.withdraw.confirm": {
        "sv": "Jag vill dra tillbaka den här datamängden",
        "en": "I want to withdraw this dataset",
    },
    "editor.withdraw.submit": {"sv": "Dra tillbaka", "en": "Withdraw"},
    "editor.withdrawn.revive": {
        "sv": "När du sparar publiceras den igen.",
        "en": "Saving publishes it again.",
    },
    "editor.error.required": {"sv": "Fyll i fältet.", "en": "Fill in this field."},
    "editor.error.too_long": {"sv": "Texten är för lång.", "en": "The text is too long."},
    "editor.error.pattern": {
        "sv": "Skriv en e-postadress som namn@example.org.",
        "en": "Enter an email address like name@example.org.",
    },
    "editor.error.url": {
        "sv": "Skriv en hel webbadress som börjar med https://",
        "en": "Enter a full web address starting with https://",
    },
    "editor.error.date": {"sv": "Skriv ett datum som ÅÅÅÅ-MM-DD.", "en": "Enter a date as YYYY-MM-DD."},
    "editor.error.number": {"sv": "Skriv ett heltal.", "en": "Enter a whole number."},
    "editor.error.negative": {"sv": "Storleken kan inte vara negativ.", "en": "The size cannot be negative."},
    "editor.error.confirm": {
        "sv": "Kryssa i rutan för att bekräfta.",
        "en": "Tick the box to confirm.",
    },
}


def _merge(*parts: dict[str, dict[Language, str]]) -> None:
    """Add each area's page text to MESSAGES; one key defined twice is a programming error."""
    for part in parts:
        clash = MESSAGES.keys() & part.keys()
        if clash:
            raise RuntimeError(f"Page text defined twice: {sorted(clash)}")
        MESSAGES.update(part)


_merge(
    i18n_people.MESSAGES,
    i18n_oauth.MESSAGES,
    i18n_vault.MESSAGES,
    i18n_arena.MESSAGES,
    i18n_arena_needs.MESSAGES,
    i18n_arena_ideas.MESSAGES,
    i18n_arena_services.MESSAGES,
    i18n_arena_notifications.MESSAGES,
    i18n_arena_moderation.MESSAGES,
)


def translate(key: str, lang: Language) -> str:
    """The text for `key` in `lang`; an unknown key is a programming error."""
    return MESSAGES[key][lang]


def request_language(request: Request) -> Language:
    """The language of a page request: ?lang=, then the cookie, then Accept-Language, else Swedish."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    accept = request.headers.get("accept-language", "").lower()
    ranked = []
    for part in accept.split(","):
        piece = part.strip().split(";q=")
        code = piece[0][:2]
        try:
            weight = float(piece[1]) if len(piece) > 1 else 1.0
        except ValueError:
            weight = 0.0
        if code in LANGUAGES:
            ranked.append((weight, code))
    if ranked:
        return max(ranked)[1]
    return DEFAULT_LANGUAGE
