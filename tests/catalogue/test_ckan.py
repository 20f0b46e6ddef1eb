"""The CKAN Action API driven by the unmodified `ckanapi` package over real HTTP, in POST and GET modes.

Each server is uvicorn in a background thread serving create_app(settings) over its own fresh database, so
that ckanapi's RemoteCKAN and its command line (run as subprocesses) talk to it as they would to CKAN.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import ckanapi  # type: ignore[import-untyped]  # ckanapi ships no types
import pytest
import requests
import uvicorn
from sqlalchemy import insert, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from samskapa.accounts import service as accounts
from samskapa.catalogue import service
from samskapa.catalogue.models import Dataset, DatasetKeyword, DatasetTheme, Distribution
from samskapa.config import Settings
from samskapa.core.db import create_session_factory, session_scope
from samskapa.main import create_app
from tests.catalogue.factories import dataset, organisation
from tests.databases import DatabaseFactory

CKANAPI = str(Path(sys.executable).with_name("ckanapi"))
CC_BY = "http://creativecommons.org/licenses/by/4.0/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
MODES = [pytest.param(False, id="post"), pytest.param(True, id="get_only")]


@dataclass
class Site:
    url: str
    engine: Engine
    names: list[str]  # active datasets
    withdrawn: str
    key: str


def _free_port() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="module")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Start uvicorn threads serving the app over a given engine; all are stopped after the module."""
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(engine: Engine) -> str:
        sock = _free_port()
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        settings = Settings(
            database_url=engine.url.render_as_string(hide_password=False),
            data_dir=tmp_path_factory.mktemp("data"),
            environment="test",
            base_url=url,
        )
        config = uvicorn.Config(create_app(settings), log_level="warning", access_log=False)
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        for _ in range(500):  # wait (up to 10 s) until it accepts requests; no timing is asserted
            if server.started:
                break
            time.sleep(0.02)
        assert server.started, "the test server did not start"
        servers.append((server, thread))
        return url

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=30)


def _fresh_engine(databases: DatabaseFactory, mini_sources: Path, name: str) -> Engine:
    return databases.migrated_engine(name, mini_sources)


def _set_modified(session: Session, dataset_id: str, moment: datetime) -> None:
    session.execute(update(Dataset).where(Dataset.id == dataset_id).values(modified=moment))


@pytest.fixture(scope="module")
def site(databases: DatabaseFactory, mini_sources: Path, serve: Any) -> Site:
    """Eight datasets of three organisations with known keywords, themes, formats, licences and dates."""
    engine = _fresh_engine(databases, mini_sources, "ckan")
    with session_scope(create_session_factory(engine)) as session:
        scb = organisation(session, name="scb")
        skolverket = organisation(session, name="skolverket")
        organisation(session, name="tom")  # no datasets
        made = [
            dataset(session, scb, name="yrken-2023", keywords_sv=["yrken", "prognos"], themes=["ECON"]),
            dataset(session, scb, name="loner", keywords_sv=["löner"], themes=["ECON", "SOCI"]),
            dataset(session, scb, name="befolkning", title_sv="Befolkning per län", keywords_sv=["län"]),
            dataset(session, skolverket, name="skolor", themes=["EDUC"], keywords_en=["schools"]),
            dataset(
                session,
                skolverket,
                name="betyg",
                title_en="Grades",
                distributions=[
                    {
                        "title_sv": "JSON",
                        "title_en": "JSON",
                        "access_url": "https://example.org/betyg.json",
                        "format": "JSON",
                        "licence": CC0,
                        "checksum_sha256": "a" * 64,
                    }
                ],
            ),
            dataset(session, skolverket, name="elever"),
            dataset(session, skolverket, name="larare", keywords_sv=["yrken"]),
        ]
        gone = dataset(session, skolverket, name="nedlagd")
        service.withdraw_dataset(session, dataset=gone)
        base = datetime(2024, 1, 1, tzinfo=UTC)
        # yrken-2023 modified 2023-06-01; the others 2024-01-01, 2024-02-01, … one every 31 days
        _set_modified(session, made[0].id, datetime(2023, 6, 1, tzinfo=UTC))
        for number, row in enumerate(made[1:]):
            _set_modified(session, row.id, base + timedelta(days=31 * number))
        key = accounts.create_api_key(session, organisation=scb, client_name="ckan", scopes=[])[1]
        names = sorted(row.name for row in made)
    return Site(url=serve(engine), engine=engine, names=names, withdrawn="nedlagd", key=key)


