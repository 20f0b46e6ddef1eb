"""Controlled values of DCAT-AP 3.0.1 / DCAT-AP-SE used by the catalogue, with their EU vocabulary URIs."""

from __future__ import annotations

EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"

# EU data themes (data-theme authority table).
THEMES = {
    "AGRI": ("Jordbruk, fiske, skogsbruk och livsmedel", "Agriculture, fisheries, forestry and food"),
    "ECON": ("Ekonomi och finans", "Economy and finance"),
    "EDUC": ("Utbildning, kultur och sport", "Education, culture and sport"),
    "ENER": ("Energi", "Energy"),
    "ENVI": ("Miljö", "Environment"),
    "GOVE": ("Regeringen och den offentliga sektorn", "Government and public sector"),
    "HEAL": ("Hälsa", "Health"),
    "INTR": ("Internationella frågor", "International issues"),
    "JUST": (
        "Rättsliga frågor, rättssystemet och allmän säkerhet",
        "Justice, legal system and public safety",
    ),
    "REGI": ("Regioner och städer", "Regions and cities"),
    "SOCI": ("Befolkning och samhälle", "Population and society"),
    "TECH": ("Vetenskap och teknik", "Science and technology"),
    "TRAN": ("Transport", "Transport"),
}

ACCESS_RIGHTS = {
    "PUBLIC": ("Offentlig", "Public"),
    "RESTRICTED": ("Begränsad", "Restricted"),
    "NON_PUBLIC": ("Icke-offentlig", "Non-public"),
}

FREQUENCIES = {
    "CONT": ("Kontinuerlig", "Continuous"),
    "DAILY": ("Daglig", "Daily"),
    "WEEKLY": ("Veckovis", "Weekly"),
    "MONTHLY": ("Månatlig", "Monthly"),
    "QUARTERLY": ("Kvartalsvis", "Quarterly"),
    "ANNUAL": ("Årlig", "Annual"),
    "IRREG": ("Oregelbunden", "Irregular"),
    "NEVER": ("Aldrig", "Never"),
    "UNKNOWN": ("Okänd", "Unknown"),
}

# EU file types with their media types.
FORMATS = {
    "CSV": "text/csv",
    "JSON": "application/json",
    "JSON_LD": "application/ld+json",
    "RDF_TURTLE": "text/turtle",
    "RDF_XML": "application/rdf+xml",
    "PARQUET": "application/vnd.apache.parquet",
    "XML": "application/xml",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "PDF": "application/pdf",
    "HTML": "text/html",
    "ZIP": "application/zip",
    "GZIP": "application/gzip",
}

LICENCES = {
    "http://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
    "http://creativecommons.org/licenses/by/4.0/": "CC BY 4.0",
    "http://creativecommons.org/licenses/by-sa/4.0/": "CC BY-SA 4.0",
    "https://joinup.ec.europa.eu/licence/european-union-public-licence-version-12-eupl": "EUPL 1.2",
}


def theme_uri(code: str) -> str:
    return f"{EU_AUTHORITY}data-theme/{code}"


def access_rights_uri(code: str) -> str:
    return f"{EU_AUTHORITY}access-right/{code}"


def frequency_uri(code: str) -> str:
    return f"{EU_AUTHORITY}frequency/{code}"


def format_uri(code: str) -> str:
    return f"{EU_AUTHORITY}file-type/{code}"


FORMAT_NAMES = {"JSON_LD": "JSON-LD", "RDF_TURTLE": "RDF Turtle", "RDF_XML": "RDF/XML"}


def names_in(lang: str) -> dict[str, dict[str, str]]:
    """The controlled values with their names in `lang` (sv or en), for pages and forms."""
    index = 0 if lang == "sv" else 1
    return {
        "theme": {code: names[index] for code, names in THEMES.items()},
        "access_rights": {code: names[index] for code, names in ACCESS_RIGHTS.items()},
        "frequency": {code: names[index] for code, names in FREQUENCIES.items()},
        "licence": dict(LICENCES),
        "format": {code: FORMAT_NAMES.get(code, code) for code in FORMATS},
    }
