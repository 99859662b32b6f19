"""The facilitator's round controls: open a round, watch who votes, close it, re-vote.

Mounted on the live board (:class:`kit.apps.live.LiveBoard`), which calls :meth:`RoundControls.
refresh` from its poll when a round event or a vote arrives; the controls then read the
rounds from the store (:func:`kit.rounds.load_rounds`) and draw the latest one:

* open: who has voted and on how many items (:func:`kit.rounds.status`), never a score;
* closed: the reveal (:func:`kit.rounds.reveal`), and for a re-vote how agreement moved
  (:func:`kit.rounds.compare`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...errors import InputError
from ...text import plural
from ..forms import say
from . import views

if TYPE_CHECKING:  # pragma: no cover
    from ...rounds import Round
    from ...workshop import Workshop
    from ..polling import Watch

__all__ = ["RoundControls"]


class RoundControls:
    """Open, follow, close and re-vote rounds with hidden votes.

    Parameters
    ----------
    workshop : Workshop
        Its opportunities and criteria are what a round may ask about.
    watch : Watch
        The workshop's folder and store (the live board's); the store is created by the first
        round opened when the workshop has none yet.
    by : str
        The facilitator's name, recorded with every round opened or closed.

    Attributes
    ----------
    facilitator : ipywidgets.Text
    every_item : ipywidgets.Checkbox
        On: the round asks about every opportunity; off: the ones selected in ``items``.
    items, criteria : ipywidgets.SelectMultiple
        The opportunities (when not every one) and the criteria (none selected: every one).
    minutes : ipywidgets.FloatText
        A time limit in minutes; 0 for none.
    open_button, close_button, revote_button : ipywidgets.Button
    status : ipywidgets.HTML
        What happened on the last click or refresh.
    progress, results, moved : ipywidgets.HTML
        Who has voted (while open), the reveal (once closed), how agreement moved (a re-vote).
    round : Round or None
        The round shown: the latest opened.
    widget : ipywidgets.VBox
    """

    def __init__(self, workshop: Workshop, watch: Watch, *, by: str = "") -> None:
        import ipywidgets as w

        self.workshop = workshop
        self.watch = watch
        self.round: Round | None = None
        self._drawn: tuple[Any, ...] | None = None
        self.facilitator = w.Text(value=by, description="Facilitator", placeholder="your name",
                                  layout=w.Layout(width="320px"))
        self.every_item = w.Checkbox(value=True, description="Every opportunity", indent=False)
        self.items = w.SelectMultiple(options=[], rows=6, description="Opportunities",
                                      layout=w.Layout(width="520px"))
        self.criteria = w.SelectMultiple(options=[], rows=min(6, len(workshop.settings.criteria)),
                                         description="Criteria", layout=w.Layout(width="320px"))
        self.minutes = w.FloatText(value=0, description="Minutes", layout=w.Layout(width="180px"))
        self.open_button = w.Button(description="Open round", button_style="primary")
        self.close_button = w.Button(description="Close round", button_style="warning")
        self.revote_button = w.Button(description="Re-vote contested", button_style="info")
        self.open_button.on_click(lambda _b: self.open())
        self.close_button.on_click(lambda _b: self.close())
        self.revote_button.on_click(lambda _b: self.revote())
        self.every_item.observe(lambda _c: self._enable(), names="value")
        self.status = w.HTML("")
        self.progress = w.HTML("")
        self.results = w.HTML("")
        self.moved = w.HTML("")
        hint = w.HTML("<p style='color:#555'>No criterion selected: every criterion. Minutes 0: no time "
                      "limit. Votes stay hidden until you close the round.</p>")
        self.widget = w.VBox([
            w.HTML("<h3>Rounds</h3>"), self.facilitator, w.HBox([self.every_item, self.minutes]),
            w.HBox([self.items, self.criteria]), hint,
            w.HBox([self.open_button, self.close_button, self.revote_button]), self.status,
            self.progress, self.results, self.moved])
        self.use(workshop)

    def use(self, workshop: Workshop) -> None:
        """Ask about ``workshop``'s opportunities and criteria from now on (a reload brought
        new ones); the selection made stays where it still exists."""
        self.workshop = workshop
        opp = workshop.opportunities
        items = [(f"{oid}  {str(title)[:60]}", str(oid))
                 for oid, title in zip(opp["id"].astype(str), opp.get("title", opp["id"]), strict=True)]
        criteria = [(c.name, c.id) for c in workshop.settings.criteria]
        for select, options in ((self.items, items), (self.criteria, criteria)):
            if list(select.options) != options:  # unchanged: the facilitator's selection is left alone
                chosen = set(select.value)
                select.options = options
                select.value = tuple(v for _, v in options if v in chosen)
        self._enable()

    def _store(self, *, create: bool = False) -> Any:
        store = self.watch.open()
        if store is None and create:
            from ...store import open_store, store_target

            store = self.watch.store = open_store(store_target(self.workshop.path))
        return store

    def _act(self, what: str, action: Callable[[], str]) -> bool:
        """Run a click's ``action`` (returning what to say); a refusal is said, nothing else."""
        try:
            message = action()
        except InputError as exc:
            first = exc.problems.iloc[0]
            value = f" ({first['value']})" if isinstance(first["value"], str) and first["value"] else ""
            hint = f" {first['hint']}." if isinstance(first["hint"], str) and first["hint"] else ""
            say(self.status, f"{what}: {first['problem']}{value}.{hint}", ok=False)
            return False
        self.refresh()
        say(self.status, message, ok=True)
        return True

    def open(self) -> bool:
        """Open a round on the items and criteria chosen (the *Open round* button)."""
        from ... import rounds

        def action() -> str:
            items = None if self.every_item.value else list(self.items.value)
            criteria = list(self.criteria.value) or None
            minutes = float(self.minutes.value) if self.minutes.value else None
            opened = rounds.open_round(self._store(create=True), self.workshop, items, criteria, minutes,
                                       by=self.facilitator.value)
            return (f"{opened.label.capitalize()} is open: "
                    f"{plural(len(opened.opportunities), 'opportunity', 'opportunities')}, "
                    f"{plural(len(opened.cells), 'item')}{views.until(opened.deadline)}.")

        return self._act("Round not opened", action)

    def close(self) -> bool:
        """Close the round shown and reveal its votes (the *Close round* button)."""
        from ... import rounds

        def action() -> str:
            if self.round is None:
                raise InputError.single("no round to close", column="round", hint="open a round first")
            closed = rounds.close_round(self._store(), self.round, by=self.facilitator.value)
            return f"{closed.label.capitalize()} is closed: the votes are shown below."

        return self._act("Round not closed", action)

    def revote(self) -> bool:
        """Open a re-vote of the round shown on its contested items, those whose agreement is
        below ``rounds: revote_below`` of ``workshop.yml`` (the *Re-vote contested* button)."""
        from ... import rounds

        def action() -> str:
            if self.round is None:
                raise InputError.single("no round to re-vote", column="round", hint="open and close a round first")
            below = self.workshop.settings.rounds["revote_below"]
            minutes = float(self.minutes.value) if self.minutes.value else None
            again = rounds.revote(self._store(), self.workshop, self.round, by=self.facilitator.value,
                                  minutes=minutes)
            if again is None:
                return (f"No item of {self.round.label} has agreement below {views.threshold_words(below)}: "
                        "nothing to re-vote.")
            return (f"{again.label.capitalize()} re-votes {plural(len(again.cells), 'contested item')} of "
                    f"{self.round.label}: participants see the group's votes and reasons first.")

        return self._act("Re-vote not opened", action)

    def refresh(self) -> None:
        """Read the rounds from the store and draw the latest (from the board's poll).

        Draws again only when the round or its votes moved, or while a time limit runs (its
        minutes left); a failure says why in the status line and the last good view stays.
        """
        from ... import rounds

        try:
            store = self._store()
            if store is None:
                self._enable()
                return
            known = rounds.load_rounds(store)
            self.round = known[-1] if known else None
            if self.round is None:
                self._enable()
                return
            if self.round.is_open():
                seen = rounds.status(store, self.round)
                key: tuple[Any, ...] = ("open", self.round.id, store.changes(),
                                        None if seen.seconds_left is None else int(seen.seconds_left // 60))
                if key != self._drawn:
                    self.progress.value = views.status_html(seen)
                    self.results.value = self.moved.value = ""
            else:
                key = ("closed", self.round.id, self.round.close_id)
                if key != self._drawn:
                    self._draw_closed(store, known)
            self._drawn = key
            self._enable()
        except Exception as exc:  # noqa: BLE001 - the board outlives a bad refresh
            say(self.status, f"Rounds not refreshed ({type(exc).__name__}: {exc}); showing the last good view.",
                ok=False)

    def ticking(self) -> bool:
        """Whether the round shown is open with a time limit (its minutes left move with no
        store change), or has just run out of time."""
        return self.round is not None and self.round.deadline is not None and self._drawn is not None \
            and self._drawn[0] == "open"

    def _draw_closed(self, store: Any, known: list[Round]) -> None:
        from ... import rounds

        assert self.round is not None
        titles, criteria = views.titles_of(self.workshop), views.criteria_of(self.workshop)
        self.progress.value = views.status_html(rounds.status(store, self.round))
        self.results.value = views.reveal_html(rounds.reveal(store, self.round), titles, criteria)
        parent = next((r for r in known if r.id == self.round.parent), None)
        self.moved.value = "" if parent is None else views.compare_html(
            rounds.compare(store, self.round), titles, criteria, before=parent, after=self.round)

    def _enable(self) -> None:
        is_open = self.round is not None and self.round.is_open()
        self.items.disabled = bool(self.every_item.value)
        self.open_button.disabled = is_open
        self.close_button.disabled = not is_open
        self.revote_button.disabled = self.round is None or is_open

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
