"""Altair chart builders: each takes a long-form frame and returns a chart (no computing here).

Charts are grouped by workbook step in submodules (``kit.charts.maturity.level_dots``…); the
opportunity-map builders are also re-exported here. :func:`setup` makes them render offline in
JupyterLab, Voilà and the HTML report.
"""

from . import mapping, maturity, portfolio, prioritise, scenarios, summary
from .mapping import (
    alignment_heatmap,
    area_coverage_bars,
    goal_coverage_bars,
    opportunity_map,
    summary_bars,
)
from .render import bundle_html, chart_html, setup, standalone_html
from .theme import (
    AREA_COLOURS,
    DECISION_COLOURS,
    LAYER_COLOURS,
    area_scale,
    decision_scale,
    layer_scale,
)

__all__ = [
    "mapping",
    "maturity",
    "portfolio",
    "prioritise",
    "scenarios",
    "summary",
    "AREA_COLOURS",
    "DECISION_COLOURS",
    "LAYER_COLOURS",
    "alignment_heatmap",
    "area_coverage_bars",
    "area_scale",
    "bundle_html",
    "chart_html",
    "decision_scale",
    "goal_coverage_bars",
    "layer_scale",
    "opportunity_map",
    "setup",
    "standalone_html",
    "summary_bars",
]
