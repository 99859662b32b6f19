"""Ideas captured in the room, as widgets: the idea form and the facilitator's list of proposals.

:class:`IdeaForm` asks for an opportunity's title, capability area, goals (the workshop's),
cost range, effort, sponsor and team. For the facilitator its button says *Add* (the idea is
accepted at once, :func:`kit.ideas.add`); for a participant, *Propose* (:func:`kit.ideas.propose`).
A refused idea shows every problem of the contract, as text, and keeps what was typed.
:class:`Proposals` lists the proposed ideas with an *Accept* button each.

Both take the workshop, its store (opened on first use when not given) and who uses them (a
name, or the name field of the screen they are mounted in), so the live board and the
participant app mount them (:mod:`kit.apps.live`, :mod:`kit.apps.scoring`); workbook 01 shows
the form. :meth:`IdeaForm.use` and :meth:`Proposals.use` take a workshop read again.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Store
    from ..workshop import Workshop

__all__ = ["IdeaForm", "Proposals", "idea_form", "problems_html", "proposals"]


def problems_html(error: InputError, what: str = "Not saved") -> str:
    """An :class:`InputError` as an escaped HTML list: ``Not saved: goals: unknown goal id
    (productivty). did you mean ...``, one line per problem."""
    items = []
    for p in error.problems.to_dict("records"):
        where = f"{p['column']}: " if p.get("column") else ""
        value = f" ({p['value']})" if p.get("value") not in (None, "") and not pd.isna(p.get("value")) else ""
        hint = f". {p['hint']}" if p.get("hint") else ""
        items.append(f"<li>{html.escape(where + str(p['problem']) + value + hint)}</li>")
    return (f"<div style='color:#c62828'><p>{html.escape(what)}:</p><ul class='kit-problems'>"
            + "".join(items) + "</ul></div>")


class _Room:
    """The workshop's store, opened on first use when none was given (showing a form creates
    nothing; the first save does)."""

    def __init__(self, workshop: Workshop, store: Store | None):
        self.workshop = workshop
        self._given = store

    def use(self, workshop: Workshop, store: Store | None) -> None:
        self.workshop = workshop
        if self._given is None:
            self._given = store

    @property
    def store(self) -> Store:
        if self._given is None:
            from ..store import open_store, store_target

            self._given = open_store(store_target(self.workshop.path))
        return self._given


class IdeaForm:
    """Add (facilitator) or propose (participant) an opportunity.

    Attributes
    ----------
    title, id, cost_low, cost_high, effort, sponsor : ipywidgets.Text
    by : ipywidgets.Text
        Who adds or proposes: ``name`` when given (the screen's own name field, not shown
        again in the form), else a field of the form holding ``participant``.
    area : ipywidgets.Dropdown
        The five capability areas.
    goals : ipywidgets.SelectMultiple
        The workshop's goals.
    team : ipywidgets.Dropdown or ipywidgets.Text
        The teams of ``capacity`` in ``workshop.yml`` (and none), or free text without them.
    button : ipywidgets.Button
        *Add* or *Propose*.
    status : ipywidgets.HTML
    saved : list of str
        The ids this form stored, in order.
    widget : ipywidgets.VBox
    """

    def __init__(self, workshop: Workshop, store: Store | None = None, *, participant: str = "",
                 facilitator: bool = True, now: Callable[[], datetime] | None = None,
                 on_saved: Callable[[str], Any] | None = None, origin: str = "", name: Any = None):
        import ipywidgets as w

        from ..settings import CAPABILITY_AREAS

        self.room = _Room(workshop, store)
        self.facilitator = facilitator
        self.origin = origin
        self._now = now
        self._on_saved = on_saved
        self.saved: list[str] = []
        wide = w.Layout(width="520px")
        self.title = w.Text(description="Title", placeholder="a few words that name the opportunity", layout=wide)
        self.area = w.Dropdown(description="Area", options=[(name, key) for key, name in CAPABILITY_AREAS.items()],
                               layout=wide)
        self.goals = w.SelectMultiple(description="Goals", options=[(g.name, g.id) for g in workshop.settings.goals],
                                      rows=min(6, max(len(workshop.settings.goals), 2)), layout=wide)
        money = workshop.settings.currency
        self.cost_low = w.Text(description=f"Cost from ({money})", placeholder="e.g. 40000",
                               style={"description_width": "initial"})
        self.cost_high = w.Text(description="to", placeholder="e.g. 80000")
        self.effort = w.Text(description="Effort", placeholder="person-months, e.g. 6")
        self.sponsor = w.Text(description="Sponsor", placeholder="who asks for it", layout=wide)
        teams = list(workshop.settings.capacity)
        self.team = (w.Dropdown(description="Team", options=[("(none yet)", ""), *[(t, t) for t in teams]])
                     if teams else w.Text(description="Team"))
        self.id = w.Text(description="Id", placeholder="(the next free OPP-NN)")
        shared = name is not None
        self.by = name if shared else w.Text(description="Your name" if not facilitator else "By", value=participant)
        self.button = w.Button(description="Add" if facilitator else "Propose",
                               button_style="primary" if facilitator else "info")
        self.button.on_click(lambda _button: self.save())
        self.status = w.HTML("")
        self.widget = w.VBox([self.title, self.area, self.goals, w.HBox([self.cost_low, self.cost_high]),
                              self.effort, self.sponsor, self.team, self.id,
                              *([] if shared else [self.by]), self.button, self.status])
        self.widget.add_class("kit-idea-form")

    def use(self, workshop: Workshop, store: Store | None = None) -> None:
        """Check ideas against ``workshop`` from now on (read again: new opportunities, ideas
        stored by others), into ``store`` when the form has none yet; what is typed stays."""
        self.room.use(workshop, store)

    def fields(self) -> dict[str, Any]:
        """What was typed, as :func:`kit.ideas.add` takes it (the id only when given)."""
        out: dict[str, Any] = {"title": self.title.value, "capability_area": self.area.value or "",
                               "goals": list(self.goals.value), "cost_low": self.cost_low.value,
                               "cost_high": self.cost_high.value, "effort_months": self.effort.value,
                               "sponsor": self.sponsor.value, "team": self.team.value or ""}
        if self.id.value.strip():
            out["id"] = self.id.value.strip()
        return out

    def save(self) -> str | None:
        """Check and store the idea (what the button does); its id, or None when refused."""
        from .. import ideas
        from .forms import say

        act = ideas.add if self.facilitator else ideas.propose
        now = self._now() if self._now else None
        try:
            oid = act(self.room.store, self.room.workshop, self.fields(), by=self.by.value, now=now,
                      origin=self.origin)
        except InputError as exc:
            self.status.value = problems_html(exc)
            return None
        title = self.title.value.strip()
        if self.facilitator:
            say(self.status, f"Added {oid} “{title}” to the opportunities: it waits to be scored.", ok=True)
        else:
            say(self.status, f"Proposed {oid} “{title}”: the facilitator will see it and may accept it.", ok=True)
        self.saved.append(oid)
        for field in (self.title, self.cost_low, self.cost_high, self.effort, self.sponsor, self.id):
            field.value = ""
        self.goals.value = ()
        if self._on_saved is not None:
            self._on_saved(oid)
        return oid

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


class Proposals:
    """The facilitator's list of proposed ideas, an *Accept* button each.

    Attributes
    ----------
    by : ipywidgets.Text
        Who accepts (the facilitator): ``name`` when given (the screen's own name field, not
        shown again), else a field of the list holding ``participant``.
    buttons : dict
        The *Accept* button of each proposed idea, by id.
    rows : ipywidgets.VBox
    status : ipywidgets.HTML
    widget : ipywidgets.VBox
    """

    def __init__(self, workshop: Workshop, store: Store | None = None, *, participant: str = "",
                 now: Callable[[], datetime] | None = None, on_accepted: Callable[[str], Any] | None = None,
                 name: Any = None):
        import ipywidgets as w

        self.room = _Room(workshop, store)
        self._now = now
        self._on_accepted = on_accepted
        shared = name is not None
        self.by = name if shared else w.Text(description="By", value=participant,
                                             placeholder="who accepts (the facilitator)")
        self.heading = w.HTML("")
        self.rows = w.VBox([])
        self.status = w.HTML("")
        self.buttons: dict[str, Any] = {}
        self.widget = w.VBox([self.heading, self.rows, *([] if shared else [self.by]), self.status])
        self.widget.add_class("kit-proposals")
        self.refresh()

    def use(self, workshop: Workshop, store: Store | None = None, *, redraw: bool = True) -> None:
        """Read ``workshop`` (read again) from now on, and ``store`` when the list has none
        yet; redraw the list unless told not to (no idea arrived meanwhile)."""
        self.room.use(workshop, store)
        if redraw:
            self.refresh()

    def proposed(self) -> pd.DataFrame:
        """The ideas waiting for the facilitator, oldest first."""
        from .. import ideas
        from ..store import has_store

        if self.room._given is None and not has_store(self.room.workshop.path):  # nothing proposed yet
            return pd.DataFrame(columns=["id", "title", "goals", "cost_low", "cost_high", "by"])
        found = ideas.ideas(self.room.store, self.room.workshop)
        return found[found["status"] == ideas.PROPOSED].reset_index(drop=True)

    def refresh(self) -> None:
        """Read the store again and redraw the list."""
        import ipywidgets as w

        from ..text import money, plural

        waiting = self.proposed()
        currency = self.room.workshop.settings.currency
        names = {g.id: g.name for g in self.room.workshop.settings.goals}
        self.heading.value = (f"<h4>{html.escape(plural(len(waiting), 'proposed idea'))} waiting</h4>" if len(waiting)
                              else "<h4>No proposed idea waiting</h4>")
        self.buttons = {}
        rows = []
        for r in waiting.to_dict("records"):
            button = w.Button(description="Accept", button_style="success", tooltip=f"accept {r['id']}")
            button.on_click(lambda _button, oid=r["id"]: self.accept(oid))
            self.buttons[r["id"]] = button
            cost = f"{money(r['cost_low'], currency)} to {money(r['cost_high'], currency)}"
            text = (f"<b>{html.escape(str(r['id']))}</b> {html.escape(str(r['title']))} · "
                    f"{html.escape(', '.join(names.get(g, g) for g in r['goals']) or 'no goal')} · {html.escape(cost)} · "
                    f"proposed by {html.escape(str(r['by']))}")
            rows.append(w.HBox([button, w.HTML(text)]))
        self.rows.children = rows

    def accept(self, idea_id: str) -> bool:
        """Accept one proposed idea (what its button does); False when refused."""
        from .. import ideas
        from .forms import say

        try:
            ideas.accept(self.room.store, self.room.workshop, idea_id, by=self.by.value,
                         now=self._now() if self._now else None)
        except InputError as exc:
            self.status.value = problems_html(exc, "Not accepted")
            return False
        say(self.status, f"Accepted {idea_id}: it is one of the opportunities now.", ok=True)
        self.refresh()
        if self._on_accepted is not None:
            self._on_accepted(idea_id)
        return True

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def idea_form(workshop: Workshop, *, by: str = "", facilitator: bool = True) -> IdeaForm:
    """An idea form writing to the workshop's store; ``by`` defaults to the ``participant`` of
    the Voilà link (workbook 01: the facilitator's form)."""
    from .forms import participant_from_url

    return IdeaForm(workshop, participant=by or participant_from_url(), facilitator=facilitator)


def proposals(workshop: Workshop, *, by: str = "") -> Proposals:
    """The list of proposed ideas of the workshop's store, for the facilitator."""
    from .forms import participant_from_url

    return Proposals(workshop, participant=by or participant_from_url())
