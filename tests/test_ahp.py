"""kit.ahp: pairwise weights, consistency, incomplete judgments and group AHP."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit import InputError, ahp

# Saaty (2008), "Decision making with the analytic hierarchy process", Int. J. Services
# Sciences 1(1), 83-98: relative consumption of drinks in the US.
DRINKS = [("coffee", "wine", 9), ("coffee", "tea", 5), ("coffee", "beer", 2), ("coffee", "soda", 1),
          ("coffee", "milk", 1), ("water", "coffee", 2), ("water", "wine", 9), ("water", "tea", 9),
          ("water", "beer", 3), ("water", "soda", 2), ("water", "milk", 3), ("tea", "wine", 3),
          ("beer", "wine", 9), ("beer", "tea", 3), ("beer", "milk", 1), ("soda", "wine", 9),
          ("soda", "tea", 4), ("soda", "beer", 2), ("soda", "milk", 2), ("milk", "wine", 9), ("milk", "tea", 3)]
DRINK_WEIGHTS = {"water": .327, "soda": .190, "coffee": .177, "milk": .129, "beer": .116, "tea": .042, "wine": .019}


def drinks() -> pd.DataFrame:
    return pd.DataFrame(DRINKS, columns=["a", "b", "ratio"])


def consistent_matrix(w: np.ndarray) -> np.ndarray:
    return w[:, None] / w[None, :]


def test_drinks_example_weights_and_consistency():
    """Saaty (2008) drinks example: water .327, soda .190, coffee .177, milk .129, beer .116,
    tea .042, wine .019; CR about 0.022."""
    r = ahp.weights(drinks())
    for item, w in DRINK_WEIGHTS.items():
        assert r.weights[item] == pytest.approx(w, abs=0.0015)
    assert r.weights.sum() == pytest.approx(1.0)
    assert r.consistency_ratio == pytest.approx(0.022, abs=0.001)
    assert r.is_consistent
    assert r.lambda_max == pytest.approx(7 + 6 * 1.32 * r.consistency_ratio)
    assert r.random_index == 1.32 and r.ri_table == "saaty" and r.missing == 0


def test_matrix_forms_agree_with_the_long_form():
    long = ahp.weights(drinks())
    m = long.matrix
    from_frame = ahp.weights(m)
    from_array = ahp.weights(m.to_numpy(), labels=list(m.columns))
    pd.testing.assert_series_equal(from_frame.weights, long.weights)
    assert np.allclose(from_array.weights.to_numpy(), long.weights.to_numpy())
    upper = m.to_numpy().copy()
    upper[np.tril_indices(7, -1)] = np.nan  # only the upper triangle typed in
    assert np.allclose(ahp.weights(upper, labels=list(m.columns)).weights, long.weights)


def test_saaty_random_index_table_is_the_default():
    """Saaty (1980) random indices for n = 3..10."""
    assert [ahp.random_index(n) for n in range(3, 11)] == [0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]
    assert ahp.random_index(2) == 0.0


def test_donegan_dodd_table_is_selectable():
    """Donegan & Dodd (1991) give smaller indices than Saaty, so the same matrix has a larger CR."""
    saaty = ahp.weights(drinks())
    dd = ahp.weights(drinks(), ri="donegan-dodd")
    assert dd.random_index == pytest.approx(1.2519)
    assert dd.consistency_ratio == pytest.approx(saaty.consistency_index / 1.2519)
    assert dd.consistency_ratio > saaty.consistency_ratio
    assert ahp.weights(drinks(), "donegan-dodd").consistency_ratio == dd.consistency_ratio
    assert "water weighs most (33%)" in saaty.summary()
    with pytest.raises(InputError, match="unknown random index table"):
        ahp.weights(drinks(), ri="alonso")
    with pytest.raises(InputError, match="no random index for 16 items"):
        ahp.random_index(16, "saaty")


def test_two_items_are_always_consistent():
    r = ahp.weights(pd.DataFrame({"a": ["x"], "b": ["y"], "ratio": [3.0]}))
    assert r.weights["x"] == pytest.approx(0.75)
    assert r.consistency_ratio == 0 and r.is_consistent


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0.05, max_value=20), min_size=3, max_size=9))
def test_a_consistent_matrix_has_cr_zero_and_recovers_its_weights(raw):
    w = np.asarray(raw) / np.sum(raw)
    labels = [f"i{k}" for k in range(len(w))]
    r = ahp.weights(consistent_matrix(w), labels=labels)
    assert r.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert np.allclose(r.weights.to_numpy(), w, rtol=1e-7)
    assert r.most_inconsistent.empty


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(min_value=0.1, max_value=10), min_size=4, max_size=7), st.data())
def test_a_consistent_incomplete_set_recovers_its_weights(raw, data):
    """Harker's method: any connected consistent subset of judgments gives the same weights."""
    w = np.asarray(raw) / np.sum(raw)
    n = len(w)
    m = consistent_matrix(w)
    # a spanning chain keeps the graph connected; drop some of the other pairs
    keep = {(k, k + 1) for k in range(n - 1)}
    others = [(i, j) for i in range(n) for j in range(i + 2, n)]
    keep |= set(data.draw(st.lists(st.sampled_from(others), unique=True)) if others else [])
    rows = [(f"i{i}", f"i{j}", m[i, j]) for i, j in sorted(keep)]
    r = ahp.weights(pd.DataFrame(rows, columns=["a", "b", "ratio"]), labels=[f"i{k}" for k in range(n)])
    assert np.allclose(r.weights.to_numpy(), w, rtol=1e-6)
    assert r.consistency_ratio == pytest.approx(0.0, abs=1e-7)
    assert r.missing == n * (n - 1) // 2 - len(keep)


