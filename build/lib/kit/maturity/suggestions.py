"""Opportunity themes suggested by the maturity assessment's largest gaps.

:func:`themes` turns an assessment into themes (below target, low level, perception gap),
largest gap first; :func:`suggested_themes` does it for a workshop, to show beside the mapped
opportunities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .levels import assess_workshop

if TYPE_CHECKING:
    from ..workshop import Workshop
    from .instrument import Instrument

__all__ = ["THEME_COLUMNS", "suggested_themes", "themes"]

#: Columns of :func:`themes`.
THEME_COLUMNS: tuple[str, ...] = ("rank", "dimension", "name", "kind", "size", "theme", "why")


def themes(assessment: pd.DataFrame, *, min_gap: float = 0.5, min_perception_gap: float = 0.75,
           limit: int | None = None) -> pd.DataFrame:
    """Suggested opportunity themes from the largest gaps, largest first.

    Three kinds of gap make a theme:

    - ``below target``: the level falls ``min_gap`` or more short of the dimension's target;
      the theme is the instrument's theme for the dimension;
    - ``low level``: a dimension without a target whose level is ``min_gap`` or more below 3
      (*managed*);
    - ``perception gap``: IT and the business rate the dimension ``min_perception_gap`` or
      more apart; the theme is to agree, on evidence, what good looks like.

    Parameters
    ----------
    assessment : DataFrame
        From :func:`assess`.
    min_gap, min_perception_gap : float
        In levels (the scale is 1-5).
    limit : int, optional
        Keep only the first ``limit`` themes.

    Returns
    -------
    DataFrame
        ``rank, dimension, name, kind, size, theme, why``, sorted by ``size`` (the gap in
        levels) from largest, ties in instrument order; empty when no gap is large enough.
    """
    rows = []
    for order, r in enumerate(assessment.itertuples(index=False)):
        if not r.respondents:
            continue
        weakest = f" Weakest: \u201c{r.weakest_text}\u201d" if r.weakest_text else ""
        theme = r.theme or f"Raise {r.name} towards its target."
        if pd.notna(r.target) and r.gap >= min_gap:
            rows.append((order, 0, r.dimension, r.name, "below target", float(r.gap), theme,
                         f"{r.name} stands at {r.level_mean:.1f} against a target of {r.target:.1f}: "
                         f"{r.gap:.1f} levels short.{weakest}"))
        elif pd.isna(r.target) and 3 - r.level_mean >= min_gap:
            rows.append((order, 0, r.dimension, r.name, "low level", float(3 - r.level_mean), theme,
                         f"{r.name} stands at {r.level_mean:.1f}, below 3 (managed); no target is set.{weakest}"))
        if pd.notna(r.perception_gap) and abs(r.perception_gap) >= min_perception_gap:
            higher, lower = ("IT", "the business") if r.perception_gap > 0 else ("the business", "IT")
            rows.append((order, 1, r.dimension, r.name, "perception gap", float(abs(r.perception_gap)),
                         f"Close the perception gap on {r.name}: go through its statements together with "
                         "the business and agree, on evidence, what good looks like.",
                         f"IT rates {r.name} at {r.it_level:.1f}, the business at {r.business_level:.1f}: "
                         f"{higher} sees {abs(r.perception_gap):.1f} levels more than {lower}."))
    frame = pd.DataFrame(rows, columns=["_order", "_kind", *THEME_COLUMNS[1:]])
    frame = frame.assign(_size=-frame["size"].round(9)).sort_values(["_size", "_order", "_kind"], kind="stable")
    frame = frame.drop(columns=["_order", "_kind", "_size"]).reset_index(drop=True)
    if limit is not None:
        frame = frame.head(limit)
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    return frame


def suggested_themes(workshop: Workshop, instrument: Instrument | None = None, **kwargs: Any) -> pd.DataFrame:
    """The maturity themes of a workshop, to show beside the mapped opportunities.

    ``themes(assess_workshop(workshop, instrument))``; an empty frame (with the columns of
    :func:`themes`) when the workshop has no maturity answers. ``kwargs`` go to :func:`themes`.
    """
    if workshop.maturity.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "rank" else object) for c in THEME_COLUMNS})
    return themes(assess_workshop(workshop, instrument), **kwargs)
