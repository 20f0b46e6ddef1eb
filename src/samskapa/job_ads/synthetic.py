"""Synthetic job ads built from the taxonomy, for demos and benchmarks; every ad is marked synthetic.

No licensed corpus of real ads is available, so the platform makes its own: `build_model` reads the
taxonomy once into compact tables, and `generate_ads` turns them into ads in our ingest schema (the
`AdIn` document) with a seeded `random.Random`, tens of thousands per second, without touching the
database again. The same model, seed and start date give the same ads.

What an ad is made of:
- Swedish ads: a JobTech occupation name (`jobtech:…`) and its SSYK-4 group; the description is phrased
  from the group's Swedish definition and the tasks of its ISCO-08 groups (Swedish definitions from
  JobTech). The taxonomy relates JobTech's Swedish skills to nothing, and ESCO's skills have English labels
  only, so Swedish ads list JobTech skills associated with the SSYK group by the words they share with the
  group's Swedish texts (its name and definition, its occupation names and keywords, its ISCO groups);
  groups with few such skills borrow from their SSYK-3, then SSYK-2 siblings. `GenerationModel.
  sv_skill_pool` tells which skills a group may list. This is a heuristic: good enough for demos.
- English ads: an ESCO occupation with its English definition, the tasks of its ISCO-08 group, and
  essential and optional skills taken from its own `essential_skill` / `optional_skill` relations; the
  SSYK-4 is one of the groups mapped to that ISCO group.
- Everywhere: a municipality weighted by population (`data/municipality_population.csv`, SCB via SKR),
  the region is its county, Swedish-sounding generated employers (regions and municipalities for health,
  care and education), employment types and working hours with realistic weights, about 10 % remote,
  publication over the 60 days before the start date, a deadline two to six weeks later, benefits and
  boilerplate. Each ad carries `synthetic: true` and its text ends with a line saying it is synthetic.
"""

from __future__ import annotations

import bisect
import csv
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.core.errors import Invalid, Unavailable
from samskapa.job_ads.vocabularies import EMPLOYMENT_TYPES
from samskapa.taxonomy.models import Concept, Relation

GenerateLang = Literal["sv", "en", "both"]
POPULATION_FILE = Path(__file__).parent / "data" / "municipality_population.csv"
PUBLISHED_DAYS = 60
SV_SHARE_OF_BOTH = 0.6
REMOTE_SHARE = 0.10
POOL_SIZE = 25
ESSENTIAL_CANDIDATES = 12

# --------------------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Profile:
    """What ads of one occupation share: its texts, skills and the odds of its conditions.

    Skills are indices into `GenerationModel.skill_ids`. `ssyk` lists the SSYK-4 groups the occupation may
    be filed under (one for JobTech occupation names, the groups mapped to the ISCO group for ESCO)."""

    ssyk: tuple[str, ...]
    summary: str
    tasks: tuple[str, ...]
    essential: tuple[int, ...]
    optional: tuple[int, ...]
    sector: str
    public: str | None
    public_share: float
    remote_share: float
    terms: str


@dataclass(frozen=True, slots=True)
class Occupation:
    id: str
    label: str
    label_lower: str
    profile: Profile


@dataclass(frozen=True, slots=True)
class Municipality:
    id: str
    name: str
    county_id: str
    county_name: str
    region_employer: str
    municipal_employer: str


@dataclass(frozen=True)
class GenerationModel:
    """Everything `generate_ads` needs, read once from the taxonomy."""

    sv_occupations: tuple[Occupation, ...]
    en_occupations: tuple[Occupation, ...]
    skill_ids: tuple[str, ...]
    skill_labels: tuple[str, ...]
    skill_phrases: tuple[str, ...]
    skill_is_knowledge: bytes
    municipalities: tuple[Municipality, ...]
    municipality_cum_weights: tuple[float, ...]
    employers: dict[str, tuple[tuple[str, str], ...]]
    sv_skill_pools: dict[str, tuple[str, ...]]
    population_source: str

    def sv_skill_pool(self, ssyk_id: str) -> tuple[str, ...]:
        """The JobTech skills a Swedish ad filed under this SSYK-4 group may list (empty if none)."""
        return self.sv_skill_pools.get(ssyk_id, ())


# --------------------------------------------------------------------------------------------------
# Fixed vocabulary of the texts
# --------------------------------------------------------------------------------------------------

REGION_EMPLOYERS = {
    "01": "Region Stockholm",
    "03": "Region Uppsala",
    "04": "Region Sörmland",
    "05": "Region Östergötland",
    "06": "Region Jönköpings län",
    "07": "Region Kronoberg",
    "08": "Region Kalmar län",
    "09": "Region Gotland",
    "10": "Region Blekinge",
    "12": "Region Skåne",
    "13": "Region Halland",
    "14": "Västra Götalandsregionen",
    "17": "Region Värmland",
    "18": "Region Örebro län",
    "19": "Region Västmanland",
    "20": "Region Dalarna",
    "21": "Region Gävleborg",
    "22": "Region Västernorrland",
    "23": "Region Jämtland Härjedalen",
    "24": "Region Västerbotten",
    "25": "Region Norrbotten",
}
CITY_EMPLOYERS = {
    "kommun:0180": "Stockholms stad",
    "kommun:1480": "Göteborgs Stad",
    "kommun:1280": "Malmö stad",
    "kommun:0980": "Region Gotland",
}

# SSYK-2 -> sector of the employer pool; public employer kind and how often the employer is public.
SECTORS: dict[str, tuple[str, str | None, float]] = {
    "01": ("defence", "state", 1.0),
    "02": ("defence", "state", 1.0),
    "03": ("defence", "state", 1.0),
    "21": ("engineering", None, 0.0),
    "22": ("health", "region", 0.7),
    "23": ("education", "municipality", 0.65),
    "24": ("business", None, 0.0),
    "25": ("it", None, 0.0),
    "26": ("services", "municipality", 0.2),
    "31": ("engineering", None, 0.0),
    "32": ("health", "region", 0.5),
    "33": ("business", None, 0.0),
    "34": ("services", "municipality", 0.15),
    "35": ("it", None, 0.0),
    "51": ("hospitality", None, 0.0),
    "52": ("retail", None, 0.0),
    "53": ("care", "municipality", 0.55),
    "54": ("services", None, 0.0),
    "61": ("green", None, 0.0),
    "62": ("green", None, 0.0),
    "71": ("construction", None, 0.0),
    "72": ("industry", None, 0.0),
    "73": ("industry", None, 0.0),
    "74": ("construction", None, 0.0),
    "75": ("industry", None, 0.0),
    "81": ("industry", None, 0.0),
    "82": ("industry", None, 0.0),
    "83": ("transport", None, 0.0),
    "91": ("services", None, 0.0),
    "92": ("green", None, 0.0),
    "93": ("transport", None, 0.0),
    "94": ("hospitality", None, 0.0),
    "95": ("services", None, 0.0),
    "96": ("services", None, 0.0),
}
DEFAULT_SECTOR = ("business", None, 0.0)
REMOTE_WEIGHT = {"it": 6.0, "business": 3.0, "engineering": 2.0, "services": 1.0, "education": 0.3}
STATE_EMPLOYER = "Försvarsmakten"

