"""The platform's own data, registered in its catalogue with live distributions.

Each area adds its entries here as it opens data; `samskapa catalogue register-platform` (run by `make run`)
keeps them current and is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from samskapa.accounts import service as accounts
from samskapa.accounts.errors import OrganisationNotFound
from samskapa.accounts.models import Organisation
from samskapa.catalogue import service
from samskapa.catalogue.schemas import DataServiceIn, DatasetIn, DistributionIn
from samskapa.taxonomy import service as taxonomy

PLATFORM_ORGANISATION = "samskapa"
CC_BY = "http://creativecommons.org/licenses/by/4.0/"


@dataclass
class PlatformReport:
    datasets: dict[str, str]
    services: list[str]


def platform_organisation(session: Session) -> Organisation:
    """The organisation that publishes the platform's own data (made on first use)."""
    try:
        return accounts.get_organisation(session, key=PLATFORM_ORGANISATION)
    except OrganisationNotFound:
        return accounts.create_organisation(
            session,
            name=PLATFORM_ORGANISATION,
            type_="agency",
            title_sv="Samskapa (den gemensamma plattformen)",
            title_en="Samskapa (the joint platform)",
            description_sv="Den gemensamma datainfrastrukturen som myndigheterna driver tillsammans.",
            description_en="The shared data infrastructure the agencies run together.",
            homepage=None,
            email="data@samskapa.se",
        )


def taxonomy_dataset(*, base_url: str, version: int) -> DatasetIn:
    """The common language as a dataset: SKOS dumps of the latest version and the API."""
    return DatasetIn(
        name="samskapa-taxonomy",
        title_sv="Gemensamt språk: yrken, kompetenser, utbildning och regioner",
        title_en="Common language: occupations, skills, education and regions",
        description_sv=(
            "Ett begreppsnätverk byggt av ESCO v1.1.1 och JobTech-taxonomin: yrken, kompetenser, SSYK 2012, "
            "ISCO-08, svenska yrkesbenämningar, SUN 2020, SNI 2007, län och kommuner, med kopplingar mellan "
            f"systemen. Version {version}."
        ),
        description_en=(
            "A concept graph built from ESCO v1.1.1 and the JobTech taxonomy: occupations, skills, "
            "SSYK 2012, ISCO-08, Swedish occupation names, SUN 2020, SNI 2007, counties and municipalities, "
            f"with mappings between the schemes. Version {version}."
        ),
        keywords_sv=["yrken", "kompetenser", "taxonomi", "SSYK", "ESCO"],
        keywords_en=["occupations", "skills", "taxonomy", "SSYK", "ESCO"],
        themes=["EDUC", "ECON"],
        spatial=["country:SE"],
        frequency="IRREG",
        access_rights="PUBLIC",
        contact_name="Samskapa",
        contact_email="data@samskapa.se",
        landing_page=f"{base_url}/concepts",
        conforms_to=["http://www.w3.org/2004/02/skos/core"],
        distributions=[
            DistributionIn(
                title_sv=f"SKOS, Turtle (version {version})",
                title_en=f"SKOS, Turtle (version {version})",
                access_url=f"{base_url}/v1/taxonomy/{version}.ttl",
                download_url=f"{base_url}/v1/taxonomy/{version}.ttl",
                format="RDF_TURTLE",
                licence=CC_BY,
            ),
            DistributionIn(
                title_sv=f"SKOS, JSON-LD (version {version})",
                title_en=f"SKOS, JSON-LD (version {version})",
                access_url=f"{base_url}/v1/taxonomy/{version}.jsonld",
                download_url=f"{base_url}/v1/taxonomy/{version}.jsonld",
                format="JSON_LD",
                licence=CC_BY,
            ),
            DistributionIn(
                title_sv="API: /v1/concepts",
                title_en="API: /v1/concepts",
                access_url=f"{base_url}/v1/concepts",
                format="JSON",
                licence=CC_BY,
            ),
        ],
    )


CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"


@dataclass(frozen=True)
class Collection:
    """A published collection of the platform (job ads, education offerings) and its distributions."""

    name: str
    path: str  # the API path, e.g. "ads"
    basename: str  # of the bulk files
    title_sv: str
    title_en: str
    description_sv: str
    description_en: str
    keywords_sv: tuple[str, ...]
    keywords_en: tuple[str, ...]
    licence: str


