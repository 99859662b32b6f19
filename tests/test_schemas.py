"""Table contracts: parsing cells as people type them, and the checks on typed tables."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.io import TableSource
from kit.schemas import AREA_LOOKUP, TABLES, cross_check, spec_for, validate_table
from kit.schemas.cross import _find_cycle
from kit.schemas.fields import _bound
from kit.schemas.parse import _key, _parse_number
from kit.settings import CAPABILITY_AREAS, Goal, parse_settings

SOURCE = TableSource(Path("t.csv"))


def _raw(rows: list[dict[str, str]]) -> pd.DataFrame:
    """A table as :func:`kit.io.read_table` returns it: text, indexed by the user's row."""
    return pd.DataFrame(rows, index=pd.Index(range(2, len(rows) + 2), name="row"), dtype=object)


@pytest.mark.parametrize("text, number", [
    ("250000", 250000), ("250 000", 250000), ("250\u00a0000", 250000), ("250_000", 250000),
    ("1,234.5", 1234.5), ("1.234,5", 1234.5), ("1.234.567", 1234567), ("1.234.567,89", 1234567.89),
    ("12,5", 12.5), ("1,500", 1500), ("1,500,000", 1500000), ("20'000", 20000), ("-3", -3),
    ("1e5", 100000), ("0.5", 0.5),
])
def test_numbers_as_people_type_them(text: str, number: float):
    """English, European and Swiss number formats (thousands separators , . space ' )."""
    assert _parse_number(text) == pytest.approx(number)


@pytest.mark.parametrize("text", ["about 20k", "EUR 100", "12%", "inf", "nan", "1/2", "--1"])
def test_non_numbers_are_refused(text: str):
    assert _parse_number(text) is None


def test_blank_is_missing_not_zero():
    assert math.isnan(_parse_number("  "))


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_thousands_grouped_integers_parse(n: int):
    assert _parse_number(f"{n:,}") == n  # 1,234,567
    assert _parse_number(f"{n:,}".replace(",", " ")) == n
    assert _parse_number(str(n)) == n


@pytest.mark.parametrize("typed, area", [
    ("BI", "analytics"), ("bi", "analytics"), ("Business Intelligence and Analytics", "analytics"),
    ("CRM", "relationship"), ("Customer and vendor relationship management", "relationship"),
    ("ppm", "portfolio"), ("Project Portfolio Management", "portfolio"),
    ("process optimization", "process"), ("BPM", "process"), ("GRC", "governance"),
    ("governance", "governance"),
])
def test_capability_area_short_forms(typed: str, area: str):
    assert AREA_LOOKUP[_key(typed)] == area


def test_every_area_name_and_id_is_accepted():
    for area, name in CAPABILITY_AREAS.items():
        assert AREA_LOOKUP[_key(name)] == area and AREA_LOOKUP[_key(area)] == area


def test_validate_table_parses_every_kind():
    spec = spec_for("opportunities", parse_settings({"name": "t"}))
    raw = _raw([{"id": "A", "title": "T", "capability_area": "CRM", "goals": "sales; productivity",
                 "cost_low": "1.000", "cost_high": "2.000,50", "effort_months": "3",
                 "mandatory": "Yes", "depends_on": "B,C", "align_sales": "strong"}])
    typed, problems = validate_table(raw, spec, SOURCE)
    assert problems == []
    r = typed.loc[2]
    assert r["capability_area"] == "relationship" and r["goals"] == ("sales", "productivity")
    assert r["cost_low"] == 1.0  # "1.000" with no comma is one (English), not a thousand
    assert r["cost_high"] == 2000.5 and r["mandatory"] is True and r["depends_on"] == ("B", "C")
    assert r["align_sales"] == 3.0 and r["align_productivity"] == 0.0  # absent: none
    assert typed["run_cost_low"].dtype == "float64" and r["run_cost_low"] == 0.0
    assert typed["time_criticality"].dtype == "float64" and np.isnan(r["time_criticality"])


def test_every_failing_cell_is_reported_once():
    spec = TABLES["estimates"]
    raw = _raw([
        {"opportunity_id": "A", "layer": "money", "driver": "d", "low": "x", "high": "1", "start_year": "0"},
        {"opportunity_id": "", "layer": "growth", "driver": "d", "low": "1", "high": "", "start_year": "2.5"},
    ])
    _, problems = validate_table(raw, spec, SOURCE)
    found = sorted((p.row, p.column, p.problem) for p in problems)
    assert found == [
        (2, "layer", "is not one of the allowed values"),
        (2, "low", "is not a number"),
        (2, "start_year", "must be between 1 and 30"),
        (3, "high", "is empty"),
        (3, "opportunity_id", "must not be empty"),
        (3, "start_year", "is not a whole number"),
    ]
    assert all(p.file == "t.csv" for p in problems)


@pytest.mark.parametrize("ratio, value", [("1/9", 1 / 9), ("0.11", 0.11), ("9", 9), ("1", 1), ("1 / 3", 1 / 3)])
def test_pairwise_ratios_on_saatys_scale(ratio: str, value: float):
    raw = _raw([{"participant": "p", "a": "x", "b": "y", "ratio": ratio}])
    typed, problems = validate_table(raw, TABLES["pairwise"], SOURCE)
    assert problems == [] and typed.loc[2, "ratio"] == pytest.approx(value)