SECTOR_WORDS = {
    "it": ("Data", "IT", "Digital", "Tech", "Mjukvara", "Systemutveckling", "Cloud"),
    "health": ("Vård", "Hälsa", "Medicin", "Tandvård", "Rehab", "Läkarhus"),
    "education": ("Utbildning", "Skola", "Förskola", "Lärande", "Akademi"),
    "engineering": ("Teknik", "Ingenjörer", "Energi", "Elteknik", "Projektering"),
    "business": ("Ekonomi", "Finans", "Konsult", "Förvaltning", "Invest", "Partner"),
    "services": ("Service", "Tjänster", "Kommunikation", "Media", "Juridik", "Fastighetsservice"),
    "hospitality": ("Restaurang", "Hotell", "Krog", "Catering", "Café", "Bistro"),
    "retail": ("Handel", "Livs", "Butik", "Järn", "Sport", "Interiör"),
    "care": ("Omsorg", "Assistans", "Hemtjänst", "Omvårdnad", "Vård"),
    "green": ("Skog", "Lantbruk", "Trädgård", "Gröna", "Park"),
    "construction": ("Bygg", "Måleri", "VVS", "El", "Mark", "Snickeri", "Plåt"),
    "industry": ("Industri", "Mekaniska", "Verkstad", "Plast", "Stål", "Livsmedel", "Trä"),
    "transport": ("Transport", "Åkeri", "Logistik", "Frakt", "Buss", "Lager"),
    "defence": ("Säkerhet",),
}
SECTOR_SV = {
    "it": "IT och digitalisering",
    "health": "hälso- och sjukvård",
    "education": "utbildning",
    "engineering": "teknik och energi",
    "business": "ekonomi och affärsutveckling",
    "services": "service och tjänster",
    "hospitality": "hotell och restaurang",
    "retail": "handel",
    "care": "vård och omsorg",
    "green": "de gröna näringarna",
    "construction": "bygg och installation",
    "industry": "tillverkning och industri",
    "transport": "transport och logistik",
    "defence": "försvar och säkerhet",
}
SECTOR_EN = {
    "it": "IT and digital services",
    "health": "health care",
    "education": "education",
    "engineering": "engineering and energy",
    "business": "finance and business services",
    "services": "services",
    "hospitality": "hotels and restaurants",
    "retail": "retail",
    "care": "care services",
    "green": "agriculture, forestry and gardening",
    "construction": "construction and installation",
    "industry": "manufacturing",
    "transport": "transport and logistics",
    "defence": "defence and security",
}
NAME_PREFIXES = (
    "Nordvik", "Söderby", "Ekholm", "Lindgården", "Björkdal", "Granlund", "Sjövik", "Strandberg", "Hagalund",
    "Västerhav", "Östervik", "Solberga", "Mälardal", "Skogsby", "Norrsken", "Havsbris", "Stensund",
    "Rönnholm", "Almvik", "Lövsta", "Tallbacka", "Ekdal", "Karlsvik", "Fjällsjö", "Älvdals", "Bergslags",
    "Kustlinje", "Ljungheden", "Vindö", "Aspnäs", "Furuvik", "Höglanda", "Sandvreten", "Klippvik", "Ängsö",
    "Norrgården", "Sörbyn", "Vasslinge", "Gransätra", "Lyckås",
)  # fmt: skip
SURNAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
    "Gustafsson", "Pettersson", "Jonsson", "Lindberg", "Lindqvist", "Holm", "Bergström", "Sandberg",
    "Forsberg", "Wallin", "Engström", "Hedlund", "Sjöberg", "Åberg", "Lundgren", "Nyström", "Ek", "Dahl",
)  # fmt: skip
EMPLOYERS_PER_SECTOR = 300

# Employment type weights (regular, summer, on-demand, seasonal, temporary, fixed-term) by sector group.
TERMS_WEIGHTS = {
    "default": (68, 4, 7, 3, 8, 10),
    "care": (52, 6, 15, 1, 17, 9),
    "seasonal": (52, 9, 13, 10, 6, 10),
}
TERMS_OF_SECTOR = {"health": "care", "care": "care", "education": "care", "hospitality": "seasonal"}
TERMS_OF_SECTOR |= {"retail": "seasonal", "green": "seasonal"}
EMPLOYMENT_IDS = EMPLOYMENT_TYPES.ids()
FULL_TIME_SHARE = {
    "employment-type:regular": 0.85,
    "employment-type:summer": 0.8,
    "employment-type:on-demand": 0.2,
    "employment-type:seasonal": 0.85,
    "employment-type:temporary": 0.7,
    "employment-type:fixed-term": 0.8,
}
HOURLY_TYPES = {"employment-type:summer", "employment-type:on-demand", "employment-type:seasonal"}
PART_TIME_PERCENT = (50, 60, 75, 80, 90)
VACANCIES = (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 5)
VACANCIES_MANY = (1, 1, 2, 2, 3, 4, 5, 8, 10, 15)

SALARY_SV: tuple[str, ...] = (
    "Fast månadslön",
    "Månadslön enligt överenskommelse",
    "Individuell lönesättning",
)
SALARY_SV += ("Fast månadslön enligt kollektivavtal", "Fast och rörlig lön", "Fast lön och provision")
SALARY_HOURLY_SV = ("Timlön enligt kollektivavtal", "Timlön", "Fast timlön")
SALARY_EN: tuple[str, ...] = ("Monthly salary", "Salary by agreement", "Individual salary setting")
SALARY_EN += ("Monthly salary according to collective agreement", "Fixed and variable pay")
SALARY_HOURLY_EN = ("Hourly wage according to collective agreement", "Hourly wage")

# --------------------------------------------------------------------------------------------------
# Swedish texts
# --------------------------------------------------------------------------------------------------