COLLECTIONS = (
    Collection(
        name="samskapa-job-ads",
        path="ads",
        basename="job-ads",
        title_sv="Platsannonser",
        title_en="Job ads",
        description_sv=(
            "Platsannonser som organisationer publicerar på plattformen, med yrke, SSYK, kommun, län, "
            "anställningsform och kompetenser som begrepp ur det gemensamma språket. Demoannonserna är "
            "genererade (synthetic) och märkta som sådana."
        ),
        description_en=(
            "Job ads published on the platform by organisations, with occupation, SSYK, municipality, "
            "county, employment type and skills as concepts of the common language. The demo ads are "
            "generated and marked as synthetic."
        ),
        keywords_sv=("platsannonser", "jobb", "kompetensförsörjning"),
        keywords_en=("job ads", "vacancies", "competence supply"),
        licence=CC0,
    ),
    Collection(
        name="samskapa-education",
        path="education",
        basename="education",
        title_sv="Utbildningar och kurser",
        title_en="Education offerings",
        description_sv=(
            "Utbildningstillfällen enligt European Learning Model och EMIL: anordnare, titel, "
            "förväntade studieresultat, nivå (SUN, ISCED, SeQF), inriktning, poäng, studietakt, form "
            "och ort. Demodata: Mittuniversitetets kursplaner (allmänna handlingar; källan anger ingen "
            "licens)."
        ),
        description_en=(
            "Learning opportunities following the European Learning Model and EMIL: provider, title, "
            "learning outcomes, level (SUN, ISCED, SeQF), field, credits, pace, mode and location. Demo "
            "data: Mid Sweden University's course syllabi (public documents; the source states no licence)."
        ),
        keywords_sv=("utbildning", "kurser", "studieresultat", "livslångt lärande"),
        keywords_en=("education", "courses", "learning outcomes", "lifelong learning"),
        licence=CC_BY,
    ),
)


def collection_dataset(collection: Collection, *, base_url: str) -> DatasetIn:
    """A collection as a dataset: bulk files, the snapshot and the change stream, the search API."""
    api = f"{base_url}/v1/{collection.path}"
    bulk = f"{api}/bulk/{collection.basename}"

    def distribution(
        title_sv: str, title_en: str, url: str, fmt: str, download: bool = True
    ) -> DistributionIn:
        return DistributionIn(
            title_sv=title_sv,
            title_en=title_en,
            access_url=url,
            download_url=url if download else None,
            format=fmt,
            licence=collection.licence,
        )

    return DatasetIn(
        name=collection.name,
        title_sv=collection.title_sv,
        title_en=collection.title_en,
        description_sv=collection.description_sv,
        description_en=collection.description_en,
        keywords_sv=list(collection.keywords_sv),
        keywords_en=list(collection.keywords_en),
        themes=["EDUC", "ECON"],
        spatial=["country:SE"],
        frequency="CONT",
        access_rights="PUBLIC",
        contact_name="Samskapa",
        contact_email="data@samskapa.se",
        landing_page=f"{base_url}/{collection.path}",
        distributions=[
            distribution("Parquet (alla aktuella)", "Parquet (all live items)", f"{bulk}.parquet", "PARQUET"),
            distribution("CSV (alla aktuella)", "CSV (all live items)", f"{bulk}.csv", "CSV"),
            distribution("JSON Lines, gzip", "JSON Lines, gzipped", f"{bulk}.jsonl.gz", "GZIP"),
            distribution(
                "Databeskrivning (datapackage.json)",
                "Data Package descriptor (datapackage.json)",
                f"{api}/bulk/datapackage.json",
                "JSON",
            ),
            distribution("Ögonblicksbild (JSON)", "Snapshot (JSON)", f"{api}/snapshot", "JSON"),
            distribution(
                "Ändringsström (JSON)", "Change stream (JSON)", f"{api}/stream", "JSON", download=False
            ),
            distribution("Sök-API", "Search API", api, "JSON", download=False),
        ],
    )


ARENA_DATASET = "samskapa-arena-needs"