def test_incomplete_hand_checked():
    """a is 2 × b and b is 3 × c; a-c not judged: weights 6:3:1, completed a/c = 6."""
    r = ahp.weights(pd.DataFrame({"a": ["a", "b"], "b": ["b", "c"], "ratio": [2.0, 3.0]}))
    assert np.allclose(r.weights.to_numpy(), [0.6, 0.3, 0.1])
    assert r.matrix.loc["a", "c"] == pytest.approx(6.0)
    assert r.missing == 1


def test_incomplete_drinks_stay_close_to_the_complete_answer():
    r = ahp.weights(drinks().drop(index=[0, 5, 12]))
    assert r.missing == 3
    assert (r.weights - pd.Series(DRINK_WEIGHTS)).abs().max() < 0.02
    # lambda_max is that of the matrix completed with w_i / w_j (Harker's matrix, same eigenvector)
    lam = max(np.linalg.eigvals(r.matrix.to_numpy()).real)
    assert r.lambda_max == pytest.approx(lam)


def test_disconnected_judgments_name_the_unconnected_items():
    j = pd.DataFrame({"a": ["a", "b", "d"], "b": ["b", "c", "e"], "ratio": [2, 3, 4]})
    with pytest.raises(InputError) as err:
        ahp.weights(j)
    assert "do not connect every item" in str(err.value)
    assert err.value.problems.loc[0, "value"] == "d, e"
    with pytest.raises(InputError, match="do not connect"):
        ahp.weights(j.iloc[:2], labels=["a", "b", "c", "lonely"])