SV_HEADLINES = (
    "{Occ} till {employer}",
    "{employer} söker {occ}",
    "{Occ} – {place}",
    "Vi söker en {occ} till {place}",
    "{Occ} sökes till {employer}",
    "{Occ} till vår verksamhet i {place}",
    "Är du vår nya {occ}?",
)
SV_INTRO_PRIVATE = (
    "{employer} är ett växande företag inom {sector} med verksamhet i {place} och omnejd. Vi är i dag "
    "drygt {staff} medarbetare och fortsätter att utvecklas tillsammans med våra kunder.",
    "Hos {employer} arbetar engagerade medarbetare varje dag för att leverera kvalitet till våra kunder. "
    "Vi har vårt kontor i {place} och uppdrag i hela {county}.",
    "{employer} grundades för över {years} år sedan och är i dag en etablerad aktör inom {sector}. Vi "
    "präglas av korta beslutsvägar, högt i tak och ett starkt lagarbete.",
    "Vill du bli en del av ett sammansvetsat team? {employer} är verksamt inom {sector} och söker nu en "
    "ny kollega till vår verksamhet i {place}.",
    "{employer} är ett familjeägt företag i {place}. Vi tror på långsiktiga relationer, både med kunder "
    "och med medarbetare, och vi satsar på att våra anställda ska trivas och utvecklas.",
    "Vi på {employer} är ett kunskapsföretag inom {sector} med tydligt fokus på hållbarhet, kvalitet och "
    "utveckling. Våra {staff} medarbetare finns i {place} med omnejd.",
)
SV_INTRO_REGION = (
    "{employer} ansvarar för hälso- och sjukvård, kollektivtrafik och regional utveckling i {county}. "
    "Tillsammans arbetar vi för en god och jämlik vård för alla som bor i länet.",
    "Vill du göra skillnad på riktigt? Hos {employer} bidrar du varje dag till att invånarna i {county} "
    "får en trygg, säker och tillgänglig vård.",
)
SV_INTRO_MUNICIPAL = (
    "{employer} är en attraktiv arbetsgivare där medarbetarna varje dag gör skillnad för invånarna i "
    "{place}. Vi erbjuder meningsfulla arbeten i en verksamhet som utvecklas.",
    "Välkommen till {employer}! Här arbetar vi tillsammans för att skapa en trygg, hållbar och "
    "välkomnande kommun att bo, leva och verka i.",
)
SV_INTRO_STATE = (
    "{employer} verkar för att skydda Sveriges intressen, vår frihet och rätten att leva som vi själva "
    "väljer. Hos oss får du ett arbete med mening och ett stort ansvar.",
)
SV_ROLE_HEADINGS = ("Om tjänsten", "Arbetsuppgifter", "Om rollen", "Dina arbetsuppgifter")
SV_ROLE_OPENINGS = (
    "Vi söker nu en {occ} till {unit}.",
    "Nu söker vi en {occ} som vill vara med och utveckla {unit}.",
    "Som {occ} hos oss blir du en viktig del av {unit}.",
    "Vi behöver förstärka {unit} med en {occ}.",
)
SV_UNITS: tuple[str, ...] = (
    "vårt team i {place}",
    "vår verksamhet i {place}",
    "en av våra enheter i {place}",
)
SV_UNITS += ("vårt kontor i {place}", "arbetsgruppen i {place}")
SV_SUMMARIES = (
    "Kort om yrket: {summary}",
    "Arbetet innebär i korthet följande. {summary}",
    "{summary}",
    "I yrket ingår bland annat följande. {summary}",
)
SV_TASKS = (
    "I dina arbetsuppgifter ingår bland annat {tasks}.",
    "Du kommer bland annat att ansvara för {tasks}.",
    "Till de vanligaste uppgifterna hör {tasks}.",
)
SV_TASK_LISTS = ("Exempel på arbetsuppgifter:", "Arbetet omfattar bland annat:", "Du kommer att arbeta med:")
SV_PROFILE_HEADINGS = ("Vem är du?", "Kvalifikationer", "Vi söker dig som", "Din profil")
SV_ESSENTIAL_LISTS = (
    "Vi söker dig som har kunskap och erfarenhet inom:",
    "För tjänsten krävs:",
    "Du har:",
    "Krav för tjänsten:",
)
SV_ESSENTIAL_SENTENCES = (
    "Du har god kompetens inom {x}.",
    "Kunskap inom {x} är ett krav för tjänsten.",
    "Vi förutsätter att du har erfarenhet inom området {x}.",
    "Du behöver ha goda kunskaper när det gäller {x}.",
    "Erfarenhet inom {x} är ett krav.",
)
SV_NICE_LISTS = (
    "Meriterande:",
    "Det är meriterande om du har:",
    "Har du dessutom något av följande är det ett plus:",
)
SV_NICE_SENTENCES = (
    "Det är meriterande om du har kunskaper inom {x}.",
    "Erfarenhet inom {x} ses som ett plus.",
    "Har du dessutom kompetens inom {x} är det meriterande.",
)
SV_TRAITS = (
    "strukturerad", "noggrann", "lösningsorienterad", "flexibel", "ansvarstagande", "serviceinriktad",
    "kommunikativ", "självgående", "positiv", "nyfiken", "lugn", "prestigelös", "initiativrik", "lyhörd",
)  # fmt: skip
SV_PERSONAL = (
    "Som person är du {a}, {b} och {c}.",
    "Vi tror att du är {a} och {b}, och att du trivs med att ta eget ansvar.",
    "För att trivas hos oss behöver du vara {a}, {b} och {c}. Vi lägger stor vikt vid personlig lämplighet.",
)
SV_LANGUAGE = (
    "Du uttrycker dig väl i tal och skrift på svenska.",
    "Du behärskar svenska och engelska väl i både tal och skrift.",
    "Goda kunskaper i svenska är ett krav.",
)
SV_BENEFIT_HEADINGS = ("Vi erbjuder", "Det här erbjuder vi", "Förmåner")
SV_BENEFITS = (
    "Kollektivavtal och tjänstepension",
    "Friskvårdsbidrag på {amount} kronor per år",
    "Flexibla arbetstider",
    "Goda möjligheter till kompetensutveckling",
    "En introduktion anpassad efter dina behov",
    "Subventionerad lunch",
    "Förmånscykel",
    "Extra semesterdagar",
    "Trevliga kollegor och en inkluderande arbetsplats",
    "Betald friskvårdstimme varje vecka",
    "Företagshälsovård",
    "Möjlighet till löneväxling till pension",
    "Personalaktiviteter under året",
    "Möjlighet att påverka din egen arbetssituation",
)
SV_BENEFIT_SENTENCE = "Hos oss får du bland annat {items}."
SV_TERMS_HEADINGS = ("Om anställningen", "Anställningsvillkor", "Villkor")
SV_START = ("Tillträde enligt överenskommelse.", "Tillträde snarast.", "Start enligt överenskommelse.")
SV_ONSITE = "Arbetet utförs på plats i {place}."
SV_REMOTE = (
    "Tjänsten kan till stor del utföras på distans.",
    "Du kan arbeta på distans, med träffar i {place} när det behövs.",
)
SV_APPLY_HEADINGS = ("Ansökan", "Så söker du", "Sök tjänsten")
SV_APPLY = (
    "Sista ansökningsdag är {deadline}. Urval och intervjuer sker löpande, så skicka gärna in din ansökan "
    "redan i dag.",
    "Välkommen med din ansökan senast {deadline}! Vi tar endast emot ansökningar via vårt "
    "rekryteringssystem.",
    "Sök tjänsten senast {deadline} genom att bifoga ditt CV och ett personligt brev.",
)
SV_APPLY_EXTRA = (
    "Har du frågor om tjänsten är du välkommen att kontakta rekryterande chef.",
    "Vi undanber oss bestämt kontakt med annonsförsäljare och rekryteringsföretag.",
    "Vi strävar efter en jämn könsfördelning och ser gärna sökande med olika bakgrund.",
    "Inför en eventuell anställning kan du komma att behöva visa utdrag ur belastningsregistret.",
)
SV_SYNTHETIC = "Detta är en syntetisk annons, genererad för test och demonstration."

# --------------------------------------------------------------------------------------------------
# English texts
# --------------------------------------------------------------------------------------------------

