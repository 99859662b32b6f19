"""Small display helpers for workbooks: text typed by people is always shown as text."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..text import amount
from ..text import percent as percent_text

__all__ = ["bullets", "friendly_errors", "heading", "show_in", "table"]


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


def note(text: str, *, display: bool = True) -> Any:
    """Show a sentence as an escaped paragraph; nothing at all for an empty text (e.g.
    :func:`kit.scoring.unscored_sentence` when every opportunity is scored)."""
    if not str(text).strip():
        return None
    return _show(f"<p class='kit-note'>{html.escape(str(text))}</p>", display)


def heading(text: str, level: int = 3, *, display: bool = True) -> Any:
    """Show an escaped heading."""
    return _show(f"<h{level}>{html.escape(text)}</h{level}>", display)


def table(frame: pd.DataFrame, *, money: Iterable[str] = (), percent: Iterable[str] = (),
          decimals: int = 2, empty: str | None = None, display: bool = True) -> Any:
    """Show a frame as a compact table: money columns as :func:`kit.text.amount`, shares as
    :func:`kit.text.percent`, no index; an empty frame as the sentence ``empty`` instead, when
    one is given.

    Cell text is escaped by pandas, so a title such as ``<b>x</b>`` shows as typed.
    """
    if empty is not None and not len(frame):
        return note(empty, display=display)
    fmt: dict[str, Any] = {c: amount for c in money if c in frame}
    fmt |= {c: percent_text for c in percent if c in frame}
    styler = frame.style.hide(axis="index").format(fmt, precision=decimals, escape="html", na_rep="")
    return _show(styler.to_html(), display)


def show_in(output: Any, items: Iterable[Any]) -> None:
    """Make ``items`` (charts, HTML, anything IPython can display) the whole content of the
    ipywidgets ``Output`` widget ``output``, in one state update.

    Why not ``with output: display(...)``: that captures the cell's own messages, and when the
    cell runs under Voilà (or any nbclient executor), the executor's stand-in for the Output
    widget answers each captured message with a comm message on the kernel's shell channel
    while it is still waiting there for the cell's reply. Now and then that reply was never
    seen, and the page stopped at that cell for good (workbook 05 in most loads). Setting the
    widget's ``outputs`` is a plain state update, the same in JupyterLab, Voilà and a callback.
    """
    from IPython.core.interactiveshell import InteractiveShell

    formatter = InteractiveShell.instance().display_formatter
    outputs = []
    for item in items:
        data, metadata = formatter.format(item)
        outputs.append({"output_type": "display_data", "data": data, "metadata": metadata})
    output.outputs = tuple(outputs)


def friendly_errors() -> None:
    """Show the kit's errors in this notebook as people need them, not as a traceback.

    An :class:`~kit.errors.InputError` raised by a cell (a wrong workshop file, an unknown
    parameter) is shown as its table of problems (file, sheet, row, column, value, problem,
    hint; text escaped) under its one-line summary; other kit errors (:class:`~kit.errors.KitError`) as
    their message. The cell still fails, so papermill and Voilà stop as before. Called by
    :func:`kit.charts.setup` (the first cell of every workbook); outside IPython it does nothing.
    """
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    from ..errors import InputError, KitError

    def handler(ip: Any, etype: type, value: BaseException, _tb: Any, tb_offset: Any = None) -> list[str]:
        stb = [f"{etype.__name__}: {value}"]
        if isinstance(value, InputError):
            try:
                problems = value.problems.astype(object)
                _show(f"<p style='color:#c62828'><b>{html.escape(value.summary)}</b></p>", True)
                table(problems.where(problems.notna(), ""))
                stb = [f"{etype.__name__}: {value.summary} (every problem is listed above)"]
            except Exception:  # never lose the error itself: fall back to its full text
                pass
        # IPython leaves showing a custom handler's traceback to the handler: publish it as the
        # cell's error (the kernel turns it into an error output; papermill and Voilà see it).
        ip._showtraceback(etype, value, stb)
        return stb

    shell.set_custom_exc((KitError,), handler)
