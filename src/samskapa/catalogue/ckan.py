"""CKAN Action API subset (read-only): /api/3/action/{name}, /api/action/{name} and /api/util/status.

Clients written for CKAN, the `ckanapi` package among them, use it unchanged. Parameters come as GET query
parameters, a JSON body or a form; lists as repeated parameters, JSON arrays or JSON strings. Answers are
CKAN's envelope `{"help", "success", "result"}`; errors carry CKAN's `__type` and status (Not Found Error 404,
Authorization Error 403, Validation Error 409, Search Query Error 400 as ckan/views/api.py sends it).

How the catalogue reads in CKAN's terms (see also catalogue/ckan_query.py for the search syntax):
- `title`/`notes` are Swedish; `title_translated`/`notes_translated`/`tags_translated` carry sv and en
  (ckanext-fluent); tags are the Swedish and English keywords together.
- Groups are the EU data themes (name `educ` for EDUC, title in Swedish); organisations are organizations.
- `license_id` is an SPDX-style id (CC-BY-4.0) of the first distribution's licence, `license_url` its URI.
- DCAT-AP fields sit in `extras` under ckanext-dcat's keys (uri, identifier, issued, modified, frequency,
  access_rights, theme, spatial_uri, temporal_start/_end, conforms_to, contact_name/_email, publisher_*);
  every region covered is in `spatial_coverage`. Timestamps are CKAN's naive UTC ISO 8601.
- A withdrawn dataset is shown with state "deleted" and is searchable with include_deleted=true.
- Results are not relevance-ranked: `score` in a sort is skipped; every order ends with id.
- The key is optional; a key that is sent must be valid (Authorization Error otherwise) and is rate-limited.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from samskapa import __version__
from samskapa.accounts import service as accounts
from samskapa.catalogue import ckan_query, search, service, vocabularies
from samskapa.catalogue.ckan_views import (
    Context,
    group_dict,
    organization_dict,
    package_dicts,
    stable_id,
    tag_dict,
)
from samskapa.catalogue.errors import InvalidSearch
from samskapa.config import Settings
from samskapa.core.db import session_scope
from samskapa.core.errors import DomainError, Forbidden, NotFound, TooManyRequests, Unauthenticated
from samskapa.web.deps import SettingsDep, get_principal, presented_key

router = APIRouter(include_in_schema=False)

CKAN_VERSION = "2.10.0"
ROWS_DEFAULT, ROWS_MAX = 10, 1000  # CKAN's package_search default and ckan.search.rows_max
FACET_LIMIT_DEFAULT = 50
SEARCH_QUERY_ERROR_STATUS = 400  # what ckan/views/api.py answers; ckanapi maps the error by __type alone
READ_ONLY = {"create", "update", "patch", "delete", "purge", "reorder", "upsert", "member_"}
PACKAGE_SEARCH_PARAMETERS = {
    "q",
    "fq",
    "fq_list",
    "sort",
    "rows",
    "start",
    "facet",
    "facet.field",
    "facet.limit",
    "facet.mincount",
    "include_private",
    "include_drafts",
    "include_deleted",
    "use_default_schema",
    "callback",
}


class CkanError(Exception):
    """An error answered in CKAN's shape."""

    def __init__(self, status: int, kind: str, message: str | None = None, **fields: Any) -> None:
        super().__init__(message or kind)
        self.status, self.kind, self.message, self.fields = status, kind, message, fields
        self.headers: dict[str, str] = {}

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"__type": self.kind, **self.fields}
        if self.message is not None:
            error["message"] = self.message
        return error


def _invalid(name: str, message: str) -> CkanError:
    error = CkanError(409, "Validation Error")
    error.fields[name] = [message]
    return error


def _from_domain(exc: DomainError) -> CkanError:
    if isinstance(exc, NotFound):
        error = CkanError(404, "Not Found Error", f"Not found: {exc.message}")
    elif isinstance(exc, Forbidden | Unauthenticated):
        error = CkanError(403, "Authorization Error", f"Access denied: {exc.message}")
    elif isinstance(exc, InvalidSearch):
        hint = f" {exc.hint}" if exc.hint else ""
        error = CkanError(
            SEARCH_QUERY_ERROR_STATUS, "Search Query Error", f"Search Query is invalid: {exc.message}{hint}"
        )
    elif isinstance(exc, TooManyRequests):
        error = CkanError(429, "Rate Limit Error", f"{exc.message} {exc.hint or ''}".strip())
    elif exc.field_errors:
        error = _invalid(exc.field_errors[0].field, exc.field_errors[0].message)
        for item in exc.field_errors[1:]:
            error.fields.setdefault(item.field, []).append(item.message)
    else:
        error = CkanError(409, "Validation Error", message=exc.message)
    error.headers = dict(exc.headers)
    return error