def test_bad_inputs_are_input_errors():
    with pytest.raises(InputError, match="must be a positive number"):
        ahp.weights(pd.DataFrame({"a": ["x"], "b": ["y"], "ratio": [0]}))
    with pytest.raises(InputError, match="twice, differently"):
        ahp.weights(pd.DataFrame({"a": ["x", "y"], "b": ["y", "x"], "ratio": [3, 3]}))
    # the same judgment written both ways round is fine
    ahp.weights(pd.DataFrame({"a": ["x", "y", "x"], "b": ["y", "x", "z"], "ratio": [3, 1 / 3, 2]}))
    with pytest.raises(InputError, match="not reciprocal"):
        ahp.weights(pd.DataFrame([[1, 3], [3, 1]], index=["x", "y"], columns=["x", "y"]))
    with pytest.raises(InputError, match="same labels"):
        ahp.weights(pd.DataFrame([[1, 3], [1 / 3, 1]], index=["x", "y"], columns=["x", "z"]))
    with pytest.raises(InputError, match="several participants"):
        ahp.weights(pd.DataFrame({"participant": ["p", "q"], "a": ["x", "x"], "b": ["y", "y"], "ratio": [2, 3]}))


def test_most_inconsistent_finds_the_reversed_judgment_and_its_fix():
    """Four items with weights 8:4:2:1 and one judgment reversed (a vs c: 1/4 instead of 4)."""
    w = np.array([8.0, 4.0, 2.0, 1.0])
    m = consistent_matrix(w)
    m[0, 2], m[2, 0] = 1 / 4, 4
    r = ahp.weights(m, labels=list("abcd"))
    assert not r.is_consistent
    worst = r.most_inconsistent.iloc[0]
    assert (worst["a"], worst["b"]) == ("a", "c")
    assert worst["implied_ratio"] == pytest.approx(4.0)
    assert worst["suggested_ratio"] == 4
    assert worst["cr_if_revised"] == pytest.approx(0.0, abs=1e-9)
    assert worst["off_by_factor"] == pytest.approx(16.0)
    assert "c is moderately to strongly more important than a" == worst["said"]
    table = ahp.revisit_table(r)
    assert table.loc[0, "try"] == "4" and table.loc[0, "pair"] == "a vs c"


def test_nearest_saaty_and_words():
    assert ahp.nearest_saaty(2.6) == 3
    assert ahp.nearest_saaty(0.3) == pytest.approx(1 / 3)
    assert ahp.ratio_text(0.21) == "1/5" and ahp.ratio_text(7.4) == "7"
    assert ahp.ratio_words("sales", "tea", 1) == "sales is equally important as tea"


def group_frame() -> pd.DataFrame:
    rows = []
    for who, r_xy, r_yz, r_xz in (("p1", 2, 2, 4), ("p2", 8, 2, 16), ("p3", 2, 1 / 4, 9)):
        rows += [(who, "x", "y", r_xy), (who, "y", "z", r_yz), (who, "x", "z", r_xz)]
    return pd.DataFrame(rows, columns=["participant", "a", "b", "ratio"])


def test_group_weights_are_the_eigenvector_of_the_geometric_mean_matrix():
    """AIJ (Forman & Peniwati 1998): aggregate each judgment by its geometric mean first."""
    frame = group_frame()
    g = ahp.group_weights(frame)
    mean = frame.groupby(["a", "b"])["ratio"].apply(lambda r: float(np.exp(np.log(r).mean()))).reset_index()
    assert np.allclose(g.weights.to_numpy(), ahp.weights(mean).weights.reindex(g.weights.index).to_numpy())
    assert g.weights.sum() == pytest.approx(1.0)
    own = g.participants.pivot(index="participant", columns="item", values="weight")
    assert np.allclose(own.loc["p1", ["x", "y", "z"]], [4 / 7, 2 / 7, 1 / 7])


def test_group_flags_inconsistent_participants_with_what_to_revisit():
    g = ahp.group_weights(group_frame())
    c = g.consistency.set_index("participant")
    assert c.loc["p1", "consistency_ratio"] == pytest.approx(0.0, abs=1e-9)
    assert c.loc["p3", "flagged"] and not c.loc["p1", "flagged"]
    assert g.flagged == ["p3"]
    assert set(g.revisit["participant"]) == {"p3"}
    frame = g.frame()
    assert set(frame["who"]) == {"Group (geometric mean)", "p1", "p2", "p3"}
    assert frame.loc[frame["who"] == "p3", "flagged"].all()


