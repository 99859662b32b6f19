"""kit.scoring: frameworks (published vectors and hand-checked cases), group scores, agreement,
priority over a workshop and rank stability."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from kit import InputError, load_workshop, scoring
from tests.conftest import add_unscored, opp, tiny

# --- frameworks -----------------------------------------------------------------------------


def test_weighted_normalises_inverts_costs_and_explains():
    f = pd.DataFrame({"value": [8.0, 4.0, 6.0], "risk": [2.0, 6.0, 2.0]}, index=["A", "B", "C"])
    out = weighted(f)
    # value: A 1, B 0, C 0.5; risk (cost): A 1, B 0, C 1; weights 3:1
    assert out.loc["A", "score"] == pytest.approx(1.0)
    assert out.loc["C", "score"] == pytest.approx(0.75 * 0.5 + 0.25 * 1)
    assert out.loc["C", "value"] == pytest.approx(0.375) and out.loc["C", "risk"] == pytest.approx(0.25)
    assert np.allclose(out[["value", "risk"]].sum(axis=1), out["score"])
    assert out["rank"].tolist() == [1, 3, 2]


def weighted(f: pd.DataFrame, **kw: Any) -> pd.DataFrame:
    return scoring.weighted(f, {"value": 3, "risk": 1}, {"value": "benefit", "risk": "cost"}, **kw)


def test_weighted_with_bounds_is_absolute():
    f = pd.DataFrame({"value": [10.0, 1.0], "risk": [1.0, 10.0]}, index=["A", "B"])
    out = weighted(f, bounds={"value": (1, 10), "risk": (1, 10)})
    assert out["score"].tolist() == [1.0, 0.0]
    one = weighted(pd.DataFrame({"value": [5.5], "risk": [5.5]}), bounds={"value": (1, 10), "risk": (1, 10)})
    assert one["score"].iloc[0] == pytest.approx(0.5)
    with pytest.raises(InputError, match="bounds missing"):
        weighted(f, bounds={"value": (1, 10)})


def test_weighted_rejects_bad_specifications():
    f = pd.DataFrame({"value": [1.0, 2.0]})
    with pytest.raises(InputError, match="unknown direction"):
        scoring.weighted(f, [1], ["good"])
    with pytest.raises(InputError, match="2 weights for 1 criteria"):
        scoring.weighted(f, [1, 2], ["benefit"])
    with pytest.raises(InputError, match="missing or not a number"):
        scoring.weighted(pd.DataFrame({"value": [1.0, np.nan]}), [1], ["benefit"])


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, (6, 3), elements=st.floats(1, 10)), st.floats(0.1, 100), st.floats(-50, 50))
def test_scaling_all_scores_leaves_the_ranking_unchanged(values, factor, shift):
    frame = pd.DataFrame(values, columns=["a", "b", "c"])
    spec = ([2, 1, 1], ["benefit", "cost", "benefit"])
    before = scoring.weighted(frame, *spec)
    after = scoring.weighted(frame * factor + shift, *spec)
    assert np.allclose(before["score"], after["score"])
    closeness = scoring.topsis(frame, *spec)["closeness"]
    assert np.allclose(closeness, scoring.topsis(frame * factor, *spec)["closeness"])


def test_topsis_opricovic_tzeng_vector():
    """Opricovic & Tzeng (2004), "Compromise solution by MCDM methods: A comparative analysis of
    VIKOR and TOPSIS", EJOR 156(2): alternatives (1, 3000), (2, 3750), (5, 4500), criterion 1 a
    cost, 2 a benefit, weights .5/.5, min-max normalisation -> closeness 0.500, 0.617, 0.500."""
    m = pd.DataFrame({"c1": [1, 2, 5], "c2": [3000, 3750, 4500]}, index=["A1", "A2", "A3"])
    out = scoring.topsis(m, [0.5, 0.5], ["cost", "benefit"], normalization="minmax")
    assert out["closeness"].round(3).tolist() == [0.5, 0.617, 0.5]
    assert out.loc["A2", "rank"] == 1


def test_topsis_vector_normalisation_hand_checked():
    m = pd.DataFrame({"x": [3.0, 4.0], "y": [4.0, 3.0]}, index=["A", "B"])
    out = scoring.topsis(m, [1, 1], ["benefit", "benefit"])
    # each column divided by 5, weights 0.5: A (0.3, 0.4), B (0.4, 0.3); ideal (0.4, 0.4)
    assert out.loc["A", "d_best"] == pytest.approx(0.1)
    assert out.loc["A", "closeness"] == pytest.approx(0.5)
    with pytest.raises(InputError, match="unknown TOPSIS normalization"):
        scoring.topsis(m, [1, 1], ["benefit", "benefit"], normalization="max")


def test_rice_intercom_example():
    """Intercom's RICE: reach 500, impact 3 (massive), confidence 50 %, effort 1 -> 750."""
    assert scoring.rice(500, 3, 0.5, 1) == 750
    assert scoring.rice(500, 3, 50, 1) == 750  # a percentage reads the same
    s = scoring.rice(pd.Series([500, 200], index=["OPP-1", "OPP-2"]), 1, 0.8, pd.Series([2, 4], index=["OPP-1", "OPP-2"]))
    assert s.to_dict() == {"OPP-1": 200.0, "OPP-2": 40.0}


