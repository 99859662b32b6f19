"""The maturity answering form: an ipywidgets form for the participant app (Voilà).

Each statement shows with its five level descriptions and a 1-5 toggle; on submit the answers
go to a *writer*, a function taking the answers frame: by default the workshop's contributions
store (:func:`kit.store.writer`), which checks them against the instrument first.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from ..maturity import ANSWER_COLUMNS, ROLES, Instrument
from .forms import Writer, from_url, hand_over, participant_from_url, say

__all__ = ["AnswerForm", "answer_form"]


class AnswerForm:
    """A self-assessment form over an instrument.

    Attributes
    ----------
    participant : ipywidgets.Text
        The respondent's name.
    role : ipywidgets.ToggleButtons
        ``it`` or ``business``.
    toggles : dict[str, ipywidgets.ToggleButtons]
        One 1-5 toggle per statement id (``None`` until answered).
    submit : ipywidgets.Button
        Saves the answers through the writer.
    status : ipywidgets.HTML
        What happened on the last submit.
    widget : ipywidgets.VBox
        The whole form; displaying the form displays it.
    """

    def __init__(self, instrument: Instrument, writer: Writer, *, participant: str = "", role: str = "",
                 now: Callable[[], datetime] | None = None):
        import ipywidgets as w

        self.instrument = instrument
        self.writer = writer
        self._now = now or (lambda: datetime.now(UTC))
        self.participant = w.Text(value=participant, description="Your name", placeholder="First and last name",
                                  layout=w.Layout(width="420px"))
        self.role = w.ToggleButtons(options=[(label, key) for key, label in ROLES.items()],
                                    value=role.lower() if role else None, description="You work in")
        self.toggles: dict[str, Any] = {}
        self._chosen: dict[str, Any] = {}
        sections = []
        for d in instrument.dimensions:
            intro = f"<p>{html.escape(d.description)}</p>" if d.description else ""
            if d.journey:
                intro += f"<p><i>{html.escape(d.journey)}</i></p>"
            items: list[Any] = [w.HTML(intro)] if intro else []
            for s in d.statements:
                toggle = w.ToggleButtons(
                    options=[(str(level), level) for level in range(1, 6)], value=None,
                    tooltips=[f"{i + 1} {instrument.scale[i]}: {text}" for i, text in enumerate(s.levels)],
                    style={"button_width": "48px"})
                chosen = w.HTML("")
                toggle.observe(functools.partial(self._show_choice, s.levels, chosen), names="value")
                levels = "".join(f"<li><b>{html.escape(instrument.scale[i])}</b> — {html.escape(text)}</li>"
                                 for i, text in enumerate(s.levels))
                items += [w.HTML(f"<p><b>{html.escape(s.id)}</b> {html.escape(s.text)}</p>"
                                 f"<ol class='kit-levels' style='margin-top:0'>{levels}</ol>"),
                          toggle, chosen]
                self.toggles[s.id] = toggle
                self._chosen[s.id] = chosen
            sections.append(w.VBox(items))
        self.sections = w.Accordion(children=sections, titles=tuple(d.name for d in instrument.dimensions),
                                    selected_index=0 if sections else None)
        self.progress = w.HTML("")
        for toggle in self.toggles.values():
            toggle.observe(lambda _change: self._update_progress(), names="value")
        self._update_progress()
        self.submit = w.Button(description="Submit answers", button_style="primary")  # no icon: icons come from a CDN
        self.submit.on_click(lambda _button: self.save())
        self.status = w.HTML("")
        title = w.HTML(f"<h3>{html.escape(instrument.name)}</h3><p>Rate each statement from 1 "
                       f"({html.escape(instrument.scale[0])}) to 5 ({html.escape(instrument.scale[4])}) as things "
                       "are today, not as they should be. Leave a statement open if you cannot judge it.</p>")
        self.widget = w.VBox([title, self.participant, self.role, self.sections, self.progress, self.submit,
                              self.status])

    def _show_choice(self, levels: tuple[str, ...], chosen: Any, change: dict[str, Any]) -> None:
        value = change["new"]
        chosen.value = ("" if value is None else
                        f"<span style='color:#1f5f8b'>Your answer: {value} "
                        f"({html.escape(self.instrument.scale[value - 1])}) — {html.escape(levels[value - 1])}</span>")

    def _update_progress(self) -> None:
        done = sum(t.value is not None for t in self.toggles.values())
        self.progress.value = f"<p>{done} of {len(self.toggles)} statements answered.</p>"

    def answers(self) -> pd.DataFrame:
        """The answers given so far, in the columns of ``maturity.csv`` (``submitted`` empty)."""
        owner = {s.id: d.id for d in self.instrument.dimensions for s in d.statements}
        rows = [{"participant": self.participant.value.strip(), "area": owner[sid], "statement": sid,
                 "score": int(t.value), "role": self.role.value or "", "submitted": ""}
                for sid, t in self.toggles.items() if t.value is not None]
        return pd.DataFrame(rows, columns=list(ANSWER_COLUMNS))

    def save(self) -> pd.DataFrame | None:
        """Check the form and hand the answers to the writer (what the submit button does).

        Returns
        -------
        DataFrame or None
            The rows written, or ``None`` when something is missing (``status`` says what).
        """
        missing = []
        if not self.participant.value.strip():
            missing.append("your name")
        if not self.role.value:
            missing.append("whether you work in IT or in the business")
        answers = self.answers()
        if answers.empty:
            missing.append("at least one answer")
        answers["submitted"] = self._now().isoformat(timespec="seconds")
        if not hand_over(self.writer, answers, self.status, missing):
            return None
        n, open_ = len(answers), len(self.toggles) - len(answers)
        note = f" {open_} statement{'s' if open_ != 1 else ''} left open." if open_ else ""
        self._say(f"Thank you, {answers['participant'].iloc[0]}: {n} answer{'s' if n != 1 else ''} saved.{note} "
                  "You may change answers and submit again; the latest answer counts.", ok=True)
        return answers

    def _say(self, text: str, *, ok: bool) -> None:
        say(self.status, text, ok=ok)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def answer_form(instrument: Instrument, workshop: Any = None, *, writer: Writer | None = None,
                participant: str = "", role: str = "") -> AnswerForm:
    """A maturity answering form that saves into a workshop's store (or through ``writer``).

    Parameters
    ----------
    instrument : Instrument
        From :func:`kit.maturity.instrument_for`.
    workshop : Workshop, optional
        The loaded workshop; answers are checked against ``instrument`` and appended to its
        contributions store.
    writer : callable, optional
        Takes the answers frame and stores it, instead of the workshop's store.
    participant, role : str
        Pre-filled name and role (``it`` or ``business``); when empty, the ``participant`` and
        ``role`` of the page's address in Voilà (``...?participant=Nora%20Quist&role=it``).

    Returns
    -------
    AnswerForm
        Display it (last expression of a cell) to show the form.
    """
    if writer is None:
        if workshop is None:
            raise ValueError("answer_form needs a workshop or a writer")
        from ..store import writer as store_writer

        writer = store_writer(workshop, "maturity", app="maturity", instrument=instrument)
    if not role:
        asked = from_url("role").lower()
        role = asked if asked in ROLES else ""
    return AnswerForm(instrument, writer, participant=participant or participant_from_url(), role=role)
