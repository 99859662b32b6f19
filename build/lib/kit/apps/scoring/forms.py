"""The participant's two forms: scores of opportunities on the criteria, and goals in pairs.

* :class:`ScoreForm`: one opportunity at a time, its title, description and facts, then one
  toggle per criterion of ``workshop.yml`` on the criterion's own scale, and an optional
  comment;
* :class:`PairForm`: every pair of the workshop's goals on Saaty's scale (which matters more,
  and how much), with the participant's own consistency ratio after saving.

*Save* hands the rows to a *writer* (:mod:`kit.apps.forms`).
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd

from ...errors import InputError
from ...text import ratio
from ...workshop import Workshop
from ..forms import Writer, hand_over, say

__all__ = ["PAIR_COLUMNS", "SCORE_COLUMNS", "PairForm", "ScoreForm"]

#: Columns of the ``scores`` table the app writes.
SCORE_COLUMNS: tuple[str, ...] = ("participant", "opportunity_id", "criterion", "score", "comment")

#: Columns of the ``pairwise`` table the app writes.
PAIR_COLUMNS: tuple[str, ...] = ("participant", "a", "b", "ratio")

#: Saaty's scale as toggles: the arrow points at the goal that matters more.
_SAATY = ((9.0, "◀ 9", "extremely"), (7.0, "◀ 7", "very strongly"), (5.0, "◀ 5", "strongly"),
          (3.0, "◀ 3", "moderately"), (1.0, "=", "equally"), (1 / 3, "3 ▶", "moderately"),
          (1 / 5, "5 ▶", "strongly"), (1 / 7, "7 ▶", "very strongly"), (1 / 9, "9 ▶", "extremely"))


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

    def __init__(self, workshop: Workshop, writer: Writer, *, participant: str = "", name: Any = None):
        import ipywidgets as w

        self.workshop = workshop
        self.writer = writer
        shared = name is not None
        opp = workshop.opportunities
        self._ids: list[str] = opp["id"].astype(str).tolist()
        self._facts = {str(r["id"]): r for r in opp.to_dict("records")}
        self._criteria = list(workshop.settings.criteria)
        self._saved: dict[str, dict[str, float]] = {}  # opportunity id -> criterion -> score, this participant
        self.participant = name if shared else _name_field(participant)
        self.opportunity = w.Dropdown(options=self._options(), value=self._ids[0] if self._ids else None,
                                      description="Opportunity", layout=w.Layout(width="640px"))
        self.opportunity.add_class("kit-score-opportunity")
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
            ("" if shared else f"<h3>Score the opportunities of {html.escape(where)}</h3>")
            + "<p>Pick an opportunity, choose a score on every criterion and save. Leave a "
            "criterion open if you cannot judge it. You may come back to an opportunity: your latest "
            "scores count.</p>")
        self.participant.observe(lambda _change: self._load_previous(), names="value")
        self.opportunity.observe(lambda _change: None if self._quiet else self._show(), names="value")
        head = [intro] if shared else [intro, self.participant]
        self.widget = w.VBox([*head, self.opportunity, self.details, *rows, self.comment,
                              self.save_button, self.status, self.progress])
        self._load_previous()
        self._show()

    def use(self, workshop: Workshop) -> None:
        """Show ``workshop``'s opportunities from now on (a reload brought new ones, e.g. ideas
        added in the room); the opportunity shown and the scores chosen on screen stay."""
        self.workshop = workshop
        opp = workshop.opportunities
        self._ids = opp["id"].astype(str).tolist()
        self._facts = {str(r["id"]): r for r in opp.to_dict("records")}
        if self.opportunity.value not in self._ids:
            self._quiet = True
            try:
                self.opportunity.options = self._options()
                self.opportunity.value = self._ids[0] if self._ids else None
            finally:
                self._quiet = False
            self._show()
        else:
            self._refresh_options(reshow=False)
        self._update_progress()

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
        """The name typed, spelled as in the workshop when this participant contributed before."""
        return _known_spelling(self.workshop, self.participant.value)

    def _update_progress(self) -> None:
        done = sum(oid in self._saved for oid in self._ids)
        self.progress.value = f"<p>{done} of {len(self._ids)} opportunities scored.</p>"

    def scores(self) -> pd.DataFrame:
        """The scores chosen for the opportunity shown, in the columns of ``scores.csv``."""
        oid = self.opportunity.value
        rows = [{"participant": self._name(), "opportunity_id": oid, "criterion": cid,
                 "score": int(t.value), "comment": self.comment.value.strip()}
                for cid, t in self.toggles.items() if t.value is not None]
        return pd.DataFrame(rows, columns=list(SCORE_COLUMNS))

    def save(self) -> pd.DataFrame | None:
        """Save the scores shown (the *Save scores* button), then move to the next opportunity
        not yet scored: the rows written, or ``None`` when something is missing (``status``
        says what)."""
        rows = self.scores()
        missing = [] if self.participant.value.strip() else ["your name"]
        if self.opportunity.value is not None and rows.empty:
            missing.append("a score on at least one criterion")
        if self.opportunity.value is None:
            missing.append("an opportunity to score")
        if not hand_over(self.writer, rows, self.status, missing):
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
        say(self.status, message, ok=True)
        return rows

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def _name_field(participant: str = "") -> Any:
    import ipywidgets as w

    return w.Text(value=participant, description="Your name", placeholder="First and last name",
                  continuous_update=False, layout=w.Layout(width="420px"))


def _known_spelling(workshop: Workshop, typed: str) -> str:
    """``typed`` as the workshop already spells this participant (any case, extra spaces)."""
    typed = typed.strip()
    names = [*workshop.scores.get("participant", []), *workshop.pairwise.get("participant", [])]
    for known in names:
        if str(known).strip().casefold() == typed.casefold():
            return str(known).strip()
    return typed


class PairForm:
    """Compare the workshop's goals in pairs, on Saaty's scale.

    Attributes
    ----------
    participant : ipywidgets.Text
        The participant's name (shared with :class:`ScoreForm` in the app).
    toggles : dict[tuple[str, str], ipywidgets.ToggleButtons]
        One toggle per pair of goal ids ``(a, b)``, value the ratio "a is … times as important
        as b" (9 … 1 … 1/9; ``None`` until chosen).
    save_button : ipywidgets.Button
        Saves the comparisons made, then shows the participant's consistency.
    status : ipywidgets.HTML
        What happened on the last save, and the consistency ratio.
    widget : ipywidgets.VBox
        The whole form.
    """

    def __init__(self, workshop: Workshop, writer: Writer, *, participant: str = "", name: Any = None):
        import ipywidgets as w

        self.workshop = workshop
        self.writer = writer
        shared = name is not None
        self.participant = name if shared else _name_field(participant)
        goals = list(workshop.settings.goals)
        self._names = {g.id: g.name for g in goals}
        self.toggles: dict[tuple[str, str], Any] = {}
        rows: list[Any] = []
        for i, first in enumerate(goals):
            for second in goals[i + 1:]:
                toggle = w.ToggleButtons(
                    options=[(label, ratio) for ratio, label, _ in _SAATY], value=None,
                    tooltips=[self._words(first.id, second.id, ratio) for ratio, _, _ in _SAATY],
                    style={"button_width": "44px"})
                self.toggles[(first.id, second.id)] = toggle
                rows.append(w.HBox([
                    w.HTML(f"<div style='width:230px;text-align:right;padding-right:8px'><b>"
                           f"{html.escape(first.name)}</b></div>"),
                    toggle,
                    w.HTML(f"<div style='width:230px;padding-left:8px'><b>{html.escape(second.name)}</b></div>")]))
        intro = w.HTML(
            "<p>Which goal matters more for the organisation, and how much? The arrow points at the goal "
            "that matters more: 3 moderately, 5 strongly, 7 very strongly, 9 extremely; = equally. Skip a "
            "pair you cannot judge. You may change a comparison and save again: your latest counts.</p>")
        self.save_button = w.Button(description="Save comparisons", button_style="primary")
        self.save_button.on_click(lambda _button: self.save())
        self.status = w.HTML("")
        self.participant.observe(lambda _change: self._load_previous(), names="value")
        head = [intro] if shared else [intro, self.participant]
        self.widget = w.VBox([*head, *rows, self.save_button, self.status])
        self._load_previous()

    def _words(self, a: str, b: str, ratio: float) -> str:
        from ...ahp import ratio_words

        return ratio_words(self._names[a], self._names[b], ratio)

    def _mine(self) -> pd.DataFrame:
        pairs = self.workshop.pairwise
        name = _known_spelling(self.workshop, self.participant.value)
        if not name or not len(pairs):
            return pd.DataFrame(columns=list(PAIR_COLUMNS))
        return pairs[pairs["participant"].astype(str).str.strip() == name][list(PAIR_COLUMNS)]

    def _load_previous(self) -> None:
        """A returning participant sees their latest comparisons (either way round)."""
        from ...ahp import latest_judgments

        mine = self._mine()
        if mine.empty:
            return
        latest = {(str(r.a), str(r.b)): float(r.ratio) for r in latest_judgments(mine).itertuples(index=False)}
        for (a, b), toggle in self.toggles.items():
            ratio = latest.get((a, b)) or (1 / latest[(b, a)] if (b, a) in latest else None)
            toggle.value = min((v for v, _, _ in _SAATY), key=lambda v: abs(np.log(v / ratio))) if ratio else None

    def judgments(self) -> pd.DataFrame:
        """The comparisons chosen, in the columns of ``pairwise.csv`` (ratio as text: 3, 1/5)."""
        name = _known_spelling(self.workshop, self.participant.value)
        rows = [{"participant": name, "a": a, "b": b, "ratio": ratio(t.value)}
                for (a, b), t in self.toggles.items() if t.value is not None]
        return pd.DataFrame(rows, columns=list(PAIR_COLUMNS))

    def save(self) -> pd.DataFrame | None:
        """Save the comparisons (the *Save comparisons* button) and say how consistent they are:
        the rows written, or ``None`` when something is missing (``status`` says what)."""
        rows = self.judgments()
        missing = [] if self.participant.value.strip() else ["your name"]
        if rows.empty:
            missing.append("at least one comparison")
        if not hand_over(self.writer, rows, self.status, missing):
            return None
        n = len(rows)
        message = f"Saved {n} comparison{'s' if n != 1 else ''}, {rows['participant'].iloc[0]}."
        say(self.status, message + self._consistency(rows), ok=True)
        return rows

    def _consistency(self, rows: pd.DataFrame) -> str:
        """One sentence on how consistent these comparisons are (Saaty's CR < 0.10)."""
        from ... import ahp

        judged = rows.assign(ratio=[float(t.value) for t in self.toggles.values() if t.value is not None])
        try:
            result = ahp.weights(judged[["a", "b", "ratio"]], labels=list(self._names))
        except InputError:
            return " Compare more pairs (every goal at least once) to see how consistent your comparisons are."
        cr = result.consistency_ratio
        if result.is_consistent:
            return f" Your comparisons are consistent (consistency ratio {cr:.2f}, below 0.10)."
        return (f" Some of your comparisons contradict each other (consistency ratio {cr:.2f}, 0.10 or more): "
                "have another look, for example at "
                + "; ".join(f"{self._names.get(a, a)} against {self._names.get(b, b)}"
                            for a, b in result.most_inconsistent[["a", "b"]].head(2).itertuples(index=False))
                + ".")

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
