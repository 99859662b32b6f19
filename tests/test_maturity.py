"""kit.maturity: the instrument, answers checked against it, levels, gaps, themes, the form."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kit
from kit import maturity
from kit.apps.maturity import AnswerForm, answer_form
from kit.charts import maturity as maturity_charts
from kit.errors import InputError
from kit.settings import CAPABILITY_AREAS
from tests.conftest import DEMO

LEVELS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


@pytest.fixture(scope="module")
def instrument() -> maturity.Instrument:
    return maturity.load_instrument()


def tiny(**changes) -> dict:
    """A two-dimension instrument as loaded from YAML; ``changes`` replace top-level keys."""
    data = {
        "name": "Tiny",
        "dimensions": [
            {"id": "governance", "name": "Governance", "theme": "Clarify decision rights.",
             "statements": [{"id": f"governance.{i}", "text": f"Statement g{i}", "levels": dict(LEVELS)}
                            for i in (1, 2, 3, 4)]},
            {"id": "partnership", "name": "Business partnership", "theme": "Become a trusted advisor.",
             "statements": [{"id": f"partnership.{i}", "text": f"Statement p{i}", "levels": dict(LEVELS)}
                            for i in (1, 2)]},
        ],
    }
    data.update(changes)
    return data


@pytest.fixture
def small() -> maturity.Instrument:
    return maturity.parse_instrument(tiny())


def answers(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (participant, role, statement, score); the area is the statement's prefix."""
    return pd.DataFrame([{"participant": p, "area": s.split(".")[0], "statement": s, "score": v, "role": r}
                         for p, r, s, v in rows])


# --- the instrument -----------------------------------------------------------------------


def test_kit_instrument_has_the_seven_dimensions_each_with_4_to_6_statements(instrument):
    assert instrument.dimension_ids == [*CAPABILITY_AREAS, "value_management", "partnership"]
    names = {d.id: d.name for d in instrument.dimensions}
    assert all(names[a] == CAPABILITY_AREAS[a] for a in CAPABILITY_AREAS)
    for d in instrument.dimensions:
        assert 4 <= len(d.statements) <= 6, d.id
        assert d.theme and d.description
        for s in d.statements:
            assert s.id.startswith(d.id + ".") and s.text
            assert len(s.levels) == 5 and all(len(t) > 10 for t in s.levels)
    texts = instrument.statements()["text"]
    assert texts.is_unique
    levels = instrument.level_descriptions()
    assert len(levels) == 5 * len(texts) and levels["description"].is_unique
    assert instrument.scale[0].startswith("Reactive") and instrument.scale[4] == "Value-creating"


def test_journeys_of_value_management_and_partnership(instrument):
    assert instrument.dimension("partnership").journey.startswith("order taker")
    assert "strategic partner" in instrument.dimension("partnership").journey
    assert "value rates" in instrument.dimension("value_management").journey


def test_missing_level_is_reported_with_the_statement():
    data = tiny()
    del data["dimensions"][0]["statements"][1]["levels"][3]
    with pytest.raises(InputError, match="level 3 of governance.2 is missing"):
        maturity.parse_instrument(data)


def test_level_outside_one_to_five_and_empty_description():
    data = tiny()
    data["dimensions"][0]["statements"][0]["levels"][6] = "six"
    data["dimensions"][0]["statements"][2]["levels"][2] = ""
    with pytest.raises(InputError) as err:
        maturity.parse_instrument(data)
    problems = err.value.problems["problem"].tolist()
    assert "level of governance.1 outside 1-5" in problems
    assert "level 2 of governance.3 has no description" in problems


def test_every_problem_is_reported_at_once_with_hints():
    data = tiny()
    data["dimensions"][1]["statments"] = data["dimensions"][1].pop("statements")
    data["dimensions"][0]["statements"][0]["id"] = "partnership.9"
    data["dimensions"].append({"id": "governance", "name": "Again", "statements": []})
    with pytest.raises(InputError) as err:
        maturity.parse_instrument(data)
    found = err.value.problems
    assert "did you mean 'statements'" in found.loc[found["problem"] == "unknown key", "hint"].iloc[0]
    assert "statement id must start with its dimension id 'governance.'" in found["problem"].tolist()
    assert "duplicate dimension id" in found["problem"].tolist()
    assert "dimension has no statements" in found["problem"].tolist()
    assert len(found) >= 4