def _ckan(site: Site, get_only: bool = False, **kwargs: Any) -> ckanapi.RemoteCKAN:
    return ckanapi.RemoteCKAN(site.url, get_only=get_only, **kwargs)


# --- the envelope, paths and parameters ------------------------------------------------------------------


@pytest.mark.parametrize("get_only", MODES)
def test_status_show_and_util_status(site: Site, get_only: bool) -> None:
    status = _ckan(site, get_only).action.status_show()
    assert status["ckan_version"].startswith("2.")
    assert status["site_url"] == site.url
    util = requests.get(f"{site.url}/api/util/status", timeout=30)
    assert util.status_code == 200
    assert util.json()["ckan_version"] == status["ckan_version"]


def test_both_paths_answer_without_redirects_in_the_envelope(site: Site) -> None:
    for path in ("/api/3/action/package_list", "/api/action/package_list"):
        for response in (
            requests.get(site.url + path, allow_redirects=False, timeout=30),
            requests.post(site.url + path, json={}, allow_redirects=False, timeout=30),
        ):
            assert response.status_code == 200, response.text
            body = response.json()
            assert body["success"] is True
            assert body["help"] == f"{site.url}/api/3/action/help_show?name=package_list"
            assert body["result"] == site.names, "active datasets only, by name"
    help_text = requests.get(
        f"{site.url}/api/3/action/help_show", params={"name": "package_search"}, timeout=30
    )
    assert "fq" in help_text.json()["result"]


def test_lists_come_as_repeated_parameters_json_arrays_json_strings_or_forms(site: Site) -> None:
    url = f"{site.url}/api/3/action/package_search"
    fields = ["organization", "tags"]
    answers = [
        requests.get(url, params=[("facet.field", "organization"), ("facet.field", "tags")], timeout=30),
        requests.get(url, params={"facet.field": json.dumps(fields)}, timeout=30),
        requests.post(url, json={"facet.field": fields}, timeout=30),
        requests.post(url, json={"facet.field": json.dumps(fields)}, timeout=30),
        requests.post(url, data={"facet.field": fields}, timeout=30),
        requests.post(url, data={json.dumps({"facet.field": fields}): "1"}, timeout=30),  # old CKAN clients
    ]
    for answer in answers:
        assert answer.status_code == 200, answer.text
        assert set(answer.json()["result"]["search_facets"]) == set(fields)


def test_bad_requests_are_answered_in_the_envelope(site: Site) -> None:
    url = f"{site.url}/api/3/action"
    bad_json = requests.post(
        f"{url}/package_show", data=b"{nope", headers={"Content-Type": "application/json"}, timeout=30
    )
    assert bad_json.status_code == 400
    assert bad_json.json()["success"] is False
    not_object = requests.post(f"{url}/package_show", json=["x"], timeout=30)
    assert not_object.status_code == 400
    unknown = requests.get(f"{url}/no_such_action", timeout=30)
    assert unknown.status_code == 400
    assert "package_search" in unknown.json()["error"]["known"]
    with pytest.raises(ckanapi.CKANAPIError):
        _ckan(site).call_action("no_such_action")


# --- errors as ckanapi's exceptions ----------------------------------------------------------------------


