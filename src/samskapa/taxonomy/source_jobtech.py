"""The JobTech taxonomy (Swedish) and SCB's municipalities into the concept graph."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from samskapa.taxonomy.errors import SourceError
from samskapa.taxonomy.graph import JOBTECH_NAMESPACE, SAMSKAPA_NAMESPACE, ConceptDoc, Graph
from samskapa.taxonomy.source_esco import isco_uri
from samskapa.taxonomy.source_reader import read_concepts_json, read_csv, require


def _walk(
    items: list[dict[str, Any]], where: str, parent: dict[str, Any] | None = None
) -> Iterator[tuple[str, dict[str, Any], dict[str, Any] | None]]:
    for index, item in enumerate(items):
        path = f"{where}[{index}]"
        yield path, item, parent
        yield from _walk(item.get("narrower", []), path + ".narrower", item)


def _jobtech(
    item: dict[str, Any],
    *,
    id_: str,
    type_: str,
    scheme: str,
    notation: str | None = None,
    level: int | None = None,
) -> ConceptDoc:
    concept = ConceptDoc(
        id=id_,
        uri=JOBTECH_NAMESPACE + item["id"],
        type=type_,
        scheme=scheme,
        notation=notation,
        level=level,
        external_id=item["id"],
    )
    concept.add_label("sv", "pref", item["preferred_label"])
    definition = (item.get("definition") or "").strip()
    if definition and definition != item["preferred_label"].strip():
        concept.definitions["sv"] = definition
    return concept


def _level(type_name: str) -> int:
    return int(type_name.rsplit("-", 1)[1])


Source = tuple[str, list[dict[str, Any]]]
Derive = Callable[[dict[str, Any]], str]


def _hierarchy(
    graph: Graph, source: Source, *, code_key: str, prefix: str, type_: str, scheme: str
) -> dict[str, str]:
    """A nested `narrower` hierarchy of coded concepts; returns JobTech id -> our id."""
    display, items = source
    ids: dict[str, str] = {}
    for path, item, parent in _walk(items, "data.concepts"):
        require(display, item, path, "id", "preferred_label", "type")
        if item["type"] == "occupation-name":
            continue
        require(display, item, path, code_key)
        code = str(item[code_key])
        concept = graph.add(
            _jobtech(
                item,
                id_=f"{prefix}:{code}",
                type_=type_,
                scheme=scheme,
                notation=code,
                level=_level(item["type"]),
            )
        )
        ids[item["id"]] = concept.id
        if parent is not None:
            graph.relate(concept.id, "broader", ids[parent["id"]], provenance="jobtech")
    return ids


def load_jobtech(graph: Graph, directory: Path) -> dict[str, str]:
    """Read the JobTech files; returns JobTech concept id -> our id for every concept read."""
    ids: dict[str, str] = {}
    ssyk = read_concepts_json(directory, "the-ssyk-hierarchy-with-occupations.json")
    ids |= _hierarchy(
        graph,
        ssyk,
        code_key="ssyk_code_2012",
        prefix="ssyk",
        type_="ssyk-group",
        scheme="ssyk-2012",
    )
    ids |= _occupation_names(graph, ssyk, ids)
    ids |= _isco(graph, directory)
    _ssyk_to_isco(graph, directory, ids)
    _substitutability(graph, directory, ids)
    ids |= _hierarchy(
        graph,
        read_concepts_json(directory, "sun-level-hierarchy.json"),
        code_key="sun_education_level_code_2020",
        prefix="sun-level",
        type_="sun-level",
        scheme="sun-2020",
    )
    ids |= _hierarchy(
        graph,
        read_concepts_json(directory, "sun-field-hierarchy.json"),
        code_key="sun_education_field_code_2020",
        prefix="sun-field",
        type_="sun-field",
        scheme="sun-2020",
    )
    ids |= _hierarchy(
        graph,
        read_concepts_json(directory, "sni-hierarchy.json"),
        code_key="sni_level_code_2007",
        prefix="sni",
        type_="sni",
        scheme="sni-2007",
    )
    ids |= _flat(graph, read_concepts_json(directory, "skills.json"), type_="skill", scheme="jobtech")
    ids |= _flat(
        graph,
        read_concepts_json(directory, "countries.json"),
        type_="country",
        scheme="iso-3166",
        code=lambda item: f"country:{item['iso_3166_1_alpha_2_2013']}",
        notation=lambda item: item["iso_3166_1_alpha_2_2013"],
    )
    ids |= _flat(
        graph,
        read_concepts_json(directory, "languages.json"),
        type_="language",
        scheme="iso-639",
        code=_language_id,
        notation=lambda item: _language_id(item).split(":", 1)[1],
    )
    ids |= _regions(graph, directory)
    ids |= _keywords(graph, directory, ids)
    return ids


def _occupation_names(graph: Graph, source: Source, ids: dict[str, str]) -> dict[str, str]:
    display, items = source
    names: dict[str, str] = {}
    for path, item, parent in _walk(items, "data.concepts"):
        if item.get("type") != "occupation-name":
            continue
        if parent is None or parent.get("type") != "ssyk-level-4":
            raise SourceError(
                file=display, line=None, reason=f"{path}: occupation name outside an SSYK-4 group"
            )
        concept = graph.add(
            _jobtech(item, id_=f"jobtech:{item['id']}", type_="occupation-name", scheme="jobtech")
        )
        graph.relate(concept.id, "broader", ids[parent["id"]], provenance="jobtech")
        names[item["id"]] = concept.id
    return names


def _isco(graph: Graph, directory: Path) -> dict[str, str]:
    """Swedish labels and definitions of ISCO-08 groups, merged into the ESCO ISCO concepts by code."""
    display, items = read_concepts_json(directory, "isco-level-4-groups.json")
    ids: dict[str, str] = {}
    for index, item in enumerate(items):
        require(display, item, f"data.concepts[{index}]", "id", "preferred_label", "isco_code_08")
        code = item["isco_code_08"]
        concept = _jobtech(
            item, id_=f"isco:{code}", type_="isco-group", scheme="isco-08", notation=code, level=len(code)
        )
        concept.uri = isco_uri(code)
        ids[item["id"]] = graph.add(concept).id
    return ids


def _ssyk_to_isco(graph: Graph, directory: Path, ids: dict[str, str]) -> None:
    display, items = read_concepts_json(directory, "ssyk-level-4-with-related-isco-level-4-groups.json")
    for index, item in enumerate(items):
        require(display, item, f"data.concepts[{index}]", "id", "ssyk_code_2012")
        for related in item.get("related", []):
            require(display, related, f"data.concepts[{index}].related", "isco_code_08")
            target = f"isco:{related['isco_code_08']}"
            if target not in graph.concepts:
                raise SourceError(
                    file=display, line=None, reason=f"data.concepts[{index}]: unknown ISCO {target}"
                )
            graph.relate(f"ssyk:{item['ssyk_code_2012']}", "close_match", target, provenance="jobtech")


def _substitutability(graph: Graph, directory: Path, ids: dict[str, str]) -> None:
    display, items = read_concepts_json(directory, "substitutability-relations-between-occupations.json")
    for index, item in enumerate(items):
        require(display, item, f"data.concepts[{index}]", "id")
        for other in item.get("substitutes", []):
            require(
                display, other, f"data.concepts[{index}].substitutes", "id", "substitutability_percentage"
            )
            source, target = ids.get(item["id"]), ids.get(other["id"])
            if source is None or target is None:
                raise SourceError(
                    file=display,
                    line=None,
                    reason=f"data.concepts[{index}]: unknown occupation name in a substitution",
                )
            graph.relate(
                source,
                "substitutes",
                target,
                provenance="jobtech",
                weight=float(other["substitutability_percentage"]),
            )


def _language_id(item: dict[str, Any]) -> str:
    code = (
        item.get("iso_639_1_2002") or item.get("iso_639_3_2007") or item.get("iso_639_2_1998") or item["id"]
    )
    return f"language:{str(code).lower()}"


def _flat(
    graph: Graph,
    source: Source,
    *,
    type_: str,
    scheme: str,
    code: Derive | None = None,
    notation: Derive | None = None,
) -> dict[str, str]:
    display, items = source
    ids: dict[str, str] = {}
    for index, item in enumerate(items):
        require(display, item, f"data.concepts[{index}]", "id", "preferred_label")
        id_ = code(item) if code else f"jobtech:{item['id']}"
        concept = graph.add(
            _jobtech(item, id_=id_, type_=type_, scheme=scheme, notation=notation(item) if notation else None)
        )
        ids[item["id"]] = concept.id
    return ids


def _regions(graph: Graph, directory: Path) -> dict[str, str]:
    """NUTS-3 regions; the 21 Swedish län get their SCB code, and the 290 municipalities sit under them."""
    display, items = read_concepts_json(directory, "eu-regions.json")
    ids: dict[str, str] = {}
    for index, item in enumerate(items):
        require(display, item, f"data.concepts[{index}]", "id", "preferred_label")
        lan = item.get("national_nuts_level_3_code_2019")
        nuts = item.get("nuts_level_3_code_2021") or item.get("nuts_level_3_code_2013")
        if lan:
            concept = _jobtech(item, id_=f"lan:{lan}", type_="region", scheme="scb-lan", notation=lan)
            if nuts:
                concept.add_label("sv", "hidden", nuts)
        else:
            concept = _jobtech(
                item,
                id_=f"nuts:{nuts}" if nuts else f"jobtech:{item['id']}",
                type_="region",
                scheme="nuts",
                notation=nuts,
            )
        ids[item["id"]] = graph.add(concept).id
    return ids


def load_municipalities(graph: Graph, directory: Path) -> None:
    """SCB's 290 municipalities, each under its län."""
    required = ("municipality_code", "municipality_name", "county_code")
    for line, row in read_csv(directory, "swedish_admin_areas.csv", required=required):
        code = row["municipality_code"].strip()
        if len(code) != 4 or not code.isdigit():
            raise SourceError(
                file="scb/swedish_admin_areas.csv", line=line, reason=f"bad municipality code {code!r}"
            )
        concept = ConceptDoc(
            id=f"kommun:{code}",
            uri=f"{SAMSKAPA_NAMESPACE}municipality/{code}",
            type="municipality",
            scheme="scb-kommun",
            notation=code,
        )
        concept.add_label("sv", "pref", row["municipality_name"])
        concept.add_label("en", "pref", row["municipality_name"])
        graph.add(concept)
        county = f"lan:{row['county_code'].strip()}"
        if county not in graph.concepts:
            raise SourceError(
                file="scb/swedish_admin_areas.csv", line=line, reason=f"unknown county {county}"
            )
        graph.relate(concept.id, "broader", county, provenance="scb")


def _keywords(graph: Graph, directory: Path, ids: dict[str, str]) -> dict[str, str]:
    """Keywords and their related concepts; relations to kinds of concept we do not load are left out."""
    source = read_concepts_json(directory, "keyword-concepts-with-relations.json")
    keywords = _flat(graph, source, type_="keyword", scheme="jobtech")
    for item in source[1]:
        for related in item.get("related", []):
            target = ids.get(related.get("id", ""))
            if target is not None:
                graph.relate(keywords[item["id"]], "related", target, provenance="jobtech")
    return keywords
