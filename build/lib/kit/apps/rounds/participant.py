"""A participant's screen while a round is open: only the round's items, votes through
:func:`kit.rounds.votes`.

Each opportunity of the round shows its title, then (in a re-vote) what the group said in the
round before, without names (:func:`kit.rounds.feedback`), then one toggle per criterion the
round asks on that criterion's scale as it was when the round opened, and a comment. *Save
votes* stores every score chosen in one go; saving again replaces them (the latest counts,
every earlier vote stays in the store). :class:`kit.apps.scoring.ScoringApp` shows this form
in place of its tabs while a round is open.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pandas as pd

from ...text import plural
from ..forms import hand_over, say
from . import views

if TYPE_CHECKING:  # pragma: no cover
    from ...rounds import Reveal, Round
    from ...workshop import Workshop

__all__ = ["RoundForm"]


class RoundForm:
    """Vote on the items of one open round.

    Parameters
    ----------
    workshop : Workshop
    store : Store
    round : Round
        The open round.
    name : ipywidgets.Text
        The participant's name field (the app's, shared with its other forms).
    feedback : Reveal, optional
        For a re-vote: the round before's results on these items.

    Attributes
    ----------
    toggles : dict[tuple[str, str], ipywidgets.ToggleButtons]
        One per item of the round, ``(opportunity_id, criterion)``, ``None`` until chosen.
    comments : dict[str, ipywidgets.Textarea]
        One per opportunity of the round.
    save_button : ipywidgets.Button
    status : ipywidgets.HTML
    intro : ipywidgets.HTML
        What the round is, and its time limit.
    feedback : dict[str, ipywidgets.HTML]
        Per opportunity, the group's votes and reasons before a re-vote (empty otherwise).
    widget : ipywidgets.VBox
    """

    def __init__(self, workshop: Workshop, store: Any, round: Round, name: Any, *,
                 feedback: Reveal | None = None) -> None:
        import ipywidgets as w

        self.workshop, self.store, self.round, self.participant = workshop, store, round, name
        titles, names = views.titles_of(workshop), views.criteria_of(workshop)
        self.toggles: dict[tuple[str, str], Any] = {}
        self.comments: dict[str, Any] = {}
        self.feedback: dict[str, Any] = {}
        again = feedback is not None
        self.intro = w.HTML(
            f"<h4>{html.escape(round.label.capitalize())}{' (a re-vote)' if again else ''}: score "
            f"{'these' if len(round.opportunities) > 1 else 'this'} "
            f"{'opportunity' if len(round.opportunities) == 1 else f'{len(round.opportunities)} opportunities'}"
            f"{html.escape(views.until(round.deadline))}</h4>"
            "<p>Your votes stay hidden until the facilitator closes the round. You may save again "
            "while it is open: your latest vote counts."
            + (" First look at what the group said last round: the votes and the reasons, without names."
               if again else "") + "</p>")
        blocks: list[Any] = [self.intro]
        for oid in round.opportunities:
            blocks.append(w.HTML(f"<h4>{html.escape(oid)} {html.escape(titles.get(oid, ''))}</h4>"))
            if feedback is not None:
                self.feedback[oid] = w.HTML(views.feedback_html(feedback, oid, names))
                blocks.append(self.feedback[oid])
            for cell in (c for c in round.cells if c[0] == oid):
                low, high = round.scales[cell[1]]
                toggle = w.ToggleButtons(options=[(str(v), v) for v in range(int(low), int(high) + 1)], value=None,
                                         style={"button_width": "40px"})
                self.toggles[cell] = toggle
                blocks += [w.HTML(f"<b>{html.escape(names.get(cell[1], cell[1]))}</b> "
                                  f"<span style='color:#555'>({int(low)}-{int(high)})</span>"), toggle]
            self.comments[oid] = w.Textarea(placeholder="Optional: why, what would change your mind",
                                            layout=w.Layout(width="640px", height="48px"))
            blocks.append(self.comments[oid])
        self.save_button = w.Button(description="Save votes", button_style="primary")
        self.save_button.on_click(lambda _b: self.save())
        self.status = w.HTML("")
        self.widget = w.VBox([*blocks, self.save_button, self.status])
        self._load_mine()

    def _name(self) -> str:
        from ..scoring.forms import _known_spelling

        return _known_spelling(self.workshop, self.participant.value)

    def _load_mine(self) -> None:
        """A participant coming back to an open round sees the votes they gave in it."""
        from ...rounds import counted_votes

        name = self._name()
        if not name:
            return
        counted = counted_votes(self.store, self.round)
        mine = counted[counted["participant"].str.strip().str.casefold() == name.casefold()]
        for r in mine.itertuples(index=False):
            toggle = self.toggles.get((r.opportunity_id, r.criterion))
            if toggle is not None and float(r.score).is_integer():
                toggle.value = int(r.score)
            if r.comment and r.opportunity_id in self.comments:
                self.comments[r.opportunity_id].value = r.comment

    def votes(self) -> pd.DataFrame:
        """The scores chosen, as rows of the ``scores`` table."""
        rows = [{"participant": self._name(), "opportunity_id": oid, "criterion": criterion,
                 "score": int(t.value), "comment": self.comments[oid].value.strip()}
                for (oid, criterion), t in self.toggles.items() if t.value is not None]
        return pd.DataFrame(rows, columns=["participant", "opportunity_id", "criterion", "score", "comment"])

    def save(self) -> pd.DataFrame | None:
        """Store the votes chosen (the *Save votes* button): the rows, or None when something
        is missing or refused (``status`` says why; nothing is stored then)."""
        from ... import rounds

        rows = self.votes()
        missing = [] if self.participant.value.strip() else ["your name"]
        if rows.empty:
            missing.append("a score on at least one item")
        if not hand_over(lambda frame: rounds.votes(self.store, self.workshop, self.round, frame), rows,
                         self.status, missing):
            return None
        left = len(self.toggles) - len(rows)
        say(self.status, f"Saved {len(rows)} of {plural(len(self.toggles), 'vote')} in {self.round.label}, "
                         f"{rows['participant'].iloc[0]}." + (f" {left} left open." if left else
                                                             " Thank you: wait for the facilitator to close it."),
            ok=True)
        return rows

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