def test_zero_or_missing_denominators_name_the_opportunity():
    effort = pd.Series([2.0, 0.0, np.nan], index=["OPP-1", "OPP-2", "OPP-3"])
    with pytest.raises(InputError) as err:
        scoring.rice(100, 1, 1, effort)
    assert "OPP-2" in str(err.value) and "OPP-3" in str(err.value) and "OPP-1" not in str(err.value)
    with pytest.raises(InputError, match="job size is zero, negative or missing for OPP-9"):
        scoring.wsjf(5, 5, 5, pd.Series([0], index=["OPP-9"]))
    with pytest.raises(InputError, match="duration"):
        scoring.cd3(1000, 0)
    with pytest.raises(InputError, match="impact is negative"):
        scoring.rice(100, -1, 1, 1)


def test_ice_mean_and_product():
    assert scoring.ice(8, 6, 4) == 6.0
    assert scoring.ice(8, 6, 4, method="product") == 192.0
    with pytest.raises(InputError, match="unknown ICE method"):
        scoring.ice(1, 1, 1, method="sum")


def test_wsjf_and_cd3_hand_checked():
    """SAFe WSJF: (business value + time criticality + risk reduction) / job size."""
    assert scoring.wsjf(8, 5, 3, 4) == 4.0
    assert scoring.cd3(10_000, 4) == 2500.0
    out = scoring.wsjf(np.array([8, 2]), np.array([5, 2]), np.array([3, 2]), np.array([4, 2]))
    assert out.tolist() == [4.0, 3.0]


def test_rwg_against_uniform_variance():
    """James, Demaree & Wolf (1984): sigma^2_EU = (A^2 - 1) / 12; 8.25 on a 10-point scale."""
    assert scoring.rwg(0.0, 1, 10) == 1.0
    assert scoring.rwg(8.25, 1, 10) == pytest.approx(0.0)
    assert scoring.rwg(2.475, 1, 10) == pytest.approx(0.7)
    assert scoring.rwg(20.0, 1, 10) == 0.0  # clipped
    assert scoring.rwg(1 / 12, 0.0, 1.5) == pytest.approx(1 - (1 / 12) / (1.5 ** 2 / 12))
    assert list(scoring.agreement_level([0.9, 0.6, 0.2, np.nan])) == ["high", "medium", "low", "n/a"]


# --- the workshop view ----------------------------------------------------------------------


def test_group_scores_aggregate_and_rate_agreement(tmp_path):
    ws = tiny(tmp_path, [opp("A"), opp("B")], {"A": [(8, 2), (8, 2), (8, 2)], "B": [(1, 5), (10, 5), (1, 5)]})
    g = scoring.group_scores(ws).set_index(["opportunity_id", "criterion"])
    assert g.loc[("A", "value"), "mean"] == 8 and g.loc[("A", "value"), "agreement"] == "high"
    assert g.loc[("B", "value"), "median"] == 1 and g.loc[("B", "value"), "std"] == pytest.approx(np.sqrt(27))
    assert g.loc[("B", "value"), "agreement"] == "low"
    assert g.loc[("A", "risk"), "normalised"] == pytest.approx(1 - 1 / 9)  # cost: a low risk is good
    agenda = scoring.agenda(ws)
    assert agenda["opportunity_id"].tolist() == ["B"]
    assert "p1 (10)" in agenda.loc[0, "question"] and "p0 (1)" in agenda.loc[0, "question"]


