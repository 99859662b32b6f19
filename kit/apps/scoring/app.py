"""The participant's screen: one name field, the two forms, an idea to propose, and the round
mode, kept up to date by a poll on the store's change counter."""

from __future__ import annotations

import html
import time
from typing import TYPE_CHECKING, Any

from ...errors import InputError
from ...workshop import Workshop
from ..forms import Writer, participant_from_url, say
from ..ideas import IdeaForm
from ..polling import Polled, Watch
from ..sync import Handshake
from .forms import PairForm, ScoreForm, _name_field

if TYPE_CHECKING:  # pragma: no cover
    from ...rounds import Round
    from ..rounds import RoundForm

__all__ = ["QUIET_KINDS", "ScoringApp", "pair_form", "score_form", "scoring_app"]

#: Contributions that change nothing a participant's screen asks about: other people's scores,
#: comparisons, answers, overrides and votes. Any other kind (a round opened or closed, an
#: opportunity added in the room) makes the next poll look again.
QUIET_KINDS = frozenset({"score", "pairwise", "maturity", "override", "vote"})


class ScoringApp(Polled):
    """The participant's screen: one name field, then *Score opportunities*, *Compare goals*
    and *Propose an idea* (:class:`kit.apps.ideas.IdeaForm`, under the same name; the idea waits
    for the facilitator and is not scored until accepted); while the facilitator has a round
    open, that round's items alone (:class:`kit.apps.rounds.RoundForm`).

    :meth:`poll` (every ``every`` seconds once :meth:`start` ed, as :func:`scoring_app` does)
    follows the room without a page reload: a new round shows its items, a closed one brings
    the forms back, and new opportunities (a changed table, an idea added in the room) appear
    in the score form (an idea the facilitator added or accepted, too). An unchanged poll costs
    the store's change counter and a stat of the tables; a poll after someone's vote, one more
    query. The poll changes widgets after the page is shown, so the screen mounts a
    :class:`kit.apps.sync.Handshake`.

    Attributes
    ----------
    participant : ipywidgets.Text
    scores : ScoreForm
    pairs : PairForm
    ideas : IdeaForm
        *Propose* an idea, under the participant's name.
    handshake : Handshake
    round : Round or None
        The open round shown, the latest opened (None: the ordinary forms).
    round_form : RoundForm or None
    notice : ipywidgets.HTML
        What changed (a round opened or closed), or why the screen is not up to date.
    widget : ipywidgets.VBox
    polls, changes : int
        Polls so far, and how many found something new.
    last_poll_seconds : float
    """

    def __init__(self, workshop: Workshop, score_writer: Writer, pair_writer: Writer, *, participant: str = "",
                 store: Any = None, every: float = 3.0):
        import ipywidgets as w

        self.workshop = workshop
        self.every = every
        self.participant = _name_field(participant)
        self.scores = ScoreForm(workshop, score_writer, name=self.participant)
        self.pairs = PairForm(workshop, pair_writer, name=self.participant)
        self.ideas = IdeaForm(workshop, store, facilitator=False, name=self.participant)
        org = workshop.settings.organisation
        where = f"{org}: {workshop.settings.name}" if org else workshop.settings.name
        self.tabs = w.Tab(children=[self.scores.widget, self.pairs.widget, self.ideas.widget],
                          titles=("Score opportunities", "Compare goals", "Propose an idea"))
        self.notice = w.HTML("")
        self.body = w.VBox([self.tabs])
        self.widget = w.VBox([w.HTML(f"<h3>{html.escape(where)}</h3>"), self.participant, self.notice, self.body])
        self.handshake = Handshake.mount(self.widget)  # the polls change widgets after the page is shown
        self.round: Round | None = None
        self.round_form: RoundForm | None = None
        self.polls = self.changes = 0
        self.last_poll_seconds = float("nan")
        self._watch = Watch(workshop.path, store)
        self._seen: tuple[Any, ...] | None = None
        self._kinds: dict[str, int] = {}
        self.poll()  # a participant arriving while a round is open sees it at once

    @property
    def mode(self) -> str:
        """``"round"`` while a round's items are shown, else ``"scoring"``."""
        return "round" if self.round is not None else "scoring"

    def poll(self) -> bool:
        """Follow the room: True when something new was looked at.

        Never raises: what goes wrong is said in ``notice``, the screen stays as it was and the
        next poll tries again.
        """
        start = time.perf_counter()
        self.polls += 1
        seen: tuple[Any, ...] | None = None
        kinds: dict[str, int] = {}
        try:
            if self.round is not None and not self.round.is_open():  # its time limit ran out
                self._follow_rounds()
            seen = self._watch.fingerprint()
            if seen == self._seen:
                return False
            store = self._watch.store
            kinds = store.changes_by_kind() if store is not None else {}
            moved = {k for k in kinds.keys() | self._kinds.keys() if kinds.get(k) != self._kinds.get(k)}
            first = self._seen is None
            if not first and (seen[1] != self._seen[1] or moved - QUIET_KINDS - {"round"}):  # type: ignore[index]
                self._reload()
            if first or moved - QUIET_KINDS:
                self._follow_rounds()
            self._seen, self._kinds = seen, kinds
            self.changes += 1
            return True
        except InputError as exc:  # a table broken by hand: not read again until it changes
            self._seen, self._kinds = seen, kinds
            first_problem = exc.problems.iloc[0]
            say(self.notice, f"Not up to date: the workshop has a problem ({first_problem['problem']}); "
                             "the screen stays as it was until it is fixed.", ok=False)
            return False
        except Exception as exc:  # noqa: BLE001 - the participant's screen outlives a bad poll
            say(self.notice, f"Not up to date ({type(exc).__name__}: {exc}); trying again in {self.every:g} s.",
                ok=False)
            return False
        finally:
            self.last_poll_seconds = time.perf_counter() - start

    def _reload(self) -> None:
        """Read the workshop again (new opportunities); the forms keep what is on screen."""
        from ...workshop import load_workshop

        fresh = load_workshop(self.workshop.path)
        self.workshop = fresh
        self.scores.use(fresh)
        self.pairs.workshop = fresh
        self.ideas.use(fresh, self._watch.store)
        if self.round_form is not None:
            self.round_form.workshop = fresh

    def _follow_rounds(self) -> None:
        """Show the latest open round, or the forms when none is open."""
        from ... import rounds
        from ..rounds import RoundForm

        store = self._watch.store
        open_now = [r for r in rounds.load_rounds(store) if r.is_open()] if store is not None else []
        latest = open_now[-1] if open_now else None
        if latest is None:
            if self.round is not None:
                say(self.notice, f"{self.round.label.capitalize()} is closed: thank you. You may go on "
                                 "scoring and comparing as before.", ok=True)
                self.round, self.round_form = None, None
                self.body.children = (self.tabs,)
            return
        if self.round is not None and latest.id == self.round.id:
            return
        known = set(self.workshop.opportunities["id"].astype(str))
        if not set(latest.opportunities) <= known:  # asks about an idea added since this screen loaded
            self._reload()
        feedback = rounds.feedback(store, latest) if latest.parent else None
        self.round_form = RoundForm(self.workshop, store, latest, self.participant, feedback=feedback)
        self.round = latest
        self.body.children = (self.round_form.widget,)
        say(self.notice, f"{latest.label.capitalize()} is open: the facilitator asks for your votes below.", ok=True)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def _appender(workshop: Workshop, kind: str) -> Writer:
    from ...store import writer

    return writer(workshop, kind, app="scoring")


