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

from kit import InputError, scoring
from tests.conftest import opp, tiny

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
    ws = tiny(tmp_path, [opp("A"), opp("B")], {"A": [(5, 5)]})
    with pytest.raises(InputError, match=r"B \(Idea B\) has no score on value, risk"):
        scoring.priority(ws)


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