def test_priority_weighted_hand_checked(tmp_path):
    """Equal goal weights (no pairwise), criteria weight 1 each, alignment weight 1:
    A: value 8 -> 7/9, risk 2 -> 8/9, alignment (3 + 0) / 2 = 1.5 -> 1.5/4."""
    ws = tiny(tmp_path, [opp("A"), opp("B", align=(0, 4))], {"A": [(8, 2)], "B": [(5, 5)]})
    p = scoring.priority(ws).set_index("opportunity_id")
    assert p.loc["A", "score"] == pytest.approx((7 / 9 + 8 / 9 + 1.5 / 4) / 3)
    assert p.loc["B", "strategic_alignment"] == pytest.approx(2.0)
    assert p.loc["A", "rank"] == 1 and p.loc["A", "score_scaled"] == p.loc["A", "score"]
    parts = scoring.breakdown(ws).query("opportunity_id == 'A'")
    assert parts["contribution"].sum() == pytest.approx(p.loc["A", "score"])
    no_align = scoring.priority(ws, alignment_weight=0).set_index("opportunity_id")
    assert no_align.loc["A", "score"] == pytest.approx((7 / 9 + 8 / 9) / 2)
    heavy = scoring.priority(ws, criteria_weights={"risk": 0}, alignment_weight=0).set_index("opportunity_id")
    assert heavy.loc["A", "score"] == pytest.approx(7 / 9)
    # only the ratio of criteria weights matters: AHP weights summing to 1 read like 3:1
    ahp_like = scoring.priority(ws, criteria_weights=pd.Series({"value": 0.75, "risk": 0.25})).set_index("opportunity_id")
    assert ahp_like.loc["A", "score"] == pytest.approx((1.5 * 7 / 9 + 0.5 * 8 / 9 + 1.5 / 4) / 3)
    with pytest.raises(InputError, match="unknown criterion"):
        scoring.priority(ws, criteria_weights={"valeu": 1})
    assert "goal" in p.loc["B", "weakest"] or "business value" in p.loc["B", "weakest"]


def test_priority_goal_weights_from_pairwise_or_given(tmp_path):
    pairs = [("p0", "g1", "g2", 3.0)]
    ws = tiny(tmp_path, [opp("A", align=(4, 0)), opp("B", align=(0, 4))], {"A": [(5, 5)], "B": [(5, 5)]},
              pairwise=pairs)
    assert scoring.resolve_goal_weights(ws).to_dict() == pytest.approx({"g1": 0.75, "g2": 0.25})
    p = scoring.priority(ws).set_index("opportunity_id")
    assert p.loc["A", "strategic_alignment"] == pytest.approx(3.0)
    flipped = scoring.priority(ws, goal_weights={"g2": 1}).set_index("opportunity_id")
    assert flipped.loc["B", "rank"] == 1
    with pytest.raises(InputError, match="unknown goal"):
        scoring.priority(ws, goal_weights={"g3": 1})


def test_priority_frameworks_on_the_demo(demo):
    for framework in scoring.FRAMEWORKS:
        p = scoring.priority(demo, framework)
        assert len(p) == 37 and p["rank"].min() == 1
        assert p["score"].iloc[0] == p["score"].max()
        assert p["score_scaled"].between(0, 1).all()
        assert {"opportunity_id", "title", "score", "rank", "weakest"} <= set(p.columns)
    weighted_top = scoring.priority(demo).head(5)["opportunity_id"].tolist()
    assert {"OPP-12", "OPP-13"} <= set(weighted_top)
    with pytest.raises(InputError, match="did you mean 'topsis'"):
        scoring.priority(demo, "topsys")


def test_rice_and_wsjf_read_the_workshop(tmp_path):
    ws = tiny(tmp_path, [opp("A", effort=2, tc=8, rr=4), opp("B", effort=4, tc=6, rr=2)],
              {"A": [(10, 2), (10, 2)], "B": [(4, 5), (8, 5)]})
    w = scoring.priority(ws, "wsjf").set_index("opportunity_id")
    assert w.loc["A", "score"] == pytest.approx((10 + 8 + 4) / 2)
    with pytest.raises(InputError, match="A: time_criticality is blank"):  # and no urgency criterion
        scoring.priority(tiny(tmp_path, [opp("A", tc=""), opp("B")], {"A": [(5, 5)], "B": [(5, 5)]}), "wsjf")
    with pytest.raises(InputError, match="B: risk_reduction is blank"):
        scoring.priority(tiny(tmp_path, [opp("A"), opp("B", rr="")], {"A": [(5, 5)], "B": [(5, 5)]}), "wsjf")
    r = scoring.priority(ws, "rice").set_index("opportunity_id")
    # A: reach 1.5 (equal goal weights), impact 3 (value 10 = top fifth), confidence 100 %, effort 2
    assert r.loc["A", "score"] == pytest.approx(1.5 * 3 * 1.0 / 2)
    # B: value 6 -> impact 1; agreement on value: var 8 -> r_wg 0.03 and on risk 1 -> mean 0.52: medium, 80 %
    assert r.loc["B", "score"] == pytest.approx(1.5 * 1 * 0.8 / 4)