EN_HEADLINES = (
    "{Occ} at {employer}",
    "{employer} is hiring: {occ}",
    "{Occ} – {place}",
    "We are looking for {a_occ} in {place}",
    "{Occ} wanted in {place}",
    "Join {employer} as {a_occ}",
)
EN_INTRO_PRIVATE = (
    "{employer} is a growing company in {sector} based in {place}. Today we are more than {staff} "
    "colleagues, and we keep developing together with our customers.",
    "At {employer}, committed people work every day to deliver quality to our customers. Our office is "
    "in {place}, and we work with clients across {county}.",
    "{employer} was founded more than {years} years ago and is an established name in {sector}. We are "
    "known for short decision paths, an open culture and strong teamwork.",
    "Do you want to join a close-knit team? {employer} works in {sector} and is now looking for a new "
    "colleague in {place}.",
    "{employer} is a family-owned company in {place}. We believe in long-term relationships with "
    "customers and employees alike.",
)
EN_INTRO_REGION = (
    "{employer} is responsible for health care, public transport and regional development in {county}. "
    "Together we work for good and equal care for everyone who lives in the county.",
)
EN_INTRO_MUNICIPAL = (
    "{employer} is an employer where people make a difference for the residents of {place} every day.",
    "Welcome to {employer}! Together we build a safe, sustainable and welcoming place to live and work.",
)
EN_INTRO_STATE = (
    "{employer} protects Sweden's interests, our freedom and our right to live as we choose. With us you "
    "get meaningful work and real responsibility.",
)
EN_ROLE_HEADINGS = ("About the role", "The position", "What you will do", "Your role")
EN_ROLE_OPENINGS = (
    "We are now looking for {a_occ} to join {unit}.",
    "Join {unit} as our new {occ}.",
    "As {a_occ} with us, you will be an important part of {unit}.",
    "We are strengthening {unit} with {a_occ}.",
)
EN_UNITS: tuple[str, ...] = (
    "our team in {place}",
    "our operations in {place}",
    "one of our units in {place}",
)
EN_UNITS += ("our office in {place}",)
EN_SUMMARIES = (
    "About the occupation: {summary}",
    "In short: {summary}",
    "{summary}",
    "What the job involves: {summary}",
)
EN_TASKS = (
    "Your tasks will include {tasks}.",
    "Typical tasks in the role include {tasks}.",
    "Day to day, the work includes {tasks}.",
)
EN_TASK_LISTS = ("Typical tasks:", "The work includes:", "You will be working with:")
EN_PROFILE_HEADINGS = ("Who you are", "Qualifications", "Your profile", "What we are looking for")
EN_ESSENTIAL_LISTS = ("You are able to:", "Requirements:", "We expect you to master the following:")
EN_ESSENTIAL_SKILL = ("You are able to {x}.", "You know how to {x}.", "We expect you to {x} independently.")
EN_ESSENTIAL_KNOWLEDGE = ("You have solid knowledge of {x}.", "A good understanding of {x} is required.")
EN_NICE_LISTS = ("Nice to have:", "It is a plus if you can show:", "Meriting:")
EN_NICE_SKILL = ("It is a plus if you can {x}.", "Being able to {x} is an advantage.")
EN_NICE_KNOWLEDGE = ("Knowledge of {x} is a merit.", "Familiarity with {x} is an advantage.")
EN_TRAITS = (
    "structured", "thorough", "solution-oriented", "flexible", "responsible", "service-minded",
    "communicative", "self-driven", "positive", "curious", "calm", "humble", "proactive", "attentive",
)  # fmt: skip
EN_PERSONAL = (
    "As a person you are {a}, {b} and {c}.",
    "We believe you are {a} and {b}, and that you enjoy taking responsibility.",
    "To thrive with us you are {a}, {b} and {c}. We place great weight on personal suitability.",
)
EN_LANGUAGE = (
    "You communicate well in English, spoken and written; Swedish is a plus.",
    "Fluent English is required, and knowledge of Swedish is an advantage.",
)
EN_BENEFIT_HEADINGS = ("What we offer", "Benefits", "We offer")
EN_BENEFITS = (
    "A collective agreement and occupational pension",
    "A wellness allowance of SEK {amount} per year",
    "Flexible working hours",
    "Good opportunities for professional development",
    "An introduction adapted to your needs",
    "Subsidised lunch",
    "A benefit bike",
    "Extra days of annual leave",
    "Friendly colleagues and an inclusive workplace",
    "A paid wellness hour every week",
    "Occupational health care",
    "Social activities during the year",
)
EN_BENEFIT_SENTENCE = "With us you get, among other things, {items}."
EN_TERMS_HEADINGS = ("Terms of employment", "About the employment", "Terms")
EN_START = ("Start date by agreement.", "Start as soon as possible.", "Start according to agreement.")
EN_ONSITE = "The work is done on site in {place}."
EN_REMOTE = (
    "The position can largely be done remotely.",
    "You can work remotely, meeting in {place} when needed.",
)
EN_APPLY_HEADINGS = ("How to apply", "Application", "Apply")
EN_APPLY = (
    "The last day to apply is {deadline}. We review applications continuously, so apply today.",
    "Welcome with your application no later than {deadline}! We only accept applications through our "
    "recruitment system.",
    "Apply by {deadline} with your CV and a cover letter.",
)
EN_APPLY_EXTRA = (
    "If you have questions about the position, you are welcome to contact the hiring manager.",
    "We decline all contact with advertising sellers and recruitment agencies.",
    "We value diversity and welcome applicants of all backgrounds.",
)
EN_SYNTHETIC = "This is a synthetic ad, generated for testing and demonstration."

# --------------------------------------------------------------------------------------------------
# Building the model
# --------------------------------------------------------------------------------------------------

_WORD = re.compile(r"[a-zåäöéü]+")
_SUFFIXES = (  # Swedish endings stripped for matching, longest first
    "ningarna", "ningar", "ningen", "arnas", "ernas", "ornas", "andet", "heten", "ning", "arna", "erna",
    "orna", "aren", "ande", "ende", "else", "ares", "iska", "iskt", "het", "are", "isk", "ar", "er", "or",
    "en", "et", "na", "a", "e", "s",
)  # fmt: skip
_STOP = frozenset((
    "och", "eller", "inom", "samt", "med", "från", "till", "under", "efter", "över", "utan", "andra", "annan",
    "annat", "övriga", "övrigt", "arbete", "arbetar", "utför", "inte", "hit", "hör", "även", "exempel",
    "arbetsuppgifter", "ingår", "olika", "samma", "deras", "denna", "detta", "dessa", "som", "för", "att",
    "vid", "eget", "egen", "egna", "typ", "bland",
))  # fmt: skip
_GENERIC_TAILS = frozenset(
    ("kompetens", "erfarenhet", "kunskap", "utbildning", "examen", "behörighet", "certifikat")
)
COMPOUND_MAX_GROUPS = 12
_TASK_SV = re.compile(r"\([a-z]\)\s*(att [^;\n]+)")
_TASK_EN = re.compile(r"\([a-z]\)\s*([^;\n]+)")
_CAPITAL_WORD = re.compile(r"(^|[/ ])([A-ZÅÄÖ])(?=[a-zåäöéü])")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _tokens(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower()) if len(w) >= 4 and w not in _STOP]


def _lower_label(label: str) -> str:
    """'Systemutvecklare/Programmerare' -> 'systemutvecklare/programmerare'; acronyms stay ('IT-tekniker')."""
    return _CAPITAL_WORD.sub(lambda m: m.group(1) + m.group(2).lower(), label)