def test_dimension_levels_serve_statements_without_their_own():
    data = tiny()
    dim = data["dimensions"][1]
    dim["levels"] = {k: f"shared {v}" for k, v in LEVELS.items()}
    del dim["statements"][0]["levels"]
    inst = maturity.parse_instrument(data)
    assert inst.dimension("partnership").statements[0].levels[0] == "shared one"
    assert inst.dimension("partnership").statements[1].levels[0] == "one"


def test_load_instrument_points_at_the_line(tmp_path):
    text = (maturity.DEFAULT_INSTRUMENT.read_text(encoding="utf-8")
            .replace("          3: Standard interfaces and an onboarding routine cover most partners.\n", "", 1))
    path = tmp_path / "maturity.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        maturity.load_instrument(path)
    p = err.value.problems.iloc[0]
    assert p["problem"] == "level 3 of relationship.3 is missing" and p["file"] == "maturity.yml"
    assert text.splitlines()[int(p["row"]) - 1].strip() == "levels:"


def test_load_instrument_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(InputError, match="maturity instrument not found"):
        maturity.load_instrument(tmp_path / "nope.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("dimensions:\n  - id: x\n   name: y\n", encoding="utf-8")
    with pytest.raises(InputError, match="is not valid YAML"):
        maturity.load_instrument(bad)


def test_a_workshop_may_bring_its_own_instrument(demo_copy):
    import yaml

    (demo_copy / "maturity.yml").write_text(yaml.safe_dump(tiny()), encoding="utf-8")
    ws = kit.load_workshop(demo_copy)
    assert maturity.instrument_for(ws).name == "Tiny"
    assert maturity.instrument_for(ws, maturity.DEFAULT_INSTRUMENT).name != "Tiny"
    with pytest.raises(InputError, match="unknown maturity statement"):
        maturity.assess_workshop(ws)  # the demo answers do not fit the tiny instrument


# --- answers ------------------------------------------------------------------------------


def test_unknown_dimension_and_statement_are_named_with_the_closest_id(small):
    frame = answers([("Ada", "it", "governance.1", 3)])
    frame.loc[1] = {"participant": "Bo", "area": "governence", "statement": "governance.2", "score": 2, "role": ""}
    frame.loc[2] = {"participant": "Bo", "area": "partnership", "statement": "partnership.7", "score": 2, "role": ""}
    with pytest.raises(InputError) as err:
        maturity.check_answers(frame, small)
    found = err.value.problems.set_index("value")
    assert found.loc["governence", "problem"].startswith("unknown maturity dimension (1 answer, first by Bo)")
    assert "did you mean 'governance'" in found.loc["governence", "hint"]
    assert found.loc["partnership.7", "problem"].startswith("unknown maturity statement")
    assert found.loc["partnership.7", "file"] == "maturity.csv"


def test_statement_under_the_wrong_dimension(small):
    frame = answers([("Ada", "it", "governance.1", 3)]).assign(area="partnership")
    with pytest.raises(InputError, match="statement belongs to dimension 'governance', not 'partnership'"):
        maturity.check_answers(frame, small)


@pytest.mark.parametrize("score", [0, 6, 2.5, "x", None])
def test_scores_out_of_range_name_participant_and_statement(small, score):
    frame = answers([("Ada", "it", "governance.1", 3), ("Bo", "business", "partnership.2", score)])
    with pytest.raises(InputError) as err:
        maturity.check_answers(frame, small)
    p = err.value.problems.iloc[0]
    assert p["problem"] == "score of Bo for partnership.2 must be a whole number from 1 to 5"
    assert p["column"] == "score"


def test_roles_unknown_or_twice(small):
    frame = answers([("Ada", "manager", "governance.1", 3), ("Bo", "it", "governance.1", 3),
                     ("Bo", "business", "governance.2", 3)])
    with pytest.raises(InputError) as err:
        maturity.check_answers(frame, small)
    problems = " | ".join(err.value.problems["problem"])
    assert "unknown role" in problems and "participant Bo answers with more than one role" in problems


def test_missing_column(small):
    with pytest.raises(InputError, match="required column is missing"):
        maturity.check_answers(pd.DataFrame({"participant": ["Ada"], "statement": ["governance.1"]}), small)


def test_roles_are_normalised_and_the_later_answer_counts(small):
    frame = answers([("Ada", "IT", "governance.1", 2), ("Ada", "", "governance.2", 3),
                     ("Ada", "it", "governance.1", 5)])
    clean = maturity.check_answers(frame, small)
    assert clean.to_dict("records") == [
        {"participant": "Ada", "role": "it", "dimension": "governance", "statement": "governance.1", "score": 5},
        {"participant": "Ada", "role": "it", "dimension": "governance", "statement": "governance.2", "score": 3}]


# --- assessment: hand-computed cases ------------------------------------------------------


def test_assess_docstring_example(small):
    """IT answers 4 and 4, the business 2 and 3; target 4 (the example in ``assess``)."""
    frame = answers([("Ida", "it", "governance.1", 4), ("Ida", "it", "governance.2", 4),
                     ("Bea", "business", "governance.1", 2), ("Bea", "business", "governance.2", 3)])
    row = maturity.assess(frame, small, {"governance": 4}).set_index("dimension").loc["governance"]
    assert row["respondents"] == 2 and row["it_respondents"] == 1 and row["business_respondents"] == 1
    assert row["level_mean"] == pytest.approx(3.25) and row["level_median"] == pytest.approx(3.25)
    assert row["spread"] == pytest.approx(np.std([4, 2.5], ddof=1))
    assert (row["low"], row["high"]) == (2.5, 4.0)
    assert row["it_level"] == 4 and row["business_level"] == 2.5
    assert row["perception_gap"] == pytest.approx(1.5)
    assert row["target"] == 4 and row["gap"] == pytest.approx(0.75)


def test_spread_on_the_published_standard_deviation_example(small):
    """Wikipedia, "Standard deviation", basic example: the eight values 2, 4, 4, 4, 5, 5, 7, 9
    have mean 5 and population standard deviation 2. Halved to fit the 1-5 scale (each level
    the mean of two answers): mean 2.5, population SD 1, sample SD sqrt(8/7), median 2.25."""
    pairs = [(1, 1), (2, 2), (2, 2), (2, 2), (2, 3), (2, 3), (3, 4), (4, 5)]
    rows = [(f"P{i}", "business", f"governance.{j + 1}", v) for i, pair in enumerate(pairs) for j, v in enumerate(pair)]
    row = maturity.assess(answers(rows), small).set_index("dimension").loc["governance"]
    levels = maturity.respondent_levels(answers(rows), small)["level"]
    assert sorted(levels * 2) == [2, 4, 4, 4, 5, 5, 7, 9]
    assert row["level_mean"] == pytest.approx(2.5)
    assert row["spread"] == pytest.approx(np.sqrt(8 / 7))
    assert np.std(levels, ddof=0) == pytest.approx(1.0)
    assert row["level_median"] == pytest.approx(2.25)


def test_every_respondent_counts_once_whatever_they_skipped(small):
    frame = answers([("Ada", "it", "governance.1", 5),
                     ("Bo", "business", "governance.1", 1), ("Bo", "business", "governance.2", 3)])
    row = maturity.assess(frame, small).set_index("dimension").loc["governance"]
    assert row["level_mean"] == pytest.approx(3.5)  # (5 + 2) / 2, not the mean of answers (3.0)
    assert np.isnan(row["target"]) and np.isnan(row["gap"])
    people = maturity.respondent_levels(frame, small)
    assert people[["participant", "role_name", "answered", "level"]].values.tolist() == [
        ["Ada", "IT", 1, 5.0], ["Bo", "Business", 2, 2.0]]


def test_weakest_statements_pull_the_score_down(small):
    scores = {"governance.1": (2, 2), "governance.2": (4, 4), "governance.3": (3, 3), "governance.4": (1, 1)}
    rows = [(p, "business", s, v[i]) for s, v in scores.items() for i, p in enumerate(["A", "B"])]
    a = maturity.assess(answers(rows), small, {"governance": 3.5})
    row = a.set_index("dimension").loc["governance"]
    assert row["level_mean"] == pytest.approx(2.5)
    assert row["weakest"] == "governance.4; governance.1"
    assert row["weakest_text"] == "Statement g4"
    stm = maturity.statement_levels(answers(rows), small, {"governance": 3.5})
    assert stm.set_index("statement").loc["governance.4", "gap"] == pytest.approx(2.5)
    assert stm["respondents"].tolist() == [2, 2, 2, 2, 0, 0]
    weakest = maturity.weakest_statements(stm, n=2)
    assert weakest["statement"].tolist() == ["governance.4", "governance.1"]
    assert weakest["rank"].tolist() == [1, 2]


def test_targets_are_checked_and_a_default_fills_in(small):
    frame = answers([("Ada", "it", "governance.1", 3)])
    with pytest.raises(InputError) as err:
        maturity.assess(frame, small, {"governence": 3, "partnership": 7})
    found = err.value.problems
    assert "did you mean 'governance'" in found.loc[found["column"] == "targets.governence", "hint"].iloc[0]
    assert found.loc[found["column"] == "targets.partnership", "problem"].iloc[0] == "target must be a level from 1 to 5"
    a = maturity.assess(frame, small, {"governance": 4}, default_target=3).set_index("dimension")
    assert a.loc["governance", "target"] == 4 and a.loc["partnership", "target"] == 3


def test_no_answers_gives_empty_levels_and_no_themes(small):
    a = maturity.assess(answers([]).reindex(columns=["participant", "area", "statement", "score", "role"]), small)
    assert a["respondents"].tolist() == [0, 0] and a["level_mean"].isna().all()
    assert maturity.themes(a).empty and list(maturity.themes(a).columns) == list(maturity.THEME_COLUMNS)
    assert maturity.level_views(a)["view"].tolist() == []


# --- IT vs business -----------------------------------------------------------------------


def test_it_versus_business_gap(small):
    frame = answers([("Ida", "it", "partnership.1", 4), ("Ida", "it", "partnership.2", 5),
                     ("Ivo", "it", "partnership.1", 4), ("Ivo", "it", "partnership.2", 3),
                     ("Bea", "business", "partnership.1", 2), ("Bea", "business", "partnership.2", 2),
                     ("Ben", "business", "partnership.1", 3), ("Ben", "business", "partnership.2", 2),
                     ("Noa", "", "partnership.1", 5), ("Noa", "", "partnership.2", 5)])
    row = maturity.assess(frame, small).set_index("dimension").loc["partnership"]
    assert row["it_level"] == pytest.approx(4.0)  # (4.5 + 3.5) / 2
    assert row["business_level"] == pytest.approx(2.25)  # (2 + 2.5) / 2
    assert row["perception_gap"] == pytest.approx(1.75)
    assert row["respondents"] == 5 and row["level_mean"] == pytest.approx((4.5 + 3.5 + 2 + 2.5 + 5) / 5)
    views = maturity.level_views(maturity.assess(frame, small))
    assert views.query("dimension == 'partnership'")["view"].tolist() == ["Everyone", "IT", "Business"]


answer_sets = st.lists(
    st.tuples(st.sampled_from(["it", "business"]), st.lists(st.integers(1, 5), min_size=6, max_size=6)),
    min_size=1, max_size=7)


@settings(max_examples=40, deadline=None)
@given(answer_sets, st.randoms(use_true_random=False))
def test_properties_of_the_assessment(people, random):
    small = maturity.parse_instrument(tiny())
    ids = small.statement_ids
    rows = [(f"P{i}", role, s, v) for i, (role, scores) in enumerate(people) for s, v in zip(ids, scores, strict=True)]
    a = maturity.assess(answers(rows), small).set_index("dimension")
    assert ((a["low"] - 1e-9 <= a["level_mean"]) & (a["level_mean"] <= a["high"] + 1e-9)).all()
    assert ((a["low"] - 1e-9 <= a["level_median"]) & (a["level_median"] <= a["high"] + 1e-9)).all()
    assert a["perception_gap"].equals(a["it_level"] - a["business_level"])
    # the order of rows does not matter
    shuffled = answers(rows).sample(frac=1, random_state=random.randint(0, 2**31)).reset_index(drop=True)
    b = maturity.assess(shuffled, small).set_index("dimension")
    pd.testing.assert_frame_equal(a.drop(columns=["weakest", "weakest_text"]), b.drop(columns=["weakest", "weakest_text"]))
    # swapping the roles turns the perception gap round
    swapped = [(p, {"it": "business", "business": "it"}[r], s, v) for p, r, s, v in rows]
    c = maturity.assess(answers(swapped), small).set_index("dimension")
    both = a["perception_gap"].notna()
    assert np.allclose(c.loc[both, "perception_gap"], -a.loc[both, "perception_gap"])
    assert np.allclose(c["level_mean"], a["level_mean"])


# --- themes -------------------------------------------------------------------------------


def _assessment(rows: list[dict]) -> pd.DataFrame:
    base = {"respondents": 5, "target": np.nan, "level_mean": 3.0, "it_level": 3.0, "business_level": 3.0,
            "weakest_text": "", "theme": ""}
    out = pd.DataFrame([{**base, **r} for r in rows])
    out["gap"] = out["target"] - out["level_mean"]
    out["perception_gap"] = out["it_level"] - out["business_level"]
    return out


def test_themes_largest_gap_first_with_the_dimension():
    a = _assessment([
        {"dimension": "process", "name": "Process optimisation", "target": 3.5, "level_mean": 3.2},
        {"dimension": "portfolio", "name": "Project portfolio management", "target": 3.5, "level_mean": 1.9,
         "theme": "One portfolio of all demand.", "weakest_text": "Benefits are tracked."},
        {"dimension": "value_management", "name": "Value management", "target": 3.5, "level_mean": 2.3},
        {"dimension": "partnership", "name": "Business partnership", "target": 4, "level_mean": 3.0,
         "it_level": 3.8, "business_level": 2.5},
        {"dimension": "analytics", "name": "Business intelligence & analytics", "level_mean": 2.2},
        {"dimension": "governance", "name": "Governance", "target": 4, "level_mean": 2.8},
    ])
    t = maturity.themes(a)
    assert t["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert list(zip(t["dimension"], t["kind"], strict=True)) == [
        ("portfolio", "below target"), ("partnership", "perception gap"), ("value_management", "below target"),
        ("governance", "below target"), ("partnership", "below target"), ("analytics", "low level")]
    assert t["size"].tolist() == pytest.approx([1.6, 1.3, 1.2, 1.2, 1.0, 0.8])  # ties keep instrument order
    first = t.iloc[0]
    assert first["theme"] == "One portfolio of all demand."
    assert first["why"] == ("Project portfolio management stands at 1.9 against a target of 3.5: 1.6 levels short."
                            " Weakest: \u201cBenefits are tracked.\u201d")
    assert "IT rates Business partnership at 3.8, the business at 2.5" in t.iloc[1]["why"]
    assert "process" not in set(t["dimension"])  # 0.3 short: below min_gap
    assert maturity.themes(a, limit=2)["dimension"].tolist() == ["portfolio", "partnership"]
    assert maturity.themes(a, min_gap=1.5, min_perception_gap=2)["dimension"].tolist() == ["portfolio"]


def test_business_rating_it_higher_is_a_perception_gap_too():
    a = _assessment([{"dimension": "governance", "name": "Governance", "it_level": 2.0, "business_level": 3.5}])
    t = maturity.themes(a)
    assert t["kind"].tolist() == ["perception gap"] and "the business sees 1.5 levels more than IT" in t["why"][0]


# --- the demo tells its story ---------------------------------------------------------------


def test_demo_answers_tell_a_clear_story(demo):
    inst = maturity.instrument_for(demo)
    clean = maturity.check_answers(demo.maturity, inst)
    assert clean["participant"].nunique() == 12
    assert len(clean) == 12 * len(inst.statement_ids)  # everyone answered every statement
    roles = clean.drop_duplicates("participant").set_index("participant")["role"]
    assert set(roles[roles == "it"].index) >= {"Sofia Nieminen", "Marta Costa", "Tomas Berg"}
    scored = set(pd.read_csv(DEMO / "scores.csv")["participant"])
    assert scored <= set(roles.index)
    a = maturity.assess_workshop(demo).set_index("dimension")
    levels = a["level_mean"].sort_values()
    assert set(levels.index[:2]) == {"portfolio", "value_management"}  # two visibly weak areas
    assert levels.iloc[2] - levels.iloc[1] >= 0.5
    assert a["perception_gap"].idxmax() == "partnership" and a.loc["partnership", "perception_gap"] >= 0.8
    assert (a["perception_gap"].drop("partnership").abs() < 0.6).all()
    assert a["target"].notna().all()  # targets from workshop.yml
    t = maturity.suggested_themes(demo)
    assert t["dimension"].head(2).tolist() == ["portfolio", "value_management"]
    assert ("partnership", "perception gap") in set(zip(t["dimension"], t["kind"], strict=True))
    assert maturity.describe_answers(demo.maturity, inst).startswith("12 respondents (4 IT, 8 business)")


def test_suggested_themes_without_answers_is_empty(demo_copy):
    (demo_copy / "maturity.csv").unlink()
    ws = kit.load_workshop(demo_copy)
    t = maturity.suggested_themes(ws)
    assert t.empty and list(t.columns) == list(maturity.THEME_COLUMNS)
    assert "No maturity answers yet" in maturity.describe_answers(ws.maturity, maturity.instrument_for(ws))


def test_maturity_csv_scores_are_checked_on_load(demo_copy):
    path = demo_copy / "maturity.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("relationship.1,3,", "relationship.1,7,", 1),
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        kit.load_workshop(demo_copy)
    p = err.value.problems.iloc[0]
    assert (p["file"], p["column"], p["value"]) == ("maturity.csv", "score", "7")


def test_charts_build_on_the_demo_and_on_no_answers(demo, small):
    inst = maturity.instrument_for(demo)
    a = maturity.assess_workshop(demo, inst)
    views = maturity.level_views(a)
    stm = maturity.statement_levels(demo.maturity, inst, maturity.targets_for(demo))
    charts = [maturity_charts.level_dots(views), maturity_charts.perception_dumbbell(views),
              maturity_charts.spread_strip(maturity.respondent_levels(demo.maturity, inst)),
              maturity_charts.weakest_bars(maturity.weakest_statements(stm)), maturity_charts.gap_bars(a)]
    for chart in charts:
        assert chart.to_dict()["$schema"]
    empty = answers([]).reindex(columns=["participant", "area", "statement", "score", "role"])
    e = maturity.assess(empty, small)
    for chart in (maturity_charts.level_dots(maturity.level_views(e)), maturity_charts.gap_bars(e),
                  maturity_charts.spread_strip(maturity.respondent_levels(empty, small)),
                  maturity_charts.weakest_bars(maturity.weakest_statements(maturity.statement_levels(empty, small)))):
        chart.to_dict()


# --- answers into the store ----------------------------------------------------------------


def test_answers_saved_into_the_store_are_read_by_the_workshop(demo_copy, instrument):
    from kit import store

    (demo_copy / "maturity.csv").unlink()
    ws = kit.load_workshop(demo_copy)
    store.contribute(ws, "maturity", answers([("Ada", "it", "governance.1", 4), ("Ada", "it", "governance.2", 2)]),
                     app="maturity", instrument=instrument)
    store.contribute(ws, "maturity", answers([("Bo", "business", "governance.1", 1)]), app="maturity")
    loaded = kit.load_workshop(demo_copy)
    assert loaded.maturity[["participant", "statement", "score"]].values.tolist() == [
        ["Ada", "governance.1", 4], ["Ada", "governance.2", 2], ["Bo", "governance.1", 1]]
    assert loaded.maturity["at"].notna().all()  # every answer carries when it was given


def test_answers_outside_the_instrument_are_refused_and_nothing_is_stored(demo_copy, instrument):
    from kit import store

    ws = kit.load_workshop(demo_copy)
    with pytest.raises(InputError) as info:
        store.contribute(ws, "maturity", answers([("Ada", "it", "governance.1", 9), ("Ada", "it", "governance.99", 3)]),
                         app="maturity", instrument=instrument)
    problems = info.value.problems
    assert set(problems["file"]) == {"new maturity"}
    assert any("governance.99" in str(v) for v in problems["value"]) and "9" in set(problems["value"].astype(str))
    assert not (demo_copy / store.STORE_FILE).exists()


# --- the answering form -------------------------------------------------------------------


def test_form_driven_programmatically_saves_into_the_workshop(demo_copy, instrument):
    (demo_copy / "maturity.csv").unlink()
    form = answer_form(instrument, kit.load_workshop(demo_copy))
    assert len(form.toggles) == len(instrument.statement_ids)
    form.participant.value = "Ada Lind"
    form.role.value = "business"
    for i, toggle in enumerate(form.toggles.values()):
        toggle.value = 1 + i % 5
    assert "32 of 32" in form.progress.value
    assert "Managed" in form._chosen["relationship.3"].value and "onboarding routine" in form._chosen["relationship.3"].value
    form.submit.click()
    assert "32 answers saved" in form.status.value
    ws = kit.load_workshop(demo_copy)
    assert len(ws.maturity) == 32 and set(ws.maturity["role"]) == {"business"}
    assert ws.maturity["submitted"].str.match(r"\d{4}-\d\d-\d\dT").all()
    a = maturity.assess_workshop(ws, instrument)
    assert a["respondents"].tolist() == [1] * 7 and a["it_level"].isna().all()


def test_form_asks_for_name_and_role_before_saving(instrument):
    written = []
    form = AnswerForm(instrument, written.append)
    form.toggles["governance.1"].value = 2
    assert form.save() is None and not written
    assert "your name" in form.status.value and "IT or in the business" in form.status.value
    form.participant.value, form.role.value = "Ivo", "it"
    form.save()
    assert len(written) == 1


def test_form_hands_answers_to_the_writer_with_the_time(instrument):
    written: list[pd.DataFrame] = []
    clock = lambda: datetime(2027, 1, 12, 9, 30, tzinfo=UTC)  # noqa: E731
    form = AnswerForm(instrument, written.append, participant="Ivo", role="IT", now=clock)
    form.toggles["partnership.2"].value = 4
    form.toggles["governance.1"].value = 3
    form.submit.click()
    (frame,) = written
    assert frame.to_dict("records") == [
        {"participant": "Ivo", "area": "governance", "statement": "governance.1", "score": 3, "role": "it",
         "submitted": "2027-01-12T09:30:00+00:00"},
        {"participant": "Ivo", "area": "partnership", "statement": "partnership.2", "score": 4, "role": "it",
         "submitted": "2027-01-12T09:30:00+00:00"}]
    assert "30 statements left open" in form.status.value


def test_form_reports_a_failed_save(instrument):
    def refuse(_frame: pd.DataFrame) -> None:
        raise InputError.single("another submission is still being saved", hint="try again in a moment")

    form = AnswerForm(instrument, refuse, participant="Ivo", role="it")
    form.toggles["governance.1"].value = 3
    assert form.save() is None
    assert "Not saved: another submission is still being saved" in form.status.value


def test_form_shows_instrument_text_as_text():
    data = tiny()
    data["dimensions"][0]["statements"][0]["text"] = "<script>alert(1)</script>"
    form = AnswerForm(maturity.parse_instrument(data), lambda f: None)
    import ipywidgets

    markup = "".join(c.value for s in form.sections.children for c in s.children if isinstance(c, ipywidgets.HTML))
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert form.sections.titles == ("Governance", "Business partnership")


def test_answer_form_needs_a_workshop_or_a_writer(instrument):
    with pytest.raises(ValueError):
        answer_form(instrument)


def test_a_personal_link_fills_in_name_and_role(monkeypatch, demo):
    instrument = maturity.load_instrument()
    monkeypatch.setenv("QUERY_STRING", "participant=Nora+Quist&role=IT")
    form = answer_form(instrument, demo)
    assert (form.participant.value, form.role.value) == ("Nora Quist", "it")
    monkeypatch.setenv("QUERY_STRING", "role=boss")
    form = answer_form(instrument, demo, participant="Ivo")
    assert (form.participant.value, form.role.value) == ("Ivo", None)
