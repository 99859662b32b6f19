"""Charts of the executive summary (workbook 05)."""

from __future__ import annotations

import altair as alt
import pandas as pd

__all__ = ["value_range"]


def value_range(value_by_trial: pd.DataFrame, currency: str = "") -> alt.LayerChart:
    """Histogram of the chosen portfolio's NPV over simulated futures, zero marked in red.

    ``value_by_trial`` is :attr:`kit.summary.ExecutiveSummary.value_by_trial`.
    """
    unit = f" ({currency})" if currency else ""
    bars = alt.Chart(value_by_trial).mark_bar(color="#1f5f8b", opacity=0.85).encode(
        x=alt.X("chosen_value:Q", bin=alt.Bin(maxbins=40), title=f"Net present value of the portfolio{unit}",
                axis=alt.Axis(format="~s")),
        y=alt.Y("count():Q", title="Simulated futures"),
        tooltip=[alt.Tooltip("count():Q", title="Futures")],
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#c62828", strokeWidth=2).encode(x="x:Q")
    return (bars + zero).properties(
        title=alt.Title("What the portfolio may be worth", subtitle="Each bar: how many simulated futures end there"),
        width=520, height=220)
