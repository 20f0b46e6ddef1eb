"""The Jinja environment for people's pages, with the sv/en texts available to every template."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from samskapa import __version__
from samskapa.web.deps import SESSION_COOKIE
from samskapa.web.i18n import COOKIE, LANGUAGES, Language, request_language, translate


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("samskapa.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    return env


def _url_with(request: Request, **params: str) -> str:
    query = dict(request.query_params)
    query.update(params)
    return f"{request.url.path}?{urlencode(query)}"


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render a page in the request's language, remembering an explicit ?lang= choice in a cookie."""
    lang: Language = request_language(request)
    other: Language = LANGUAGES[1] if lang == LANGUAGES[0] else LANGUAGES[0]
    page = (
        environment()
        .get_template(template)
        .render(
            request=request,
            lang=lang,
            other_lang=other,
            t=lambda key: translate(key, lang),
            switch_url=_url_with(request, lang=other),
            # Only whether a session cookie is present (no database read): enough to offer the right link.
            signed_in=SESSION_COOKIE in request.cookies,
            **context,
        )
    )
    response = HTMLResponse(page, status_code=status, headers=headers)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response


def render_error_page(
    request: Request, *, status: int, title: str, detail: str, hint: str | None
) -> HTMLResponse:
    """The friendly error page."""
    return render(
        request,
        "error.html",
        {"status": status, "title": title, "detail": detail, "hint": hint},
        status=status,
    )
