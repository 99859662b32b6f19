"""Offline chart rendering: the bundle, the per-chart HTML, the theme."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from kit.charts import render


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    render._bundle_js.cache_clear()
    yield tmp_path
    render._bundle_js.cache_clear()


def test_bundle_is_built_once_then_read_from_the_cache(fresh_cache, monkeypatch):
    js = render._bundle_js()
    cached = list((fresh_cache / "betterment-kit").glob("vega-bundle-*.js"))
    assert len(cached) == 1 and cached[0].read_text() == js and "window.vegaEmbed=" in js
    render._bundle_js.cache_clear()
    import vl_convert

    def no_build(*args, **kwargs):
        raise AssertionError("the bundle was built again")

    monkeypatch.setattr(vl_convert, "javascript_bundle", no_build)
    assert render._bundle_js() == js


def test_bundle_html_is_guarded_and_cannot_close_its_script_early():
    html = render.bundle_html()
    assert html.startswith("<script>if (!window.__bettermentVega)")
    assert html.count("</script>") == 1


def test_chart_html_embeds_the_spec_and_escapes_closing_tags():
    chart = alt.Chart(pd.DataFrame({"t": ["</script><b>x</b>"], "v": [1]})).mark_bar().encode(x="v:Q", y="t:N")
    html = render.chart_html(chart.to_dict(), div_id="c1")
    assert '<div id="c1" class="kit-chart">' in html
    assert html.count("</script>") == 1  # the user's text cannot end the script
    assert "vegaEmbed(el" in html


def test_standalone_page_has_one_bundle_and_every_chart():
    charts = [alt.Chart(pd.DataFrame({"x": [i]})).mark_point().encode(x="x:Q") for i in range(3)]
    page = render.standalone_html(charts, title="t")
    assert page.count("window.vegaEmbed=") == 1 and page.count('class="kit-chart"') == 3
    assert 'src="http' not in page


def test_setup_freezes_the_imported_objects_for_the_garbage_collector():
    import gc

    gc.unfreeze()
    render.setup(display=False)
    assert gc.get_freeze_count() > 10_000  # pandas, Altair and the kit's modules, at least
    gc.unfreeze()
