"""Small display helpers for workbooks: text typed by people is always shown as text."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import pandas as pd

__all__ = ["bullets", "heading", "table"]


def _show(markup: str, display: bool) -> Any:
    from IPython.display import HTML
    from IPython.display import display as show

    obj = HTML(markup)
    if display:
        show(obj)
        return None  # shown once; returning it would show it again as the cell's value
    return obj


def bullets(lines: Iterable[str], title: str | None = None, *, display: bool = True) -> Any:
    """Show sentences as a bulleted list (HTML-escaped: names typed in a workshop stay text)."""
    items = "".join(f"<li>{html.escape(str(line))}</li>" for line in lines)
    head = f"<h4>{html.escape(title)}</h4>" if title else ""
    return _show(f"{head}<ul class='kit-bullets'>{items}</ul>", display)


def heading(text: str, level: int = 3, *, display: bool = True) -> Any:
    """Show an escaped heading."""
    return _show(f"<h{level}>{html.escape(text)}</h{level}>", display)


def table(frame: pd.DataFrame, *, money: Iterable[str] = (), percent: Iterable[str] = (),
          decimals: int = 2, display: bool = True) -> Any:
    """Show a frame as a compact table: money columns with thousands separators, no index.

    Cell text is escaped by pandas, so a title such as ``<b>x</b>`` shows as typed.
    """
    fmt: dict[str, Any] = {c: "{:,.0f}" for c in money if c in frame}
    fmt |= {c: "{:.0%}" for c in percent if c in frame}
    styler = frame.style.hide(axis="index").format(fmt, precision=decimals, escape="html", na_rep="")
    return _show(styler.to_html(), display)