def test_group_exclude_leaves_a_participant_out_of_the_group_only():
    g = ahp.group_weights(group_frame(), exclude=["p3"])
    two = ahp.group_weights(group_frame().query("participant != 'p3'"))
    assert np.allclose(g.weights, two.weights)
    assert "p3" in set(g.consistency["participant"]) and not g.consistency.set_index("participant").loc["p3", "included"]
    with pytest.raises(InputError, match="excluded participant made no judgments"):
        ahp.group_weights(group_frame(), exclude=["p9"])


def test_group_tolerates_a_participant_with_too_few_judgments():
    frame = pd.concat([group_frame(), pd.DataFrame([("p4", "x", "y", 3.0)], columns=group_frame().columns)])
    g = ahp.group_weights(frame)
    row = g.consistency.set_index("participant").loc["p4"]
    assert "do not connect" in row["note"] and np.isnan(row["consistency_ratio"])
    assert g.participants.query("participant == 'p4'")["weight"].isna().all()


def test_demo_goal_weights_flag_jonas_eklund(demo):
    """The demo story: productivity and customer satisfaction on top; Jonas Eklund CR about 0.42."""
    g = ahp.goal_weights(demo)
    assert list(g.weights.sort_values(ascending=False).index[:2]) == ["productivity", "customer_satisfaction"]
    assert g.flagged == ["Jonas Eklund"]
    cr = g.consistency.set_index("participant")["consistency_ratio"]
    assert cr["Jonas Eklund"] == pytest.approx(0.42, abs=0.01)
    assert (cr.drop("Jonas Eklund") < 0.1).all()
    assert g.group.is_consistent
    assert "Customer satisfaction gains" in " ".join(g.revisit["said"])  # judgments in goal names


def test_goal_weights_without_judgments_is_an_input_error(demo):
    import dataclasses

    empty = dataclasses.replace(demo, tables={**demo.tables, "pairwise": demo.pairwise.iloc[:0]})
    with pytest.raises(InputError, match="no pairwise judgments of goals"):
        ahp.goal_weights(empty)


def test_a_participants_latest_judgment_of_a_pair_counts_in_the_group():
    """The scoring app appends a new judgment when a participant changes their mind."""
    first = pd.DataFrame({"participant": ["Ada"] * 3, "a": ["x", "x", "y"], "b": ["y", "z", "z"],
                          "ratio": [3.0, 5.0, 2.0]})
    changed = pd.concat([first, pd.DataFrame({"participant": ["Ada"], "a": ["y"], "b": ["x"], "ratio": [4.0]})])
    group = ahp.group_weights(changed, ["x", "y", "z"])
    expected = ahp.weights(pd.DataFrame({"a": ["y", "x", "y"], "b": ["x", "z", "z"], "ratio": [4.0, 5.0, 2.0]}),
                           labels=["x", "y", "z"])
    assert np.allclose(group.weights.to_numpy(), expected.weights.to_numpy())
    # the same rule as for one person's matrix given directly stays strict
    with pytest.raises(InputError, match="twice, differently"):
        ahp.weights(changed.drop(columns="participant"))


def test_goal_weights_are_equal_and_say_so_when_nobody_compared_goals(demo_copy):
    import kit

    (demo_copy / "pairwise.csv").unlink()
    ws = kit.load_workshop(demo_copy)
    with pytest.raises(InputError, match="no pairwise judgments of goals"):
        ahp.goal_weights(ws)
    equal = ahp.goal_weights(ws, equal_if_none=True)
    assert np.allclose(equal.weights.to_numpy(), 0.2) and list(equal.weights.index) == ws.settings.goal_ids
    assert equal.consistency.empty and equal.revisit.empty and equal.flagged == []
    assert set(equal.frame()["label"]) == {"Equal weights (nobody compared the goals yet)"}
    from kit import scoring

    assert scoring.priority(ws, goal_weights=equal)["score"].tolist() == scoring.priority(ws)["score"].tolist()
