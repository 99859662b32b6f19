"""Sensitivity: which estimate moves the NPV most (the tornado)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .estimates import _quantiles
from .simulation import Simulation

__all__ = ["tornado"]


def tornado(simulation: Simulation, opportunity_id: str | None = None, top: int | None = None) -> pd.DataFrame:
    """Swing of NPV when each input moves from its p5 to its p95, all others at their median.

    Parameters
    ----------
    simulation : Simulation
    opportunity_id : str, optional
        One opportunity's NPV; None for the portfolio (all simulated opportunities together,
        every input of every opportunity competing for the top bars).
    top : int, optional
        Keep the inputs with the largest swing.

    Returns
    -------
    DataFrame
        ``scope, opportunity_id, title, input, kind, layer, unit, value_p5, value_p50,
        value_p95, npv_base, npv_at_p5, npv_at_p95, npv_low, npv_high, swing``, largest swing
        first. ``npv_base`` is the NPV with every input at its median (scenario applied).
    """
    model = simulation._model
    if opportunity_id is None:
        rows, scope = slice(0, len(model.inputs)), "portfolio"
    else:
        j = simulation._index(opportunity_id)
        rows, scope = slice(model.starts[j], model.starts[j + 1]), opportunity_id
    q = _quantiles(model.kind[rows], model.mu[rows], model.sigma[rows], model.pert[rows], [0.05, 0.5, 0.95])
    coef = model.npv_coef[rows]
    base = float((coef * q[:, 1]).sum())
    at_low = base + coef * (q[:, 0] - q[:, 1])
    at_high = base + coef * (q[:, 2] - q[:, 1])
    info = model.inputs.iloc[rows]
    out = pd.DataFrame({
        "scope": scope, "opportunity_id": info["opportunity_id"].to_numpy(), "title": info["title"].to_numpy(),
        "input": info["input"].to_numpy(), "kind": info["kind"].to_numpy(), "layer": info["layer"].to_numpy(),
        "unit": info["unit"].to_numpy(), "value_p5": q[:, 0], "value_p50": q[:, 1], "value_p95": q[:, 2],
        "npv_base": base, "npv_at_p5": at_low, "npv_at_p95": at_high,
        "npv_low": np.minimum(at_low, at_high), "npv_high": np.maximum(at_low, at_high),
        "swing": np.abs(at_high - at_low)})
    out = out.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    return out.head(top) if top else out
