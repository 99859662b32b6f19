"""The workshop report: one self-contained HTML page from the executed workbooks.

The page carries the chart bundle once and every chart, table and finding of each workbook,
with no code. Nothing on it asks the network for anything: it opens behind a proxy, from an
e-mail attachment, or on a plane.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from .batch import INTERACTIVE
from .charts.render import bundle_html, is_bundle_only, strip_bundle
from .results import MIMETYPE

__all__ = ["build_report"]

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;margin:0;color:#1d1d1f;
background:#fafafa}
header{background:#1f5f8b;color:#fff;padding:24px 40px}header h1{margin:0 0 4px 0;font-size:26px}
header p{margin:0;opacity:.85}nav{padding:12px 40px;background:#fff;border-bottom:1px solid #ddd}
nav a{margin-right:18px;color:#1f5f8b;text-decoration:none;font-weight:600}
main{padding:8px 40px 40px 40px;max-width:1200px}section{background:#fff;border:1px solid #e3e3e3;
border-radius:8px;padding:16px 24px;margin:20px 0}table{border-collapse:collapse;font-size:13px;margin:8px 0}
th,td{border-bottom:1px solid #e6e6e6;padding:4px 10px;text-align:left}th{background:#f3f6f9}
pre{background:#f6f6f6;padding:8px;overflow-x:auto;font-size:12px}.kit-chart{margin:12px 0}
footer{color:#777;font-size:12px;padding:0 40px 30px 40px}.anchor-link{display:none}
"""


def build_report(executed: Sequence[str | Path], output: str | Path, *, title: str = "Betterment workshop report",
                 subtitle: str = "") -> Path:
    """Write one HTML report from executed workbooks (outputs only, no code).

    Parameters
    ----------
    executed : sequence of paths
        Executed ``.ipynb`` files, in the order they should appear. Cells tagged
        ``interactive`` (widgets that need a live kernel) are left out.
    output : path
        The HTML file to write (written atomically).

    Returns
    -------
    Path
        ``output``.
    """
    import nbformat
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    sections, links = [], []
    for path in map(Path, executed):
        nb = nbformat.read(str(path), as_version=4)
        anchor = re.sub(r"[^a-z0-9]+", "-", path.stem.lower())
        parts = []
        for cell in nb.cells:
            if INTERACTIVE in cell.get("metadata", {}).get("tags", []):
                continue  # sliders and forms need a live kernel: the apps have them, a page cannot
            if cell.cell_type == "markdown":
                parts.append(markdown2html_mistune(cell.source))
            elif cell.cell_type == "code":
                parts += [p for p in (_output_html(o) for o in cell.get("outputs", [])) if p]
        heading = _first_heading(nb) or path.stem
        links.append(f"<a href='#{anchor}'>{html.escape(heading)}</a>")
        sections.append(f"<section id='{anchor}'>{''.join(parts)}</section>")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    page = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width'><title>{html.escape(title)}</title>"
        f"<style>{_CSS}</style></head><body>{bundle_html()}"
        f"<header><h1>{html.escape(title)}</h1><p>{html.escape(subtitle)}</p></header>"
        f"<nav>{''.join(links)}</nav><main>{''.join(sections)}</main>"
        f"<footer>Made with the Betterment kit on {stamp}. This page needs no network.</footer></body></html>"
    )
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    return out


def _first_heading(nb) -> str | None:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, flags=re.M)
            if m:
                return m.group(1).strip()
    return None


def _output_html(output) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        return ""  # progress bars and logs belong to the run, not the report
    if kind == "error":
        return f"<pre>{html.escape(output.get('ename', ''))}: {html.escape(output.get('evalue', ''))}</pre>"
    data = output.get("data", {})
    if MIMETYPE in data:
        return ""
    if "text/html" in data:
        markup = data["text/html"]
        markup = "".join(markup) if isinstance(markup, list) else markup
        return "" if is_bundle_only(markup) else strip_bundle(markup)
    if "image/png" in data:
        return f"<img src='data:image/png;base64,{data['image/png']}'>"
    if "image/svg+xml" in data:
        return "".join(data["image/svg+xml"])
    if "text/markdown" in data:
        from nbconvert.filters.markdown_mistune import markdown2html_mistune

        return markdown2html_mistune("".join(data["text/markdown"]))
    if "application/vnd.jupyter.widget-view+json" in data:
        return ""  # live widgets have no meaning in a static page
    if "text/plain" in data:
        return f"<pre>{html.escape(''.join(data['text/plain']))}</pre>"
    return ""

