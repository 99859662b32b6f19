"""Workbooks served by Voilà render their charts in a real headless Chromium, offline."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from tests.browser.conftest import screenshot
from tests.browser.harness import set_slider_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


def _render(page, voila_url: str, notebook: str, charts: int, ready: str = "") -> str:
    ready = ready or f"document.querySelectorAll('.kit-chart svg.marks').length >= {charts}"
    # One load, no reload: a page takes 3-8 s here, so 60 s means the page hung, and a hung
    # page is a defect to find (tests/browser/test_reliability.py), not to hide.
    page.goto(f"{voila_url}/voila/render/{notebook}", timeout=60_000)
    page.wait_for_function(ready, timeout=60_000)
    body = page.inner_text("body")
    assert "Error loading script" not in body
    assert "Chart error" not in body and "Chart not shown" not in body
    assert "Traceback" not in body
    return body


def _stored(served, kind: str) -> pd.DataFrame:
    """What the served demo copy's contributions store holds of ``kind`` (empty before any save)."""
    from kit.store import STORE_FILE, open_store

    folder = served / "datasets" / "demo"
    if not (folder / STORE_FILE).exists():
        return pd.DataFrame()
    with open_store(folder) as store:
        return store.rows(kind)


def _no_cdn(page) -> None:
    # Voilà's own page asks a CDN for an icon font; nothing of the kit's may.
    assert [u for u in page.blocked if "font-awesome" not in u and "fontawesome" not in u] == []


def test_opportunity_map_renders_offline(offline_page, voila_url):
    page = offline_page
    body = _render(page, voila_url, "01_opportunity_map.ipynb", charts=6)
    shot = screenshot(page, "01_opportunity_map")
    assert "Opportunity map" in body and "Nordhavn" in body
    assert page.locator(".kit-chart svg.marks").count() >= 6
    assert page.locator(".kit-chart svg .mark-symbol path").count() >= 30  # the 37 bubbles
    assert "import kit" not in body  # no code shown
    _no_cdn(page)
    assert shot.stat().st_size > 10_000


def test_maturity_renders_and_its_form_saves_an_answer(offline_page, voila_url, served):
    page = offline_page
    body = _render(page, voila_url, "00_maturity.ipynb", charts=3)
    assert "Project portfolio management" in body
    _no_cdn(page)
    before = len(_stored(served, "maturity"))
    page.get_by_placeholder("First and last name").fill("Browser Tester")
    page.get_by_role("button", name="Business", exact=True).click()
    first = page.locator(".widget-toggle-buttons").nth(1)  # [0] is the role toggle
    first.get_by_role("button", name="4", exact=True).click()
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_function("document.body.innerText.includes('Thank you, Browser Tester')", timeout=30_000)
    screenshot(page, "00_maturity_form")
    after = _stored(served, "maturity")
    assert len(after) == before + 1
    row = after.iloc[-1]
    assert (row["participant"], row["score"], row["role"]) == ("Browser Tester", "4", "business")


