"""What a page missed while it loaded, sent again once it says it is listening.

While a Voilà page loads, its widget manager asks the kernel for the state of every widget
(``request_states``) and then registers the widgets one by one. An update the kernel sends in
between, from a background thread or a poll, reaches no widget of the page and is dropped:
the page shows the old value for good. Measured here: a page whose 150 labels were each
changed once, 40 ms apart, while it loaded kept one or two of them unchanged in 4 of 8 loads;
the executive dashboard, whose slider comes alive from a background thread, once stayed
"Preparing…" with its slider disabled for the whole of a 180 s wait.

A page that changes widgets after it is shown mounts a :class:`Handshake`: a hidden text field
and a script that, once the page has drawn the field (so its widget manager has registered
the widgets), types into it. The kernel then sends the state of every widget of the page once
more (ipywidgets' ``send_state``), which mends whatever was dropped. Nothing is resent on a
timer and nothing is sent twice in normal operation but that one full state per page.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["Handshake", "handshake", "widgets_below"]

# Waits for the field to be drawn (the page draws its widgets once all are registered), then
# types the time into it; an input event is what ipywidgets' Text view syncs to the kernel.
_SCRIPT = """<script>(function () {
  var selector = '.%s input', waited = 0;
  function ping() {
    var el = document.querySelector(selector);
    if (!el) { if (waited++ < 1200) { setTimeout(ping, 50); } return; }
    el.value = 'listening ' + Date.now();
    el.dispatchEvent(new Event('input', {bubbles: true}));
  }
  ping();
})();</script>"""


class Handshake:
    """A hidden field the page types into once it listens; the kernel then sends the state of
    every widget below ``roots`` again.

    Parameters
    ----------
    *roots : ipywidgets.Widget
        The widgets of the page (their children, layouts, styles and the widgets shown in their
        ``Output`` widgets are found by :func:`widgets_below`).

    Attributes
    ----------
    widget : ipywidgets.Box
        Mount it anywhere in the page; it takes no room.
    answered : int
        How many times a page said it was listening (one per page load).
    sent : int
        Widget states sent again so far.
    """

    def __init__(self, *roots: Any) -> None:
        import ipywidgets as w
        from IPython.display import HTML

        from .display import show_in

        self.roots = list(roots)
        self.answered = 0
        self.sent = 0
        self.name = f"kit-handshake-{uuid.uuid4().hex[:12]}"
        self.field = w.Text(value="")
        self.field.add_class(self.name)
        script = w.Output()
        show_in(script, [HTML(_SCRIPT % self.name)])
        self.widget = w.Box([self.field, script], layout=w.Layout(display="none"))
        self.field.observe(self._listening, names="value")

    @classmethod
    def mount(cls, page: Any) -> Handshake:
        """A handshake over the box ``page``, mounted as its last child."""
        made = cls(page)
        page.children = (*page.children, made.widget)
        return made

    def _listening(self, change: dict[str, Any]) -> None:
        if not change["new"]:
            return
        self.answered += 1
        for widget in widgets_below(*self.roots):
            if widget is not self.field:
                widget.send_state()
                self.sent += 1


def handshake(*roots: Any) -> Handshake:
    """A :class:`Handshake` for ``roots``; mount its ``widget`` in the page."""
    return Handshake(*roots)


def widgets_below(*roots: Any) -> Iterator[Any]:
    """Every widget reachable from ``roots``, each once, parents first: children, any trait
    holding a widget (layouts, styles) and the widgets an ``Output`` widget shows."""
    import ipywidgets as w

    seen: set[str] = set()
    stack = list(reversed(roots))
    while stack:
        widget = stack.pop()
        if not isinstance(widget, w.Widget) or widget.model_id in seen or widget.comm is None:
            continue
        seen.add(widget.model_id)
        yield widget
        below: list[Any] = []
        for key in widget.keys:
            value = getattr(widget, key, None)
            below.extend(_widgets_in(value))
        if isinstance(widget, w.Output):
            below.extend(_shown_in(widget.outputs))
        stack.extend(reversed(below))


def _widgets_in(value: Any) -> Iterable[Any]:
    import ipywidgets as w

    if isinstance(value, w.Widget):
        yield value
    elif isinstance(value, (list, tuple)):
        yield from (v for v in value if isinstance(v, w.Widget))


def _shown_in(outputs: Iterable[dict[str, Any]]) -> Iterable[Any]:
    from ipywidgets.widgets import widget

    live = getattr(widget, "_instances", {})  # ipywidgets 8: model id -> widget
    for out in outputs:
        ref = (out.get("data") or {}).get("application/vnd.jupyter.widget-view+json")
        found = live.get(ref.get("model_id")) if ref else None
        if found is not None:
            yield found
