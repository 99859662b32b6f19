"""The participant scoring app: each participant scores the opportunities from their own screen.

One opportunity at a time: its title, description and facts, then one 1-10 (the criterion's
own scale) toggle per criterion of ``workshop.yml`` and an optional comment. *Save* hands the
rows to a *writer*, a function taking the scores frame; by default rows are appended to the
workshop's ``scores.csv`` (:func:`kit.io.append_rows`: atomic, under a lock, formula-safe),
where workbook 02 reads them. Scoring an opportunity again adds new rows; the latest score of a
participant counts (see :func:`kit.scoring.group_scores`).
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from typing import Any

import pandas as pd

from .errors import InputError
from .workshop import Workshop

__all__ = ["SCORE_COLUMNS", "ScoreForm", "score_form"]

#: Columns of the ``scores`` table the app writes.
SCORE_COLUMNS: tuple[str, ...] = ("participant", "opportunity_id", "criterion", "score", "comment")

Writer = Callable[[pd.DataFrame], Any]


class ScoreForm:
    """Score one opportunity at a time on every criterion of the workshop.

    Attributes
    ----------
    participant : ipywidgets.Text
        The participant's name, as in the workshop's ``scores`` table.
    opportunity : ipywidgets.Dropdown
        Which opportunity is being scored (labels show id, title and a tick once scored).
    toggles : dict[str, ipywidgets.ToggleButtons]
        One toggle per criterion id, over the criterion's scale (``None`` until chosen).
    comment : ipywidgets.Textarea
        An optional comment, saved with the scores.
    save_button : ipywidgets.Button
        Saves the scores of the opportunity shown, then moves to the next one not yet scored.
    status : ipywidgets.HTML
        What happened on the last save.
    widget : ipywidgets.VBox
        The whole app; displaying the form displays it.
    """

    def __init__(self, workshop: Workshop, writer: Writer, *, participant: str = ""):
        import ipywidgets as w

        self.workshop = workshop
        self.writer = writer
        opp = workshop.opportunities
        self._ids: list[str] = opp["id"].astype(str).tolist()
        self._facts = {str(r["id"]): r for r in opp.to_dict("records")}
        self._criteria = list(workshop.settings.criteria)
        self._saved: dict[str, dict[str, float]] = {}  # opportunity id -> criterion -> score, this participant
        self.participant = w.Text(value=participant, description="Your name", placeholder="First and last name",
                                  continuous_update=False, layout=w.Layout(width="420px"))
        self.opportunity = w.Dropdown(options=self._options(), value=self._ids[0] if self._ids else None,
                                      description="Opportunity", layout=w.Layout(width="640px"))
        self.details = w.HTML("")
        self.toggles: dict[str, Any] = {}
        self._scale: dict[str, range] = {}
        self._quiet = False
        rows: list[Any] = []
        for c in self._criteria:
            low, high = int(c.scale[0]), int(c.scale[1])
            self._scale[c.id] = range(low, high + 1)
            toggle = w.ToggleButtons(options=[(str(v), v) for v in range(low, high + 1)], value=None,
                                     style={"button_width": "40px"})
            worse = "higher is worse" if c.direction == "cost" else "higher is better"
            rows += [w.HTML(f"<b>{html.escape(c.name)}</b> <span style='color:#555'>({low}-{high}, "
                            f"{worse})</span>"), toggle]
            self.toggles[c.id] = toggle
        self.comment = w.Textarea(placeholder="Optional: why these scores, what would change your mind",
                                  layout=w.Layout(width="640px", height="60px"))
        self.save_button = w.Button(description="Save scores", button_style="primary")  # no icon: icons need a CDN
        self.save_button.on_click(lambda _button: self.save())
        self.status = w.HTML("")
        self.progress = w.HTML("")
        org = workshop.settings.organisation
        where = f"{org}: {workshop.settings.name}" if org else workshop.settings.name
        intro = w.HTML(
            f"<h3>Score the opportunities of {html.escape(where)}</h3>"
            "<p>Give your name, pick an opportunity, choose a score on every criterion and save. Leave a "
            "criterion open if you cannot judge it. You may come back to an opportunity: your latest "
            "scores count.</p>")
        self.participant.observe(lambda _change: self._load_previous(), names="value")
        self.opportunity.observe(lambda _change: None if self._quiet else self._show(), names="value")
        self.widget = w.VBox([intro, self.participant, self.opportunity, self.details, *rows, self.comment,
                              self.save_button, self.status, self.progress])
        self._load_previous()
        self._show()

    # --- what the participant sees ------------------------------------------------------

    def _options(self) -> list[tuple[str, str]]:
        out = []
        for oid in self._ids:
            title = str(self._facts[oid].get("title", ""))
            tick = "  ✓" if oid in self._saved else ""
            out.append((f"{oid}  {title[:70]}{tick}", oid))
        return out

    def _show(self) -> None:
        oid = self.opportunity.value
        if oid is None:
            self.details.value = "<p>This workshop has no opportunities yet.</p>"
            return
        r = self._facts[oid]
        facts = []
        for label, key in (("Capability area", "area_name"), ("Business unit", "business_unit"),
                           ("Sponsor", "sponsor")):
            value = r.get(key)
            if isinstance(value, str) and value.strip():
                facts.append(f"{label}: {html.escape(value)}")
        low, high = r.get("cost_low"), r.get("cost_high")
        if pd.notna(low) and pd.notna(high):
            cur = html.escape(self.workshop.settings.currency)
            facts.append(f"One-off cost: {cur} {float(low):,.0f} to {float(high):,.0f}")
        goals = r.get("goals")
        if isinstance(goals, list | tuple) and goals:
            names = {g.id: g.name for g in self.workshop.settings.goals}
            facts.append("Serves: " + html.escape(", ".join(names.get(g, g) for g in goals)))
        description = r.get("description")
        text = f"<p>{html.escape(description)}</p>" if isinstance(description, str) and description.strip() else ""
        self.details.value = (f"<h4>{html.escape(oid)} {html.escape(str(r.get('title', '')))}</h4>{text}"
                              + (f"<p style='color:#555'>{' · '.join(facts)}</p>" if facts else ""))
        previous = self._saved.get(oid, {})
        for cid, toggle in self.toggles.items():
            value = previous.get(cid)
            toggle.value = int(value) if value is not None and value in self._scale[cid] else None
        self.comment.value = ""

    def _load_previous(self) -> None:
        """Show a returning participant what they scored before (the latest score counts)."""
        name = self._name()
        self._saved = {}
        scores = self.workshop.scores
        if name and len(scores):
            mine = scores[scores["participant"].astype(str).str.strip() == name]
            for r in mine.itertuples(index=False):
                self._saved.setdefault(str(r.opportunity_id), {})[str(r.criterion)] = float(r.score)
        # scores already chosen on screen stay, unless this name scored this opportunity before
        self._refresh_options(reshow=self.opportunity.value in self._saved)
        self._update_progress()

    def _refresh_options(self, *, reshow: bool = True) -> None:
        current = self.opportunity.value
        self._quiet = True
        try:
            self.opportunity.options = self._options()
            self.opportunity.value = current
        finally:
            self._quiet = False
        if reshow:
            self._show()

    def _name(self) -> str:
        """The name typed, spelled as in the scores table when this participant scored before."""
        typed = self.participant.value.strip()
        known = self.workshop.scores["participant"].astype(str) if len(self.workshop.scores) else pd.Series([], dtype=str)
        match = known[known.str.strip().str.casefold() == typed.casefold()]
        return str(match.iloc[0]).strip() if len(match) else typed

    def _update_progress(self) -> None:
        done = sum(oid in self._saved for oid in self._ids)
        self.progress.value = f"<p>{done} of {len(self._ids)} opportunities scored.</p>"

    # --- saving ------------------------------------------------------------------------

    def scores(self) -> pd.DataFrame:
        """The scores chosen for the opportunity shown, in the columns of ``scores.csv``."""
        oid = self.opportunity.value
        rows = [{"participant": self._name(), "opportunity_id": oid, "criterion": cid,
                 "score": int(t.value), "comment": self.comment.value.strip()}
                for cid, t in self.toggles.items() if t.value is not None]
        return pd.DataFrame(rows, columns=list(SCORE_COLUMNS))

    def save(self) -> pd.DataFrame | None:
        """Check and save the scores shown (what the *Save scores* button does).

        Returns
        -------
        DataFrame or None
            The rows written, or ``None`` when something is missing (``status`` says what).
        """
        missing = []
        if not self.participant.value.strip():
            missing.append("your name")
        rows = self.scores()
        if self.opportunity.value is not None and rows.empty:
            missing.append("a score on at least one criterion")
        if self.opportunity.value is None:
            missing.append("an opportunity to score")
        if missing:
            self._say("Please give " + " and ".join(missing) + ".", ok=False)
            return None
        try:
            self.writer(rows)
        except InputError as exc:
            first = exc.problems.iloc[0]
            self._say(f"Not saved: {first['problem']}. {first['hint']}", ok=False)
            return None
        oid = str(self.opportunity.value)
        self._saved[oid] = {r["criterion"]: float(r["score"]) for r in rows.to_dict("records")}
        left = [i for i in self._ids if i not in self._saved]
        n = len(rows)
        message = f"Saved {n} score{'s' if n != 1 else ''} for {oid}, {rows['participant'].iloc[0]}."
        if left:
            message += f" Next: {left[0]}."
        else:
            message += " You have scored every opportunity: thank you."
        self._refresh_options()
        if left:
            self.opportunity.value = left[0]
        self._update_progress()
        self._say(message, ok=True)
        return rows

    def _say(self, text: str, *, ok: bool) -> None:
        colour = "#2e7d32" if ok else "#c62828"
        self.status.value = f"<p style='color:{colour}'>{html.escape(text)}</p>"

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def score_form(workshop: Workshop, *, writer: Writer | None = None, participant: str = "") -> ScoreForm:
    """The scoring app for a workshop; scores are appended to its ``scores.csv``.

    Parameters
    ----------
    workshop : Workshop
        The loaded workshop (its opportunities and criteria make the form).
    writer : callable, optional
        Takes the scores frame and stores it, instead of the workshop's ``scores.csv``.
    participant : str
        A pre-filled name (e.g. from the app's URL or a parameter).

    Returns
    -------
    ScoreForm
        Display it (last expression of a cell) to show the app.
    """
    if writer is None:
        from .io import append_rows

        writer = functools.partial(append_rows, workshop.path, "scores", columns=SCORE_COLUMNS,
                                   required=SCORE_COLUMNS[:4])
    return ScoreForm(workshop, writer, participant=participant)
