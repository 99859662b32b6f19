"""One look for every chart of the kit: the ``betterment`` Altair theme and fixed colours."""

from __future__ import annotations

import altair as alt

from ..settings import CAPABILITY_AREAS, LAYERS

#: Colour per capability area (by display name), the same in every chart.
AREA_COLOURS: dict[str, str] = dict(zip(
    CAPABILITY_AREAS.values(), ["#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756"], strict=True))

#: Colour per value layer.
LAYER_COLOURS: dict[str, str] = dict(zip(LAYERS, ["#1f5f8b", "#54a24b", "#f58518", "#b279a2"], strict=True))

#: Colour per triage decision.
DECISION_COLOURS: dict[str, str] = {"YES": "#2e7d32", "NOT NOW": "#f9a825", "NO": "#c62828"}

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"


def area_scale() -> alt.Scale:
    """Colour scale for capability areas (display names)."""
    return alt.Scale(domain=list(AREA_COLOURS), range=list(AREA_COLOURS.values()))


def layer_scale() -> alt.Scale:
    """Colour scale for value layers."""
    return alt.Scale(domain=list(LAYER_COLOURS), range=list(LAYER_COLOURS.values()))


def decision_scale() -> alt.Scale:
    """Colour scale for YES / NOT NOW / NO."""
    return alt.Scale(domain=list(DECISION_COLOURS), range=list(DECISION_COLOURS.values()))


def theme() -> alt.theme.ThemeConfig:
    """The kit's Altair theme: quiet axes, readable type, one palette."""
    return {
        "config": {
            "font": FONT,
            "view": {"stroke": "transparent", "continuousWidth": 520, "continuousHeight": 320},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": 600,
                     "gridColor": "#e8e8e8", "domainColor": "#888", "tickColor": "#888"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": 600},
            "title": {"fontSize": 15, "fontWeight": 600, "anchor": "start", "subtitleColor": "#555",
                      "subtitleFontSize": 12},
            "range": {"category": list(AREA_COLOURS.values()) + ["#72b7b2", "#eeca3b", "#9d755d", "#bab0ac"]},
            "bar": {"color": "#4c78a8"},
        }
    }


def register() -> None:
    """Register the ``betterment`` theme with Altair and enable it."""
    if "betterment" not in alt.theme.names():
        alt.theme.register("betterment", enable=False)(theme)
    alt.theme.enable("betterment")
