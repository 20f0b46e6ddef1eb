"""A small source directory cut from the real bundled sources, for tests that load several versions.

It keeps the ESCO occupations of two ISCO groups (2512 software developers, 2221 nursing professionals)
with their skills and relations, all ISCO groups and skill groups, the whole SSYK hierarchy with every
Swedish occupation name, and trimmed JobTech lists. The layout and formats are those of the real sources.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
from pathlib import Path
from typing import Any

KEPT_ISCO = {"2512", "2221"}


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(gzip.compress(buffer.getvalue().encode(), mtime=0))


def read_json(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    return loaded


def write_json(path: Path, concepts: list[dict[str, Any]]) -> None:
    path.write_text(
        json.dumps({"data": {"concepts": concepts}}, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def _trim_depth(items: list[dict[str, Any]], depth: int) -> list[dict[str, Any]]:
    trimmed = []
    for item in items:
        copy = dict(item)
        if depth <= 1:
            copy.pop("narrower", None)
        elif "narrower" in copy:
            copy["narrower"] = _trim_depth(copy["narrower"], depth - 1)
        trimmed.append(copy)
    return trimmed


def write_mini_sources(bundled: Path, target: Path) -> Path:
    esco_in, esco_out = bundled / "esco", target / "esco"
    esco_out.mkdir(parents=True)
    header, occupations = read_rows(esco_in / "occupations_en.csv.gz")
    occupations = [row for row in occupations if row["iscoGroup"] in KEPT_ISCO]
    write_rows(esco_out / "occupations_en.csv.gz", header, occupations)
    kept_occupations = {row["conceptUri"] for row in occupations}
    header, relations = read_rows(esco_in / "occupationSkillRelations.csv.gz")
    relations = [row for row in relations if row["occupationUri"] in kept_occupations]
    write_rows(esco_out / "occupationSkillRelations.csv.gz", header, relations)
    kept_skills = {row["skillUri"] for row in relations}
    header, skills = read_rows(esco_in / "skills_en.csv.gz")
    write_rows(
        esco_out / "skills_en.csv.gz", header, [row for row in skills if row["conceptUri"] in kept_skills]
    )
    for name in ("ISCOGroups_en.csv.gz", "skillGroups_en.csv.gz"):
        (esco_out / name).write_bytes((esco_in / name).read_bytes())
    header, rows = read_rows(esco_in / "broaderRelationsOccPillar.csv.gz")
    rows = [r for r in rows if r["conceptType"] == "ISCOGroup" or r["conceptUri"] in kept_occupations]
    write_rows(esco_out / "broaderRelationsOccPillar.csv.gz", header, rows)
    header, rows = read_rows(esco_in / "broaderRelationsSkillPillar.csv.gz")
    rows = [r for r in rows if r["conceptType"] == "SkillGroup" or r["conceptUri"] in kept_skills]
    write_rows(esco_out / "broaderRelationsSkillPillar.csv.gz", header, rows)
    header, rows = read_rows(esco_in / "skillSkillRelations.csv.gz")
    rows = [r for r in rows if r["originalSkillUri"] in kept_skills and r["relatedSkillUri"] in kept_skills]
    write_rows(esco_out / "skillSkillRelations.csv.gz", header, rows)
    _write_jobtech(bundled / "jobtech", target / "jobtech")
    (target / "scb").mkdir()
    (target / "scb" / "swedish_admin_areas.csv.gz").write_bytes(
        (bundled / "scb" / "swedish_admin_areas.csv.gz").read_bytes()
    )
    return target


def _write_jobtech(source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    for name in (
        "the-ssyk-hierarchy-with-occupations",
        "ssyk-level-4-with-related-isco-level-4-groups",
        "isco-level-4-groups",
        "substitutability-relations-between-occupations",
        "sun-level-hierarchy",
        "sun-field-hierarchy",
    ):
        write_json(target / f"{name}.json", read_json(source / f"{name}.json.gz")["data"]["concepts"])
    write_json(
        target / "sni-hierarchy.json",
        _trim_depth(read_json(source / "sni-hierarchy.json.gz")["data"]["concepts"], 2),
    )
    write_json(target / "skills.json", read_json(source / "skills.json.gz")["data"]["concepts"][:300])
    countries = read_json(source / "countries.json.gz")["data"]["concepts"]
    write_json(
        target / "countries.json", [c for i, c in enumerate(countries) if i < 40 or c["id"] == "i46j_HmG_v64"]
    )
    write_json(target / "languages.json", read_json(source / "languages.json.gz")["data"]["concepts"][:40])
    regions = read_json(source / "eu-regions.json.gz")["data"]["concepts"]
    swedish = [r for r in regions if r.get("national_nuts_level_3_code_2019")]
    others = [r for r in regions if not r.get("national_nuts_level_3_code_2019")][:30]
    write_json(target / "eu-regions.json", swedish + others)
    keywords = read_json(source / "keyword-concepts-with-relations.json.gz")["data"]["concepts"][:100]
    write_json(target / "keyword-concepts-with-relations.json", keywords)


def modify_sources(mini_sources: Path, target: Path) -> dict[str, str]:
    """Rename an ESCO occupation, drop one JobTech skill, and give another a new id (same label)."""
    shutil.copytree(mini_sources, target)
    path = target / "esco" / "occupations_en.csv.gz"
    header, rows = read_rows(path)
    renamed = rows[0]
    renamed["preferredLabel"] = "renamed occupation for the test"
    write_rows(path, header, rows)
    skills_path = target / "jobtech" / "skills.json"
    skills = json.loads(skills_path.read_text(encoding="utf-8"))
    concepts = skills["data"]["concepts"]
    dropped = concepts.pop(0)
    reissued = concepts[0]
    old_id = reissued["id"]
    reissued["id"] = "Test_New_Id1"
    skills_path.write_text(json.dumps(skills, ensure_ascii=False), encoding="utf-8")
    return {
        "renamed": "esco:" + renamed["conceptUri"].split("/esco/", 1)[1].replace("/", ":"),
        "dropped": f"jobtech:{dropped['id']}",
        "reissued_old": f"jobtech:{old_id}",
        "reissued_new": "jobtech:Test_New_Id1",
    }
