"""The building blocks of a table contract: :class:`Field` (one column) and :class:`TableSpec`
(one table), whose :meth:`~TableSpec.schema` is the pandera schema that checks the typed
table (step 2 of :mod:`kit.schemas`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandera is imported when a table is checked: a cached workshop never needs it
    import pandera.pandas as pa

__all__ = ["Field", "TableSpec"]


@dataclass(frozen=True)
class Field:
    """One column of a table.

    ``kind`` is how cells are parsed: ``text``, ``number``, ``integer``, ``yesno``, ``list``
    (``;``-separated ids), ``area`` (capability area), ``choice`` (one of ``choices``),
    ``alignment`` (0-4 or none/low/moderate/strong/extreme), ``ratio`` (number or ``1/3``) or
    ``period`` (a quarter ``2027-Q3`` or a year ``2027``, see :mod:`~kit.schemas.periods`).
    """

    name: str
    kind: str = "text"
    required: bool = True
    nullable: bool = False
    default: Any = None
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    unique: bool = False
    hint: str = ""



@dataclass(frozen=True)
class TableSpec:
    """The contract of one table: its name, fields, and whether a workshop needs it."""

    name: str
    fields: tuple[Field, ...]
    required: bool = False
    description: str = ""
    extra: tuple[Field, ...] = field(default_factory=tuple)

    @property
    def required_columns(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    def schema(self) -> pa.DataFrameSchema:
        """The pandera schema for the typed (parsed) table."""
        import pandera.pandas as pa

        columns = {}
        for f in (*self.fields, *self.extra):
            checks = []
            if f.low is not None or f.high is not None:
                checks.append(_range_check(f.low, f.high))
            if f.kind == "text" and not f.nullable:
                checks.append(pa.Check(lambda s: s.astype(str).str.strip() != "", element_wise=False,
                                       error="must not be empty"))
            columns[f.name] = pa.Column(nullable=f.nullable, unique=f.unique, required=False,
                                        checks=checks, description=f.hint or None)
        return pa.DataFrameSchema(columns, strict=False)



def _range_check(low: float | None, high: float | None) -> pa.Check:
    import pandera.pandas as pa

    if low is not None and high is not None:
        return pa.Check.in_range(low, high, error=f"must be between {_bound(low)} and {_bound(high)}")
    if low is not None:
        return pa.Check.ge(low, error="must not be negative" if low == 0 else f"must be at least {_bound(low)}")
    return pa.Check.le(high, error=f"must be at most {_bound(high)}")



def _bound(x: float) -> str:
    """A range bound as people write it: 9, 0.5, or 1/9 for a bound set just below 1/9."""
    if 0 < x < 0.18 and abs(x * round(1 / x) - 1) < 0.02:
        return f"1/{round(1 / x)}"
    return f"{round(x, 6):g}"
