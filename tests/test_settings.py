"""``workshop.yml``: defaults, checks and messages that point at the line to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.errors import InputError
from kit.resources import TEMPLATES
from kit.settings import (
    CAPABILITY_AREAS,
    DEFAULT_CRITERIA,
    DEFAULT_GOALS,
    LAYERS,
    Criterion,
    Goal,
    Settings,
    closest,
    did_you_mean,
    load_settings,
    parse_settings,
)
from tests.conftest import DEMO


def _problems(data: object) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as info:
        parse_settings(data)
    return [(p.column, p.problem) for p in info.value.problems.itertuples()]


def test_defaults_fill_in_what_is_not_said():
    s = parse_settings({"name": "Q3"})
    assert s == Settings(name="Q3")
    assert (s.currency, s.start, s.horizon_years, s.discount_rate, s.budget) == ("EUR", "2027-Q1", 5, 0.08, None)
    assert s.goals == DEFAULT_GOALS and s.criteria == DEFAULT_CRITERIA
    assert s.goal_ids == ["productivity", "new_products", "market_share", "customer_satisfaction", "sales"]
    assert s.criterion_ids == ["value", "fit", "urgency", "feasibility", "risk"]
    assert s.scenarios == {"base": {"label": "Base case"}}


def test_the_five_areas_and_four_layers():
    assert list(CAPABILITY_AREAS) == ["relationship", "process", "portfolio", "governance", "analytics"]
    assert LAYERS == ("financial", "productivity", "customer", "growth")


def test_template_and_demo_settings_load():
    template = load_settings(TEMPLATES / "workshop.yml")
    assert template.capacity and all(v > 0 for v in template.capacity.values())
    assert template.goals == DEFAULT_GOALS
    demo = load_settings(DEMO / "workshop.yml")
    assert demo.organisation == "Nordhavn Freight & Logistics" and demo.budget > 0
    assert [c.direction for c in demo.criteria if c.id == "risk"] == ["cost"]


def test_goals_and_criteria_are_read():
    s = parse_settings({"name": "t", "goals": [{"id": "g1", "name": "Grow"}, {"id": "g2"}],
                        "criteria": [{"id": "c", "direction": "Cost", "scale": [0, 5], "weight": 2}]})
    assert s.goals == (Goal("g1", "Grow"), Goal("g2", "g2"))
    assert s.criteria == (Criterion("c", "c", "cost", (0.0, 5.0), 2.0),)


@pytest.mark.parametrize("typed, value", [("8%", 0.08), ("0.08", 0.08), (0.08, 0.08), ("12.5 %", 0.125), (0, 0)])
def test_discount_rate_as_fraction_or_percent(typed, value):
    assert parse_settings({"name": "t", "discount_rate": typed}).discount_rate == pytest.approx(value)


@pytest.mark.parametrize("data, problem", [
    ({"name": "t", "discount_rate": 8}, ("discount_rate", "must be between 0 and 1")),
    ({"name": "t", "discount_rate": "eight"}, ("discount_rate", "must be a number")),
    ({"name": "t", "horizon_years": 0}, ("horizon_years", "must be between 1 and 30")),
    ({"name": "t", "horizon_years": 2.5}, ("horizon_years", "must be a whole number")),
    ({"name": "t", "budget": -1}, ("budget", "must be at least 0")),
    ({"name": "t", "budget": "1 000 000"}, None),
    ({"name": "t", "currency": "eur"}, ("currency", "must be a three-letter ISO 4217 code")),
    ({"name": "t", "start": "2027Q1"}, ("start", "must be a year and quarter")),
    ({"name": "t", "capacity": 12}, ("capacity", "must be a mapping of 'name: number' lines")),
    ({"name": "t", "capacity": {"apps": "lots"}}, ("capacity.apps", "must be a number")),
    ({"name": "t", "goals": "productivity"}, ("goals", "must be a list of entries like '- {id: ..., name: ...}'")),
    ({"name": "t", "goals": [{"name": "no id"}]}, ("goals.0", "entry has no id")),
    ({"name": "t", "criteria": [{"id": "c", "scale": [5, 1]}]},
     ("criteria.0.scale", "must be [lowest, highest] with lowest < highest")),
    ({"name": "t", "criteria": [{"id": "c", "weight": -1}]}, ("criteria.0.weight", "must be at least 0")),
    ({"name": "t", "scenarios": {"bad": {"financial": -1}}}, ("scenarios.bad.financial", "must be at least 0")),
    ({"name": "t", "scenarios": ["base"]}, ("scenarios", "must be a mapping: scenario name -> multipliers")),
    ({"name": "t", "targets": {"governance": 6}}, ("targets.governance", "must be between 1 and 5")),
    ({"name": ""}, ("name", "is required")),
])
def test_wrong_values_are_named(data, problem):
    if problem is None:
        assert parse_settings(data).budget == 1_000_000
    else:
        assert _problems(data) == [problem]


@pytest.mark.parametrize("data, where, hint", [
    ({"name": "t", "horizon_year": 3}, "horizon_year", "did you mean 'horizon_years'?"),
    ({"name": "t", "Budget": 3}, "Budget", "did you mean 'budget'?"),
    ({"name": "t", "criteria": [{"id": "c", "wieght": 2}]}, "criteria.0.wieght", "did you mean 'weight'?"),
    ({"name": "t", "goals": [{"id": "g", "descripton": "x"}]}, "goals.0.descripton", "did you mean 'description'?"),
    ({"name": "t", "scenarios": {"s": {"adoptoin": 1}}}, "scenarios.s.adoptoin", "did you mean 'adoption'?"),
])
def test_unknown_keys_suggest_the_closest(data, where, hint):
    with pytest.raises(InputError) as info:
        parse_settings(data)
    p = info.value.problems.iloc[0]
    assert (p["column"], p["problem"]) == (where, "unknown setting")
    assert p["hint"].startswith(hint)


def test_all_problems_at_once():
    problems = _problems({"nam": "t", "currency": "euro", "discount_rate": 2, "horizon_years": "x"})
    assert [c for c, _ in problems] == ["nam", "name", "currency", "horizon_years", "discount_rate"]


def test_problems_point_at_the_line(tmp_path: Path):
    path = tmp_path / "workshop.yml"
    path.write_text("# comment\nname: t\n\ncriteria:\n  - id: c\n    direction: up\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_settings(path)
    p = info.value.problems.iloc[0]
    assert (p["file"], p["row"], p["column"], p["value"]) == ("workshop.yml", 6, "criteria.0.direction", "up")


def test_yaml_syntax_error_gives_the_line(tmp_path: Path):
    path = tmp_path / "workshop.yml"
    path.write_text("name: t\ncapacity:\n  apps: 1\n  data: [1, 2\n", encoding="utf-8")
    with pytest.raises(InputError, match="is not valid YAML") as info:
        load_settings(path)
    assert info.value.problems.loc[0, "row"] in (4, 5)  # the bracket is never closed


def test_bom_and_empty_file(tmp_path: Path):
    path = tmp_path / "workshop.yml"
    path.write_bytes("\ufeffname: t\n".encode())
    assert load_settings(path).name == "t"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="name: is required"):
        load_settings(path)


def test_missing_file_says_how_to_create_one(tmp_path: Path):
    with pytest.raises(InputError) as info:
        load_settings(tmp_path / "workshop.yml")
    assert "kit new" in info.value.problems.loc[0, "hint"]


def test_closest_and_did_you_mean():
    assert closest("Horizon_Year", ["budget", "horizon_years"]) == "horizon_years"
    assert closest("zzz", ["budget", "horizon_years"]) is None
    assert did_you_mean("apss", ["apps", "data"]) == "did you mean 'apps'? valid: apps, data"
    assert did_you_mean("zzz", ["apps"]) == "valid: apps"


def test_did_you_mean_lists_each_option_once_and_shortens_long_lists():
    from kit.settings import did_you_mean

    assert did_you_mean("OPP-9", ["OPP-1", "OPP-1"]) == "did you mean 'OPP-1'? valid: OPP-1"
    hint = did_you_mean("OPP-100", [f"OPP-{i:02d}" for i in range(1, 38)])
    assert hint.startswith("did you mean 'OPP-10'?") and hint.endswith("OPP-12, ... (37 in all)")