def _cut(text: str, limit: int) -> str:
    """The first sentences of `text` that fit in `limit` characters (at least one sentence)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text)
    out = sentences[0]
    for sentence in sentences[1:]:
        if len(out) + 1 + len(sentence) > limit:
            break
        out += " " + sentence
    return out


def _ssyk_summary(definition: str | None) -> str:
    if not definition:
        return ""
    text = re.split(r"\n\s*Hit hör|\n\s*Hit\s*\n", definition)[0]
    return _cut(text, 650)


def _tasks(definition: str | None, pattern: re.Pattern[str]) -> list[str]:
    if not definition:
        return []
    found = []
    for match in pattern.finditer(definition):
        task = " ".join(match.group(1).split()).rstrip(" .;,")
        if 12 <= len(task) <= 200:
            found.append(task)
    return found


@dataclass
class _Taxonomy:
    concepts: dict[
        str, tuple[str, str, int | None, str | None, str | None, str | None, str | None, str | None]
    ]
    broader: dict[str, list[str]]
    narrower: dict[str, list[str]]
    close_match: dict[str, list[str]]
    close_match_rev: dict[str, list[str]]
    essential: dict[str, list[str]]
    optional: dict[str, list[str]]
    related_rev: dict[str, list[str]]

    def of_type(self, concept_type: str, scheme: str | None = None) -> list[str]:
        return sorted(
            cid
            for cid, row in self.concepts.items()
            if row[0] == concept_type and (scheme is None or row[1] == scheme)
        )


def _read_taxonomy(session: Session) -> _Taxonomy:
    types = (
        "occupation-name",
        "ssyk-group",
        "isco-group",
        "occupation",
        "skill",
        "municipality",
        "region",
        "keyword",
    )
    rows = session.execute(
        select(
            Concept.id,
            Concept.type,
            Concept.scheme,
            Concept.level,
            Concept.skill_type,
            Concept.pref_label_sv,
            Concept.pref_label_en,
            Concept.definition_sv,
            Concept.definition_en,
        ).where(Concept.status == "active", Concept.type.in_(types))
    ).all()
    concepts = {row[0]: (row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8]) for row in rows}
    taxonomy = _Taxonomy(
        concepts,
        broader=defaultdict(list),
        narrower=defaultdict(list),
        close_match=defaultdict(list),
        close_match_rev=defaultdict(list),
        essential=defaultdict(list),
        optional=defaultdict(list),
        related_rev=defaultdict(list),
    )
    kinds = ("broader", "close_match", "essential_skill", "optional_skill", "related")
    relations = session.execute(
        select(Relation.source_id, Relation.kind, Relation.target_id)
        .where(Relation.kind.in_(kinds))
        .order_by(Relation.source_id, Relation.kind, Relation.target_id)
    ).all()
    for source, kind, target in relations:
        if source not in concepts or target not in concepts:
            continue
        if kind == "broader":
            taxonomy.broader[source].append(target)
            taxonomy.narrower[target].append(source)
        elif kind == "close_match":
            taxonomy.close_match[source].append(target)
            taxonomy.close_match_rev[target].append(source)
        elif kind == "essential_skill":
            taxonomy.essential[source].append(target)
        elif kind == "optional_skill":
            taxonomy.optional[source].append(target)
        else:
            taxonomy.related_rev[target].append(source)
    return taxonomy


def _sector(ssyk_id: str) -> tuple[str, str | None, float]:
    code = ssyk_id.removeprefix("ssyk:")
    return SECTORS.get(code[:2], DEFAULT_SECTOR)


def _sv_profiles_text(taxonomy: _Taxonomy, ssyk4: list[str]) -> dict[str, dict[str, float]]:
    """Per SSYK-4 group, the stemmed words of its Swedish texts with a weight for where they come from."""
    profiles: dict[str, dict[str, float]] = {}

    def add(group: str, text: str | None, weight: float) -> None:
        if not text:
            return
        text = re.split(r"\n\s*Hit hör inte", text)[0]
        profile = profiles.setdefault(group, {})
        for token in set(_tokens(text)):
            profile[token] = max(profile.get(token, 0.0), weight)

    for group in ssyk4:
        row = taxonomy.concepts[group]
        add(group, row[4], 3)
        add(group, row[6], 2)
        for name in taxonomy.narrower.get(group, []):
            if taxonomy.concepts[name][0] == "occupation-name":
                add(group, taxonomy.concepts[name][4], 3)
                for keyword in taxonomy.related_rev.get(name, []):
                    if taxonomy.concepts[keyword][0] == "keyword":
                        add(group, taxonomy.concepts[keyword][4], 2)
        for isco in taxonomy.close_match.get(group, []):
            add(group, taxonomy.concepts[isco][4], 2)
            add(group, taxonomy.concepts[isco][6], 1)
    return profiles


def _associate_sv_skills(taxonomy: _Taxonomy, ssyk4: list[str]) -> dict[str, list[tuple[float, str]]]:
    """JobTech skills scored against each SSYK-4 group's Swedish words (see the module docstring)."""
    profiles = _sv_profiles_text(taxonomy, ssyk4)
    df = Counter(token for profile in profiles.values() for token in profile)
    groups = len(profiles)
    postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for group in sorted(profiles):
        for token, weight in profiles[group].items():
            postings[token].append((group, weight))

    def matches(token: str) -> list[tuple[str, float]]:
        """The token itself, and its tails as the head of a compound ('sjukhusstädning' -> 'städning')
        when the tail is specific: long enough, rare among the groups and not a generic word."""
        out = [(token, 1.0)] if token in df else []
        out.extend(
            (token[k:], 0.6)
            for k in range(3, len(token) - 5)
            if token[k:] in df and df[token[k:]] <= COMPOUND_MAX_GROUPS and token[k:] not in _GENERIC_TAILS
        )
        return out

    def score(label: str) -> dict[str, float]:
        head, _, qualifier = label.partition(",")
        head_tokens = list(dict.fromkeys(_tokens(head)))
        qualifier_tokens = list(dict.fromkeys(_tokens(qualifier)))
        best_per_token: dict[str, dict[int, float]] = defaultdict(dict)
        for index, token in enumerate(head_tokens):
            for candidate, factor in matches(token):
                idf = math.log(groups / df[candidate])
                for group, weight in postings[candidate]:
                    best = best_per_token[group]
                    best[index] = max(best.get(index, 0.0), weight * idf * factor)
        scores: dict[str, float] = {}
        for group, per_token in best_per_token.items():
            value = sum(per_token.values()) * len(per_token) / len(head_tokens)
            if qualifier_tokens:
                hits = sum(1 for t in qualifier_tokens if any(c in profiles[group] for c, _ in matches(t)))
                value *= 0.5 + 0.5 * hits / len(qualifier_tokens)
            scores[group] = value
        return scores

    scored: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for skill in taxonomy.of_type("skill", "jobtech"):
        scores = score(taxonomy.concepts[skill][4] or "")
        if not scores:
            continue
        best = max(scores.values())
        for group, value in sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:6]:
            if value >= 3.5 and value >= 0.35 * best:
                scored[group].append((value, skill))
    return scored


def _sv_skill_pools(taxonomy: _Taxonomy, ssyk4: list[str]) -> dict[str, list[str]]:
    """Ranked JobTech skills per SSYK-4 group, topped up from SSYK-3 and SSYK-2 siblings when thin."""
    scored = _associate_sv_skills(taxonomy, ssyk4)
    own = {
        group: [skill for _, skill in sorted(scored.get(group, []), key=lambda x: (-x[0], x[1]))][:POOL_SIZE]
        for group in ssyk4
    }
    pools: dict[str, list[str]] = {}
    for group in ssyk4:
        pool = list(own[group])
        code = group.removeprefix("ssyk:")
        for prefix_length, wanted in ((3, 12), (2, 8)):
            if len(pool) >= wanted:
                break
            siblings = [
                g
                for g in ssyk4
                if g != group and g.removeprefix("ssyk:")[:prefix_length] == code[:prefix_length]
            ]
            for rank in range(POOL_SIZE):
                for sibling in siblings:
                    if rank < len(own[sibling]) and own[sibling][rank] not in pool:
                        pool.append(own[sibling][rank])
                if len(pool) >= wanted:
                    break
        pools[group] = pool[:POOL_SIZE]
    return pools


def _read_population(path: Path) -> dict[str, int]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {f"kommun:{row['kommunkod']}": int(row["folkmangd"]) for row in csv.DictReader(handle)}


def _luhn_digit(digits: str) -> str:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def _employer_pool(rng: random.Random, sector: str) -> tuple[tuple[str, str], ...]:
    """Generated company names with organisation numbers in the unused 50xxxx series (no real company)."""
    words = SECTOR_WORDS[sector]
    names: dict[str, str] = {}
    while len(names) < EMPLOYERS_PER_SECTOR:
        prefix, surname, word = rng.choice(NAME_PREFIXES), rng.choice(SURNAMES), rng.choice(words)
        form = rng.randrange(6)
        if form == 0:
            name = f"{prefix} {word} AB"
        elif form == 1:
            name = f"{surname}s {word} AB"
        elif form == 2:
            name = f"{prefix} {word} Sverige AB"
        elif form == 3:
            name = f"{prefix} {word} Group AB"
        elif form == 4:
            name = f"{surname} & {rng.choice(SURNAMES)} {word} AB"
        else:
            name = f"{word} i {prefix} AB"
        if name not in names:
            body = "50" + "".join(str(rng.randrange(10)) for _ in range(7))
            number = body + _luhn_digit(body)
            names[name] = f"{number[:6]}-{number[6:]}"
    return tuple(sorted(names.items()))


def _terms_key(sector: str) -> str:
    return TERMS_OF_SECTOR.get(sector, "default")


def _isco_of(taxonomy: _Taxonomy, occupation: str) -> str | None:
    """The ISCO-08 group above an ESCO occupation (ESCO occupations may sit under other occupations)."""
    seen = {occupation}
    frontier = list(taxonomy.broader.get(occupation, []))
    while frontier:
        for parent in frontier:
            if taxonomy.concepts[parent][0] == "isco-group":
                return parent
        seen.update(frontier)
        frontier = [p for parent in frontier for p in taxonomy.broader.get(parent, []) if p not in seen]
    return None


