"""The arena's pages for people: the public dashboard (overall and per lead agency).

The charts are inline SVG drawn on the server (a title, a description, a text label on every bar), and the
same figures stand in a table beside each chart, so the page reads without JavaScript, without colour and
with a screen reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from samskapa.arena import dashboard
from samskapa.arena.schemas import DashboardAgency, DashboardFigures, DurationFigures
from samskapa.arena.vocabulary import DECISIONS
from samskapa.web.deps import DbSession
from samskapa.web.i18n import Language, request_language, translate
from samskapa.web.templating import render

router = APIRouter(include_in_schema=False)

CHART_WIDTH = 320  # the width of the longest bar, in SVG units
Today = Annotated[date | None, Query(description="Read the clocks at this day.")]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str
    width: float


def _bars(items: list[tuple[str, float | None, str]]) -> list[Bar]:
    """Bars scaled to the largest value (a missing value is an empty bar labelled with a dash)."""
    top = max((value for _label, value, _shown in items if value), default=0.0)
    return [
        Bar(label, value or 0.0, shown, (value or 0.0) / top * CHART_WIDTH if top else 0.0)
        for label, value, shown in items
    ]


def _number(value: float | None, lang: Language) -> str:
    if value is None:
        return "–"
    text = f"{value:g}" if value != int(value) else str(int(value))
    return text.replace(".", ",") if lang == "sv" else text


def _percent(value: float | None, lang: Language) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.0f} %" if lang == "sv" else f"{value * 100:.0f}%"


def _charts(figures: DashboardFigures, lang: Language) -> dict[str, list[Bar]]:
    def t(key: str) -> str:
        return translate(key, lang)

    steps: list[tuple[str, DurationFigures]] = [
        (t("arena.dash.step.triage"), figures.time_to_triage),
        (t("arena.dash.step.decision"), figures.time_to_decision),
        (t("arena.dash.step.release"), figures.time_to_release),
    ]
    times: list[tuple[str, float | None, str]] = []
    for name, step in steps:
        times.append(
            (
                f"{name}, {t('arena.dash.median')}",
                step.median_working_days,
                _number(step.median_working_days, lang),
            )
        )
        p90 = float(step.p90_working_days) if step.p90_working_days is not None else None
        times.append((f"{name}, {t('arena.dash.p90')}", p90, _number(p90, lang)))
    shares = [
        (t("arena.dash.share.triage"), figures.triage_within_clock.share),
        (t("arena.dash.share.decision"), figures.decision_within_clock.share),
    ]
    mix = figures.decision_mix.model_dump()
    return {
        "times": _bars(times),
        "shares": [
            Bar(label, share or 0.0, _percent(share, lang), (share or 0.0) * CHART_WIDTH)
            for label, share in shares
        ],
        "backlog": _bars(
            [(bucket.label, float(bucket.needs), str(bucket.needs)) for bucket in figures.backlog]
        ),
        "mix": _bars(
            [(t(f"arena.dash.decision.{state}"), float(mix[state]), str(mix[state])) for state in DECISIONS]
        ),
    }


def _title(agency: DashboardAgency | None, lang: Language) -> str | None:
    if agency is None:
        return None
    return agency.title_sv if lang == "sv" else agency.title_en


def _page(request: Request, session: DbSession, agency: str | None, today: date | None) -> HTMLResponse:
    lang = request_language(request)
    out = dashboard.dashboard(session, agency=agency, today=today)
    return render(
        request,
        "arena_dashboard.html",
        {
            "out": out,
            "figures": out.figures,
            "charts": _charts(out.figures, lang),
            "chart_width": CHART_WIDTH,
            "agency_title": _title(out.agency, lang),
            "rows": [
                {
                    "agency": row.agency,
                    "title": _title(row.agency, lang) or translate("arena.dash.no_lead", lang),
                    "figures": row.figures,
                    "median_triage": _number(row.figures.time_to_triage.median_working_days, lang),
                    "median_decision": _number(row.figures.time_to_decision.median_working_days, lang),
                    "triage_share": _percent(row.figures.triage_within_clock.share, lang),
                    "decision_share": _percent(row.figures.decision_within_clock.share, lang),
                }
                for row in out.by_agency
            ],
            "num": lambda value: _number(value, lang),
            "pct": lambda value: _percent(value, lang),
        },
    )


@router.get("/arena/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, session: DbSession, today: Today = None) -> HTMLResponse:
    return _page(request, session, None, today)


@router.get("/arena/dashboard/{agency}", response_class=HTMLResponse)
def agency_dashboard_page(
    request: Request,
    session: DbSession,
    agency: Annotated[str, Path(min_length=1, max_length=100)],
    today: Today = None,
) -> HTMLResponse:
    return _page(request, session, agency, today)


# --- the need pages and releases ----------------------------------------------------------------------------


# --- ideas and challenges ----------------------------------------------------------------------------------


# --- services, pilots and feedback -------------------------------------------------------------------------


# --- notifications -----------------------------------------------------------------------------------------