@pytest.mark.parametrize("get_only", MODES)
def test_errors_map_to_ckanapi_exceptions(site: Site, get_only: bool) -> None:
    ckan = _ckan(site, get_only)
    with pytest.raises(ckanapi.NotFound, match="no-such-dataset"):
        ckan.action.package_show(id="no-such-dataset")
    with pytest.raises(ckanapi.NotFound):
        ckan.action.organization_show(id="no-such-org")
    with pytest.raises(ckanapi.NotFound):
        ckan.action.resource_show(id=str(uuid.uuid4()))
    with pytest.raises(ckanapi.ValidationError) as missing:
        ckan.action.package_show()
    assert missing.value.error_dict["id"] == ["Missing value"]
    with pytest.raises(ckanapi.ValidationError) as not_a_number:
        ckan.action.package_search(rows="many")
    assert "rows" in not_a_number.value.error_dict
    with pytest.raises(ckanapi.SearchQueryError, match="Unknown search field 'colour'"):
        ckan.action.package_search(q="colour:blue")
    with pytest.raises(ckanapi.SearchQueryError, match="Unknown search field"):
        ckan.action.package_search(fq="colour:blue")
    with pytest.raises(ckanapi.SearchQueryError, match="sort"):
        ckan.action.package_search(sort="popularity desc")
    with pytest.raises(ckanapi.SearchQueryError, match="Invalid search parameters: colour"):
        ckan.action.package_search(colour="blue")
    with pytest.raises(ckanapi.SearchQueryError, match="res_format"):
        ckan.action.package_search(fq="res_format:BMP")  # a value no dataset can have is an error too
    with pytest.raises(ckanapi.SearchQueryError, match="facet"):
        ckan.call_action("package_search", {"facet.field": ["colour"]})
    with pytest.raises(ckanapi.NotAuthorized):
        _ckan(site, get_only, apikey="smk_not-a-key").action.package_list()
    with pytest.raises(ckanapi.NotAuthorized, match="read-only"):
        ckan.action.package_create(name="new")


def test_error_statuses_are_ckans(site: Site) -> None:
    url = f"{site.url}/api/3/action"
    cases = [
        ("package_show", {"id": "nope"}, 404, "Not Found Error"),
        ("package_show", {}, 409, "Validation Error"),
        ("package_search", {"q": "colour:blue"}, 400, "Search Query Error"),
        ("package_create", {}, 403, "Authorization Error"),
    ]
    for name, params, status, kind in cases:
        response = requests.post(f"{url}/{name}", json=params, timeout=30)
        assert response.status_code == status, name
        assert response.json()["success"] is False
        assert response.json()["error"]["__type"] == kind


def test_a_valid_key_is_accepted_in_every_header_form(site: Site) -> None:
    url = f"{site.url}/api/3/action/package_list"
    for headers in (
        {"Authorization": site.key},
        {"Authorization": f"Bearer {site.key}"},
        {"X-CKAN-API-Key": site.key},
    ):
        response = requests.get(url, headers=headers, timeout=30)
        assert response.status_code == 200, headers
        assert "RateLimit-Policy" in response.headers
    assert _ckan(site, apikey=site.key).action.package_list() == site.names


# --- package_show, package_search and the package dict --------------------------------------------------


@pytest.mark.parametrize("get_only", MODES)
def test_package_show_by_id_or_name_counts_api_calls(site: Site, get_only: bool) -> None:
    ckan = _ckan(site, get_only)

    def api_calls(dataset_id: str) -> int:
        with session_scope(create_session_factory(site.engine)) as session:
            return service.usage_totals(session, [dataset_id]).get(dataset_id, {}).get("api_calls", 0)

    by_name = ckan.action.package_show(id="betyg")
    before = api_calls(by_name["id"])
    by_id = ckan.action.package_show(id=by_name["id"], include_tracking=True)  # extra parameters are ignored
    assert by_id == by_name
    assert api_calls(by_id["id"]) == before + 1
    gone = ckan.action.package_show(id=site.withdrawn)
    assert gone["state"] == "deleted"


