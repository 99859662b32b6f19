"""Offline chart rendering: the Vega bundle ships inside the page, never from a CDN.

The bundle (Vega, Vega-Lite and vega-embed, from ``vl-convert``) is emitted once per page by
:func:`setup` (the first cell of every workbook), guarded so a re-run does not declare it
twice. Every chart is then a ``<div>`` and one ``vegaEmbed`` call. This one output works in
JupyterLab (trusted), in Voilà, in nbconvert HTML and in the kit's report, with no network.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import uuid
from typing import Any

import altair as alt

from .theme import register as register_theme

__all__ = ["EMBED_OPTIONS", "bundle_html", "chart_html", "is_bundle_only", "setup", "specs_in_html", "standalone_html",
           "strip_bundle"]

_GUARD = "__bettermentVega"
_EMBED_CALL = "window.vegaEmbed(el, "
#: vega-embed options of every chart the kit draws (the dashboard's live panels too).
EMBED_OPTIONS = {"actions": {"export": True, "source": False, "compiled": False, "editor": False},
                 "renderer": "svg"}


@functools.lru_cache(maxsize=1)
def _bundle_js() -> str:
    """The Vega bundle. vl-convert builds it on each call (about 1 s), so it is kept in the
    user's cache folder, one file per vl-convert version; built in memory where that folder
    cannot be written."""
    import vl_convert

    from ..cache import cache_dir

    version = getattr(vl_convert, "__version__", "unknown")
    cache = cache_dir()
    path = cache / f"vega-bundle-{version}.js"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    js = vl_convert.javascript_bundle()
    try:
        cache.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(js, encoding="utf-8")
        tmp.replace(path)  # atomic: concurrent kernels never read half a bundle
    except OSError:
        pass
    return js


def bundle_html() -> str:
    """A ``<script>`` that defines ``vegaEmbed`` on the page unless already defined."""
    js = _bundle_js().replace("</script", "<\\/script")
    return (f"<script>if (!window.{_GUARD}) {{ window.{_GUARD} = true; (function(){{\n{js}\n}})(); }}</script>")


def is_bundle_only(markup: str) -> bool:
    """Whether ``markup`` is the bundle alone (the output of :func:`setup`), with no chart."""
    return _GUARD in markup and "kit-chart" not in markup


def strip_bundle(markup: str) -> str:
    """``markup`` without the bundle that rode along with a chart (a page that ships its own
    bundle once, such as the report, keeps only the charts)."""
    start = markup.find(f"<script>if (!window.{_GUARD})")
    if start < 0:
        return markup
    end = markup.find("</script>", start)
    return markup[:start] + markup[end + len("</script>"):]


def chart_html(spec: dict[str, Any], div_id: str | None = None) -> str:
    """HTML for one chart: a div and a ``vegaEmbed`` call (needs :func:`bundle_html` before it)."""
    div_id = div_id or f"kit-chart-{uuid.uuid4().hex[:12]}"
    payload = json.dumps(spec).replace("</", "<\\/")
    options = json.dumps(EMBED_OPTIONS)
    return (
        f'<div id="{div_id}" class="kit-chart"></div>\n<script>(function(){{'
        f'var el = document.getElementById("{div_id}");'
        f'if (!window.vegaEmbed) {{ el.textContent = "Chart not shown: the chart library is missing from this page. '
        f'Run the first cell of the notebook again."; return; }}'
        f"{_EMBED_CALL}{payload}, {options}).catch(function(e){{ el.textContent = 'Chart error: ' + e; }});"
        f"}})();</script>"
    )


def specs_in_html(markup: str) -> list[dict[str, Any]]:
    """The Vega-Lite specs of the charts in ``markup`` (HTML made by :func:`chart_html`), in order.

    What the exports use to turn an executed notebook's charts into PNG files: the spec is the
    JSON literal :func:`chart_html` wrote after ``vegaEmbed(el,``, read back with the JSON parser.
    """
    decoder = json.JSONDecoder()
    specs, start = [], markup.find(_EMBED_CALL)
    while start >= 0:
        spec, end = decoder.raw_decode(markup, start + len(_EMBED_CALL))
        specs.append(spec)
        start = markup.find(_EMBED_CALL, end)
    return specs


def standalone_html(charts: list[alt.TopLevelMixin] | list[dict[str, Any]], title: str = "") -> str:
    """A complete HTML page with one bundle and several charts; no request leaves the machine."""
    specs = [c.to_dict() if hasattr(c, "to_dict") else c for c in charts]
    body = "\n".join(chart_html(s) for s in specs)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body>{bundle_html()}\n{body}</body></html>")


class _Renderer:
    """Altair renderer: a chart as offline HTML; the bundle rides with the first chart if
    :func:`setup` has not shipped it yet in this kernel."""

    def __init__(self) -> None:
        self.bundle_sent = False

    def __call__(self, spec: dict[str, Any], **_: Any) -> dict[str, str]:
        html = chart_html(spec)
        if not self.bundle_sent:
            html, self.bundle_sent = bundle_html() + html, True
        return {"text/html": html}


_renderer = _Renderer()


def setup(display: bool = True) -> None:
    """Prepare a notebook for the kit's charts: theme, offline renderer, and the bundle.

    Call it once in the first cell of a workbook. It enables the ``betterment`` theme and
    the ``betterment`` renderer, and (with ``display=True``) emits the Vega bundle as this
    cell's output so every later chart on the page can use it.

    It also makes the kit's errors readable in the notebook (:func:`kit.apps.display.friendly_errors`:
    a wrong input file shows as its table of problems, not as a traceback), and moves the
    objects alive at this point (mostly the modules and classes just
    imported: pandas, Altair, the kit) out of the garbage collector's sight with
    :func:`gc.freeze`. They live as long as the kernel anyway; the collector then stops
    rescanning them in every later cell, and the kernel shuts down about 0.1 s sooner.
    """
    from ..apps.display import friendly_errors

    friendly_errors()
    gc.freeze()
    register_theme()
    alt.renderers.register("betterment", _renderer)
    alt.renderers.enable("betterment")
    alt.data_transformers.disable_max_rows()
    if display:
        from IPython.display import HTML
        from IPython.display import display as show

        show(HTML(bundle_html()))
        _renderer.bundle_sent = True