def test_scoring_app_saves_a_participants_scores(offline_page, voila_url, served):
    page = offline_page
    # a personal link: the name comes from the address (Voilà's QUERY_STRING)
    body = _render(page, voila_url, "apps/scoring.ipynb?participant=Browser%20Tester", charts=0,
                   ready="document.body.innerText.includes('opportunities scored')")
    assert "Nordhavn Freight & Logistics: Strategy workshop 2027" in body
    assert "Customer shipment tracking portal" in body and "Compare goals" in body
    assert "import kit" not in body
    _no_cdn(page)
    before = len(_stored(served, "score"))
    assert page.get_by_placeholder("First and last name").input_value() == "Browser Tester"
    toggles = page.locator(".widget-toggle-buttons")  # one per criterion: value, fit, urgency, feasibility, risk
    toggles.nth(0).get_by_role("button", name="8", exact=True).click()
    toggles.nth(4).get_by_role("button", name="3", exact=True).click()
    page.get_by_role("button", name="Save scores").click()
    page.wait_for_function("document.body.innerText.includes('Saved 2 scores for OPP-01')", timeout=30_000)
    screenshot(page, "apps_scoring")
    after = _stored(served, "score")
    assert len(after) == before + 2
    assert after.tail(2)[["participant", "opportunity_id", "criterion", "score"]].values.tolist() == [
        ["Browser Tester", "OPP-01", "value", "8"], ["Browser Tester", "OPP-01", "risk", "3"]]
    assert "1 of 37 opportunities scored" in page.inner_text("body")

    page.get_by_role("tab", name="Compare goals").click()
    before = len(_stored(served, "pairwise"))
    first_pair = page.locator(".widget-toggle-buttons").nth(5)  # after the five criteria
    first_pair.get_by_role("button", name="◀ 3", exact=True).click()
    page.get_by_role("button", name="Save comparisons").click()
    page.wait_for_function("document.body.innerText.includes('Saved 1 comparison, Browser Tester')",
                           timeout=30_000)
    screenshot(page, "apps_scoring_pairs")
    after = _stored(served, "pairwise")
    assert len(after) == before + 1
    assert after.iloc[-1][["participant", "a", "b", "ratio"]].tolist() == [
        "Browser Tester", "productivity", "new_products", "3"]


def test_live_board_brings_in_new_scores_by_itself_and_on_refresh_and_shows_names_as_text(offline_page, voila_url,
                                                                                          served):
    """A score saved into the store shows at the board's next poll (every 3 s), no click; a
    second one at once on Refresh; a name typed as markup stays text (no image is made, no
    script runs, no dialog opens)."""
    import re

    import kit
    from kit import store

    page = offline_page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _render(page, voila_url, "apps/live.ipynb", charts=3)
    _no_cdn(page)

    def counts() -> tuple[int, int]:
        text = page.inner_text("body")
        found = re.search(r"(\d+) participants · ([\d,]+) scores", text)
        assert found, text[:500]
        return int(found.group(1)), int(found.group(2).replace(",", ""))

    people, scores = counts()
    hostile = "<img src=x onerror=alert(1)>"
    ws = kit.load_workshop(served / "datasets" / "demo")
    store.contribute(ws, "score", pd.DataFrame([{"participant": hostile, "opportunity_id": "OPP-07",
                                                 "criterion": "value", "score": 6}]), app="test")
    try:
        started = time.perf_counter()
        page.wait_for_function(f"document.body.innerText.includes('{people + 1} participants')", timeout=30_000)
        print(f"\nlive board: a new score drawn {time.perf_counter() - started:.1f} s after it was saved, no click")
        assert counts() == (people + 1, scores + 1)
        store.contribute(ws, "score", pd.DataFrame([{"participant": "Second Newcomer", "opportunity_id": "OPP-07",
                                                     "criterion": "value", "score": 4}]), app="test")
        page.get_by_role("button", name="Refresh").click()
        page.wait_for_function(f"document.body.innerText.includes('{people + 2} participants')", timeout=30_000)
        # the redrawn participation chart names the newcomer, as text (the axis may cut it short)
        page.wait_for_function("Array.from(document.querySelectorAll('.kit-chart svg text'))"
                               ".some(t => t.textContent.startsWith('<img src=x'))", timeout=30_000)
        assert page.locator("img[src='x']").count() == 0 and dialogs == []
        screenshot(page, "apps_live")
    finally:  # the other tests see the demo's store as it was
        for leftover in (served / "datasets" / "demo").glob(store.STORE_FILE + "*"):
            leftover.unlink()


@pytest.mark.parametrize(("notebook", "charts", "words"), [
    ("02_prioritise.ipynb", 8, ["YES", "NOT NOW", "Jonas Eklund"]),
    ("03_value_scenarios.ipynb", 7, ["NPV", "Worth measuring first"]),
])
def test_workbook_renders_every_chart_offline(offline_page, voila_url, notebook, charts, words):
    page = offline_page
    body = _render(page, voila_url, notebook, charts=charts)
    screenshot(page, notebook.removesuffix(".ipynb"))
    for word in words:
        assert word in body
    assert "import kit" not in body
    _no_cdn(page)