def test_the_package_dict_has_ckans_fields_and_dcat_extras(site: Site) -> None:
    package = _ckan(site).action.package_show(id="betyg")
    assert package["name"] == "betyg"
    assert package["type"] == "dataset"
    assert package["private"] is False
    assert package["state"] == "active"
    assert package["title"] == package["title_translated"]["sv"]
    assert package["title_translated"]["en"] == "Grades"
    assert set(package["notes_translated"]) == {"sv", "en"}
    assert package["license_id"] == "CC0-1.0"
    assert package["license_url"] == CC0
    assert package["organization"]["name"] == "skolverket"
    assert package["organization"]["is_organization"] is True
    assert package["owner_org"] == package["organization"]["id"]
    assert package["num_resources"] == len(package["resources"]) == 1
    assert package["num_tags"] == len(package["tags"])
    assert [tag["name"] for tag in package["tags"]] == ["yrken", "occupations"]
    assert package["tags_translated"] == {"sv": ["yrken"], "en": ["occupations"]}
    assert [group["name"] for group in package["groups"]] == ["educ"]
    resource = package["resources"][0]
    assert resource["package_id"] == package["id"]
    assert resource["url"] == "https://example.org/betyg.json"
    assert resource["format"] == "JSON"
    assert resource["mimetype"] == "application/json"
    assert resource["hash"] == "a" * 64
    assert set(resource) >= {"id", "name", "description", "size", "access_url", "license", "position"}
    datetime.fromisoformat(package["metadata_created"])
    datetime.fromisoformat(package["metadata_modified"])
    extras = {extra["key"]: extra["value"] for extra in package["extras"]}
    assert extras["identifier"] == package["id"]
    assert extras["uri"] == f"{site.url}/dataset/{package['id']}"
    assert extras["frequency"] == "http://publications.europa.eu/resource/authority/frequency/ANNUAL"
    assert extras["access_rights"].endswith("/access-right/PUBLIC")
    assert json.loads(extras["theme"]) == ["http://publications.europa.eu/resource/authority/data-theme/EDUC"]
    assert extras["contact_email"] == "data@example.org"
    assert extras["spatial_uri"].startswith("http")
    assert {"issued", "modified", "contact_name", "publisher_name"} <= set(extras)
    assert _ckan(site).action.resource_show(id=resource["id"]) == resource


@pytest.mark.parametrize("get_only", MODES)
def test_package_search_with_q_fq_facets_and_paging(site: Site, get_only: bool) -> None:
    ckan = _ckan(site, get_only)
    everything = ckan.action.package_search(rows=100)
    assert everything["count"] == len(site.names)
    assert sorted(p["name"] for p in everything["results"]) == site.names
    assert everything["facets"] == {}
    assert everything["sort"] == "score desc, metadata_modified desc"
    found = ckan.call_action(
        "package_search",
        {
            "q": "organization:scb",
            "fq": 'tags:yrken OR tags:"löner"',
            "facet.field": ["groups", "tags", "organization", "res_format", "license_id"],
            "facet.limit": 10,
        },
    )
    assert sorted(p["name"] for p in found["results"]) == ["loner", "yrken-2023"]
    assert found["facets"]["groups"] == {"econ": 2, "soci": 1}
    assert found["facets"]["organization"] == {"scb": 2}
    assert found["facets"]["license_id"] == {"CC-BY-4.0": 2}
    assert found["search_facets"]["groups"]["title"] == "groups"
    econ = found["search_facets"]["groups"]["items"][0]
    assert econ == {"name": "econ", "display_name": "Ekonomi och finans", "count": 2}
    scb = found["search_facets"]["organization"]["items"][0]
    assert scb["name"] == "scb"
    assert scb["display_name"].startswith("Organisation "), "the organisation's Swedish title"
    one_facet = ckan.call_action(
        "package_search", {"facet.field": ["organization"], "facet.limit": 1, "rows": 0}
    )
    assert one_facet["results"] == []
    assert one_facet["facets"]["organization"] == {"skolverket": 4}
    frequent = ckan.call_action("package_search", {"facet.field": '["groups"]', "facet.mincount": 3})
    assert frequent["facets"]["groups"] == {"educ": 5}
    pages = [
        ckan.action.package_search(sort="name asc", rows=3, start=start)["results"] for start in (0, 3, 6)
    ]
    assert [p["name"] for page in pages for p in page] == site.names
    phrase = ckan.action.package_search(q='"per län"')
    assert [p["name"] for p in phrase["results"]] == ["befolkning"]
    title = ckan.action.package_search(q="title:grades")
    assert [p["name"] for p in title["results"]] == ["betyg"]
    both = ckan.action.package_search(q="*:*", fq="groups:educ +res_format:JSON")
    assert [p["name"] for p in both["results"]] == ["betyg"]
    deleted = ckan.action.package_search(q=f"name:{site.withdrawn}", include_deleted=True)
    assert [p["state"] for p in deleted["results"]] == ["deleted"]


