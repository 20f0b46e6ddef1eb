"""Demo content for the arena: people, needs with believable histories, answers, releases, ideas, agency
challenges and services with pilots, across the catalogue's demo agencies, so that the arena and its
dashboard are alive on first run.

Everything goes through the same services as the pages and the API (with back-dated `now`), so the demo
obeys every rule a real user meets: the transition table, reason codes, the personal-data check and the
release loop. Demo people have no password (nobody can sign in as them) and addresses under
`demo.samskapa.invalid`; demo organisations carry `is_demo`. Seeding twice changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.accounts import service as accounts
from samskapa.accounts.errors import OrganisationNotFound
from samskapa.accounts.models import Membership, Organisation, Person
from samskapa.arena import ideas, releases, service, showcase
from samskapa.arena.schemas import (
    ChallengeIn,
    CommentIn,
    DesiredData,
    FeedbackIn,
    IdeaIn,
    NeedIn,
    PilotIn,
    ServiceIn,
)
from samskapa.core.time import utcnow
from samskapa.taxonomy.service import unknown_concept_ids

DEMO_DOMAIN: Final = "demo.samskapa.invalid"

# key -> (name, organisation key or None, role)
PEOPLE: Final = {
    "anna": ("Anna Lind (demo)", None, None),
    "omar": ("Omar Haddad (demo)", None, None),
    "lena": ("Lena Berg (demo)", None, None),
    "erik": ("Erik Nilsson (demo)", None, None),
    "sara": ("Sara Ek (demo)", "kompass-demo", "editor"),
    "jonas": ("Jonas Öberg (demo)", "norrlandsbygg-demo", "editor"),
    "af": ("Handläggare på Arbetsförmedlingen (demo)", "arbetsformedlingen-demo", "editor"),
    "skv": ("Handläggare på Skolverket (demo)", "skolverket-demo", "editor"),
    "scb": ("Handläggare på SCB (demo)", "scb-demo", "editor"),
    "myh": ("Handläggare på MYH (demo)", "myh-demo", "editor"),
    "uhr": ("Handläggare på UHR (demo)", "uhr-demo", "editor"),
    "mod": ("Moderator (demo)", "kompass-demo", "moderator"),
}

# Organisations the arena demo adds beside the catalogue's demo agencies: key -> (type, sv, en).
ORGANISATIONS: Final = {
    "kompass-demo": ("ngo", "Studieförbundet Kompass (demo)", "Kompass Adult Education Association (demo)"),
    "norrlandsbygg-demo": ("company", "Norrlandsbygg AB (demo)", "Norrlandsbygg Ltd (demo)"),
}


@dataclass(frozen=True)
class Step:
    """One status change `days` calendar days after submission, by the person `by`."""

    days: int
    by: str
    to: str
    reason: str | None = None
    message: str = ""


@dataclass(frozen=True)
class DemoRelease:
    days: int
    by: str
    dataset: str
    coverage: str
    note: str
    verdict: tuple[int, str, str] | None = None  # (days, verdict, note) by the author


@dataclass(frozen=True)
class DemoNeed:
    author: str
    kind: str
    title: str
    summary: str
    description: str
    groups: tuple[str, ...]
    purpose: str
    desired: dict[str, str]
    region: str | None
    concepts: tuple[str, ...]
    lead: str
    co: tuple[str, ...]
    submitted_days_ago: int
    steps: tuple[Step, ...] = ()
    release: DemoRelease | None = None
    supports: tuple[tuple[str, str, str], ...] = ()
    comments: tuple[tuple[str, str, str], ...] = ()
    followers: tuple[str, ...] = ()


TRIAGE = "triaged"
ASSESS = "under_assessment"

NEEDS: Final[tuple[DemoNeed, ...]] = (
    DemoNeed(
        author="anna",
        kind="data_need",
        title="Lediga utbildningsplatser i vuxenutbildningen per kommun",
        summary="Studievägledare behöver se hur många platser som finns kvar i komvux, kommun för kommun.",
        description="I dag ringer vi runt till kommunerna. En öppen sammanställning varje månad skulle spara "
        "tid och ge de sökande en ärligare bild av var de kan börja studera.",
        groups=("studievägledare", "arbetssökande"),
        purpose="Vägleda vuxna till en utbildning som har plats.",
        desired={"granularity": "kommun", "frequency": "monthly", "coverage": "hela landet", "format": "CSV"},
        region=None,
        concepts=("ssyk:2341",),
        lead="skolverket-demo",
        co=("scb-demo",),
        submitted_days_ago=95,
        steps=(
            Step(3, "skv", TRIAGE, "in_scope", "Vi tar oss an behovet tillsammans med SCB."),
            Step(8, "skv", ASSESS, "assessment_started"),
            Step(20, "skv", "planned", "next_release", "Vi lägger till platserna i nästa leverans."),
            Step(27, "skv", "in_progress", "work_started", "Kommunerna har fått en mall."),
        ),
        release=DemoRelease(
            60,
            "skv",
            "demo-gymnasieprogram",
            "full",
            "Platserna ingår nu i datasetet, uppdaterade varje månad.",
            (63, "met", "Precis vad vi behövde, tack!"),
        ),
        supports=(
            ("lena", "citizen", "Jag letar själv efter en plats."),
            ("sara", "ngo", "Våra cirkelledare får samma fråga varje vecka."),
            ("omar", "citizen", ""),
        ),
        comments=(
            ("lena", "for", "Det vore bra om även distansplatser fanns med."),
            ("skv", "neutral", "Distansplatser finns med som en egen kolumn."),
        ),
        followers=("lena",),
    ),
    DemoNeed(
        author="jonas",
        kind="data_need",
        title="Efterfrågan på svetsare i Norrland de kommande fem åren",
        summary="Vi vill veta hur många svetsare som behövs i norra Sverige för att planera vår rekrytering.",
        description="Prognoserna finns för riket men inte per län. Vi bygger ut i Norrbotten och behöver "
        "kunna planera lärlingsplatser tillsammans med yrkeshögskolan.",
        groups=("arbetsgivare", "yrkeshögskolor"),
        purpose="Planera rekrytering och lärlingsplatser.",
        desired={"granularity": "län", "frequency": "annual", "coverage": "Norrbotten och Västerbotten"},
        region="lan:25",
        concepts=("ssyk:7212",),
        lead="arbetsformedlingen-demo",
        co=("myh-demo",),
        submitted_days_ago=70,
        steps=(
            Step(6, "af", TRIAGE, "in_scope"),
            Step(12, "af", ASSESS, "assessment_started"),
            Step(
                25,
                "af",
                "conditionally_planned",
                "data_quality",
                "Vi kan ta fram prognoser per län om urvalet räcker; vi återkommer i januari.",
            ),
        ),
        supports=(("sara", "ngo", "Även folkhögskolorna planerar efter detta."), ("erik", "citizen", "")),
        comments=(("erik", "for", "Gäller samma sak för plåtslagare?"),),
    ),
    DemoNeed(
        author="omar",
        kind="problem",
        title="Svårt att jämföra yrkesutbildningar på olika språk",
        summary="Jag har en utländsk yrkesexamen och vet inte vilken svensk utbildning den motsvarar.",
        description="Jag är utbildad elektriker i Syrien. Det finns ingen plats där jag kan se vilka "
        "svenska utbildningar som bygger vidare på det jag redan kan.",
        groups=("nyanlända", "arbetssökande"),
        purpose="Hitta en kort kompletterande utbildning i stället för att börja om.",
        desired={},
        region="lan:01",
        concepts=(),
        lead="uhr-demo",
        co=("myh-demo",),
        submitted_days_ago=40,
        steps=(
            Step(4, "uhr", TRIAGE, "in_scope"),
            Step(
                9,
                "uhr",
                "needs_info",
                "unclear_need",
                "Gäller det bedömning av examen eller att hitta utbildningar? Berätta gärna mer.",
            ),
        ),
        supports=(("anna", "citizen", "Samma fråga får vi i vägledningen."),),
    ),
    DemoNeed(
        author="sara",
        kind="data_need",
        title="Studiestöd per kommun och ålder",
        summary="Vi vill kunna visa hur många vuxna som studerar med studiemedel i varje kommun.",
        description="Folkbildningen vill nå dem som inte studerar i dag. Vi behöver antal per kommun och "
        "åldersgrupp, inga uppgifter om enskilda.",
        groups=("folkbildning", "kommuner"),
        purpose="Rikta studiemotiverande insatser.",
        desired={"granularity": "kommun", "frequency": "annual", "format": "CSV"},
        region=None,
        concepts=(),
        lead="scb-demo",
        co=(),
        submitted_days_ago=120,
        steps=(
            Step(2, "scb", TRIAGE, "in_scope"),
            Step(5, "scb", ASSESS, "assessment_started"),
            Step(
                12,
                "scb",
                "already_available",
                "open_dataset",
                "Uppgifterna finns i datasetet Studiestöd (demo) med kommun och åldersgrupp.",
            ),
        ),
        supports=(("anna", "citizen", ""),),
    ),
    DemoNeed(
        author="erik",
        kind="data_need",
        title="Personuppgifter om alla som sökt jobb",
        summary="Jag vill ha en lista över alla arbetssökande i min kommun med kontaktuppgifter.",
        description="För att kunna erbjuda dem jobb direkt.",
        groups=("arbetsgivare",),
        purpose="Rekrytering.",
        desired={"granularity": "person"},
        region="lan:03",
        concepts=(),
        lead="arbetsformedlingen-demo",
        co=(),
        submitted_days_ago=85,
        steps=(
            Step(3, "af", TRIAGE, "in_scope"),
            Step(6, "af", ASSESS, "assessment_started"),
            Step(
                14,
                "af",
                "declined",
                "personal_data",
                "Uppgifter om enskilda arbetssökande är personuppgifter och lämnas inte ut. Statistik över "
                "antalet arbetssökande per yrke och kommun finns som öppna data.",
            ),
        ),
    ),
    DemoNeed(
        author="lena",
        kind="data_need",
        title="Which vocational programmes lead to jobs?",
        summary="Share of graduates from each higher vocational programme who have a job a year later.",
        description="Prospective students choose blindly today. Programme-level outcomes would help them and "
        "the schools that plan new programmes.",
        groups=("students", "career counsellors"),
        purpose="Choose a programme with good prospects.",
        desired={"granularity": "programme", "frequency": "annual", "format": "JSON"},
        region=None,
        concepts=("ssyk:2512",),
        lead="myh-demo",
        co=("scb-demo",),
        submitted_days_ago=55,
        steps=(
            Step(5, "myh", TRIAGE, "in_scope"),
            Step(10, "myh", ASSESS, "assessment_started"),
            Step(18, "myh", "planned", "roadmap", "Planned for the spring release, together with SCB."),
            Step(30, "myh", "in_progress", "work_started", "Matching the graduate register is under way."),
        ),
        supports=(("anna", "citizen", ""), ("omar", "citizen", ""), ("jonas", "company", "")),
        comments=(("omar", "for", "Please include part-time programmes."),),
    ),
    DemoNeed(
        author="anna",
        kind="problem",
        title="Undersköterskor saknas på landsbygden",
        summary="Vårdcentralerna i inlandet hittar inte undersköterskor; utbildningarna ligger i städerna.",
        description="Vi behöver se var utbildningsplatserna finns och var bristen är störst för att kunna "
        "föreslå distansutbildning.",
        groups=("vårdgivare", "kommuner"),
        purpose="Planera utbildning där bristen finns.",
        desired={"granularity": "kommun"},
        region="lan:23",
        concepts=("ssyk:5323",),
        lead="arbetsformedlingen-demo",
        co=("skolverket-demo",),
        submitted_days_ago=16,
        steps=(Step(3, "af", TRIAGE, "in_scope"),),
        supports=(("lena", "citizen", ""),),
    ),
    DemoNeed(
        author="omar",
        kind="data_need",
        title="Lastbilsförare: körkortsutbildningar och jobb per län",
        summary="Var finns utbildningarna för C- och CE-körkort, och var finns jobben?",
        description="Jag vill byta yrke och vill veta om jag måste flytta.",
        groups=("arbetssökande",),
        purpose="Välja utbildning nära jobben.",
        desired={"granularity": "län", "frequency": "monthly"},
        region=None,
        concepts=("ssyk:8332",),
        lead="arbetsformedlingen-demo",
        co=(),
        submitted_days_ago=6,
    ),
    DemoNeed(
        author="sara",
        kind="problem",
        title="Validering av reell kompetens syns inte för arbetsgivare",
        summary="Den som validerats i ett yrke har inget intyg som arbetsgivare kan kontrollera digitalt.",
        description="Vi önskar ett digitalt, verifierbart intyg som personen själv bestämmer över.",
        groups=("arbetssökande", "arbetsgivare"),
        purpose="Göra validering värd något på arbetsmarknaden.",
        desired={},
        region=None,
        concepts=(),
        lead="myh-demo",
        co=("uhr-demo",),
        submitted_days_ago=48,
        steps=(
            Step(14, "myh", TRIAGE, "routed", "Sorterat till MYH med UHR som medansvarig."),
            Step(16, "myh", ASSESS, "assessment_started"),
        ),
        supports=(("jonas", "company", "Vi skulle använda det direkt."), ("erik", "citizen", "")),
    ),
    DemoNeed(
        author="lena",
        kind="data_need",
        title="Sjuksköterskeutbildningar: antagna och examinerade per lärosäte",
        summary="Hur många börjar och hur många tar examen, lärosäte för lärosäte?",
        description="Regionerna vill planera praktikplatser.",
        groups=("regioner", "lärosäten"),
        purpose="Planera verksamhetsförlagd utbildning.",
        desired={"granularity": "lärosäte", "frequency": "annual"},
        region=None,
        concepts=("ssyk:222",),
        lead="uhr-demo",
        co=("scb-demo",),
        submitted_days_ago=75,
        steps=(
            Step(2, "uhr", TRIAGE, "in_scope"),
            Step(4, "uhr", ASSESS, "assessment_started"),
            Step(15, "uhr", "planned", "next_release"),
            Step(22, "uhr", "in_progress", "work_started"),
        ),
        release=DemoRelease(
            45,
            "uhr",
            "demo-hogskoleutbildningar",
            "partial",
            "Antagna finns nu per lärosäte; examinerade kommer i nästa version.",
            (52, "partially_met", "Bra början, men vi behöver examinerade också."),
        ),
        supports=(("anna", "citizen", ""),),
    ),
)


@dataclass(frozen=True)
class DemoChallenge:
    by: str
    title: str
    summary: str
    description: str
    days_ago: int
    open_days: int  # open until this many days from today
    needs: tuple[str, ...]  # need titles


@dataclass(frozen=True)
class DemoIdea:
    author: str
    organisation: str | None
    title: str
    summary: str
    description: str
    days_ago: int
    needs: tuple[str, ...]  # need titles
    datasets: tuple[str, ...]
    challenge: str | None = None  # challenge title


@dataclass(frozen=True)
class DemoPilot:
    title: str
    cohort: str
    cohort_size: int
    starts_days_ago: int
    length_days: int
    evaluation: str
    decision: tuple[str, str] | None = None  # (decision, result), taken when the pilot has ended


@dataclass(frozen=True)
class DemoFeedback:
    by: str
    text: str
    rating: int | None
    days_ago: int
    to_need_lead: str | None = None  # when set, the feedback's author turns it into a need led by this agency


@dataclass(frozen=True)
class DemoService:
    by: str
    operator: str
    name: str
    summary_sv: str
    summary_en: str
    description_sv: str
    description_en: str
    url: str
    datasets: tuple[str, ...]
    needs: tuple[str, ...]  # need titles
    conformance: str
    statement_url: str | None
    statement: str
    days_ago: int
    pilots: tuple[DemoPilot, ...] = ()
    feedback: tuple[DemoFeedback, ...] = ()


ADULT_PLACES = NEEDS[0].title
WELDERS = NEEDS[1].title
STUDY_AID = NEEDS[3].title
VOCATIONAL = NEEDS[5].title

CHALLENGES: Final[tuple[DemoChallenge, ...]] = (
    DemoChallenge(
        by="skv",
        title="Hur når vi vuxna som inte vet att de kan studera?",
        summary="Många vuxna vet inte att de har rätt till komvux och studiestöd. Hjälp oss nå dem.",
        description="Vi söker idéer på tjänster som bygger på öppna data om utbildningsplatser och "
        "studiestöd och som når vuxna där de redan är.",
        days_ago=30,
        open_days=45,
        needs=(ADULT_PLACES, STUDY_AID),
    ),
    DemoChallenge(
        by="af",
        title="Kompetensförsörjning i Norrland",
        summary="Hur kan arbetsgivare, skolor och arbetssökande i norr planera tillsammans?",
        description="Industrisatsningarna i Norrbotten och Västerbotten behöver tusentals nya medarbetare.",
        days_ago=20,
        open_days=20,
        needs=(WELDERS,),
    ),
)

IDEAS: Final[tuple[DemoIdea, ...]] = (
    DemoIdea(
        author="anna",
        organisation=None,
        title="En karta över lediga komvuxplatser",
        summary="En karta där man ser var det finns plats i vuxenutbildningen just nu, med filter för yrke.",
        description="Kartan hämtar platserna från det öppna datasetet varje natt.",
        days_ago=25,
        needs=(ADULT_PLACES,),
        datasets=("demo-gymnasieprogram",),
        challenge="Hur når vi vuxna som inte vet att de kan studera?",
    ),
    DemoIdea(
        author="sara",
        organisation="kompass-demo",
        title="Studiecirklar som visar vägen till studiestöd",
        summary="Cirkelledare får ett enkelt verktyg som räknar ut studiestödet för vuxna som vill plugga.",
        description="Folkbildningen möter vuxna som aldrig skulle gå till en myndighet.",
        days_ago=18,
        needs=(),
        datasets=("demo-studiestod",),
        challenge="Hur når vi vuxna som inte vet att de kan studera?",
    ),
    DemoIdea(
        author="jonas",
        organisation="norrlandsbygg-demo",
        title="Lärlingsbörs för svetsare i Norrbotten",
        summary="Arbetsgivare lägger ut lärlingsplatser som matchas mot yrkesprognoser och utbildningar.",
        description="",
        days_ago=12,
        needs=(WELDERS,),
        datasets=("demo-yrkesprognoser", "demo-yh-utbildningar"),
        challenge="Kompetensförsörjning i Norrland",
    ),
    DemoIdea(
        author="lena",
        organisation=None,
        title="Compare vocational programmes by job outcomes",
        summary="A comparison page ranking programmes by the share of graduates in work a year later.",
        description="Built on the programme outcomes once they are released.",
        days_ago=9,
        needs=(VOCATIONAL,),
        datasets=("demo-yh-utbildningar",),
    ),
)

SERVICES: Final[tuple[DemoService, ...]] = (
    DemoService(
        by="sara",
        operator="kompass-demo",
        name="Studiekompassen",
        summary_sv="Hitta en ledig plats i vuxenutbildningen nära dig och se vilket studiestöd du kan få.",
        summary_en="Find a free place in adult education near you and see what student aid you can get.",
        description_sv="Studiekompassen bygger på de öppna uppgifterna om utbildningsplatser och studiestöd.",
        description_en="Studiekompassen is built on the open data on education places and student aid.",
        url="https://demo.samskapa.se/studiekompassen",
        datasets=("demo-gymnasieprogram", "demo-studiestod"),
        needs=(ADULT_PLACES,),
        conformance="partial",
        statement_url=None,
        statement="Kartvyn går ännu inte att använda med skärmläsare; samma uppgifter finns som en lista. "
        "The map view is not yet usable with a screen reader; the same places are given as a list.",
        days_ago=28,
        pilots=(
            DemoPilot(
                title="Pilot med studievägledare i Sundsvall",
                cohort="Tolv studievägledare och deras vuxna elever i Sundsvall",
                cohort_size=52,
                starts_days_ago=26,
                length_days=21,
                evaluation="Intervjuer med vägledarna och en enkät till eleverna efter tre veckor.",
                decision=(
                    "scale",
                    "Vägledarna sparade i snitt en timme per elev; tjänsten öppnas för hela länet.",
                ),
            ),
        ),
        feedback=(
            DemoFeedback(
                by="omar",
                text="Jag saknar utbildningar som ges på arabiska eller med stöd på modersmål.",
                rating=3,
                days_ago=15,
                to_need_lead="skolverket-demo",
            ),
            DemoFeedback(
                by="lena",
                text="Mycket lättare än att ringa runt, tack.",
                rating=5,
                days_ago=11,
            ),
        ),
    ),
    DemoService(
        by="jonas",
        operator="norrlandsbygg-demo",
        name="Svetsbehov Norr",
        summary_sv="Prognoser över behovet av svetsare i norra Sverige, län för län.",
        summary_en="Forecasts of the need for welders in northern Sweden, county by county.",
        description_sv="",
        description_en="",
        url="https://demo.samskapa.se/svetsbehov",
        datasets=("demo-yrkesprognoser",),
        needs=(WELDERS,),
        conformance="full",
        statement_url="https://demo.samskapa.se/svetsbehov/tillganglighet",
        statement="",
        days_ago=8,
        pilots=(
            DemoPilot(
                title="Test med lärlingar i Luleå",
                cohort="Lärlingar och handledare på tre verkstäder i Luleå",
                cohort_size=15,
                starts_days_ago=5,
                length_days=60,
                evaluation="Jämför rekryteringstiden med förra året.",
            ),
        ),
        feedback=(DemoFeedback(by="erik", text="Kan ni lägga till plåtslagare?", rating=4, days_ago=3),),
    ),
)


@dataclass
class ArenaDemoReport:
    people: int = 0
    needs: int = 0
    releases: int = 0
    ideas: int = 0
    challenges: int = 0
    services: int = 0
    skipped: bool = False


def _at(day: datetime, days: int) -> datetime:
    return day + timedelta(days=days)


def _organisation(session: Session, key: str) -> Organisation:
    try:
        return accounts.get_organisation(session, key=key)
    except OrganisationNotFound:
        type_, title_sv, title_en = ORGANISATIONS[key]
        return accounts.create_organisation(
            session,
            name=key,
            type_=type_,
            title_sv=title_sv,
            title_en=title_en,
            is_demo=True,
            description_sv="Demoorganisation i arenan.",
            description_en="Demo organisation in the arena.",
        )


def _people(session: Session, now: datetime) -> dict[str, str]:
    ids: dict[str, str] = {}
    for key, (name, organisation_key, role) in PEOPLE.items():
        person = Person(
            id=str(uuid.uuid4()),
            email=f"{key}@{DEMO_DOMAIN}",
            name=name,
            created_at=now,
            password_hash=None,
        )
        session.add(person)
        session.flush()
        if organisation_key is not None and role is not None:
            organisation = _organisation(session, organisation_key)
            session.add(
                Membership(organisation_id=organisation.id, person_id=person.id, role=role, created_at=now)
            )
        ids[key] = person.id
    session.flush()
    return ids


def already_seeded(session: Session) -> bool:
    return session.scalar(select(Person.id).where(Person.email == f"anna@{DEMO_DOMAIN}")) is not None


def seed_arena(session: Session, *, now: datetime | None = None) -> ArenaDemoReport:
    """Add the arena's demo content (once); the catalogue's demo agencies and datasets come first."""
    report = ArenaDemoReport()
    if already_seeded(session):
        report.skipped = True
        return report
    now = now or utcnow()
    people = _people(session, now - timedelta(days=200))
    report.people = len(people)
    need_ids = {demo.title: _seed_need(session, demo, people, now, report) for demo in NEEDS}
    challenge_ids = {
        demo.title: _seed_challenge(session, demo, people, need_ids, now, report) for demo in CHALLENGES
    }
    for idea in IDEAS:
        _seed_idea(session, idea, people, need_ids, challenge_ids, now, report)
    for showcased in SERVICES:
        _seed_service(session, showcased, people, need_ids, now, report)
    return report


def _person(session: Session, people: dict[str, str], key: str) -> service.Actor:
    return service.actor_for_person(session, person_id=people[key])


def _seed_challenge(
    session: Session,
    demo: DemoChallenge,
    people: dict[str, str],
    need_ids: dict[str, str],
    now: datetime,
    report: ArenaDemoReport,
) -> str:
    challenge = ideas.create_challenge(
        session,
        actor=_person(session, people, demo.by),
        data=ChallengeIn(
            title=demo.title,
            summary=demo.summary,
            description=demo.description,
            open_until=now.date() + timedelta(days=demo.open_days),
            needs=[need_ids[title] for title in demo.needs],
        ),
        now=now - timedelta(days=demo.days_ago),
    )
    report.challenges += 1
    return challenge.id


def _seed_idea(
    session: Session,
    demo: DemoIdea,
    people: dict[str, str],
    need_ids: dict[str, str],
    challenge_ids: dict[str, str],
    now: datetime,
    report: ArenaDemoReport,
) -> None:
    ideas.create_idea(
        session,
        actor=_person(session, people, demo.author),
        data=IdeaIn(
            title=demo.title,
            summary=demo.summary,
            description=demo.description,
            needs=[need_ids[title] for title in demo.needs],
            datasets=list(demo.datasets),
            organisation=demo.organisation,
            challenge_id=challenge_ids[demo.challenge] if demo.challenge else None,
        ),
        now=now - timedelta(days=demo.days_ago),
    )
    report.ideas += 1


def _seed_service(
    session: Session,
    demo: DemoService,
    people: dict[str, str],
    need_ids: dict[str, str],
    now: datetime,
    report: ArenaDemoReport,
) -> None:
    operator = _person(session, people, demo.by)
    showcased = showcase.create_service(
        session,
        actor=operator,
        data=ServiceIn(
            name=demo.name,
            summary_sv=demo.summary_sv,
            summary_en=demo.summary_en,
            description_sv=demo.description_sv,
            description_en=demo.description_en,
            url=demo.url,
            operator=demo.operator,
            datasets=list(demo.datasets),
            needs=[need_ids[title] for title in demo.needs],
            accessibility_conformance=demo.conformance,
            accessibility_statement_url=demo.statement_url,
            accessibility_statement=demo.statement,
        ),
        now=now - timedelta(days=demo.days_ago),
    )
    report.services += 1
    today: date = now.date()
    for pilot in demo.pilots:
        starts = today - timedelta(days=pilot.starts_days_ago)
        row = showcase.create_pilot(
            session,
            actor=operator,
            service_id=showcased.id,
            data=PilotIn(
                title=pilot.title,
                cohort=pilot.cohort,
                cohort_size=pilot.cohort_size,
                starts_on=starts,
                ends_on=starts + timedelta(days=pilot.length_days),
                evaluation=pilot.evaluation,
            ),
            now=now - timedelta(days=pilot.starts_days_ago + 2),
        )
        ended = starts + timedelta(days=pilot.length_days)
        if pilot.decision is not None and ended <= today:
            decision, result = pilot.decision
            showcase.decide_pilot(
                session,
                actor=operator,
                pilot_id=row.id,
                decision=decision,
                result=result,
                now=datetime.combine(ended, time(14), tzinfo=UTC),
            )
    for feedback in demo.feedback:
        author = _person(session, people, feedback.by)
        given = showcase.give_feedback(
            session,
            actor=author,
            service_id=showcased.id,
            data=FeedbackIn(text=feedback.text, rating=feedback.rating),
            now=now - timedelta(days=feedback.days_ago),
        )
        if feedback.to_need_lead is not None:
            showcase.feedback_to_need(
                session,
                actor=author,
                feedback_id=given.id,
                lead_agency=feedback.to_need_lead,
                now=now - timedelta(days=feedback.days_ago) + timedelta(hours=1),
            )
            report.needs += 1


def _seed_need(
    session: Session, demo: DemoNeed, people: dict[str, str], now: datetime, report: ArenaDemoReport
) -> str:
    # Every history starts at nine in the morning, Swedish working hours.
    start = datetime.combine((now - timedelta(days=demo.submitted_days_ago)).date(), time(8), tzinfo=UTC)
    author = service.actor_for_person(session, person_id=people[demo.author])
    # The full taxonomy has every concept named here; a smaller one (the tests') may lack some.
    unknown = set(unknown_concept_ids(session, ids=demo.concepts))
    concepts = [concept for concept in demo.concepts if concept not in unknown]
    need = service.create_need(
        session,
        actor=author,
        data=NeedIn(
            kind=demo.kind,
            title=demo.title,
            summary=demo.summary,
            description=demo.description,
            affected_groups=list(demo.groups),
            purpose=demo.purpose,
            desired_data=DesiredData.model_validate(demo.desired),
            region=demo.region,
            concepts=concepts,
            lead_agency=demo.lead,
            co_agencies=list(demo.co),
            submit=True,
        ),
        now=start,
    )
    report.needs += 1
    for offset, (key, stakeholder, note) in enumerate(demo.supports):
        service.support(
            session,
            need_id=need.id,
            person_id=people[key],
            stakeholder_type=stakeholder,
            use_note=note,
            now=_at(start, 1 + offset),
        )
    for key in demo.followers:
        service.follow(session, need_id=need.id, person_id=people[key], now=_at(start, 1))
    for step in demo.steps:
        when = _at(start, step.days)
        if when > now:
            break
        service.transition(
            session,
            need_id=need.id,
            actor=service.actor_for_person(session, person_id=people[step.by]),
            to=step.to,
            reason_code=step.reason,
            message=step.message,
            now=when,
        )
    for offset, (key, stance, text) in enumerate(demo.comments):
        service.add_comment(
            session,
            need_id=need.id,
            actor=service.actor_for_person(session, person_id=people[key]),
            data=CommentIn(text=text, stance=stance),
            now=_at(start, 2 + offset * 3),
        )
    if demo.release is not None and _at(start, demo.release.days) <= now:
        release = releases.record_release(
            session,
            actor=service.actor_for_person(session, person_id=people[demo.release.by]),
            need_id=need.id,
            dataset=demo.release.dataset,
            data_service=None,
            version="1",
            coverage=demo.release.coverage,
            note=demo.release.note,
            now=_at(start, demo.release.days),
        )
        report.releases += 1
        if demo.release.verdict is not None:
            days, verdict, note = demo.release.verdict
            if _at(start, days) <= now:
                releases.verify(
                    session,
                    person_id=people[demo.author],
                    release_id=release.id,
                    verdict=verdict,
                    note=note,
                    now=_at(start, days),
                )
    return need.id