def scoring_app(workshop: Workshop, *, score_writer: Writer | None = None, pair_writer: Writer | None = None,
                participant: str = "", every: float = 3.0) -> ScoringApp:
    """The participant scoring app: scores and goal comparisons into the workshop's store, and
    the open round's votes (:mod:`kit.rounds`), polling the store every ``every`` seconds.

    Parameters
    ----------
    workshop : Workshop
    score_writer, pair_writer : callable, optional
        Take the rows frame and store it, instead of the workshop's contributions store.
    participant : str
        A pre-filled name; when empty, the ``participant`` of the page's address in Voilà
        (see :func:`kit.apps.forms.participant_from_url`), so each participant can get a
        personal link.
    every : float
        Seconds between polls (0: none).
    """
    app = ScoringApp(workshop, score_writer or _appender(workshop, "score"),
                     pair_writer or _appender(workshop, "pairwise"),
                     participant=participant or participant_from_url(), every=every)
    app.start()
    return app


def pair_form(workshop: Workshop, *, writer: Writer | None = None, participant: str = "") -> PairForm:
    """The goal comparisons alone; judgments are appended to the workshop's ``pairwise.csv``."""
    return PairForm(workshop, writer or _appender(workshop, "pairwise"), participant=participant)


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
    return ScoreForm(workshop, writer or _appender(workshop, "score"), participant=participant)