def _sv_occupations(
    taxonomy: _Taxonomy, ssyk4: list[str], pools: dict[str, list[str]], skill: Callable[[str], int]
) -> tuple[Occupation, ...]:
    """JobTech occupation names with the profile of their SSYK-4 group (groups with a skill pool)."""
    concepts = taxonomy.concepts
    profiles: dict[str, Profile] = {}
    for group in ssyk4:
        pool = pools[group]
        if len(pool) < 4:
            continue
        sector, public, public_share = _sector(group)
        tasks = [
            task
            for isco in taxonomy.close_match.get(group, [])
            for task in _tasks(concepts[isco][6], _TASK_SV)
        ]
        indices = tuple(skill(cid) for cid in pool)
        split = min(ESSENTIAL_CANDIDATES, max(4, len(indices) * 2 // 3))
        profiles[group] = Profile(
            ssyk=(group,),
            summary=_ssyk_summary(concepts[group][6]),
            tasks=tuple(tasks),
            essential=indices[:split],
            optional=indices[split:],
            sector=sector,
            public=public,
            public_share=public_share,
            remote_share=REMOTE_WEIGHT.get(sector, 0.2),
            terms=_terms_key(sector),
        )
    occupations: list[Occupation] = []
    for name in taxonomy.of_type("occupation-name", "jobtech"):
        parent = next((p for p in taxonomy.broader.get(name, []) if p in profiles), None)
        if parent is not None:
            label = concepts[name][4] or name
            occupations.append(Occupation(name, label, _lower_label(label), profiles[parent]))
    return _scale_remote(occupations)


def _en_occupations(
    taxonomy: _Taxonomy, ssyk4: list[str], skill: Callable[[str], int]
) -> tuple[Occupation, ...]:
    """ESCO occupations with at least four essential skills and an SSYK-4 group through their ISCO group."""
    concepts = taxonomy.concepts
    level4 = set(ssyk4)
    occupations = []
    for occupation in taxonomy.of_type("occupation", "esco"):
        row = concepts[occupation]
        essential = sorted(set(taxonomy.essential.get(occupation, [])))
        isco = _isco_of(taxonomy, occupation)
        if len(essential) < 4 or not row[5] or isco is None:
            continue
        groups = tuple(sorted(g for g in taxonomy.close_match_rev.get(isco, []) if g in level4))
        if not groups:
            continue
        sector, public, public_share = _sector(groups[0])
        optional = sorted(set(taxonomy.optional.get(occupation, [])) - set(essential))
        profile = Profile(
            ssyk=groups,
            summary=_cut(row[7] or "", 600),
            tasks=tuple(_tasks(concepts[isco][7], _TASK_EN)),
            essential=tuple(skill(cid) for cid in essential),
            optional=tuple(skill(cid) for cid in optional),
            sector=sector,
            public=public,
            public_share=public_share,
            remote_share=REMOTE_WEIGHT.get(sector, 0.2),
            terms=_terms_key(sector),
        )
        occupations.append(Occupation(occupation, row[5], row[5], profile))
    return _scale_remote(occupations)


def _scale_remote(occupations: list[Occupation]) -> tuple[Occupation, ...]:
    """Scale the sectors' remote weights so that about REMOTE_SHARE of uniformly drawn ads are remote."""
    if not occupations:
        return ()
    mean = sum(o.profile.remote_share for o in occupations) / len(occupations)
    scaled: dict[int, Profile] = {}
    out = []
    for occupation in occupations:
        profile = occupation.profile
        if id(profile) not in scaled:
            scaled[id(profile)] = replace(
                profile, remote_share=min(0.6, REMOTE_SHARE * profile.remote_share / mean)
            )
        out.append(replace(occupation, profile=scaled[id(profile)]))
    return tuple(out)


def _municipalities(
    taxonomy: _Taxonomy, population: dict[str, int]
) -> tuple[list[Municipality], list[float]]:
    fallback = sorted(population.values())[len(population) // 2] if population else 10_000
    municipalities, cum, total = [], [], 0.0
    for municipality in taxonomy.of_type("municipality"):
        county = next((p for p in taxonomy.broader.get(municipality, []) if p.startswith("lan:")), None)
        if county is None:
            continue
        name = taxonomy.concepts[municipality][4] or municipality
        county_name = taxonomy.concepts[county][4] or county
        municipalities.append(
            Municipality(
                id=municipality,
                name=name,
                county_id=county,
                county_name=county_name,
                region_employer=REGION_EMPLOYERS.get(county.removeprefix("lan:"), f"Region {county_name}"),
                municipal_employer=CITY_EMPLOYERS.get(municipality, f"{name} kommun"),
            )
        )
        total += population.get(municipality, fallback)
        cum.append(total)
    return municipalities, cum


def build_model(session: Session, *, population_file: Path = POPULATION_FILE) -> GenerationModel:
    """Read the taxonomy once into the tables `generate_ads` draws from (a few seconds)."""
    taxonomy = _read_taxonomy(session)
    ssyk4 = [cid for cid in taxonomy.of_type("ssyk-group") if taxonomy.concepts[cid][2] == 4]
    if not ssyk4 or not taxonomy.of_type("municipality"):
        raise Unavailable(
            "The taxonomy is not loaded, so synthetic ads cannot be generated.",
            hint="Load it first: samskapa taxonomy load",
        )
    skill_ids: list[str] = []
    skill_index: dict[str, int] = {}

    def skill(cid: str) -> int:
        if cid not in skill_index:
            skill_index[cid] = len(skill_ids)
            skill_ids.append(cid)
        return skill_index[cid]

    pools = _sv_skill_pools(taxonomy, ssyk4)
    sv_occupations = _sv_occupations(taxonomy, ssyk4, pools, skill)
    en_occupations = _en_occupations(taxonomy, ssyk4, skill)
    labels, phrases, knowledge = [], [], bytearray()
    for cid in skill_ids:
        row = taxonomy.concepts[cid]
        if row[1] == "esco":  # English verb phrases ("debug software") or knowledge ("SQL")
            labels.append(row[5] or cid)
            phrases.append(row[5] or cid)
            knowledge.append(row[3] == "knowledge")
        else:  # Swedish noun phrases, lower-cased in running text where that is safe
            label = row[4] or cid
            labels.append(label)
            phrases.append(label if "," in label else _lower_label(label))
            knowledge.append(1)
    municipalities, cum = _municipalities(taxonomy, _read_population(population_file))
    rng = random.Random(20_260_101)  # noqa: S311 - reproducible fake names, not security
    return GenerationModel(
        sv_occupations=sv_occupations,
        en_occupations=en_occupations,
        skill_ids=tuple(skill_ids),
        skill_labels=tuple(labels),
        skill_phrases=tuple(phrases),
        skill_is_knowledge=bytes(knowledge),
        municipalities=tuple(municipalities),
        municipality_cum_weights=tuple(cum),
        employers={sector: _employer_pool(rng, sector) for sector in sorted(SECTOR_WORDS)},
        sv_skill_pools={o.profile.ssyk[0]: tuple(pools[o.profile.ssyk[0]]) for o in sv_occupations},
        population_source=population_file.name,
    )


# --------------------------------------------------------------------------------------------------
# Generating ads
# --------------------------------------------------------------------------------------------------


def _join_sv(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


def _join_en(items: Sequence[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _article(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


Frames = tuple[tuple[str, str], ...]


def _frames(templates: Sequence[str]) -> Frames:
    """Sentence templates with one `{x}`, split around it so that filling them is a concatenation."""
    return tuple(
        (before, after) for before, _, after in (template.partition("{x}") for template in templates)
    )


@dataclass(frozen=True)
class _Texts:
    """The templates of one language."""

    headlines: tuple[str, ...]
    intros: dict[str, tuple[str, ...]]
    sectors: dict[str, str]
    role_headings: tuple[str, ...]
    role_openings: tuple[str, ...]
    units: tuple[str, ...]
    summaries: tuple[str, ...]
    tasks: tuple[str, ...]
    task_lists: tuple[str, ...]
    profile_headings: tuple[str, ...]
    essential_lists: tuple[str, ...]
    essential_frames: tuple[Frames, Frames]  # for skills, for knowledge
    nice_lists: tuple[str, ...]
    nice_frames: tuple[Frames, Frames]
    list_prefixes: tuple[str, str]
    traits: tuple[str, ...]
    personal: tuple[str, ...]
    language: tuple[str, ...]
    benefit_headings: tuple[str, ...]
    benefits: tuple[str, ...]
    benefit_sentence: str
    terms_headings: tuple[str, ...]
    terms_labels: tuple[str, str, str]
    full_time: str
    part_time: str
    employment_labels: dict[str, str]
    start: tuple[str, ...]
    onsite: str
    remote: tuple[str, ...]
    apply_headings: tuple[str, ...]
    apply: tuple[str, ...]
    apply_extra: tuple[str, ...]
    synthetic: str
    salary: tuple[str, ...]
    salary_hourly: tuple[str, ...]
    join: Callable[[Sequence[str]], str]

    def lower(self, item: str) -> str:
        return item[:1].lower() + item[1:]


SV_TEXTS = _Texts(
    headlines=SV_HEADLINES,
    intros={
        "private": SV_INTRO_PRIVATE,
        "region": SV_INTRO_REGION,
        "municipality": SV_INTRO_MUNICIPAL,
        "state": SV_INTRO_STATE,
    },
    sectors=SECTOR_SV,
    role_headings=SV_ROLE_HEADINGS,
    role_openings=SV_ROLE_OPENINGS,
    units=SV_UNITS,
    summaries=SV_SUMMARIES,
    tasks=SV_TASKS,
    task_lists=SV_TASK_LISTS,
    profile_headings=SV_PROFILE_HEADINGS,
    essential_lists=SV_ESSENTIAL_LISTS,
    essential_frames=(_frames(SV_ESSENTIAL_SENTENCES), _frames(SV_ESSENTIAL_SENTENCES)),
    nice_lists=SV_NICE_LISTS,
    nice_frames=(_frames(SV_NICE_SENTENCES), _frames(SV_NICE_SENTENCES)),
    list_prefixes=("- ", "- "),
    traits=SV_TRAITS,
    personal=SV_PERSONAL,
    language=SV_LANGUAGE,
    benefit_headings=SV_BENEFIT_HEADINGS,
    benefits=SV_BENEFITS,
    benefit_sentence=SV_BENEFIT_SENTENCE,
    terms_headings=SV_TERMS_HEADINGS,
    terms_labels=("Anställningsform", "Omfattning", "Placering"),
    full_time="Heltid",
    part_time="Deltid ({percent} %)",
    employment_labels=EMPLOYMENT_TYPES.names("sv"),
    start=SV_START,
    onsite=SV_ONSITE,
    remote=SV_REMOTE,
    apply_headings=SV_APPLY_HEADINGS,
    apply=SV_APPLY,
    apply_extra=SV_APPLY_EXTRA,
    synthetic=SV_SYNTHETIC,
    salary=SALARY_SV,
    salary_hourly=SALARY_HOURLY_SV,
    join=_join_sv,
)
EN_TEXTS = _Texts(
    headlines=EN_HEADLINES,
    intros={
        "private": EN_INTRO_PRIVATE,
        "region": EN_INTRO_REGION,
        "municipality": EN_INTRO_MUNICIPAL,
        "state": EN_INTRO_STATE,
    },
    sectors=SECTOR_EN,
    role_headings=EN_ROLE_HEADINGS,
    role_openings=EN_ROLE_OPENINGS,
    units=EN_UNITS,
    summaries=EN_SUMMARIES,
    tasks=EN_TASKS,
    task_lists=EN_TASK_LISTS,
    profile_headings=EN_PROFILE_HEADINGS,
    essential_lists=EN_ESSENTIAL_LISTS,
    essential_frames=(_frames(EN_ESSENTIAL_SKILL), _frames(EN_ESSENTIAL_KNOWLEDGE)),
    nice_lists=EN_NICE_LISTS,
    nice_frames=(_frames(EN_NICE_SKILL), _frames(EN_NICE_KNOWLEDGE)),
    list_prefixes=("- ", "- knowledge of "),
    traits=EN_TRAITS,
    personal=EN_PERSONAL,
    language=EN_LANGUAGE,
    benefit_headings=EN_BENEFIT_HEADINGS,
    benefits=EN_BENEFITS,
    benefit_sentence=EN_BENEFIT_SENTENCE,
    terms_headings=EN_TERMS_HEADINGS,
    terms_labels=("Employment type", "Working hours", "Location"),
    full_time="Full-time",
    part_time="Part-time ({percent} %)",
    employment_labels=EMPLOYMENT_TYPES.names("en"),
    start=EN_START,
    onsite=EN_ONSITE,
    remote=EN_REMOTE,
    apply_headings=EN_APPLY_HEADINGS,
    apply=EN_APPLY,
    apply_extra=EN_APPLY_EXTRA,
    synthetic=EN_SYNTHETIC,
    salary=SALARY_EN,
    salary_hourly=SALARY_HOURLY_EN,
    join=_join_en,
)


@dataclass(slots=True)
class _Draw:
    """The facts of one ad, drawn before its text is written."""

    occupation: Occupation
    place: Municipality
    employer: str
    kind: str
    employment: str
    hours: str | None
    percent: int
    remote: bool
    essential: list[int]
    nice: list[int]
    deadline: str


class _Generator:
    """Draws ads from a model with one random stream; per ad only list and string work, no database.

    Draws use `random()` and integer arithmetic rather than `randrange`/`sample`, which are several times
    slower; the stream is still Python's Mersenne Twister, so a seed gives the same ads everywhere."""

    def __init__(self, model: GenerationModel, seed: int, start: date) -> None:
        if not model.sv_occupations or not model.en_occupations or not model.municipalities:
            raise Unavailable("The generation model is empty.", hint="Build it on a loaded taxonomy.")
        self.model = model
        self.seed = seed
        self.random = random.Random(seed).random  # noqa: S311 - reproducible test data, not security
        first = start - timedelta(days=PUBLISHED_DAYS)
        self.days = [(first + timedelta(days=n)).isoformat() for n in range(PUBLISHED_DAYS + 43)]
        self.weekend = [(first + timedelta(days=n)).weekday() >= 5 for n in range(PUBLISHED_DAYS)]
        self.total_weight = model.municipality_cum_weights[-1]
        self.terms_cum = {
            key: tuple(accumulate(float(w) for w in weights)) for key, weights in TERMS_WEIGHTS.items()
        }

    # -- primitive draws ----------------------------------------------------------------------------

    def below(self, n: int) -> int:
        return int(self.random() * n)

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high]."""
        return low + int(self.random() * (high - low + 1))

    def pick(self, options: Sequence[str]) -> str:
        return options[int(self.random() * len(options))]

    def sample(self, items: Sequence[Any], k: int) -> list[Any]:
        """k distinct items in random order (a partial Fisher-Yates shuffle)."""
        pool = list(items)
        n = len(pool)
        rnd = self.random
        for i in range(k):
            j = i + int(rnd() * (n - i))
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]

    # -- the facts of an ad -------------------------------------------------------------------------

    def municipality(self) -> Municipality:
        weights = self.model.municipality_cum_weights
        index = bisect.bisect_right(weights, self.random() * self.total_weight)
        return self.model.municipalities[min(index, len(weights) - 1)]

    def employer(self, profile: Profile, place: Municipality) -> tuple[str, str | None, str]:
        """(name, organisation number, kind) with kind private, region, municipality or state."""
        if profile.public is not None and self.random() < profile.public_share:
            if profile.public == "region" or (profile.sector == "care" and self.random() < 0.2):
                return place.region_employer, None, "region"
            if profile.public == "municipality":
                return place.municipal_employer, None, "municipality"
            return STATE_EMPLOYER, None, "state"
        pool = self.model.employers.get(profile.sector) or self.model.employers["business"]
        name, number = pool[self.below(len(pool))]
        return name, number, "private"

    def terms(self, profile: Profile) -> tuple[str, str | None, int]:
        cum = self.terms_cum[profile.terms]
        employment = EMPLOYMENT_IDS[bisect.bisect_right(cum, self.random() * cum[-1])]
        roll = self.random()
        if roll < 0.04:
            return employment, None, 0
        if roll < 0.04 + 0.96 * FULL_TIME_SHARE[employment]:
            return employment, "full-time", 100
        return employment, "part-time", PART_TIME_PERCENT[self.below(len(PART_TIME_PERCENT))]

    def skills(self, profile: Profile) -> tuple[list[int], list[int]]:
        essential = self.sample(profile.essential, self.between(4, min(10, len(profile.essential))))
        optional = profile.optional
        nice = self.sample(optional, self.between(0, min(5, len(optional)))) if optional else []
        return essential, nice

    def dates(self) -> tuple[str, str, str]:
        day = self.below(PUBLISHED_DAYS)
        if self.weekend[day] and self.random() < 0.7:
            day = self.below(PUBLISHED_DAYS)
        published = f"{self.days[day]}T{5 + self.below(11):02d}:{self.below(60):02d}:00Z"
        deadline = self.days[day + self.between(14, 42)]
        return published, f"{deadline}T23:59:59Z", deadline

    def ad(self, number: int, lang: Literal["sv", "en"]) -> dict[str, Any]:
        model = self.model
        occupations = model.sv_occupations if lang == "sv" else model.en_occupations
        occupation = occupations[self.below(len(occupations))]
        profile = occupation.profile
        ssyk = profile.ssyk[self.below(len(profile.ssyk))] if len(profile.ssyk) > 1 else profile.ssyk[0]
        place = self.municipality()
        employer, org_number, kind = self.employer(profile, place)
        employment, hours, percent = self.terms(profile)
        remote = self.random() < profile.remote_share
        essential, nice = self.skills(profile)
        published, expires, deadline = self.dates()
        hourly = employment in HOURLY_TYPES
        vacancies = VACANCIES_MANY[self.below(10)] if hourly else VACANCIES[self.below(20)]
        texts = SV_TEXTS if lang == "sv" else EN_TEXTS
        draw = _Draw(
            occupation, place, employer, kind, employment, hours, percent, remote, essential, nice, deadline
        )
        headline, description = self.write(texts, draw)
        salary = self.pick(texts.salary_hourly if hourly else texts.salary) if self.random() < 0.85 else None
        ids = model.skill_ids
        return {
            "external_id": f"SYN-{self.seed}-{number}",
            "headline": headline,
            "description": description,
            "lang": lang,
            "employer": {"name": employer, "organisation_number": org_number, "url": None},
            "occupation": occupation.id,
            "ssyk": ssyk,
            "municipality": place.id,
            "region": place.county_id,
            "employment_type": employment,
            "working_hours": hours,
            "remote": remote,
            "skills": [ids[i] for i in essential],
            "nice_to_have_skills": [ids[i] for i in nice],
            "published_at": published,
            "expires_at": expires,
            "vacancies": vacancies,
            "salary": salary,
            "url": None,
            "synthetic": True,
            "removed": False,
        }

    # -- the text of an ad --------------------------------------------------------------------------

    def write(self, t: _Texts, d: _Draw) -> tuple[str, str]:
        pick = self.pick
        occupation, place = d.occupation, d.place
        occ = occupation.label_lower
        a_occ = _article(occ)
        headline = pick(t.headlines).format(
            Occ=_capitalise(occupation.label), occ=occ, a_occ=a_occ, employer=d.employer, place=place.name
        )
        intro = pick(t.intros[d.kind]).format(
            employer=d.employer,
            place=place.name,
            county=place.county_name,
            sector=t.sectors[occupation.profile.sector],
            staff=10 * self.between(2, 60),
            years=self.between(5, 60),
        )
        parts = [intro, "", pick(t.role_headings)]
        self.role(t, d, parts)
        parts += ["", pick(t.profile_headings)]
        self.profile(t, d, parts)
        parts += ["", pick(t.benefit_headings)]
        self.benefits(t, parts)
        parts += ["", pick(t.terms_headings), self.terms_text(t, d)]
        apply = [pick(t.apply).format(deadline=d.deadline), *self.sample(t.apply_extra, self.between(1, 2))]
        parts += ["", pick(t.apply_headings), " ".join(apply), "", t.synthetic]
        return headline, "\n".join(parts)

    def role(self, t: _Texts, d: _Draw, parts: list[str]) -> None:
        profile = d.occupation.profile
        unit = self.pick(t.units).format(place=d.place.name)
        occ = d.occupation.label_lower
        role = self.pick(t.role_openings).format(occ=occ, a_occ=_article(occ), unit=unit)
        if profile.summary:
            role += " " + self.pick(t.summaries).format(summary=profile.summary)
        parts.append(role)
        if profile.tasks:
            chosen = self.sample(profile.tasks, min(len(profile.tasks), self.between(2, 3)))
            if self.random() < 0.5:
                parts.append(self.pick(t.tasks).format(tasks=t.join(chosen)))
            else:
                parts.append(self.pick(t.task_lists))
                parts.extend("- " + _capitalise(task) for task in chosen)

    def profile(self, t: _Texts, d: _Draw, parts: list[str]) -> None:
        labels, phrases = self.model.skill_labels, self.model.skill_phrases
        knowledge, prefixes = self.model.skill_is_knowledge, t.list_prefixes
        for skills, lists, frames in (
            (d.essential, t.essential_lists, t.essential_frames),
            (d.nice, t.nice_lists, t.nice_frames),
        ):
            if not skills:
                continue
            rnd = self.random
            if rnd() < 0.6:
                parts.append(lists[int(rnd() * len(lists))])
                parts.extend([prefixes[knowledge[i]] + labels[i] for i in skills])
            else:
                sentences = []
                for i in skills:
                    options = frames[knowledge[i]]
                    before, after = options[int(rnd() * len(options))]
                    sentences.append(before + phrases[i] + after)
                parts.append(" ".join(sentences))
        a, b, c = self.sample(t.traits, 3)
        parts.append(self.pick(t.personal).format(a=a, b=b, c=c) + " " + self.pick(t.language))

    def benefits(self, t: _Texts, parts: list[str]) -> None:
        amount = f"{500 * self.between(4, 10):,}".replace(",", " ")
        chosen = [item.format(amount=amount) for item in self.sample(t.benefits, self.between(3, 5))]
        if self.random() < 0.5:
            parts.extend("- " + item for item in chosen)
        else:
            parts.append(t.benefit_sentence.format(items=t.join([t.lower(item) for item in chosen])))

    def terms_text(self, t: _Texts, d: _Draw) -> str:
        employment_label, extent_label, place_label = t.terms_labels
        terms = [f"{employment_label}: {t.employment_labels[d.employment]}."]
        if d.hours == "full-time":
            terms.append(f"{extent_label}: {t.full_time}.")
        elif d.hours == "part-time":
            terms.append(f"{extent_label}: {t.part_time.format(percent=d.percent)}.")
        terms.append(f"{place_label}: {d.place.name}, {d.place.county_name}.")
        terms.append(
            self.pick(t.remote).format(place=d.place.name)
            if d.remote
            else t.onsite.format(place=d.place.name)
        )
        terms.append(self.pick(t.start))
        return " ".join(terms)


def generate_ads(
    model: GenerationModel,
    *,
    count: int,
    lang: GenerateLang = "sv",
    seed: int = 0,
    start: date | None = None,
) -> Iterator[dict[str, Any]]:
    """`count` synthetic ads as dicts in our ad schema, deterministic for (model, seed, start).

    `lang` "both" makes about 60 % Swedish and 40 % English ads. Ads are published over the 60 days before
    `start` (default: today, UTC), with deadlines two to six weeks later; external ids are
    `SYN-<seed>-<n>`, n counting from 1."""
    if count < 0:
        raise Invalid(f"count must be zero or more, not {count}.", hint="Give --count a positive number.")
    if lang not in ("sv", "en", "both"):
        raise Invalid(f"Unknown language '{lang}'.", hint="Use sv, en or both.")
    generator = _Generator(model, seed, start or datetime.now(UTC).date())
    rnd = generator.random
    for number in range(1, count + 1):
        if lang == "both":
            yield generator.ad(number, "sv" if rnd() < SV_SHARE_OF_BOTH else "en")
        else:
            yield generator.ad(number, lang)
