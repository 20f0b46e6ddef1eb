"""ESCO v1.1.1 (English CSV download) into the concept graph."""

from __future__ import annotations

from pathlib import Path

from samskapa.taxonomy.errors import SourceError
from samskapa.taxonomy.graph import ConceptDoc, Graph
from samskapa.taxonomy.source_reader import read_csv

ESCO_BASE = "http://data.europa.eu/esco/"
ISCO_BASE = ESCO_BASE + "isco/C"

# The conceptType column of ESCO's relation files, mapped to our concept types.
_ESCO_TYPES = {
    "Occupation": "occupation",
    "KnowledgeSkillCompetence": "skill",
    "SkillGroup": "skill-group",
    "ISCOGroup": "isco-group",
}


def esco_id(uri: str) -> str:
    """Our id for an ESCO URI: ISCO groups by code (`isco:2512`), others by their path (`esco:skill:…`)."""
    if uri.startswith(ISCO_BASE):
        return "isco:" + uri[len(ISCO_BASE) :]
    if not uri.startswith(ESCO_BASE):
        raise ValueError(uri)
    return "esco:" + uri[len(ESCO_BASE) :].replace("/", ":")


def isco_uri(code: str) -> str:
    """The ESCO URI of an ISCO-08 group."""
    return f"{ISCO_BASE}{code}"


def _id_for(uri: str, display: str, line: int) -> str:
    try:
        return esco_id(uri)
    except ValueError as exc:
        raise SourceError(file=display, line=line, reason=f"not an ESCO URI: {uri!r}") from exc


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("\n") if part.strip()]


def _labelled(concept: ConceptDoc, row: dict[str, str]) -> ConceptDoc:
    concept.add_label("en", "pref", row["preferredLabel"])
    for text in _split(row.get("altLabels", "")):
        concept.add_label("en", "alt", text)
    for text in _split(row.get("hiddenLabels", "")):
        concept.add_label("en", "hidden", text)
    definition = (row.get("definition") or "").strip() or (row.get("description") or "").strip()
    if definition:
        concept.definitions["en"] = definition
    return concept


def load_esco(graph: Graph, directory: Path) -> None:
    """Read ESCO occupations, skills, skill groups, ISCO groups and every relation file."""
    display = "esco/"
    for line, row in read_csv(
        directory, "ISCOGroups_en.csv", required=("conceptUri", "code", "preferredLabel")
    ):
        code = row["code"].strip()
        concept = ConceptDoc(
            id=_id_for(row["conceptUri"], display + "ISCOGroups_en.csv", line),
            uri=row["conceptUri"],
            type="isco-group",
            scheme="isco-08",
            notation=code,
            level=len(code),
        )
        graph.add(_labelled(concept, row))
    for line, row in read_csv(
        directory, "occupations_en.csv", required=("conceptUri", "preferredLabel", "iscoGroup")
    ):
        concept = ConceptDoc(
            id=_id_for(row["conceptUri"], display + "occupations_en.csv", line),
            uri=row["conceptUri"],
            type="occupation",
            scheme="esco",
            notation=row.get("code") or None,
        )
        graph.add(_labelled(concept, row))
    for line, row in read_csv(directory, "skills_en.csv", required=("conceptUri", "preferredLabel")):
        concept = ConceptDoc(
            id=_id_for(row["conceptUri"], display + "skills_en.csv", line),
            uri=row["conceptUri"],
            type="skill",
            scheme="esco",
            skill_type=row.get("skillType") or None,
            reuse_level=row.get("reuseLevel") or None,
        )
        graph.add(_labelled(concept, row))
    for line, row in read_csv(directory, "skillGroups_en.csv", required=("conceptUri", "preferredLabel")):
        concept = ConceptDoc(
            id=_id_for(row["conceptUri"], display + "skillGroups_en.csv", line),
            uri=row["conceptUri"],
            type="skill-group",
            scheme="esco",
            notation=row.get("code") or None,
        )
        graph.add(_labelled(concept, row))
    _load_esco_relations(graph, directory)


def _endpoint(graph: Graph, uri: str, type_name: str, display: str, line: int) -> str:
    """The id of a relation's end; ESCO sometimes refers to concepts its files do not describe."""
    concept_id = _id_for(uri, display, line)
    if concept_id not in graph.concepts:
        concept_type = _ESCO_TYPES.get(type_name)
        if concept_type is None:
            raise SourceError(file=display, line=line, reason=f"unknown concept type {type_name!r}")
        graph.add(ConceptDoc(id=concept_id, uri=uri, type=concept_type, scheme="esco", status="referenced"))
        graph.warnings.append(
            f"{display}, line {line}: {uri} is referenced but not described; kept as a stub"
        )
    return concept_id


def _load_esco_relations(graph: Graph, directory: Path) -> None:
    name = "occupationSkillRelations.csv"
    for line, row in read_csv(directory, name, required=("occupationUri", "relationType", "skillUri")):
        kind = row["relationType"].strip()
        if kind not in ("essential", "optional"):
            raise SourceError(file="esco/" + name, line=line, reason=f"unknown relationType {kind!r}")
        source = _endpoint(graph, row["occupationUri"], "Occupation", "esco/" + name, line)
        target = _endpoint(graph, row["skillUri"], "KnowledgeSkillCompetence", "esco/" + name, line)
        graph.relate(source, f"{kind}_skill", target, provenance="esco")
    name = "skillSkillRelations.csv"
    for line, row in read_csv(
        directory, name, required=("originalSkillUri", "relationType", "relatedSkillUri")
    ):
        kind = row["relationType"].strip()
        if kind not in ("essential", "optional"):
            raise SourceError(file="esco/" + name, line=line, reason=f"unknown relationType {kind!r}")
        source = _endpoint(graph, row["originalSkillUri"], "KnowledgeSkillCompetence", "esco/" + name, line)
        target = _endpoint(graph, row["relatedSkillUri"], "KnowledgeSkillCompetence", "esco/" + name, line)
        graph.relate(source, f"{kind}_skill", target, provenance="esco")
    for name in ("broaderRelationsOccPillar.csv", "broaderRelationsSkillPillar.csv"):
        required = ("conceptType", "conceptUri", "broaderType", "broaderUri")
        for line, row in read_csv(directory, name, required=required):
            source = _endpoint(graph, row["conceptUri"], row["conceptType"], "esco/" + name, line)
            target = _endpoint(graph, row["broaderUri"], row["broaderType"], "esco/" + name, line)
            graph.relate(source, "broader", target, provenance="esco")
