"""The facilitator's live board: who has scored, the group's goal weights and each
opportunity's priority so far, while participants use the scoring app (:mod:`kit.apps.scoring`)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from .forms import say
from .polling import Polled, Watch
from .sync import Handshake

__all__ = ["LiveBoard", "live_board"]


class LiveBoard(Polled):
    """The facilitator's screen while participants score: what has come in, and the group's
    view so far, redrawn by itself when something new arrives (a poll every ``every`` seconds)
    and on *Refresh* (the workshop folder is read again; unchanged files come from the cache).

    A poll first compares the workshop's :func:`fingerprint` (the store's change counter, the
    tables' sizes and times) with the last one drawn: an unchanged room costs a stat of a few
    files and one indexed query, and redraws nothing.

    Shows who has scored how much, the group's goal weights, and what makes up each
    opportunity's priority score, and the round controls (:class:`kit.apps.rounds.
    RoundControls`): a poll that finds only round events or votes new redraws those alone,
    and a round with a time limit has its minutes counted down by the polls in between. A
    folder that no longer passes its checks (someone edited a file by hand) is reported in the
    status line and the last good view stays. Under ``kit serve`` it also shows the room how
    to join: the participant link and its QR code.

    Under the charts, *Ideas from the room* (:mod:`kit.apps.ideas`): the participants'
    proposed ideas, an *Accept* button each, redrawn by the poll that finds a new
    ``opportunity`` row (:meth:`kit.store.Store.changes_by_kind`), and the facilitator's form
    to *Add* an idea; both record the name typed in the round controls. An idea added or
    accepted is one of the opportunities at the board's next drawing, and in the
    participants' score forms at their apps' next poll.

    The board changes widgets after the page is shown, so it mounts a
    :class:`kit.apps.sync.Handshake`: what the page missed while it loaded is sent again.

    Attributes
    ----------
    refresh_button : ipywidgets.Button
    status : ipywidgets.HTML
        Counts and the time of the last save, or what went wrong.
    output : ipywidgets.Output
        The charts.
    join : ipywidgets.HBox or None
        The participant link and its QR code, when the board is served by ``kit serve``.
    rounds : RoundControls or None
        Open, follow, close and re-vote rounds (once the workshop has loaded).
    idea_form : IdeaForm or None
        The facilitator's *Add* (once the workshop has loaded).
    proposals : Proposals or None
        The proposed ideas, *Accept* each (once the workshop has loaded).
    handshake : Handshake
    views : list of altair charts
        The charts last drawn.
    widget : ipywidgets.VBox
    polls, redraws, round_redraws : int
        Polls so far, how many of them found something new and redrew the board, and how many
        found only round events or votes and redrew the round controls alone.
    last_poll_seconds : float
        What the last poll cost (the redraw included when there was one).
    """

    def __init__(self, folder: str | Path, *, framework: str = "weighted", every: float = 3.0,
                 facilitator: str = ""):
        import ipywidgets as w

        self.folder = Path(folder)
        self.framework = framework
        self.every = every
        self.polls = self.redraws = self.round_redraws = 0
        self.facilitator = facilitator
        self.rounds: Any = None
        self.idea_form: Any = None
        self.proposals: Any = None
        self._ideas_seen: int | None = None
        self._board_kinds: dict[str, int] | None = None
        self.last_poll_seconds = float("nan")
        self._seen: tuple[Any, ...] | None = None
        self._watch = Watch(self.folder)
        self.refresh_button = w.Button(description="Refresh", button_style="primary")
        self.refresh_button.on_click(lambda _button: self.refresh())
        self.status = w.HTML("")
        self.output = w.Output()
        self.participation: pd.DataFrame | None = None
        self.views: list[Any] = []  # the charts last drawn
        self.join = _join_card(self.folder)
        self.round_box = w.VBox([])
        self.ideas_box = w.VBox([])
        self.widget = w.VBox(([self.join] if self.join else []) + [w.HBox([self.refresh_button, self.status]),
                                                                    self.round_box, self.output, self.ideas_box])
        self.handshake = Handshake.mount(self.widget)  # the polls change widgets after the page is shown
        self.refresh()

    def poll(self) -> bool:
        """Redraw if anything came in since the last drawing; True when it redrew.

        Never raises: whatever goes wrong is said in the status line and the last good view
        stays on screen, and the next poll tries again.
        """
        start = time.perf_counter()
        self.polls += 1
        try:
            seen = self.fingerprint()
            if seen == self._seen:
                if self.rounds is not None and self.rounds.ticking():
                    self.rounds.refresh()
                return False
            if self.rounds is not None and self._seen is not None and seen[1] == self._seen[1] \
                    and self._board_changes() == self._board_kinds:  # only round events or votes
                self.rounds.refresh()
                self._seen = seen
                self.round_redraws += 1
                return True
            self.refresh()
            self.redraws += 1
            return True
        except Exception as exc:  # noqa: BLE001 - the board must outlive any one bad poll
            say(self.status, f"Not refreshed ({type(exc).__name__}: {exc}); showing the last good view, "
                             f"trying again in {self.every:g} s.", ok=False)
            return False
        finally:
            self.last_poll_seconds = time.perf_counter() - start

    def fingerprint(self) -> tuple[Any, ...]:
        """What changes when a contribution arrives: the store's change counter
        (:meth:`kit.store.Store.changes`) and each table file's name, size and modification time."""
        return self._watch.fingerprint()

    def refresh(self) -> pd.DataFrame | None:
        """Read the workshop again and redraw; returns :func:`kit.scoring.participation`."""
        from .. import ahp, scoring
        from ..charts import prioritise as charts
        from ..workshop import load_workshop
        from .display import show_in

        try:  # before reading: a save meanwhile is seen by the next poll
            seen: tuple[Any, ...] | None = self.fingerprint()
            kinds: dict[str, int] | None = self._board_changes()
        except Exception:  # noqa: BLE001 - the store unreadable now: the next poll reads again
            seen = kinds = None
        try:
            ws = load_workshop(self.folder)
        except InputError as exc:
            self._seen = seen  # the same broken folder is not read again until it changes
            first = exc.problems.iloc[0]
            where = " ".join(str(x) for x in (first["file"], f"row {first['row']:.0f}" if pd.notna(first["row"])
                                              else "") if x)
            say(self.status, f"Not refreshed: {len(exc.problems)} problem(s) in the workshop, first in {where}: "
                             f"{first['problem']}. Run `kit validate` on the folder.", ok=False)
            return None
        people = scoring.participation(ws)
        views: list[Any] = [charts.participation_bars(people)] if len(people) else []
        notes = []
        try:
            goals = ahp.goal_weights(ws)
            views.append(charts.goal_weight_bars(goals.frame()))
        except InputError:  # early in a workshop: too few comparisons to connect the goals
            goals = None
            notes.append("goal weights appear once the comparisons connect every goal")
        try:
            views.append(charts.contribution_bars(scoring.breakdown(ws, self.framework, goal_weights=goals)))
            left = scoring.unscored(ws)
            if len(left):  # ideas added in the room, or scored on some criteria only
                notes.append(scoring.unscored_sentence(left).rstrip(".") if len(left) <= 3 else
                             f"{len(left)} opportunities not yet scored on every criterion are left out")
        except InputError:  # no opportunity is scored on every criterion yet
            done = len(ws.opportunities) - len(scoring.unscored(ws))
            notes.append(f"scores appear once an opportunity is scored on every criterion "
                         f"({done} of {len(ws.opportunities)} so far)")
        when = _last_saved(ws)
        say(self.status, f"{len(people)} participants · {int(people['scores'].sum()):,} scores · "
                         f"{int(people['comparisons'].sum())} comparisons{when}"
                         + (f" ({'; '.join(notes)})" if notes else ""), ok=True)
        show_in(self.output, views)
        self.participation, self.views, self._seen, self._board_kinds = people, views, seen, kinds
        self._show_rounds(ws)
        self._show_ideas(ws, kinds)
        return people

    def _board_changes(self) -> dict[str, int]:
        """The latest contribution of each kind the board's charts are drawn from (round events
        and votes are the round controls')."""
        from ..store import ROUND_KINDS

        store = self._watch.store
        kinds = store.changes_by_kind() if store is not None else {}
        return {k: v for k, v in kinds.items() if k not in ROUND_KINDS}

    def _show_rounds(self, ws: Any) -> None:
        from .rounds import RoundControls

        if self.rounds is None:
            self.rounds = RoundControls(ws, self._watch, by=self.facilitator)
            self.round_box.children = (self.rounds.widget,)
        else:
            self.rounds.use(ws)
        self.rounds.refresh()

    def _show_ideas(self, ws: Any, kinds: dict[str, int] | None) -> None:
        """Mount the ideas once; then give them the workshop read again, and redraw the
        proposals when an ``opportunity`` row arrived (or the store could not say)."""
        import ipywidgets as w

        from .ideas import IdeaForm, Proposals

        store = self._watch.store
        moved = kinds is None or kinds.get("opportunity", 0) != self._ideas_seen
        if self.idea_form is None:
            name = self.rounds.facilitator
            self.proposals = Proposals(ws, store, name=name, on_accepted=lambda _oid: self.poll())
            self.idea_form = IdeaForm(ws, store, name=name, facilitator=True, on_saved=lambda _oid: self.poll())
            self.ideas_box.children = (w.HTML("<h3>Ideas from the room</h3>"), self.proposals.widget,
                                       w.HTML("<h4>Add an idea</h4>"), self.idea_form.widget)
        else:
            self.idea_form.use(ws, store)
            self.proposals.use(ws, store, redraw=moved)
        self._ideas_seen = None if kinds is None else kinds.get("opportunity", 0)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def live_board(folder: str | Path, *, framework: str = "weighted", every: float = 3.0,
               facilitator: str = "") -> LiveBoard:
    """The facilitator's live board over a workshop folder, polling every ``every`` seconds
    (0: only on *Refresh*), with the round controls (``facilitator``: the name they record,
    editable on the board); see :class:`LiveBoard`."""
    board = LiveBoard(folder, framework=framework, every=every, facilitator=facilitator)
    board.start()
    return board


def _join_card(folder: Path) -> Any:
    """The participant link in words and as a QR code, as ``kit serve`` wrote them for the
    workshop it serves; None for a board not served by it (a link left by an earlier run
    could be stale)."""
    import html
    import os

    import ipywidgets as w

    from ..workshop import SERVED_WORKSHOP

    served = os.environ.get(SERVED_WORKSHOP)
    if not served or Path(served).resolve() != folder.resolve():
        return None
    from ..serve import RUN_FOLDER
    from ..serve.links import read_join

    found = read_join(folder / RUN_FOLDER)
    if found is None:
        return None
    url, svg = found
    code = w.Image(value=svg, format="svg+xml", layout=w.Layout(width="168px", height="168px", margin="0 16px 0 0"))
    code.add_class("kit-join-qr")
    words = w.HTML(f"<div class='kit-join'><b>Join from your laptop or phone:</b> scan the code or open<br>"
                   f"<code>{html.escape(url)}</code></div>")
    return w.HBox([code, words], layout=w.Layout(align_items="center"))


def _last_saved(ws: Any) -> str:
    """`` · last saved 14:03:27`` (local time) from the store's times of the latest score or
    comparison; empty when nothing came through the store yet."""
    times = [t for table in (ws.scores, ws.pairwise) if "at" in table
             for t in pd.to_datetime(table["at"], utc=True, errors="coerce").dropna()]
    return f" · last saved {max(times).to_pydatetime().astimezone().strftime('%H:%M:%S')}" \
        if times else ""
