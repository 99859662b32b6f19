"""Table contracts: the columns of each workshop table, their types and rules.

Validation runs in three steps, all problems collected before anything is raised:

1. *parse* each cell from the text the user typed (numbers, yes/no, lists, choices), so a
   bad cell is reported with the exact value found;
2. *check* the typed columns with a pandera schema built from the same field list (ranges,
   allowed values, uniqueness, required cells), lazily so every failure is reported;
3. *cross-check* rows and tables against each other and ``workshop.yml`` (unknown ids,
   ``low > high``, dependency cycles), see :func:`cross_check`.

Modules
-------
:mod:`~kit.schemas.fields`
    :class:`Field` and :class:`TableSpec`, and the pandera schema of a table.
:mod:`~kit.schemas.tables`
    The contract of each workshop table (:data:`TABLES`) and :func:`spec_for`.
:mod:`~kit.schemas.parse`
    Steps 1 and 2: :func:`validate_table`.
:mod:`~kit.schemas.cross`
    Step 3: :func:`cross_check`.
:mod:`~kit.schemas.added`
    Rows added to a table that has rows (an idea captured in the room): :func:`validate_added`.
:mod:`~kit.schemas.actuals`
    Step 3 for the benefits tables ``actuals`` and ``goal_rates``.
:mod:`~kit.schemas.periods`
    Quarters (``2027-Q3``) and years (``2027``) as people type them, and their arithmetic.

pandera is imported only when a table is checked: a cached workshop never needs it.
"""

from __future__ import annotations

from .added import validate_added
from .cross import cross_check
from .fields import Field, TableSpec
from .parse import AREA_LOOKUP as AREA_LOOKUP
from .parse import validate_table
from .tables import ACTUALS as ACTUALS
from .tables import ESTIMATES as ESTIMATES
from .tables import GOAL_RATES as GOAL_RATES
from .tables import MATURITY as MATURITY
from .tables import OPPORTUNITIES as OPPORTUNITIES
from .tables import PAIRWISE as PAIRWISE
from .tables import SCORES as SCORES
from .tables import TABLES, spec_for

# AREA_LOOKUP and the table contracts (imported as themselves) stay importable from here,
# and out of __all__, as they were before the split.
__all__ = ["TABLES", "Field", "TableSpec", "cross_check", "spec_for", "validate_added", "validate_table"]
