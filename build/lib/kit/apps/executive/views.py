"""The executive dashboard's pieces as HTML: header, headline, key-figure tiles, the line that
says which point is shown and what is exact, the decision and difference tables, and the whole
page as one static block (what the report opens with).

The live dashboard (:mod:`kit.apps.executive.board`) puts the same pieces into widgets, so the
page in Voilà and the report look alike. Every text that came from a workshop file is escaped;
every number is written by :mod:`kit.text`.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ...resources import TEMPLATES
from ...summary import ExecutiveSummary, tightest_team
from ...text import money, number, percent, plural

__all__ = ["PointView", "css", "decisions_html", "differences_html", "header_html", "lead_html", "static_page",
           "status_html", "tiles_html", "waiting_html"]

#: The dashboard's stylesheet, shipped with the kit's Voilà files.
CSS_FILE = TEMPLATES / "voila" / "dashboard.css"

_CHIP = {"YES": "kit-yes", "NOT NOW": "kit-notnow", "NO": "kit-no"}


@dataclass(frozen=True)
class PointView:
    """One exact point of the dashboard, drawn: what a move of the slider swaps in.

    Attributes
    ----------
    scenario : str
        The scenario's name in ``workshop.yml``.
    budget : float
        The budget the portfolio was chosen for.
    summary : ExecutiveSummary
    lead, tiles, decisions, differences : str
        HTML of the headline, the tiles and the two tables.
    specs : tuple of dict or None
        Vega-Lite specs of the charts: value range, value by layer, frontier (None until the
        scenario's frontier is known), roadmap (None when nothing is scheduled).
    templates : tuple of str
        For each chart, the key of the template its spec was refilled from.
    """

    scenario: str
    budget: float
    summary: ExecutiveSummary
    lead: str
    tiles: str
    decisions: str
    differences: str
    specs: tuple[dict | None, ...]
    templates: tuple[str, ...]

    def charts_html(self, waits: Sequence[str]) -> list[str]:
        """Each chart as static HTML (the text of ``waits`` where there is none)."""
        from ...charts.render import chart_html

        return [chart_html(spec) if spec else waiting_html(wait) for spec, wait in zip(self.specs, waits, strict=True)]


@functools.lru_cache(maxsize=1)
def css() -> str:
    """The dashboard's stylesheet as a ``<style>`` element."""
    return f"<style>{CSS_FILE.read_text(encoding='utf-8')}</style>"


def header_html(organisation: str, scenario: str) -> str:
    """The title bar: whose portfolio, and under which scenario."""
    who = f"{organisation}: " if organisation else ""
    return (f"<div class='kit-dash-head'><h2 class='kit-dash-title'>{html.escape(who)}the portfolio in one "
            f"minute</h2><span class='kit-dash-scenario'>Scenario: <b>{html.escape(scenario)}</b></span></div>")


def lead_html(summary: ExecutiveSummary) -> str:
    """The headline in one or two sentences."""
    return f"<p class='kit-lead'>{html.escape(summary.lead)}</p>"


def _tile(label: str, value: str, note: str, extra: str = "") -> str:
    return (f"<div class='kit-tile {extra}'><div class='kit-tile-label'>{html.escape(label)}</div>"
            f"<div class='kit-tile-value'>{value}</div><div class='kit-tile-note'>{html.escape(note)}</div></div>")


def tiles_html(summary: ExecutiveSummary, currency: str) -> str:
    """Six key-figure tiles: NPV median and 90% range, chance of loss, budget used, capacity used,
    YES / NOT NOW / NO, and the portfolio's size."""
    f = summary.figures
    budget_share = f["investment"] / f["budget"] if f["budget"] else 0.0
    team = tightest_team(summary.selection)
    decided = int(f["yes"] + f["not_now"] + f["no"])
    counts = " · ".join(f"<span class='{_CHIP[d]}'>{int(f[k])} {d}</span>"
                        for d, k in (("YES", "yes"), ("NOT NOW", "not_now"), ("NO", "no")))
    differ = len(summary.differences)
    tiles = [
        _tile("Portfolio NPV, median", html.escape(money(f["npv_median"], currency)),
              f"90% range {money(f['npv_p5'], currency)} to {money(f['npv_p95'], currency)}"),
        _tile("Chance of a loss", html.escape(percent(f["p_loss"], 0 if f["p_loss"] >= 0.01 or not f["p_loss"] else 1)),
              f"of {number(f['trials'])} simulated futures end below zero",
              "kit-tile-loss" if f["p_loss"] >= 0.1 else ""),
        _tile("Budget used", html.escape(percent(budget_share)),
              f"{money(f['investment'], currency)} of {money(f['budget'], currency)}"),
        _tile("Team capacity used", html.escape(percent(f["capacity_used"])),
              f"first year; fullest: {team} team {percent(f['capacity_tightest'])}" if team else "no limits set"),
        _tile("Decisions", counts, f"of {plural(decided, 'request')}, each with its reason", "kit-tile-decisions"),
        _delivered_tile(summary.delivered, currency) if summary.delivered else
        _tile("In the portfolio", html.escape(number(f["opportunities"])),
              f"{plural(differ, 'difference')} from the rules' YES list" if differ else "the rules' YES list exactly"),
    ]
    return f"<div class='kit-tiles'>{''.join(tiles)}</div>"


def _delivered_tile(delivered: dict[str, object], currency: str) -> str:
    """The sixth tile once the workshop has actuals (:func:`kit.benefits.delivered_so_far`)."""
    share = delivered["share"]
    of = f" ({percent(share)})" if isinstance(share, float) and share == share else ""
    behind = int(delivered["behind"])  # type: ignore[call-overload]
    note = (f"against {money(delivered['promised'], currency)} promised{of}, {delivered['since']} to "
            f"{delivered['as_of']}; " + (f"{plural(behind, 'item')} behind" if behind else "none behind"))
    return _tile(str(delivered["label"]), html.escape(money(delivered["value"], currency)), note,
                 "kit-tile-behind" if behind else "")


def status_html(summary: ExecutiveSummary, currency: str, *, point: int | None, points: int,
                preparing: str = "", drawn: int | None = None) -> str:
    """Which point is shown and what on the page is exact.

    Parameters
    ----------
    currency : str
        The workshop's currency.
    point, points : int
        The point's place (1-based) among the exact points of the frontier; ``point`` None
        while only the first one is known.
    preparing : str
        What is still being computed, said at the end (empty when all is ready).
    drawn : int, optional
        The number of the drawing this line belongs to (``data-point``, as on the charts).
    """
    sel = summary.selection
    c = summary.figures
    where = (f"point {point} of {points} of the efficient frontier" if point is not None
             else "the budget of this page")
    if sel.status == "optimal":
        exact = (f"<b>Exact:</b> the portfolio is the proven optimum for a budget of "
                 f"<b>{html.escape(money(sel.budget, currency))}</b> ({where}; HiGHS, gap 0) within every team's "
                 "first-year capacity.")
    elif sel.status == "time limit":
        gap = "an unknown share" if sel.gap is None else percent(sel.gap, 1)
        exact = (f"<b>Not proven:</b> the solver stopped at its time limit for a budget of "
                 f"{html.escape(money(sel.budget, currency))} ({where}); the best portfolio is at most {gap} better.")
    else:
        exact = "<b>No portfolio</b> meets every constraint at this budget."
    estimate = (f" <b>Estimated:</b> the NPV figures, from {html.escape(number(c['trials']))} simulated futures "
                "(the same seed gives the same numbers).")
    tail = f" <i>{html.escape(preparing)}</i>" if preparing else ""
    mark = f" data-point='{int(drawn)}'" if drawn is not None else ""
    return f"<div class='kit-status'{mark}>{exact}{estimate}{tail}</div>"


def waiting_html(what: str) -> str:
    """A panel's text while its chart is still being computed."""
    return f"<div class='kit-panel-wait'>{html.escape(what)}</div>"


def _cell(value: object) -> str:
    if isinstance(value, float) and value != value:
        return ""
    return html.escape(str(value))


def _table(frame: pd.DataFrame, columns: Sequence[tuple[str, str]], chips: Sequence[str] = ()) -> str:
    head = "".join(f"<th>{html.escape(title)}</th>" for _, title in columns)
    rows = []
    for record in frame.to_dict("records"):
        cells = []
        for key, _ in columns:
            value = record.get(key, "")
            css_class = f" class='kit-chip {_CHIP.get(str(value), '')}'" if key in chips else ""
            cells.append(f"<td{css_class}>{_cell(value)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table class='kit-table'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def decisions_html(summary: ExecutiveSummary) -> str:
    """Every opportunity with its decision, the reason, whether the portfolio shown holds it, and
    any override with its rationale."""
    d = summary.decisions.assign(
        portfolio=summary.decisions["in_portfolio"].map({True: "in", False: "out"}),
        override=[f"{o}: {r}" if str(o) else "" for o, r in
                  zip(summary.decisions["override_decision"].astype(str),
                      summary.decisions["override_rationale"].astype(str), strict=True)])
    table = _table(d, [("opportunity_id", "Id"), ("title", "Opportunity"), ("decision", "Decision"),
                       ("reason", "Reason"), ("portfolio", "Portfolio"), ("override", "Override")],
                   chips=("decision",))
    return (f"<h3>The decisions and their reasons</h3><p class='kit-note'>Every request ends as YES, NOT NOW "
            f"or NO with a reason its sponsor can read; overrides are shown with their rationale. "
            f"{html.escape(plural(len(d), 'opportunity', 'opportunities'))}.</p>{table}")


def differences_html(summary: ExecutiveSummary) -> str:
    """Where the triage rules and the optimal portfolio disagree, and why."""
    diff = summary.differences
    if not len(diff):
        body = "<p class='kit-note'>None: the optimal portfolio is exactly the rules' YES list.</p>"
    else:
        body = _table(diff, [("opportunity_id", "Id"), ("title", "Opportunity"), ("difference", "Difference"),
                             ("portfolio_reason", "Why, says the optimum")])
    return (f"<h3>Where the rules and the optimum disagree</h3><p class='kit-note'>The rules follow the group's "
            f"scores; the optimum follows the value model within budget and team capacity. Decide knowingly."
            f"</p>{body}")


def static_page(view: PointView, *, organisation: str, currency: str, status: str, waits: Sequence[str]) -> str:
    """The whole dashboard as one block of HTML, controls replaced by what they were set to:
    the report's first screen (the charts need the page's chart bundle)."""
    s = view.summary
    controls = (f"<div class='kit-controls kit-static-controls'>Budget <b>"
                f"{html.escape(money(s.selection.budget, currency))}</b> · Scenario <b>{html.escape(s.scenario)}</b>"
                " · a copy: the live page (kit serve) moves both</div>")
    panels = "".join(f"<div class='kit-panel'>{chart}</div>" for chart in view.charts_html(waits))
    return (f"{css()}<div class='kit-dash'>{header_html(organisation, s.scenario)}{view.lead}{view.tiles}"
            f"{controls}{status}<div class='kit-grid'>{panels}</div>{view.decisions}{view.differences}</div>")