@pytest.mark.parametrize("get_only", MODES)
def test_metadata_modified_ranges_in_q_and_fq(site: Site, get_only: bool) -> None:
    ckan = _ckan(site, get_only)
    newer = "metadata_modified:[2024-01-01T00:00:00Z TO *]"
    for params in ({"q": newer}, {"fq": newer}, {"fq": [newer, "organization:scb"]}):
        found = ckan.call_action("package_search", {**params, "rows": 100})
        expected = len(site.names) - 1 if "organization:scb" not in str(params) else 2
        assert found["count"] == expected, params
        assert "yrken-2023" not in {p["name"] for p in found["results"]}
    older = ckan.action.package_search(fq="metadata_modified:[* TO 2024-01-01T00:00:00Z}")
    assert [p["name"] for p in older["results"]] == ["yrken-2023"]
    window = ckan.action.package_search(q="metadata_modified:{2024-01-01T00:00:00Z TO 2024-03-01]", rows=100)
    assert window["count"] == 1
    assert ckan.action.package_search(q="metadata_modified:[NOW-1DAY TO *]")["count"] == 0
    with pytest.raises(ckanapi.SearchQueryError, match="not a date"):
        ckan.action.package_search(q="metadata_modified:[yesterday TO *]")
    with pytest.raises(ckanapi.SearchQueryError, match="Malformed range"):
        ckan.action.package_search(fq="metadata_modified:[2024-01-01 TO]")


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        (
            "metadata_modified desc",
            lambda p: (-datetime.fromisoformat(p["metadata_modified"]).timestamp(), p["id"]),
        ),
        ("metadata_modified asc", lambda p: (p["metadata_modified"], p["id"])),
        ("id asc", lambda p: p["id"]),
        ("name asc", lambda p: p["name"]),
        ("title asc", lambda p: (p["title"], p["id"])),
        (
            "score desc, metadata_modified desc",
            lambda p: (-datetime.fromisoformat(p["metadata_modified"]).timestamp(), p["id"]),
        ),
    ],
)
def test_sorts_are_total_orders(site: Site, sort: str, key: Any) -> None:
    results = _ckan(site).action.package_search(sort=sort, rows=100)["results"]
    if sort.startswith("title"):
        assert [p["title"] for p in results] == sorted(p["title"] for p in results)
    else:
        assert results == sorted(results, key=key)
    paged = [
        _ckan(site).action.package_search(sort=sort, rows=2, start=start)["results"]
        for start in range(0, 8, 2)
    ]
    assert [p["id"] for page in paged for p in page] == [p["id"] for p in results]


# --- the other actions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("get_only", MODES)
def test_organizations_groups_tags_and_licences(site: Site, get_only: bool) -> None:
    ckan = _ckan(site, get_only)
    assert ckan.action.organization_list() == ["scb", "skolverket", "tom"]
    full = ckan.action.organization_list(all_fields=True, sort="package_count desc")
    assert [(o["name"], o["package_count"]) for o in full] == [("skolverket", 4), ("scb", 3), ("tom", 0)]
    assert full[0]["type"] == "organization"
    shown = ckan.action.organization_show(id="scb", include_datasets=True)
    assert shown["package_count"] == 3
    assert sorted(p["name"] for p in shown["packages"]) == ["befolkning", "loner", "yrken-2023"]
    assert "packages" not in ckan.action.organization_show(id=shown["id"])
    groups = ckan.action.group_list(all_fields=True)
    assert {g["name"]: g["package_count"] for g in groups}["educ"] == 5
    assert len(groups) == 13
    assert ckan.action.group_show(id="econ")["package_count"] == 2
    tags = ckan.action.tag_list()
    assert tags == sorted(tags)
    assert {"yrken", "löner", "schools"} <= set(tags)
    assert ckan.action.tag_list(query="yrk") == ["yrken"]
    licences = {licence["id"]: licence for licence in ckan.action.license_list()}
    assert licences["CC-BY-4.0"]["url"] == CC_BY
    assert ckan.action.package_list(limit=2, offset=1) == site.names[1:3]
    recent = ckan.action.current_package_list_with_resources(limit=2)
    assert [p["name"] for p in recent] == ["larare", "elever"]
    assert "resources" in recent[0]
    second = ckan.action.current_package_list_with_resources(limit=2, offset=2)
    assert [p["name"] for p in second] == ["betyg", "skolor"]
    assert ckan.action.current_package_list_with_resources(limit=2, page=2) == second


# --- ckanapi's command line -----------------------------------------------------------------------------