# --- request data ------------------------------------------------------------------------------------------


@dataclass
class RequestData:
    values: dict[str, Any]
    problem: str | None = None


def _mixed(items: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    """One value per key, or a list when the key repeats (CKAN's reading of query strings and forms)."""
    out: dict[str, Any] = {}
    for key, value in items:
        if key in out:
            out[key] = [*out[key], value] if isinstance(out[key], list) else [out[key], value]
        else:
            out[key] = value
    return out


async def request_data(request: Request) -> RequestData:
    """The action's parameters: the query string, overridden by a JSON body or a form."""
    data = _mixed(request.query_params.multi_items())
    if request.method != "POST":
        return RequestData(data)
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        items = [(key, value) for key, value in form.multi_items() if isinstance(value, str)]
        # Old CKAN clients post the JSON as the one field's name ('{"id": "x"}=1').
        if len(items) == 1 and items[0][1] in ("", "1") and items[0][0].lstrip().startswith("{"):
            return _json_data(data, items[0][0].encode())
        return RequestData({**data, **_mixed(items)})
    return _json_data(data, await request.body())


def _json_data(data: dict[str, Any], body: bytes) -> RequestData:
    if not body.strip():
        return RequestData(data)
    try:
        parsed = json.loads(body)
    except ValueError as exc:
        return RequestData(data, f"JSON Error: {exc}")
    if not isinstance(parsed, dict):
        return RequestData(
            data, f"Request data JSON decoded to {type(parsed).__name__}; it must be an object."
        )
    return RequestData({**data, **parsed})


# --- parameters --------------------------------------------------------------------------------------------


def _text(data: Mapping[str, Any], name: str, default: str = "") -> str:
    value = data.get(name)
    if value is None:
        return default
    if isinstance(value, list | dict):
        raise _invalid(name, "Must be a string")
    return str(value)


def _integer(data: Mapping[str, Any], name: str, default: int, *, minimum: int = 0) -> int:
    value = data.get(name)
    if value is None or value == "":
        return default
    try:
        if isinstance(value, bool | list | dict | float):
            raise ValueError(value)
        number = int(value)
    except ValueError:
        raise _invalid(name, "Invalid integer") from None
    if number < minimum:
        raise _invalid(name, f"Must be at least {minimum}")
    return number


def _boolean(data: Mapping[str, Any], name: str, default: bool = False) -> bool:
    value = data.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "1", "yes", "on"):
        return True
    if str(value).lower() in ("false", "0", "no", "off"):
        return False
    raise _invalid(name, "Must be true or false")


def _string_list(data: Mapping[str, Any], name: str) -> list[str]:
    value = data.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, str) and value.lstrip().startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            raise _invalid(name, "Not a JSON list") from None
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, str | int) for item in items):
        raise _invalid(name, "Must be a list of strings")
    return [str(item) for item in items]


def _required(data: Mapping[str, Any], name: str) -> str:
    value = _text(data, name)
    if not value:
        raise _invalid(name, "Missing value")
    return value


# --- views -------------------------------------------------------------------------------------------------


Action = Callable[[Context, dict[str, Any]], Any]
ACTIONS: dict[str, Action] = {}


def action(function: Action) -> Action:
    """Register an action under its function's name; its docstring is what help_show returns."""
    ACTIONS[function.__name__] = function
    return function


def site_status(settings: Settings) -> dict[str, Any]:
    return {
        "site_title": "Samskapa",
        "site_description": "Shared data infrastructure for lifelong learning and competence supply",
        "site_url": settings.base_url,
        "ckan_version": CKAN_VERSION,
        "samskapa_version": __version__,
        "error_emails_to": None,
        "locale_default": "sv",
        "locales_offered": ["sv", "en"],
        "extensions": ["samskapa"],
    }