def test_portfolio_budget_slider_reoptimises_in_the_browser(offline_page, voila_url):
    page = offline_page
    body = _render(page, voila_url, "04_portfolio.ipynb", charts=8)
    assert "The best portfolio" in body and "Roadmap" in body
    _no_cdn(page)
    page.locator(".widget-output .kit-chart").first.wait_for(timeout=60_000)
    set_slider_and_wait(page, 3_000_000)
    screenshot(page, "04_portfolio_slider")
    assert page.locator(".widget-readout").first.inner_text().replace(",", "").startswith("3000000")
    assert "Chart error" not in page.inner_text("body")


def test_a_broken_workshop_shows_its_problems_in_the_app(offline_page, tmp_path):
    """A participant opening the app on a workshop someone broke by hand sees what is wrong,
    as text, and no traceback."""
    import shutil

    from tests.browser.conftest import SHOTS
    from tests.browser.harness import voila
    from tests.conftest import DEMO, ROOT

    shutil.copytree(ROOT / "workbooks", tmp_path / "workbooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(DEMO, tmp_path / "datasets" / "demo")
    (tmp_path / "datasets" / "demo" / "estimates.csv").write_text(
        "opportunity_id,layer,driver,low,high\nOPP-01,financial,x,9,<b>1</b>\nOPP-02,money,y,1,2\n")
    page = offline_page
    with voila(tmp_path / "workbooks", SHOTS / "voila-broken.log") as base:
        page.goto(f"{base}/voila/render/apps/scoring.ipynb", timeout=60_000)
        page.wait_for_function("document.body.innerText.includes('every problem is listed above')", timeout=60_000)
        body = page.inner_text("body")
        screenshot(page, "apps_scoring_broken_workshop")
    assert "workshop demo: 2 problems found" in body
    assert "is not a number" in body and "<b>1</b>" in body  # the value shown as typed, as text
    assert "is not one of the allowed values" in body and "money" in body
    assert page.locator("table b").count() == 0  # nothing typed became markup
    assert "Traceback" not in body and "File \"" not in body


def test_facilitator_overrides_a_decision_in_the_browser(offline_page, voila_url, served):
    page = offline_page
    _render(page, voila_url, "02_prioritise.ipynb", charts=8)
    try:
        page.get_by_role("button", name="Save override").wait_for(timeout=30_000)
        choose = page.locator("select").last
        labels = choose.locator("option").all_inner_texts()  # ipywidgets shows spaces as no-break spaces
        index = next(k for k, t in enumerate(labels) if t.startswith("OPP-18"))
        assert labels[index].replace("\xa0", " ").endswith("rules: NO")
        choose.select_option(index=index)
        page.get_by_role("button", name="NOT NOW", exact=True).click()
        page.get_by_placeholder("Why the group decides differently from the rules").fill(
            "<i>Pilot</i> with one depot first")
        page.get_by_placeholder("Who decided (facilitator or sponsor)").fill("Browser Facilitator")
        page.get_by_role("button", name="Save override").click()
        page.wait_for_function("document.body.innerText.includes('Override saved: OPP-18 is NOT NOW')",
                               timeout=30_000)
        screenshot(page, "02_prioritise_override")
        row = _stored(served, "override").iloc[-1]
        assert (row["opportunity_id"], row["decision"], row["by"]) == ("OPP-18", "NOT NOW", "Browser Facilitator")
        assert row["rationale"] == "<i>Pilot</i> with one depot first"
    finally:  # the other pages of this session keep the rules' decisions
        for leftover in (served / "datasets" / "demo").glob("contributions.sqlite*"):
            leftover.unlink()
