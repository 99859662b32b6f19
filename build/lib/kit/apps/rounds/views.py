"""A round's screens as escaped HTML: who has voted (never what), the reveal, the feedback a
re-vote starts with, and how agreement moved.

Pure functions from :mod:`kit.rounds` results to markup, so the facilitator's controls and the
participant's round form draw the same thing, and tests read it as text. Titles, names and
comments typed by people go through :func:`html.escape`; numbers through :mod:`kit.text`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ...text import number, plural

if TYPE_CHECKING:  # pragma: no cover
    from ...rounds import Reveal, Round, Status

__all__ = ["comments_html", "compare_html", "criteria_of", "distribution_html", "feedback_html", "reveal_html",
           "status_html", "threshold_words", "titles_of", "until", "voted_line"]

_MUTED = "color:#555"
_BAR = "display:inline-block;width:12px;margin-right:2px;vertical-align:bottom;background:{colour}"
_LEVEL_COLOURS = {"high": "#2e7d32", "medium": "#ef6c00", "low": "#c62828", "n/a": "#777"}


def _e(text: object) -> str:
    return html.escape(str(text))


def _cell_label(oid: str, criterion: str, titles: Mapping[str, str], criteria: Mapping[str, str]) -> str:
    title = titles.get(oid, "")
    return (f"<b>{_e(oid)}</b> {_e(title[:60])}" if title else f"<b>{_e(oid)}</b>") + \
        f"<br><span style='{_MUTED}'>{_e(criteria.get(criterion, criterion))}</span>"


def voted_line(status: Status) -> str:
    """``3 of 3 voted``: of the people who have voted in the round, how many did so on every
    one of its items; ``nobody has voted yet`` before the first vote."""
    voters = status.voters
    if not len(voters):
        return "nobody has voted yet"
    done = int((voters["voted"] >= voters["of"]).sum())
    return f"{done} of {len(voters)} voted"


def status_html(status: Status) -> str:
    """A round while it is open: who has voted and on how many of its items, never a score.

    ``Round 1 is open, 4 min left · 2 of 3 voted``, then one line per participant
    (``Ann · 6 of 6 items``, a bar of the share) and the votes each item has had.
    """
    r = status.round
    left = ""
    if status.seconds_left is not None:
        left = (f", {int(status.seconds_left // 60)} min left" if status.seconds_left >= 60
                else ", less than a minute left")
    head = (f"<p><b>{_e(r.label.capitalize())} is {_e(status.state)}{left}</b> · "
            f"<span class='kit-voted'>{_e(voted_line(status))}</span> · "
            f"{plural(len(r.opportunities), 'opportunity', 'opportunities')}, "
            f"{plural(len(r.cells), 'item')}{' to vote on' if status.state == 'open' else ''}</p>")
    rows = []
    for v in status.voters.itertuples(index=False):
        width = int(round(120 * float(v.share)))
        rows.append(f"<tr><td>{_e(v.participant)}</td><td>{int(v.voted)} of {int(v.of)} items</td>"
                    f"<td><span style='{_BAR.format(colour='#1f77b4')};width:{width}px;height:10px'></span></td></tr>")
    people = f"<table class='kit-voters'>{''.join(rows)}</table>" if rows else ""
    return f"<div class='kit-round-status'>{head}{people}</div>"


def distribution_html(scores: Sequence[float], scale: tuple[float, float]) -> str:
    """The scores of one item as a small bar per point of the scale (its count above it, the
    point below), e.g. two people on 7 and one on 9 of 1-10; plain text in ``title``."""
    low, high = scale
    values = np.asarray(list(scores), dtype=float)
    if float(low).is_integer() and float(high).is_integer() and high - low <= 20:
        points = [float(p) for p in range(int(low), int(high) + 1)]
        counts = [int((np.round(values) == p).sum()) for p in points]
    else:
        points = sorted(set(values.tolist()))
        counts = [int((values == p).sum()) for p in points]
    top = max(counts, default=0) or 1
    said = ", ".join(f"{plural(c, 'vote')} on {number(p)}" for p, c in zip(points, counts, strict=True) if c)
    bars = "".join(
        f"<span style='display:inline-block;text-align:center;width:14px;font-size:9px'>"
        f"<span style='{_BAR.format(colour='#1f77b4' if c else '#ddd')};height:{max(2, int(24 * c / top))}px'>"
        f"</span><br>{number(p)}</span>" for p, c in zip(points, counts, strict=True))
    return f"<span class='kit-distribution' title='{_e(said or 'no votes')}'>{bars}</span>"


def _level(level: str, rwg: float) -> str:
    colour = _LEVEL_COLOURS.get(str(level), "#777")
    value = "" if pd.isna(rwg) else f" (r_wg {rwg:.2f})"
    return f"<span style='color:{colour}'><b>{_e(level)}</b>{value}</span>"


def _stat(value: float) -> str:
    return "" if pd.isna(value) else number(float(value))


def reveal_html(reveal: Reveal, titles: Mapping[str, str], criteria: Mapping[str, str], *,
                heading: str | None = None) -> str:
    """A closed round's results: per opportunity and criterion the distribution, median, spread
    (interquartile range and standard deviation), agreement, outliers; then the comments
    without names."""
    r = reveal.round
    rows = []
    for c in reveal.cells.to_dict("records"):
        outliers = ", ".join(number(x) for x in c["outliers"]) or "none"
        rows.append(
            f"<tr><td>{_cell_label(c['opportunity_id'], c['criterion'], titles, criteria)}</td>"
            f"<td>{distribution_html(c['scores'], r.scales[c['criterion']])}</td><td>{int(c['n'])}</td>"
            f"<td>{_stat(c['median'])}</td><td>{_stat(c['iqr'])} / {_stat(c['std'])}</td>"
            f"<td>{_level(c['agreement'], c['rwg'])}</td><td>{outliers}</td></tr>")
    head = ("<tr><th>Item</th><th>Votes</th><th>n</th><th>Median</th><th>Spread (IQR / std)</th>"
            "<th>Agreement</th><th>Outliers</th></tr>")
    title = heading if heading is not None else f"{r.label.capitalize()}: the votes"
    return (f"<div class='kit-reveal'><h4>{_e(title)}</h4><p>{_e(reveal.sentence)}</p>"
            f"<table class='kit-reveal-table'>{head}{''.join(rows)}</table>"
            f"{comments_html(reveal.comments, titles, criteria)}</div>")


def comments_html(comments: pd.DataFrame, titles: Mapping[str, str], criteria: Mapping[str, str]) -> str:
    """The reasons given, without names, with the score each came with."""
    if not len(comments):
        return f"<p style='{_MUTED}'>No comments.</p>"
    items = "".join(
        f"<li><b>{_e(c['opportunity_id'])}</b> {_e(criteria.get(c['criterion'], c['criterion']))}, "
        f"{number(float(c['score']))}: “{_e(c['comment'])}”</li>" for c in comments.to_dict("records"))
    return f"<p><b>Reasons given</b> (without names)</p><ul class='kit-comments'>{items}</ul>"


def feedback_html(feedback: Reveal, opportunity_id: str, criteria: Mapping[str, str]) -> str:
    """What a participant sees of one item before re-voting: the group's votes in the round
    before, its median and agreement, and the reasons given, without names."""
    cells = feedback.cells[feedback.cells["opportunity_id"] == opportunity_id]
    lines = []
    for c in cells.to_dict("records"):
        lines.append(f"<li>{_e(criteria.get(c['criterion'], c['criterion']))}: "
                     f"{distribution_html(c['scores'], feedback.round.scales[c['criterion']])} "
                     f"median {_stat(c['median'])}, agreement {_level(c['agreement'], c['rwg'])}</li>")
    said = feedback.comments[feedback.comments["opportunity_id"] == opportunity_id]
    reasons = "".join(f"<li>{_e(criteria.get(c['criterion'], c['criterion']))}, {number(float(c['score']))}: "
                      f"“{_e(c['comment'])}”</li>" for c in said.to_dict("records"))
    return (f"<div class='kit-feedback'><p><b>The group in {_e(feedback.round.label)}</b></p><ul>{''.join(lines)}</ul>"
            + (f"<p>Reasons given (without names):</p><ul>{reasons}</ul>" if reasons else "") + "</div>")


def compare_html(moved: pd.DataFrame, titles: Mapping[str, str], criteria: Mapping[str, str], *,
                 before: Round, after: Round) -> str:
    """How agreement moved between two rounds (:func:`kit.rounds.compare`): per item the
    agreement and median before -> after, and the change in r_wg."""
    rows = []
    for c in moved.to_dict("records"):
        change = "" if pd.isna(c["change"]) else f"{c['change']:+.2f}"
        rows.append(f"<tr><td>{_cell_label(c['opportunity_id'], c['criterion'], titles, criteria)}</td>"
                    f"<td>{_level(c['agreement_before'], c['rwg_before'])} → {_level(c['agreement_after'], c['rwg_after'])}"
                    f"</td><td>{_stat(c['median_before'])} → {_stat(c['median_after'])}</td><td>{change}</td></tr>")
    head = "<tr><th>Item</th><th>Agreement</th><th>Median</th><th>Change in r_wg</th></tr>"
    return (f"<div class='kit-compare'><h4>How agreement moved: {_e(before.label)} → {_e(after.label)}</h4>"
            f"<table>{head}{''.join(rows)}</table></div>")


def until(deadline: datetime | None) -> str:
    """`` until 14:05`` (local time) for a time limit; empty without one."""
    return f" until {deadline.astimezone().strftime('%H:%M')}" if deadline else ""


def titles_of(workshop: Any) -> dict[str, str]:
    """Opportunity id -> title, for the views."""
    opp = workshop.opportunities
    return dict(zip(opp["id"].astype(str), opp["title"].fillna("").astype(str), strict=True)) \
        if "title" in opp else {}


def criteria_of(workshop: Any) -> dict[str, str]:
    """Criterion id -> name."""
    return {c.id: c.name for c in workshop.settings.criteria}



def threshold_words(threshold: str | float) -> str:
    """``medium (r_wg 0.50)`` for ``rounds: revote_below``; ``r_wg 0.60`` for a number."""
    from ...rounds import threshold_rwg

    below = threshold_rwg(threshold)
    return f"{threshold} (r_wg {below:.2f})" if isinstance(threshold, str) else f"r_wg {below:.2f}"
