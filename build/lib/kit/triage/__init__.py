"""YES / NO / NOT NOW for every opportunity, with a reason a sponsor can read.

The rules are data: the ``triage`` section of ``workshop.yml`` (defaults in
:data:`kit.settings.TRIAGE_DEFAULTS`). They apply in this order; the first that decides wins:

0. An opportunity not yet scored on every criterion (:func:`kit.scoring.unscored`: an idea
   added in the room, or one the group has scored on some criteria only) is not ranked and is
   **NOT NOW** with the reason "not yet scored (k of n criteria)", whatever the other rules
   would say; it takes no budget or capacity. Score it and run the triage again.
1. ``mandatory_yes`` — a mandatory opportunity (``mandatory = yes``) is **YES**: a regulatory
   or contractual obligation. It takes its share of budget and capacity first.
2. ``min_alignment`` — an opportunity whose highest alignment with any goal is below this
   (0-4) is **NO**: it serves no business goal ("no goal alignment").
3. ``score_threshold`` — a score below this is **NO**, naming the weakest criteria. The score
   is ``score_scaled`` from :func:`kit.scoring.priority` (the 0-1 score for weighted and
   TOPSIS; the share of the best score for RICE and WSJF).
4. ``dependency_rule`` — an opportunity that needs another one (``depends_on``) which is NO or
   NOT NOW is **NOT NOW**, naming what it waits for. A prerequisite is decided just before
   the first better-placed opportunity that needs it.
5. ``budget_rule`` and ``capacity_rule`` — the rest, best score first, fill the workshop
   budget (``budget``, mid one-off costs) and each team's capacity in the first
   ``capacity_quarters`` quarters (``capacity`` per quarter × quarters, against
   ``effort_months``). What no longer fits is **NOT NOW**, naming the constraint; what fits is
   **YES**. Smaller items further down may still fit.

An opportunity whose group agreement r_wg is below ``contested_rwg`` keeps its decision but is
marked *contested*, and its reason says where the group is split.

Overrides: a facilitator may change any decision with a rationale. :func:`decide` takes them
as a table (``opportunity_id, decision, rationale, by, at``; the last row per opportunity
wins, as in an append-only log). An override to YES takes budget and capacity like a
mandatory item; an override to NO or NOT NOW frees them for the others. The result keeps the
rules' decision and reason next to the override: it is the decision log.

==============  ===================================================================
``decide``      :func:`decide`, :func:`select`, :func:`unscored_left_out`,
                :func:`rules_table`; :data:`DECISIONS`, :data:`RULES`
``facts``       what the rules look at, per opportunity (scored, then not yet scored)
``rules``       the rules applied in order, with the budget and capacity ledger
``overrides``   :func:`check_overrides`, :func:`read_overrides`, :func:`workshop_overrides`
``tables``      :func:`summary_table`, :func:`counts`, :func:`resources`
==============  ===================================================================
"""

from .decide import DECISIONS, RULES, decide, rules_table, select, unscored_left_out
from .overrides import OVERRIDE_COLUMNS, check_overrides, read_overrides, workshop_overrides
from .tables import counts, resources, summary_table

__all__ = ["DECISIONS", "OVERRIDE_COLUMNS", "RULES", "check_overrides", "counts", "decide", "read_overrides",
           "resources", "rules_table", "select", "summary_table", "unscored_left_out", "workshop_overrides"]
