"""The dashboard's chart panels, drawn once and then refilled in place: each panel keeps
its Vega view and a later point only swaps the rows of its datasets (see :mod:`.board`)."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

from ...charts.render import EMBED_OPTIONS

__all__ = ["panel_entry", "panel_html", "update_html"]

# Defined once per page. Each panel keeps its Vega view; a point whose chart has the same
# template (the same spec but for its rows) only swaps the rows of the view's datasets and
# re-runs it, which costs a few milliseconds instead of a new embed; anything else is embedded
# afresh. The panel's data-point names the point drawn, once it is drawn.
_UPDATER = (
    "if (!window.__kitDashUpdate) { window.__kitDash = {}; window.__kitDashLast = {};"
    " window.__kitDashUpdate = function (board, point, panels) {"
    "  var last = window.__kitDashLast[board] || {point: -1, panels: {}};"
    "  if (point >= last.point) { last.point = point; Object.keys(panels).forEach(function (i) {"
    "   last.panels[i] = panels[i]; }); window.__kitDashLast[board] = last; }"
    "  point = String(last.point);"
    " return Promise.all(Object.keys(panels).map(function (i) {"
    "  var p = last.panels[i], id = board + '-' + i, el = document.getElementById(id), have = window.__kitDash[id];"
    "  if (!el) { return null; }"
    "  var done = function () { el.dataset.point = point; };"
    "  if (!p.spec) { if (have) { have.view.finalize(); delete window.__kitDash[id]; }"
    "   el.textContent = p.wait; done(); return null; }"
    "  if (!window.vegaEmbed) { el.textContent = 'Chart not shown: the chart library is missing from this page.'; return null; }"
    "  if (have && have.template === p.template && have.el === el) {"
    "   Object.keys(p.spec.datasets || {}).forEach(function (name) { have.view.data(name, p.spec.datasets[name]); });"
    "   return have.view.runAsync().then(done).catch(function (e) { el.textContent = 'Chart error: ' + e; }); }"
    "  if (have) { have.view.finalize(); }"
    "  return window.vegaEmbed(el, p.spec, %s).then(function (r) {"
    "   window.__kitDash[id] = {view: r.view, template: p.template, el: el}; done(); })"
    "   .catch(function (e) { el.textContent = 'Chart error: ' + e; }); })); }; }"
)


def _script(board: str, point: int, panels: dict[int, dict[str, object]]) -> str:
    updater = _UPDATER % json.dumps(EMBED_OPTIONS)
    payload = json.dumps(panels).replace("</", "<\\/")
    return f"<script>(function(){{{updater} window.__kitDashUpdate({json.dumps(board)}, {json.dumps(point)}, {payload});}})();</script>"


def panel_entry(spec: dict[str, object] | None, template: object, wait: str) -> dict[str, object]:
    """What one chart panel is to show: a Vega-Lite spec (None: the text ``wait``) and the key
    of the template it was refilled from (same key: the rows alone change)."""
    return {"spec": spec, "template": str(template), "wait": wait}


def panel_html(board: str, index: int, point: int, entry: dict[str, object]) -> str:
    """A chart panel's lasting element, drawn first with ``entry``; later points reach it
    through :func:`update_html`."""
    return (f'<div id="{html.escape(board)}-{index}" class="kit-chart kit-live-chart"></div>'
            + _script(board, point, {index: entry}))


def update_html(board: str, point: int, entries: Sequence[dict[str, object]]) -> str:
    """A script that draws ``entries`` into the board's panels, in place."""
    return _script(board, point, dict(enumerate(entries)))