def _cli(*arguments: str) -> list[dict[str, Any]]:
    # `dump` starts its workers as `ckanapi` found on PATH, so the virtualenv's bin comes first.
    env = {**os.environ, "PATH": f"{Path(CKANAPI).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    completed = subprocess.run([CKANAPI, *arguments], capture_output=True, check=False, timeout=300, env=env)
    assert completed.returncode == 0, completed.stderr.decode()
    return [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("flags", [pytest.param((), id="post"), pytest.param(("-g",), id="get_only")])
def test_cli_search_and_dump_return_every_dataset_once(site: Site, flags: tuple[str, ...]) -> None:
    searched = _cli("search", "datasets", "-r", site.url, *flags)
    assert sorted(p["name"] for p in searched) == site.names
    narrowed = _cli("search", "datasets", "q=organization:scb", "-r", site.url, *flags)
    assert sorted(p["name"] for p in narrowed) == ["befolkning", "loner", "yrken-2023"]
    dumped = _cli("dump", "datasets", "--all", "-q", "-r", site.url, *flags)
    assert sorted(p["name"] for p in dumped) == site.names
    assert all(p["resources"] for p in dumped)


# --- paging over many datasets --------------------------------------------------------------------------

MANY = 10_000


def _bulk_datasets(session: Session, organisation_id: str, count: int) -> None:
    """Rows straight into the tables (the service validates each one, which is needlessly slow here)."""
    base = datetime(2024, 1, 1, tzinfo=UTC)
    datasets, distributions, keywords, themes = [], [], [], []
    for number in range(count):
        dataset_id = str(uuid.uuid4())
        moment = base + timedelta(days=number % 7)  # few distinct timestamps: the id tie-break matters
        datasets.append(
            {
                "id": dataset_id,
                "name": f"many-{number:05d}",
                "organisation_id": organisation_id,
                "state": "active",
                "title_sv": f"Datamängd {number}",
                "title_en": f"Dataset {number}",
                "description_sv": "Beskrivning.",
                "description_en": "Description.",
                "access_rights": "PUBLIC",
                "frequency": None,
                "spatial": "[]",
                "contact_name": "Desk",
                "contact_email": "desk@example.org",
                "conforms_to": "[]",
                "issued": moment,
                "modified": moment,
                "created_at": moment,
                "search_text": f"datamängd {number} dataset {number}",
                "is_demo": False,
            }
        )
        distributions.append(
            {
                "id": str(uuid.uuid4()),
                "dataset_id": dataset_id,
                "position": 0,
                "title_sv": "CSV",
                "title_en": "CSV",
                "access_url": f"https://example.org/{number}.csv",
                "format": "CSV",
                "media_type": "text/csv",
                "licence": CC_BY,
                "modified": moment,
            }
        )
        keywords.append({"dataset_id": dataset_id, "lang": "sv", "keyword": f"k{number % 10}"})
        themes.append({"dataset_id": dataset_id, "theme": "EDUC"})
    for table, rows in ((Dataset, datasets), (Distribution, distributions), (DatasetKeyword, keywords)):
        session.execute(insert(table), rows)
    session.execute(insert(DatasetTheme), themes)


@pytest.fixture(scope="module")
def many(databases: DatabaseFactory, mini_sources: Path, serve: Any) -> str:
    engine = _fresh_engine(databases, mini_sources, "ckan_many")
    with session_scope(create_session_factory(engine)) as session:
        owner = organisation(session, name="many")
        _bulk_datasets(session, owner.id, MANY)
    return str(serve(engine))


@pytest.mark.parametrize(
    ("sort", "get_only"),
    [("id asc", False), ("metadata_modified desc", True)],
    ids=["id-post", "modified-get"],
)
def test_paging_over_ten_thousand_datasets_returns_each_once(many: str, sort: str, get_only: bool) -> None:
    ckan = ckanapi.RemoteCKAN(many, get_only=get_only)
    seen: list[str] = []
    start = 0
    while True:
        page = ckan.action.package_search(sort=sort, rows=1000, start=start)
        assert page["count"] == MANY
        if not page["results"]:
            break
        seen.extend(p["id"] for p in page["results"])
        start += len(page["results"])
    assert len(seen) == MANY
    assert len(set(seen)) == MANY
    if sort == "id asc":
        assert seen == sorted(seen)
    capped = ckan.action.package_search(rows=5000)
    assert len(capped["results"]) == 1000, "rows is capped at 1000 as in CKAN"
