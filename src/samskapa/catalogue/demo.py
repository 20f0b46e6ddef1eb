"""Demo content: the partnership's publishers and a few datasets each, clearly marked as demo."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from samskapa.accounts import service as accounts
from samskapa.accounts.errors import OrganisationNotFound
from samskapa.accounts.models import Organisation
from samskapa.catalogue import service
from samskapa.catalogue.schemas import DatasetIn, DistributionIn

CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
CC_BY = "http://creativecommons.org/licenses/by/4.0/"
DEMO_BASE = "https://demo.samskapa.se"

# (name, Swedish title, English title)
PUBLISHERS = [
    ("arbetsformedlingen-demo", "Arbetsförmedlingen (demo)", "Swedish Public Employment Service (demo)"),
    ("skolverket-demo", "Skolverket (demo)", "Swedish National Agency for Education (demo)"),
    ("uhr-demo", "Universitets- och högskolerådet (demo)", "Swedish Council for Higher Education (demo)"),
    (
        "myh-demo",
        "Myndigheten för yrkeshögskolan (demo)",
        "Swedish National Agency for Higher Vocational Education (demo)",
    ),
    ("scb-demo", "Statistiska centralbyrån (demo)", "Statistics Sweden (demo)"),
    ("csn-demo", "Centrala studiestödsnämnden (demo)", "Swedish Board of Student Finance (demo)"),
    (
        "tillvaxtverket-demo",
        "Tillväxtverket (demo)",
        "Swedish Agency for Economic and Regional Growth (demo)",
    ),
    ("uka-demo", "Universitetskanslersämbetet (demo)", "Swedish Higher Education Authority (demo)"),
]

# publisher -> [(name, sv title, en title, sv description, en description, themes, concepts, frequency)]
DATASETS: dict[str, list[tuple[str, str, str, str, str, list[str], list[str], str]]] = {
    "arbetsformedlingen-demo": [
        (
            "demo-yrkesprognoser",
            "Yrkesprognoser per län",
            "Occupational forecasts by county",
            "Bedömning av efterfrågan på arbetskraft per yrke och län, fem år framåt.",
            "Assessed demand for labour per occupation and county, five years ahead.",
            ["ECON", "SOCI"],
            ["ssyk:2512", "ssyk:2221"],
            "ANNUAL",
        ),
        (
            "demo-platsannonser-historik",
            "Historiska platsannonser",
            "Historical job advertisements",
            "Publicerade platsannonser med yrke, kommun och anställningsform.",
            "Published job advertisements with occupation, municipality and employment type.",
            ["ECON"],
            [],
            "DAILY",
        ),
    ],
    "skolverket-demo": [
        (
            "demo-gymnasieprogram",
            "Gymnasieprogram och inriktningar",
            "Upper-secondary programmes",
            "Nationella program med inriktningar, kurser och examensmål.",
            "National programmes with orientations, courses and degree objectives.",
            ["EDUC"],
            [],
            "ANNUAL",
        ),
    ],
    "uhr-demo": [
        (
            "demo-hogskoleutbildningar",
            "Utbud av högskoleutbildningar",
            "Higher-education offerings",
            "Kurser och program vid universitet och högskolor med anmälningsperioder.",
            "Courses and programmes at universities with their application periods.",
            ["EDUC"],
            [],
            "MONTHLY",
        ),
    ],
    "myh-demo": [
        (
            "demo-yh-utbildningar",
            "Yrkeshögskoleutbildningar",
            "Higher vocational education programmes",
            "Beviljade yrkeshögskoleutbildningar med yrkesinriktning och studieort.",
            "Approved higher vocational programmes with occupational focus and place of study.",
            ["EDUC", "ECON"],
            ["ssyk:3511"],
            "ANNUAL",
        ),
    ],
    "scb-demo": [
        (
            "demo-sysselsattning-yrke",
            "Sysselsatta efter yrke och region",
            "Employed persons by occupation and region",
            "Antal sysselsatta efter SSYK 2012 och län.",
            "Number of employed persons by SSYK 2012 and county.",
            ["ECON", "SOCI"],
            [],
            "ANNUAL",
        ),
    ],
    "csn-demo": [
        (
            "demo-studiestod",
            "Studiestöd efter utbildningsnivå",
            "Student finance by level of education",
            "Antal personer med studiemedel efter utbildningsnivå och kön.",
            "Recipients of student finance by level of education and sex.",
            ["EDUC", "ECON"],
            [],
            "ANNUAL",
        ),
    ],
    "tillvaxtverket-demo": [
        (
            "demo-kompetensforsorjning",
            "Regional kompetensförsörjning",
            "Regional competence supply",
            "Indikatorer för kompetensförsörjning per län.",
            "Indicators of competence supply by county.",
            ["REGI", "ECON"],
            [],
            "ANNUAL",
        ),
    ],
    "uka-demo": [
        (
            "demo-examina",
            "Examina från högskolan",
            "Higher-education degrees",
            "Utfärdade examina per lärosäte och utbildningsområde.",
            "Degrees awarded by institution and field of education.",
            ["EDUC"],
            [],
            "ANNUAL",
        ),
    ],
}


@dataclass
class DemoReport:
    organisations: int
    datasets: dict[str, str]


def _organisation(session: Session, name: str, title_sv: str, title_en: str) -> Organisation:
    try:
        return accounts.get_organisation(session, key=name)
    except OrganisationNotFound:
        return accounts.create_organisation(
            session,
            name=name,
            type_="agency",
            title_sv=title_sv,
            title_en=title_en,
            is_demo=True,
            description_sv="Demoorganisation: exempeldata, inte myndighetens riktiga publicering.",
            description_en="Demo organisation: example data, not the agency's real publishing.",
        )


def seed_catalogue(session: Session) -> DemoReport:
    """Create the demo publishers and their datasets; running it again changes nothing."""
    report = DemoReport(organisations=0, datasets={})
    for name, title_sv, title_en in PUBLISHERS:
        organisation = _organisation(session, name, title_sv, title_en)
        report.organisations += 1
        for entry in DATASETS.get(name, []):
            slug, t_sv, t_en, d_sv, d_en, themes, concepts, frequency = entry
            data = DatasetIn(
                name=slug,
                title_sv=t_sv,
                title_en=t_en,
                description_sv=d_sv,
                description_en=d_en,
                keywords_sv=["demo"],
                keywords_en=["demo"],
                themes=themes,
                concepts=concepts,
                spatial=["country:SE"],
                frequency=frequency,
                access_rights="PUBLIC",
                contact_name=title_sv,
                contact_email=f"{name}@demo.samskapa.se",
                distributions=[
                    DistributionIn(
                        title_sv=f"{t_sv} (CSV)",
                        title_en=f"{t_en} (CSV)",
                        access_url=f"{DEMO_BASE}/{name}/{slug}.csv",
                        download_url=f"{DEMO_BASE}/{name}/{slug}.csv",
                        format="CSV",
                        licence=CC0,
                    )
                ],
            )
            dataset, outcome = service.upsert_dataset(
                session,
                organisation=organisation,
                data=data,
                source_uri=f"{DEMO_BASE}/{name}/{slug}",
                is_demo=True,
            )
            report.datasets[dataset.name] = outcome
    return report