def test_zero_effort_in_the_workshop_names_the_opportunity(tmp_path):
    ws = tiny(tmp_path, [opp("A"), opp("B", effort=0)], {"A": [(5, 5)], "B": [(5, 5)]})
    with pytest.raises(InputError, match="for B"):
        scoring.priority(ws, "rice")
    assert len(scoring.priority(ws)) == 2  # weighted does not divide by effort


def test_unscored_opportunities_are_named(tmp_path):
    """Issue 12: an opportunity nobody has scored is left out of the ranking and named, no longer
    an error; only a workshop in which no opportunity is scored on every criterion stops."""
    ws = tiny(tmp_path, [opp("A"), opp("B")], {"A": [(5, 5)]})
    assert scoring.priority(ws)["opportunity_id"].tolist() == ["A"]
    assert scoring.unscored(ws).set_index("opportunity_id").loc["B", "missing"] == "value, risk"
    none = tiny(tmp_path / "none", [opp("A"), opp("B")], {"A": [(5, 5)]})
    (none.path / "scores.csv").write_text("participant,opportunity_id,criterion,score\np0,A,value,5\n")
    with pytest.raises(InputError, match=r"B \(Idea B\) has no score on value, risk") as info:
        scoring.priority(load_workshop(none.path))
    assert "no opportunity is scored on every criterion yet" in str(info.value)
    assert "A (Idea A) has no score on risk" in str(info.value)


PARTIAL = "Ingrid Dahl,OPP-38,value,7,\nTomas Berg,OPP-38,fit,6,\nTomas Berg,OPP-38,urgency,5,\nTomas Berg,OPP-38,fit,8,\n"


def test_an_opportunity_nobody_scored_is_0_of_5(demo_copy):
    ws = load_workshop(add_unscored(demo_copy))
    left = scoring.unscored(ws)
    assert left.to_dict("records") == [{
        "opportunity_id": "OPP-38", "title": "Dock slot booking app", "scored_criteria": 0, "criteria": 5,
        "missing": "value, fit, urgency, feasibility, risk", "reason": "not yet scored (0 of 5 criteria)"}]
    assert scoring.unscored_sentence(left) == "1 opportunity not yet scored is left out: OPP-38 (0 of 5 criteria)."


def test_a_criterion_counts_as_scored_once_anyone_scored_it(demo_copy):
    """Three criteria, by two different people (one of them changing a score): 3 of 5; the
    last two by a single participant make it scored and ranked."""
    ws = load_workshop(add_unscored(demo_copy, PARTIAL))
    row = scoring.unscored(ws).set_index("opportunity_id").loc["OPP-38"]
    assert (row["scored_criteria"], row["criteria"], row["missing"]) == (3, 5, "feasibility, risk")
    assert row["reason"] == "not yet scored (3 of 5 criteria)"
    with open(demo_copy / "scores.csv", "a", encoding="utf-8") as f:
        f.write("Marta Costa,OPP-38,feasibility,8,\nMarta Costa,OPP-38,risk,2,\n")
    done = load_workshop(demo_copy)
    assert scoring.unscored(done).empty and scoring.unscored_sentence(scoring.unscored(done)) == ""
    ranked = scoring.priority(done)
    assert len(ranked) == 38 and "OPP-38" in set(ranked["opportunity_id"])


def test_unscored_opportunities_are_listed_in_workshop_order(demo_copy):
    scores = (demo_copy / "scores.csv").read_text().splitlines(keepends=True)
    kept = [line for line in scores if ",OPP-37,feasibility," not in line and ",OPP-37,risk," not in line]
    assert len(scores) - len(kept) == 14  # seven participants, two criteria
    (demo_copy / "scores.csv").write_text("".join(kept))
    ws = load_workshop(add_unscored(demo_copy))
    left = scoring.unscored(ws)
    assert left["opportunity_id"].tolist() == ["OPP-37", "OPP-38"]
    assert left["reason"].tolist() == ["not yet scored (3 of 5 criteria)", "not yet scored (0 of 5 criteria)"]
    assert scoring.unscored_sentence(left) == ("2 opportunities not yet scored are left out: OPP-37 (3 of 5 criteria), "
                                               "OPP-38 (0 of 5 criteria).")
    assert "OPP-37" not in set(scoring.priority(ws)["opportunity_id"])


