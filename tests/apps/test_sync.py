"""kit.apps.sync: the widgets of a page are found, and all are sent again once it listens."""

from __future__ import annotations

import ipywidgets as w
from IPython.display import HTML

from kit.apps.display import show_in
from kit.apps.sync import Handshake, widgets_below


def test_every_widget_of_a_page_is_found_once_children_layouts_and_those_an_output_shows():
    inner = w.Button(description="inside an output")
    out = w.Output()
    show_in(out, [inner, HTML("<b>text</b>")])
    label = w.Label("x")
    page = w.VBox([label, w.HBox([label, out])])
    found = list(widgets_below(page))
    ids = [x.model_id for x in found]
    assert len(ids) == len(set(ids))  # each once, though the label is shown twice
    for widget in (page, label, out, inner, page.layout, label.style, inner.style):
        assert widget in found
    assert found[0] is page


def test_once_the_page_says_it_listens_every_state_is_sent_again(monkeypatch):
    slider = w.IntSlider(3)
    page = w.VBox([slider])
    sync = Handshake(page)
    sent = []
    monkeypatch.setattr(w.Widget, "send_state", lambda self, key=None: sent.append(self))
    assert sync.widget.layout.display == "none" and sync.name in sync.field._dom_classes
    assert "input" in sync.widget.children[1].outputs[0]["data"]["text/html"]  # the page's script
    sync.field.value = "listening 1"
    assert sync.answered == 1 and slider in sent and page in sent and slider.layout in sent
    assert sync.sent == len(list(widgets_below(page))) == 5  # the box, the slider, their layouts, its style
    sync.field.value = ""  # nothing said: nothing sent
    assert sync.answered == 1