def arena_dataset(*, base_url: str) -> DatasetIn:
    """The arena as a dataset: the public needs and their status events, by API and as one bulk file.

    Authors appear only as the arena's stable pseudonyms; drafts and needs hidden by moderation are left out.
    """
    api = f"{base_url}/v1"

    def distribution(
        title_sv: str, title_en: str, url: str, *, download: bool = False, media_type: str | None = None
    ) -> DistributionIn:
        return DistributionIn(
            title_sv=title_sv,
            title_en=title_en,
            access_url=url,
            download_url=url if download else None,
            format="JSON",
            media_type=media_type,
            licence=CC_BY,
        )

    return DatasetIn(
        name=ARENA_DATASET,
        title_sv="Medskapandearenan: behov av data och myndigheternas svar",
        title_en="The co-creation arena: data needs and the agencies' answers",
        description_sv=(
            "Alla inskickade behov i arenan (problem och databehov från medborgare, organisationer, "
            "företag och myndigheter) med hela sin statushistorik: triagering, bedömning, beslut, "
            "utveckling, leverans och verifiering, med skälkoder och myndigheternas offentliga "
            "motiveringar. Författare anges bara med en stabil pseudonym, aldrig med namn, e-post eller "
            "person-id; utkast och behov som döljs i väntan på moderering ingår inte."
        ),
        description_en=(
            "Every submitted need in the arena (problems and data needs from citizens, organisations, "
            "companies and agencies) with its full status history: triage, assessment, decision, work, "
            "release and verification, with reason codes and the agencies' public explanations. Authors "
            "appear only as a stable pseudonym, never a name, email or person id; drafts and needs hidden "
            "pending moderation are left out."
        ),
        keywords_sv=["behov", "databehov", "medskapande", "öppna data", "myndigheter", "uppföljning"],
        keywords_en=["needs", "data needs", "co-creation", "open data", "agencies", "accountability"],
        themes=["GOVE", "TECH"],
        spatial=["country:SE"],
        frequency="CONT",
        access_rights="PUBLIC",
        contact_name="Samskapa",
        contact_email="data@samskapa.se",
        landing_page=f"{base_url}/arena",
        distributions=[
            distribution(
                "Alla offentliga behov med statushändelser (JSON Lines)",
                "All public needs with their status events (JSON Lines)",
                f"{api}/arena/needs.jsonl",
                download=True,
                media_type="application/jsonl",
            ),
            distribution("API: behov (/v1/needs)", "API: needs (/v1/needs)", f"{api}/needs"),
            distribution(
                "API: statushändelser (/v1/arena/status-events)",
                "API: status events (/v1/arena/status-events)",
                f"{api}/arena/status-events",
            ),
        ],
    )


def register_platform(session: Session, *, base_url: str) -> PlatformReport:
    """Create or update the platform's own datasets and APIs in the catalogue."""
    organisation = platform_organisation(session)
    report = PlatformReport(datasets={}, services=[])
    version = taxonomy.current_version(session)
    if version is not None:
        data = taxonomy_dataset(base_url=base_url, version=version)
        dataset, outcome = service.upsert_dataset(
            session, organisation=organisation, data=data, source_uri=f"{base_url}/platform/taxonomy"
        )
        report.datasets[dataset.name] = outcome
        api = service.upsert_data_service(
            session,
            organisation=organisation,
            data=DataServiceIn(
                name="samskapa-api",
                title_sv="Samskapas API",
                title_en="Samskapa API",
                description_sv="Plattformens öppna API.",
                description_en="The platform's open API.",
                endpoint_url=f"{base_url}/v1",
                endpoint_description=f"{base_url}/openapi.json",
                licence=CC_BY,
                access_rights="PUBLIC",
                serves=[dataset.id],
            ),
        )
        report.services.append(api.name)
    for collection in COLLECTIONS:
        dataset, outcome = service.upsert_dataset(
            session,
            organisation=organisation,
            data=collection_dataset(collection, base_url=base_url),
            source_uri=f"{base_url}/platform/{collection.path}",
        )
        report.datasets[dataset.name] = outcome
    dataset, outcome = service.upsert_dataset(
        session,
        organisation=organisation,
        data=arena_dataset(base_url=base_url),
        source_uri=f"{base_url}/platform/arena",
    )
    report.datasets[dataset.name] = outcome
    return report
