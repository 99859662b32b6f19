"""Saaty's 1-9 scale: the values a person can give, the random indices, ratios in words.

A judgment ``(a, b, ratio)`` says "a is ``ratio`` times as important as b" on Saaty's 1-9
scale (1/3 means b is moderately more important). :func:`nearest_saaty` snaps any ratio to
the scale, :func:`ratio_text` and :func:`ratio_words` write it as a person would, and
:func:`random_index` gives the random consistency index the consistency ratio divides by.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import text
from ..errors import InputError

__all__ = [
    "CONSISTENCY_LIMIT",
    "RANDOM_INDEX",
    "SAATY_SCALE",
    "nearest_saaty",
    "random_index",
    "ratio_text",
    "ratio_words",
]

#: A consistency ratio at or above this asks for judgments to be revisited (Saaty 1980).
CONSISTENCY_LIMIT = 0.10

#: Random consistency indices by matrix size, per table.
#: ``saaty``: Saaty (1980), *The Analytic Hierarchy Process*, n = 3..10 (0.58 ... 1.49), and
#: the values for n = 11..15 printed with the same table in later editions.
#: ``donegan-dodd``: Donegan & Dodd (1991), "A note on Saaty's random indexes",
#: *Mathematical and Computer Modelling* 15(10), 135-137, from 100,000 random matrices per size.
RANDOM_INDEX: dict[str, dict[int, float]] = {
    "saaty": {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45,
              10: 1.49, 11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59},
    "donegan-dodd": {1: 0.0, 2: 0.0, 3: 0.4914, 4: 0.8286, 5: 1.0591, 6: 1.1797, 7: 1.2519,
                     8: 1.3171, 9: 1.3733, 10: 1.4055, 11: 1.4213, 12: 1.4497, 13: 1.4643,
                     14: 1.4822, 15: 1.4969, 16: 1.5078, 17: 1.5153, 18: 1.5262, 19: 1.5313,
                     20: 1.5371},
}

#: The values a person can give on Saaty's scale.
SAATY_SCALE: tuple[float, ...] = tuple([1 / k for k in range(9, 1, -1)] + list(range(1, 10)))

_WORDS = {1: "equally important as", 2: "equally to moderately more important than",
          3: "moderately more important than", 4: "moderately to strongly more important than",
          5: "strongly more important than", 6: "strongly to very strongly more important than",
          7: "very strongly more important than", 8: "very to extremely more important than",
          9: "extremely more important than"}



def random_index(n: int, ri: str = "saaty") -> float:
    """The random consistency index for ``n`` items from table ``ri``.

    Parameters
    ----------
    n : int
        Number of items compared.
    ri : {"saaty", "donegan-dodd"}
        The table; ``"saaty"`` (Saaty 1980) is the default everywhere in the kit.

    Raises
    ------
    InputError
        For an unknown table, or ``n`` beyond the table.
    """
    table = RANDOM_INDEX.get(str(ri).lower())
    if table is None:
        raise InputError.single("unknown random index table", column="ri", value=ri,
                                hint="use 'saaty' (the default) or 'donegan-dodd'")
    if n not in table:
        hint = "the 'donegan-dodd' table goes up to 20 items" if ri == "saaty" else \
            "split the items into groups of at most 20 (a hierarchy) and compare within each"
        raise InputError.single(f"no random index for {n} items in the '{ri}' table",
                                column="ri", value=n, hint=hint)
    return table[n]



def nearest_saaty(ratio: Any) -> Any:
    """The value on Saaty's scale (1/9 ... 9) closest to ``ratio`` on a log scale (elementwise)."""
    scale = np.asarray(SAATY_SCALE)
    r = np.asarray(ratio, dtype=float)
    found = scale[np.argmin(np.abs(np.log(scale) - np.log(r)[..., None]), axis=-1)]
    return float(found) if found.ndim == 0 else found



def ratio_text(ratio: float) -> str:
    """A ratio as a person writes it on Saaty's scale: ``"3"``, ``"1/3"`` (nearest scale value)."""
    return text.ratio(nearest_saaty(ratio))



def ratio_words(a: str, b: str, ratio: float) -> str:
    """A judgment in words, e.g. ``"market_share is moderately more important than productivity"``."""
    r = nearest_saaty(ratio)
    if r < 1:
        a, b, r = b, a, 1 / r
    return f"{a} is {_WORDS[round(r)]} {b}"
