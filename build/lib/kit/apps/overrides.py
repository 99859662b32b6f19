"""The facilitator's override form: change one decision, with who and why (the decision log)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["OverrideForm", "override_form"]


class OverrideForm:
    """The facilitator's override: change one decision, with who and why (the decision log).

    Saving appends ``opportunity_id, decision, rationale, by, at`` to the workshop's
    contributions store (checked first: :func:`kit.store.writer`); the latest override of an
    opportunity counts (:func:`kit.triage.decide`), and every earlier one stays in the store.
    Workbooks 02 and 05 read them (:func:`kit.triage.workshop_overrides`); run them again to
    see the budget and capacity re-filled around the new decision.

    Attributes
    ----------
    opportunity : ipywidgets.Dropdown
        Labels show the rules' decision (``OPP-10 TMS modernisation · rules: NOT NOW``).
    decision : ipywidgets.ToggleButtons
        YES, NOT NOW or NO.
    rationale : ipywidgets.Textarea
    by : ipywidgets.Text
    save_button : ipywidgets.Button
    status : ipywidgets.HTML
    widget : ipywidgets.VBox
    """

    def __init__(self, decisions: Any, writer: Callable[[Any], Any], *, by: str = "",
                 now: Callable[[], Any] | None = None):
        import ipywidgets as w

        from ..triage import DECISIONS

        self.writer = writer
        self._now = now
        self._rules = {str(r["opportunity_id"]): str(r.get("rule_decision") or r["decision"])
                       for r in decisions.to_dict("records")}
        options = [(f"{r['opportunity_id']}  {str(r['title'])[:60]} · rules: {self._rules[str(r['opportunity_id'])]}",
                    str(r["opportunity_id"])) for r in decisions.to_dict("records")]
        self.opportunity = w.Dropdown(options=options, description="Opportunity", layout=w.Layout(width="640px"))
        self.decision = w.ToggleButtons(options=list(DECISIONS), value=None, description="Decision")
        self.rationale = w.Textarea(placeholder="Why the group decides differently from the rules",
                                    layout=w.Layout(width="640px", height="60px"), description="Why")
        self.by = w.Text(value=by, placeholder="Who decided (facilitator or sponsor)", description="By")
        self.save_button = w.Button(description="Save override", button_style="warning")
        self.save_button.on_click(lambda _button: self.save())
        self.status = w.HTML("")
        self.widget = w.VBox([self.opportunity, self.decision, self.rationale, self.by, self.save_button,
                              self.status])

    def row(self) -> Any:
        """The override as the one-row frame written to ``overrides.csv``."""
        from datetime import UTC, datetime

        import pandas as pd

        at = (self._now or (lambda: datetime.now(UTC)))().isoformat(timespec="seconds")
        return pd.DataFrame([{"opportunity_id": self.opportunity.value, "decision": self.decision.value or "",
                              "rationale": self.rationale.value.strip(), "by": self.by.value.strip(), "at": at}])

    def save(self) -> Any:
        """Check and save the override (what *Save override* does); the row, or None."""
        from .forms import hand_over, say

        missing = [what for what, ok in (("an opportunity", self.opportunity.value),
                                         ("the decision", self.decision.value),
                                         ("the reason", self.rationale.value.strip()),
                                         ("who decided", self.by.value.strip())) if not ok]
        row = self.row()
        if not hand_over(self.writer, row, self.status, missing):
            return None
        oid, decision = self.opportunity.value, self.decision.value
        was = self._rules.get(oid, "")
        say(self.status, f"Override saved: {oid} is {decision} (the rules said {was}). Run the workbook again "
                         "to see the decisions, budget and capacity re-filled around it.", ok=True)
        self.rationale.value = ""
        return row

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def override_form(workshop: Any, decisions: Any, *, by: str = "") -> OverrideForm:
    """An override form over ``decisions`` (:func:`kit.triage.decide`), saving to the
    workshop's contributions store; ``by`` defaults to the ``participant`` of the Voilà link."""
    from ..store import writer
    from .forms import participant_from_url

    return OverrideForm(decisions, writer(workshop, "override", app="overrides"), by=by or participant_from_url())