@action
def status_show(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    """The site, its version and the CKAN API version it follows."""
    return site_status(ctx.settings)


@action
def help_show(ctx: Context, data: dict[str, Any]) -> str:
    """The documentation of an action (`name`)."""
    name = _required(data, "name")
    if name not in ACTIONS:
        raise CkanError(404, "Not Found Error", f"Not found: Action function not found: {name}")
    return (ACTIONS[name].__doc__ or name).strip()


@action
def package_list(ctx: Context, data: dict[str, Any]) -> list[str]:
    """Names of the active datasets in name order; `limit` and `offset` page through them."""
    limit = _integer(data, "limit", 0, minimum=0) or None
    return service.dataset_names(ctx.session, offset=_integer(data, "offset", 0), limit=limit)


@action
def package_show(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    """One dataset by `id` or name, withdrawn ones included (state "deleted"); counts as an API call."""
    dataset = service.get_dataset(ctx.session, key=_required(data, "id"))
    service.record_usage(ctx.session, dataset_id=dataset.id, api_calls=1)
    return package_dicts(ctx, [dataset])[0]


@action
def resource_show(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    """One resource (a distribution) by `id`."""
    resource_id = _required(data, "id")
    dataset = service.dataset_of_distribution(ctx.session, distribution_id=resource_id)
    if dataset is None:
        raise CkanError(404, "Not Found Error", f"Not found: No resource has the id '{resource_id}'.")
    package = package_dicts(ctx, [dataset])[0]
    return next(resource for resource in package["resources"] if resource["id"] == resource_id)


def _facets(
    ctx: Context, query: search.DatasetQuery, data: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    names = _string_list(data, "facet.field")
    if not names or not _boolean(data, "facet", True):
        return {}, {}
    unknown = [name for name in names if name not in ckan_query.FACET_FIELDS]
    if unknown:
        raise InvalidSearch(
            f"Unknown facet field(s): {', '.join(unknown)}.",
            hint=f"Facet on: {', '.join(ckan_query.FACET_FIELDS)}.",
        )
    limit = _integer(data, "facet.limit", FACET_LIMIT_DEFAULT, minimum=-1)
    mincount = _integer(data, "facet.mincount", 1, minimum=0)
    ours = [ckan_query.FACET_FIELDS[name] for name in names]
    counted = search.facets(ctx.session, query, names=ours, limit=limit if limit >= 0 else 1_000_000)
    titles = _facet_titles(ctx)
    facets: dict[str, Any] = {}
    search_facets: dict[str, Any] = {}
    for name, our_name in zip(names, ours, strict=True):
        items = [
            (ckan_query.facet_value(name, value), count)
            for value, count in counted[our_name]
            if count >= mincount
        ]
        facets[name] = dict(items)
        search_facets[name] = {
            "title": name,
            "items": [
                {"name": value, "display_name": titles.get(name, {}).get(value, value), "count": count}
                for value, count in items
            ],
        }
    return facets, search_facets


def _facet_titles(ctx: Context) -> dict[str, dict[str, str]]:
    return {
        "organization": {o.name: o.title_sv for o in accounts.list_organisations(ctx.session)},
        "groups": {ckan_query.theme_group_name(code): sv for code, (sv, _en) in vocabularies.THEMES.items()},
        "license_id": {ckan_query.licence_id(uri): title for uri, title in vocabularies.LICENCES.items()},
        "access_rights": {code: sv for code, (sv, _en) in vocabularies.ACCESS_RIGHTS.items()},
    }


def _check_filters(ctx: Context, query: search.DatasetQuery) -> None:
    """Refuse values no dataset can have, naming the fields as CKAN does."""
    try:
        service.check_filters(ctx.session, ckan_query.filter_values(query))
    except InvalidSearch as exc:
        names = {target: name for name, target in ckan_query.FACET_FIELDS.items()}
        problems = "; ".join(f"{names.get(e.field, e.field)}: {e.message}" for e in exc.field_errors)
        raise InvalidSearch(problems or exc.message, hint=exc.hint) from exc


@action
def package_search(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    """Search datasets with q and fq (CKAN's Solr syntax subset), sort, rows (≤ 1000), start and facets."""
    unknown = sorted(set(data) - PACKAGE_SEARCH_PARAMETERS)
    if unknown:
        raise InvalidSearch(
            f"Invalid search parameters: {', '.join(unknown)}.",
            hint=f"package_search takes: {', '.join(sorted(PACKAGE_SEARCH_PARAMETERS))}.",
        )
    sort = _text(data, "sort") or ckan_query.DEFAULT_SORT
    query = ckan_query.dataset_query(
        q=_text(data, "q"),
        fq=[*_string_list(data, "fq"), *_string_list(data, "fq_list")],
        sort=sort,
        include_deleted=_boolean(data, "include_deleted"),
    )
    _check_filters(ctx, query)
    rows = min(_integer(data, "rows", ROWS_DEFAULT), ROWS_MAX)
    start = _integer(data, "start", 0)
    found = service.find_datasets(ctx.session, query=query, offset=start, limit=rows) if rows else []
    facets, search_facets = _facets(ctx, query, data)
    return {
        "count": search.count(ctx.session, query),
        "sort": sort,
        "results": package_dicts(ctx, found),
        "facets": facets,
        "search_facets": search_facets,
    }


@action
def current_package_list_with_resources(ctx: Context, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Active datasets with their resources, most recently modified first; `limit`, `offset` or `page`."""
    limit = min(_integer(data, "limit", ROWS_DEFAULT), ROWS_MAX)
    offset = _integer(data, "offset", 0)
    if "offset" not in data and "page" in data:
        offset = (_integer(data, "page", 1, minimum=1) - 1) * limit
    query = search.DatasetQuery(order=(("modified", True),))
    return package_dicts(ctx, service.find_datasets(ctx.session, query=query, offset=offset, limit=limit))


def _organisation_counts(ctx: Context) -> dict[str, int]:
    counted = search.facets(ctx.session, search.DatasetQuery(), names=["publisher"], limit=1_000_000)
    return dict(counted["publisher"])


def _sorted_listing(items: list[dict[str, Any]], data: dict[str, Any]) -> list[dict[str, Any]]:
    """CKAN's organization_list / group_list filtering, order (`sort`) and paging."""
    q = _text(data, "q").casefold()
    if q:
        items = [i for i in items if q in i["name"].casefold() or q in i["title"].casefold()]
    wanted = set(_string_list(data, "organizations") + _string_list(data, "groups"))
    if wanted:
        items = [i for i in items if i["name"] in wanted or i["id"] in wanted]
    sort = _text(data, "sort") or "title asc"
    column, _, direction = sort.strip().partition(" ")
    direction = direction.strip() or "asc"
    if column not in ("name", "title", "package_count") or direction not in ("asc", "desc"):
        raise _invalid("sort", f"Cannot sort by '{sort}'; use name, title or package_count, asc or desc")
    items.sort(key=lambda item: (item[column], item["name"]), reverse=direction == "desc")
    offset = _integer(data, "offset", 0)
    limit = _integer(data, "limit", 0) or None
    return items[offset : offset + limit if limit else None]


@action
def organization_list(ctx: Context, data: dict[str, Any]) -> list[Any]:
    """Organisation names, or dicts with `all_fields`; `sort`, `q`, `organizations`, `limit`, `offset`."""
    counts = _organisation_counts(ctx)
    items = [
        {**organization_dict(o), "package_count": counts.get(o.name, 0)}
        for o in accounts.list_organisations(ctx.session)
    ]
    items = _sorted_listing(items, data)
    return items if _boolean(data, "all_fields") else [item["name"] for item in items]


@action
def organization_show(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    """One organisation by `id` or name; `include_datasets` adds up to 1000 of its datasets."""
    organisation = accounts.get_organisation(ctx.session, key=_required(data, "id"))
    query = search.DatasetQuery(filters={"publisher": [organisation.id]}, order=(("modified", True),))
    shown = {
        **organization_dict(organisation),
        "package_count": search.count(ctx.session, query),
        "extras": [],
        "groups": [],
        "tags": [],
        "users": [],
    }
    if _boolean(data, "include_datasets"):
        shown["packages"] = package_dicts(
            ctx, service.find_datasets(ctx.session, query=query, limit=ROWS_MAX)
        )
    return shown


def _theme_counts(ctx: Context) -> dict[str, int]:
    counted = search.facets(ctx.session, search.DatasetQuery(), names=["theme"], limit=1_000_000)
    return dict(counted["theme"])


@action
def group_list(ctx: Context, data: dict[str, Any]) -> list[Any]:
    """The EU data themes as groups: names, or dicts with `all_fields`; `sort`, `q`, `groups`, paging."""
    counts = _theme_counts(ctx)
    items = _sorted_listing([group_dict(code, counts.get(code, 0)) for code in vocabularies.THEMES], data)
    return items if _boolean(data, "all_fields") else [item["name"] for item in items]


@action
def group_show(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    """One theme group by `id` or name; `include_datasets` adds up to 1000 of its datasets."""
    key = _required(data, "id")
    code = next(
        (c for c in vocabularies.THEMES if key in (ckan_query.theme_group_name(c), c, stable_id("group", c))),
        None,
    )
    if code is None:
        raise CkanError(404, "Not Found Error", f"Not found: No group (theme) is called '{key}'.")
    query = search.DatasetQuery(filters={"theme": [code]}, order=(("modified", True),))
    shown = {**group_dict(code, search.count(ctx.session, query)), "extras": [], "tags": [], "users": []}
    if _boolean(data, "include_datasets"):
        shown["packages"] = package_dicts(
            ctx, service.find_datasets(ctx.session, query=query, limit=ROWS_MAX)
        )
    return shown


@action
def tag_list(ctx: Context, data: dict[str, Any]) -> list[Any]:
    """Keywords of the active datasets in alphabetical order; `query` filters, `all_fields` gives dicts."""
    if _text(data, "vocabulary_id"):
        raise CkanError(404, "Not Found Error", "Not found: Could not find vocabulary; tags have none here.")
    counted = search.facets(ctx.session, search.DatasetQuery(), names=["keyword"], limit=1_000_000)
    names = sorted(value for value, _count in counted["keyword"])
    wanted = _text(data, "query").casefold()
    if wanted:
        names = [name for name in names if wanted in name.casefold()]
    return [tag_dict(name) for name in names] if _boolean(data, "all_fields") else names


@action
def license_list(ctx: Context, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The licences datasets may use, with CKAN-style ids."""
    return [
        {
            "id": ckan_query.licence_id(uri),
            "title": title,
            "url": uri,
            "status": "active",
            "maintainer": "",
            "family": "",
            "od_conformance": "approved",
            "osd_conformance": "approved" if title.startswith("EUPL") else "not reviewed",
            "domain_content": True,
            "domain_data": True,
            "domain_software": title.startswith("EUPL"),
            "is_generic": False,
            "is_okd_compliant": True,
            "is_osi_compliant": title.startswith("EUPL"),
        }
        for uri, title in vocabularies.LICENCES.items()
    ]


# --- HTTP --------------------------------------------------------------------------------------------------

Data = Annotated[RequestData, Depends(request_data)]


def _respond(status: int, body: dict[str, Any], headers: Mapping[str, str]) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers=dict(headers))


def _run(request: Request, response: Response, settings: Settings, name: str, data: RequestData) -> Any:
    if data.problem is not None:
        raise CkanError(400, "Bad Request", f"Bad request - {data.problem}")
    function = ACTIONS.get(name)
    if function is None:
        if any(part in name for part in READ_ONLY):
            raise CkanError(
                403,
                "Authorization Error",
                f"Access denied: This CKAN-compatible API is read-only; '{name}' is not offered.",
                hint="Publish and change datasets with the /v1/datasets API (see /docs).",
            )
        raise CkanError(
            400, "Bad Request", f"Bad request - Action name not known: {name}", known=sorted(ACTIONS)
        )
    with session_scope(request.app.state.session_factory) as session:
        if presented_key(request) is not None:
            get_principal(request, session, response)
        values = {key: value for key, value in data.values.items() if key != "callback"}
        return function(Context(session=session, settings=settings), values)


def call_action(
    name: str, request: Request, response: Response, settings: SettingsDep, data: Data
) -> Response:
    """Run one CKAN action and answer in CKAN's envelope."""
    envelope: dict[str, Any] = {"help": f"{settings.base_url}/api/3/action/help_show?name={name}"}
    try:
        result = _run(request, response, settings, name, data)
    except DomainError as exc:
        error = _from_domain(exc)
    except CkanError as exc:
        error = exc
    else:
        return _respond(200, {**envelope, "success": True, "result": result}, response.headers)
    return _respond(
        error.status,
        {**envelope, "success": False, "error": error.body()},
        {**response.headers, **error.headers},
    )


for _path in ("/api/3/action/{name}", "/api/action/{name}"):
    router.add_api_route(_path, call_action, methods=["GET", "POST"], response_class=JSONResponse)


@router.get("/api/util/status")
def util_status(settings: SettingsDep) -> dict[str, Any]:
    """CKAN's site status, outside the envelope."""
    return site_status(settings)


@router.get("/api/3")
@router.get("/api")
def api_version() -> dict[str, int]:
    """CKAN's API root: the action API version."""
    return {"version": 3}
