"""kit.finance: NPV, IRR and payback against published vectors and their defining properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.errors import InputError
from kit.finance import discount_factors, irr, npv, payback


def test_npv_matches_excel_help_example_with_a_leading_zero():
    """Microsoft Excel help, NPV function, example 1: =NPV(10%, -10000, 3000, 4200, 6800) = 1,188.44.

    Excel discounts its first value by one period, so the kit's equivalent puts a zero at t = 0.
    """
    assert npv(0.10, [0, -10000, 3000, 4200, 6800]) == pytest.approx(1188.44, abs=0.005)


def test_npv_matches_excel_help_investment_today():
    """Microsoft Excel help, NPV function, example 2 (rate 8%, investment 40,000 at the start):
    =NPV(8%, 8000, 9200, 10000, 12000, 14500) - 40000 = 1,922.06, and with a sixth-year loss of
    9,000: =NPV(8%, ..., -9000) - 40000 = -3,749.47.
    """
    flows = [-40000, 8000, 9200, 10000, 12000, 14500]
    assert npv(0.08, flows) == pytest.approx(1922.06, abs=0.005)
    assert npv(0.08, [*flows, -9000]) == pytest.approx(-3749.47, abs=0.005)


def test_excel_convention_is_one_period_of_discount():
    values = [-10000, 3000, 4200, 6800]
    assert npv(0.10, values) / 1.10 == pytest.approx(npv(0.10, [0, *values]))


def test_npv_is_vectorised_over_trials_and_axes():
    rng = np.random.default_rng(0)
    flows = rng.normal(size=(50, 6))
    row_by_row = np.array([npv(0.07, row) for row in flows])
    np.testing.assert_allclose(npv(0.07, flows), row_by_row)
    np.testing.assert_allclose(npv(0.07, flows.T, axis=0), row_by_row)
    assert isinstance(npv(0.07, flows[0]), float)


def test_discount_factors_start_at_one():
    np.testing.assert_allclose(discount_factors(0.25, 3), [1.0, 0.8, 0.64])
    with pytest.raises(InputError, match="above -100%"):
        discount_factors(-1.0, 3)


@pytest.mark.parametrize(("flows", "expected"), [
    ([-70000, 12000, 15000, 18000, 21000], -0.021),
    ([-70000, 12000, 15000, 18000, 21000, 26000], 0.087),
    ([-70000, 12000, 15000], -0.444),
])
def test_irr_matches_excel_help(flows, expected):
    """Microsoft Excel help, IRR function: a 70,000 investment returning 12,000 .. 26,000 has an
    IRR of -2.1% after four years, 8.7% after five and -44.4% after two (shown to 0.1%).
    """
    assert irr(flows) == pytest.approx(expected, abs=0.0005)


def test_irr_ignores_leading_and_trailing_zeros_and_is_vectorised():
    flows = [-70000, 12000, 15000, 18000, 21000, 26000]
    assert irr([0, *flows, 0]) == pytest.approx(irr(flows), abs=1e-12)
    many = np.array([flows, [-100, 110, 0, 0, 0, 0], [0, -100, 0, 121, 0, 0]], dtype=float)
    np.testing.assert_allclose(irr(many), [irr(flows), 0.10, 0.10], atol=1e-10)


def test_irr_without_a_sign_change_is_an_input_error():
    with pytest.raises(InputError, match="no sign change"):
        irr([100, 200, 300])
    with pytest.raises(InputError, match="no IRR between -100% and \\+100%"):
        irr([-1, 10])
    many = np.array([[-100, 110], [100, 100]], dtype=float)
    with pytest.raises(InputError, match="series 1 of 2"):
        irr(many)
    result = irr(many, errors="nan")
    assert result[0] == pytest.approx(0.10) and np.isnan(result[1])


@settings(max_examples=60, deadline=None)
@given(investment=st.floats(100, 1000), flows=st.lists(st.floats(1, 100), min_size=1, max_size=10))
def test_irr_is_a_root_of_npv(investment, flows):
    """A conventional project (one outflow, then inflows no larger than it) has one IRR in (-1, 1)."""
    series = [-investment, *flows]
    rate = irr(series)
    assert -1 < rate < 1
    assert npv(rate, series) == pytest.approx(0.0, abs=1e-6 * investment)


def test_payback_in_fractional_periods():
    assert payback([-1000, 300, 400, 500]) == pytest.approx(2.6)  # 2 years, then 300 of the 500
    assert payback([-1000, 500, 500, 500]) == pytest.approx(2.0)
    assert payback([0, 50]) == 0.0
    assert payback([-1000, 100, 100]) is None


def test_payback_is_vectorised_with_nan_for_never():
    flows = np.array([[-1000, 300, 400, 500], [-5, 1, 1, 1]], dtype=np.float32)
    result = payback(flows)
    assert result.dtype == np.float32
    assert result[0] == pytest.approx(2.6) and np.isnan(result[1])
    np.testing.assert_allclose(payback(flows.T, axis=0), result, equal_nan=True)


@settings(max_examples=60, deadline=None)
@given(flows=st.lists(st.floats(-1e4, 1e4), min_size=2, max_size=8))
def test_payback_is_when_the_cumulative_flow_turns_non_negative(flows):
    result = payback(flows)
    cumulative = np.cumsum(flows)
    if result is None:
        assert (cumulative < 0).all()
    else:
        whole = int(np.ceil(result - 1e-9))
        assert cumulative[whole] >= -1e-6 and (cumulative[:whole] < 0).all()