@pytest.mark.parametrize("framework", ["weighted", "topsis", "rice", "wsjf"])
def test_the_ranking_leaves_the_unscored_out_and_the_rest_as_it_was(demo, demo_copy, framework):
    ws = load_workshop(add_unscored(demo_copy, PARTIAL))
    ranked = scoring.priority(ws, framework)
    assert "OPP-38" not in set(ranked["opportunity_id"]) and len(ranked) == 37
    pd.testing.assert_frame_equal(ranked, scoring.priority(demo, framework))
    if framework == "weighted":
        pd.testing.assert_frame_equal(scoring.group_scores(ws), scoring.group_scores(demo))
        pd.testing.assert_frame_equal(scoring.agenda(ws), scoring.agenda(demo))
        pd.testing.assert_frame_equal(scoring.breakdown(ws), scoring.breakdown(demo))
        pd.testing.assert_frame_equal(scoring.rank_stability(ws, n_resamples=200, seed=4),
                                      scoring.rank_stability(demo, n_resamples=200, seed=4))
        assert "OPP-38" not in set(scoring.participant_scores(ws)["opportunity_id"])


def test_the_fully_scored_demo_has_nothing_left_out(demo):
    left = scoring.unscored(demo)
    assert left.empty and list(left.columns) == ["opportunity_id", "title", "scored_criteria", "criteria", "missing",
                                                 "reason"]
    assert scoring.unscored_sentence(left) == ""


def test_rank_stability_is_reproducible_and_sane(demo):
    a = scoring.rank_stability(demo, top_k=5, n_resamples=300, seed=1)
    b = scoring.rank_stability(demo, top_k=5, n_resamples=300, seed=np.random.default_rng(1))
    pd.testing.assert_frame_equal(a, b)
    assert a["p_top_k"].between(0, 1).all()
    assert (a["rank_low"] <= a["rank_median"]).all() and (a["rank_median"] <= a["rank_high"]).all()
    assert a["rank"].tolist() == scoring.priority(demo)["rank"].tolist()
    s = a.set_index("opportunity_id")
    width = s["rank_high"] - s["rank_low"]
    # the contested opportunities swing far more than an agreed one
    assert width[["OPP-10", "OPP-05", "OPP-32"]].min() > 3 * width["OPP-12"]
    assert s.loc["OPP-12", "verdict"] == "in the top 5" and s.loc["OPP-09", "verdict"] == "outside the top 5"


def test_rank_stability_without_disagreement_is_certain(tmp_path):
    same = [(8, 2), (8, 2), (8, 2)]
    ws = tiny(tmp_path, [opp("A"), opp("B"), opp("C")], {"A": same, "B": [(5, 5)] * 3, "C": [(2, 8)] * 3})
    s = scoring.rank_stability(ws, top_k=1, n_resamples=50, seed=3)
    assert (s["rank_low"] == s["rank"]).all() and (s["rank_high"] == s["rank"]).all()
    assert s["p_top_k"].tolist() == [1.0, 0.0, 0.0]
    for framework in ("topsis", "rice", "wsjf"):
        scoring.rank_stability(ws, framework, n_resamples=20, seed=3)


def test_value_effort_quadrants(tmp_path):
    scored = pd.DataFrame({"opportunity_id": list("ABCD"), "title": list("ABCD"), "score": [0.9, 0.8, 0.2, 0.1]})
    ws = tiny(tmp_path, [opp("A", effort=1), opp("B", effort=9), opp("C", effort=1), opp("D", effort=9)],
              {k: [(5, 5)] for k in "ABCD"})
    q = scoring.value_effort(scored, ws).set_index("opportunity_id")["quadrant"]
    assert q.to_dict() == {"A": "quick wins", "B": "big bets", "C": "fillers", "D": "money pits"}


def test_demo_agenda_starts_with_the_contested(demo):
    """The demo's contested opportunities (TMS, instant quote, carbon reporting, chatbot) come first."""
    agenda = scoring.agenda(demo)
    assert set(agenda["opportunity_id"].head(4)) == {"OPP-10", "OPP-05", "OPP-32", "OPP-08"}
    assert (agenda["agreement"].head(4) == "low").all()
    strips = scoring.participant_scores(demo, top=4)
    assert strips["opportunity_id"].nunique() == 4 and len(strips) == 4 * 7 * 5


def test_a_spread_at_rounding_level_is_no_spread():
    """Found by hypothesis: 1.0000000000000002 against 1.0 ranked one alternative first."""
    frame = pd.DataFrame({"a": [1.0 + 2.2e-16, 1.0, 1.0], "b": [3.0, 1.0, 2.0]})
    out = scoring.weighted(frame, [1, 1], ["benefit", "benefit"])
    assert out["a"].tolist() == [0.25, 0.25, 0.25]  # normalised 0.5 × weight 0.5
    assert out["rank"].tolist() == [1, 3, 2]