@pytest.mark.parametrize("ratio, problem", [("1/10", "must be between 1/9 and 9"), ("10", "must be between 1/9 and 9"),
                                            ("0", "must be between 1/9 and 9"), ("1/0", "is not a ratio"),
                                            ("x", "is not a number")])
def test_pairwise_ratios_off_the_scale(ratio: str, problem: str):
    raw = _raw([{"participant": "p", "a": "x", "b": "y", "ratio": ratio}])
    _, problems = validate_table(raw, TABLES["pairwise"], SOURCE)
    assert [(p.row, p.column, p.problem, p.value) for p in problems] == [(2, "ratio", problem, ratio)]


@pytest.mark.parametrize("x, text", [(1 / 9, "1/9"), (0.11, "1/9"), (0.125, "1/8"), (9 + 1e-9, "9"), (0, "0"),
                                     (0.5, "0.5"), (0.08, "0.08"), (30, "30")])
def test_range_bounds_read_as_people_write_them(x: float, text: str):
    assert _bound(x) == text


def test_alignment_columns_follow_the_goals():
    settings = parse_settings({"name": "t", "goals": [{"id": "g1"}, {"id": "g2"}]})
    spec = spec_for("opportunities", settings)
    assert [f.name for f in spec.extra] == ["align_g1", "align_g2"]
    assert all(f.low == 0 and f.high == 4 for f in spec.extra)
    assert spec_for("estimates", settings) is TABLES["estimates"]


def test_required_columns_of_the_contract():
    assert TABLES["opportunities"].required_columns == [
        "id", "title", "capability_area", "goals", "cost_low", "cost_high", "effort_months"]
    assert TABLES["estimates"].required_columns == ["opportunity_id", "layer", "driver", "low", "high"]
    assert TABLES["opportunities"].required and TABLES["estimates"].required
    assert not TABLES["scores"].required and not TABLES["pairwise"].required


def test_missing_column_suggests_the_near_header():
    raw = _raw([{"id": "A", "title": "T", "capability_area": "BI", "goals": "", "cost_lo": "1",
                 "cost_high": "2", "effort_months": "1"}])
    _, problems = validate_table(raw, TABLES["opportunities"], SOURCE)
    assert [(p.column, p.row) for p in problems] == [("cost_low", None)]
    assert "is 'cost_lo' meant to be it?" in problems[0].hint


def test_cross_check_uses_workshop_goals_and_criteria():
    settings = parse_settings({"name": "t", "goals": [{"id": "g1"}],
                               "criteria": [{"id": "c1", "scale": [0, 5]}]})
    spec = spec_for("opportunities", settings)
    opp, _ = validate_table(_raw([{"id": "A", "title": "T", "capability_area": "BI", "goals": "g1;g2",
                                   "cost_low": "1", "cost_high": "2", "effort_months": "1"}]), spec, SOURCE)
    scores, _ = validate_table(_raw([{"participant": "p", "opportunity_id": "A", "criterion": "c1", "score": "0"},
                                     {"participant": "p", "opportunity_id": "A", "criterion": "c1", "score": "6"}]),
                               TABLES["scores"], SOURCE)
    problems = cross_check(settings, {"opportunities": opp, "scores": scores},
                           {"opportunities": SOURCE, "scores": TableSource(Path("s.csv"))})
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [
        ("t.csv", 2, "goals", "g2"), ("s.csv", 3, "score", "6")]  # 0 is on the 0-5 scale


def test_find_cycle_names_a_closed_path():
    assert _find_cycle({"a": ["b"], "b": ["c"], "c": []}) is None
    assert _find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert _find_cycle({"x": [], "a": ["b"], "b": ["b"]}) == ["b", "b"]


@given(st.integers(2, 12), st.data())
def test_find_cycle_property(n: int, data: st.DataObject):
    """Edges only from later to earlier nodes make a DAG; one edge back closes a cycle."""
    nodes = [f"n{i}" for i in range(n)]
    graph = {v: [nodes[j] for j in range(i) if data.draw(st.booleans())] for i, v in enumerate(nodes)}
    assert _find_cycle(graph) is None
    graph[nodes[0]] = [nodes[-1]]
    graph[nodes[-1]] = sorted(set(graph[nodes[-1]]) | {nodes[0]})
    cycle = _find_cycle(graph)
    assert cycle is not None and cycle[0] == cycle[-1]
    assert all(b in graph[a] for a, b in zip(cycle[:-1], cycle[1:], strict=True))


def test_goal_defaults_are_the_five_value_rates():
    goals = parse_settings({"name": "t"}).goals
    assert all(isinstance(g, Goal) for g in goals)
    assert [f.name for f in spec_for("opportunities", parse_settings({"name": "t"})).extra] == [
        "align_productivity", "align_new_products", "align_market_share", "align_customer_satisfaction",
        "align_sales"]
