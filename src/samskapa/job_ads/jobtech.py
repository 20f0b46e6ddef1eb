"""Job ads in the JobTech JobSearch JSON shape, accepted as they come and turned into our schema.

The fields used are those of JobSearch's hits and JobStream's items: `id`, `headline`, `description.text`,
`employer{name, organization_number, url}`, `occupation{concept_id, label}`, `occupation_group`,
`workplace_address{municipality_code, region_code, ...}`, `employment_type`, `working_hours_type`,
`must_have.skills` / `nice_to_have.skills`, `publication_date`, `application_deadline`,
`number_of_vacancies`, `salary_description`, `webpage_url`, `remote_work` and `removed`. Concept ids are
JobTech's; the taxonomy knows them (a JobTech id finds its concept), so they are translated to ours here.
Everything else JobSearch sends is ignored.
"""

from __future__ import annotations

from typing import Any

from samskapa.taxonomy.lookup import ConceptLookup

_SWEDISH = frozenset(
    [
        "och",
        "att",
        "som",
        "för",
        "med",
        "är",
        "på",
        "av",
        "till",
        "vi",
        "du",
        "det",
        "har",
        "en",
        "ett",
        "vår",
    ]
)
_ENGLISH = frozenset(
    ["and", "the", "to", "of", "with", "is", "are", "for", "you", "we", "our", "in", "at", "your", "as", "be"]
)


def looks_like_jobtech(data: dict[str, Any]) -> bool:
    """JobTech hits have an `id` and object-valued fields (description, occupation); ours have neither (our
    `external_id` is the key, and JobTech's own `external_id` is the employer's reference, not used)."""
    hallmarks = ("description", "occupation", "workplace_address", "employer")
    return "id" in data and any(isinstance(data.get(name), dict) for name in hallmarks)


def guess_language(text: str) -> str:
    """Swedish or English, by counting common function words (JobTech ads carry no language field)."""
    words = text.lower().split()[:400]
    swedish = sum(1 for word in words if word in _SWEDISH)
    english = sum(1 for word in words if word in _ENGLISH)
    return "en" if english > swedish else "sv"


def _concept(lookup: ConceptLookup, value: Any) -> str | None:
    if not isinstance(value, dict) or not value.get("concept_id"):
        return None
    key = str(value["concept_id"])
    found = lookup.get(key)
    return found.id if found else key


def _code(prefix: str, value: Any) -> str | None:
    return f"{prefix}:{value}" if isinstance(value, str) and value.strip() else None


def _skills(lookup: ConceptLookup, block: Any) -> list[str]:
    if not isinstance(block, dict):
        return []
    found = [_concept(lookup, item) for item in block.get("skills") or []]
    return [item for item in found if item]


def _label(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("concept_id") or value.get("label")
    return None


def from_jobtech(data: dict[str, Any], lookup: ConceptLookup) -> dict[str, Any]:
    """A JobTech hit as a dict in our ingest schema (validated afterwards like any other row)."""
    description = data.get("description") or {}
    text = description.get("text") if isinstance(description, dict) else None
    employer = data.get("employer") or {}
    address = data.get("workplace_address") or {}
    details = data.get("application_details") or {}
    converted: dict[str, Any] = {
        "external_id": str(data.get("id")),
        "removed": bool(data.get("removed")),
    }
    if converted["removed"]:
        return converted
    converted.update(
        {
            "headline": data.get("headline"),
            "description": text,
            "lang": guess_language(f"{data.get('headline') or ''} {text or ''}"),
            "employer": {
                key: value
                for key, value in {
                    "name": employer.get("name") or employer.get("workplace"),
                    "organisation_number": employer.get("organization_number"),
                    "url": employer.get("url"),
                }.items()
                if value
            },
            "occupation": _concept(lookup, data.get("occupation")),
            "ssyk": _concept(lookup, data.get("occupation_group")),
            "municipality": _code("kommun", address.get("municipality_code")),
            "region": _code("lan", address.get("region_code")),
            "employment_type": _label(data.get("employment_type")),
            "working_hours": _label(data.get("working_hours_type")),
            "remote": bool(data.get("remote_work") or data.get("remote")),
            "skills": _skills(lookup, data.get("must_have")),
            "nice_to_have_skills": _skills(lookup, data.get("nice_to_have")),
            "published_at": data.get("publication_date"),
            "expires_at": data.get("application_deadline") or data.get("last_publication_date"),
            "vacancies": data.get("number_of_vacancies"),
            "salary": data.get("salary_description"),
            "url": data.get("webpage_url") or details.get("url"),
        }
    )
    return {key: value for key, value in converted.items() if value is not None}
