"""Opportunity mapping on a tiny hand-made workshop whose every number is worked out by hand.

The workshop (horizon 3 years, the five default goals; only ``align_productivity`` is given)::

    id  area        goals                   align_productivity  cost     effort  run cost
    A   analytics   sales                   3                   100-300  4       10-30
    B   analytics   productivity;sales      1                   0-0      2       -
    C   process     (none)                  0                   40-60    6       -
    D   governance  customer_satisfaction   (blank)             200-200  1       5-5

Alignment (a listed goal is at least moderate, 2; a goal with no ``align_`` column counts a
listed goal as strong, 3)::

                 productivity  new_products  market_share  customer_sat.  sales
    A            3             0             0             0              3
    B            max(1, 2)=2   0             0             0              3
    C            0             0             0             0              0
    D            0             0             0             3              0
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kit
from kit import mapping
from tests.conftest import write_workshop

OPPORTUNITIES = """\
id,title,capability_area,goals,cost_low,cost_high,effort_months,run_cost_low,run_cost_high,sponsor,business_unit,align_productivity
A,Alpha,BI,sales,100,300,4,10,30,Ann,Sales,3
B,Beta,analytics,productivity;sales,0,0,2,,,Ann,,1
C,Gamma,process,,40,60,6,,,Bo,Ops,0
D,Delta,governance,customer_satisfaction,200,200,1,5,5,Cy,Ops,
"""
ESTIMATES = """\
opportunity_id,layer,driver,low,high,unit_value,start_year,ramp_years,distribution
A,financial,Savings,100,300,1,1,0,normal
A,productivity,Hours,10,30,5,2,1,normal
B,customer,Calls,50,50,2,3,0,normal
D,growth,Margin,10,30,1,4,0,lognormal
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> kit.Workshop:
    return write_workshop(tmp_path_factory.mktemp("tiny"), "name: Tiny\nhorizon_years: 3\n",
                          opportunities=OPPORTUNITIES, estimates=ESTIMATES)


def test_alignment_matrix(tiny: kit.Workshop):
    m = mapping.alignment_matrix(tiny)
    assert len(m) == 4 * 5
    grid = m.pivot(index="opportunity_id", columns="goal", values="alignment")
    expected = {
        "productivity": [3, 2, 0, 0], "new_products": [0, 0, 0, 0], "market_share": [0, 0, 0, 0],
        "customer_satisfaction": [0, 0, 0, 3], "sales": [3, 3, 0, 0],
    }
    assert {g: grid[g].tolist() for g in expected} == expected
    assert m.set_index(["opportunity_id", "goal"]).loc[("B", "productivity"), "level"] == "moderate"
    assert set(m["area_name"]) >= {"Business intelligence & analytics", "Governance"}


def test_goal_coverage(tiny: kit.Workshop):
    """serving = alignment >= 2; strong = alignment >= 3; share = serving / 4 opportunities.
    Median serving over the goals [2, 0, 0, 1, 2] is 1: under-served below 0.5 (the zeros),
    crowded above 1.5 (the twos)."""
    cov = mapping.goal_coverage(tiny).set_index("goal")
    assert cov["serving"].to_dict() == {"productivity": 2, "new_products": 0, "market_share": 0,
                                        "customer_satisfaction": 1, "sales": 2}
    assert cov["strong"].to_dict() == {"productivity": 1, "new_products": 0, "market_share": 0,
                                       "customer_satisfaction": 1, "sales": 2}
    # mean alignment: productivity (3+2+0+0)/4, customer_satisfaction 3/4, sales (3+3)/4
    assert cov["mean_alignment"].tolist() == pytest.approx([1.25, 0, 0, 0.75, 1.5])
    assert cov["share"].tolist() == pytest.approx([0.5, 0, 0, 0.25, 0.5])
    assert cov["status"].to_dict() == {"productivity": "crowded", "new_products": "under-served",
                                       "market_share": "under-served", "customer_satisfaction": "balanced",
                                       "sales": "crowded"}
    assert cov.loc["new_products", "goal_name"] == "New product development"


def test_area_coverage(tiny: kit.Workshop):
    """Counts per area [relationship 0, process 1, portfolio 0, governance 1, analytics 2]:
    median 1, so 0 is under-served and 2 crowded. Cost mids: analytics 200 + 0, process 50,
    governance 200; effort: analytics 4 + 2."""
    cov = mapping.area_coverage(tiny).set_index("capability_area")
    assert cov["opportunities"].to_dict() == {"relationship": 0, "process": 1, "portfolio": 0,
                                              "governance": 1, "analytics": 2}
    assert cov["cost_mid"].to_dict() == {"relationship": 0, "process": 50, "portfolio": 0,
                                         "governance": 200, "analytics": 200}
    assert cov.loc["analytics", "effort_months"] == 6 and cov.loc["portfolio", "effort_months"] == 0
    assert cov.loc["analytics", "share"] == 0.5
    assert cov["status"].to_dict() == {"relationship": "under-served", "process": "balanced",
                                       "portfolio": "under-served", "governance": "balanced",
                                       "analytics": "crowded"}


def test_indicative_value(tiny: kit.Workshop):
    """Mid-points over a 3-year horizon, undiscounted; ramp factor per year y is
    clip((y - start_year + 1) / (ramp_years + 1), 0, 1).

    A: Savings mid (100+300)/2 * 1 = 200 a year from year 1, no ramp: 200 * 3 = 600.
       Hours mid (10+30)/2 * 5 = 100 a year from year 2, ramp 1 year: factors 0, 1/2, 1 -> 150.
       Benefit 750; live from year 1, so 3 years of run cost mid 20: value 750 - 60 = 690;
       cost mid 200, value per cost 3.45; yearly benefit 200 + 100 = 300.
    B: Calls 50 * 2 = 100 from year 3: factors 0, 0, 1 -> 100; no run cost; cost 0, so no
       value per cost.
    C: no estimate: value 0, yearly 0; cost mid 50: value per cost 0.
    D: Margin mid 20 from year 4, beyond the horizon: benefit 0, and no live year to pay the
       run cost 5 on: value 0; yearly benefit is still its steady level, 20.
    """
    v = mapping.indicative_value(tiny).set_index("opportunity_id")
    assert v["value_mid"].to_dict() == pytest.approx({"A": 690, "B": 100, "C": 0, "D": 0})
    assert v["cost_mid"].to_dict() == {"A": 200, "B": 0, "C": 50, "D": 200}
    assert v["yearly_benefit_mid"].to_dict() == pytest.approx({"A": 300, "B": 100, "C": 0, "D": 20})
    assert v.loc["A", "value_per_cost"] == pytest.approx(3.45)
    assert np.isnan(v.loc["B", "value_per_cost"]) and v.loc["C", "value_per_cost"] == 0
    assert v.loc["B", "goals"] == "productivity, sales" and v.loc["A", "sponsor"] == "Ann"
    assert v.loc["A", "effort_months"] == 4


def test_portfolio_summary(tiny: kit.Workshop):
    s = mapping.portfolio_summary(tiny)
    assert list(s.columns) == ["dimension", "category", "opportunities", "cost_mid", "effort_months"]
    by = {(r.dimension, r.category): (r.opportunities, r.cost_mid, r.effort_months) for r in s.itertuples()}
    assert by[("capability area", "Business intelligence & analytics")] == (2, 200, 6)
    assert by[("business unit", "(not given)")] == (1, 0, 2)  # B has no business unit
    assert by[("business unit", "Ops")] == (2, 250, 7)
    assert by[("sponsor", "Ann")] == (2, 200, 6)
    # goals count the opportunities serving them (alignment >= 2): sales A and B
    assert by[("goal", "Sales gains")] == (2, 200, 6)
    assert by[("goal", "Productivity increase")] == (2, 200, 6)
    assert ("goal", "New product development") not in by
    sponsors = s[s["dimension"] == "sponsor"]["category"].tolist()
    assert sponsors == ["Ann", "Bo", "Cy"]  # most ideas first, then by name


def test_gaps_in_words(tiny: kit.Workshop):
    lines = mapping.gaps(tiny)
    assert lines[:2] == [
        "Goal 'New product development' is under-served: only 0 of 4 opportunities serve it (0 strongly)."
        " Look for ideas that would move this rate.",
        "Goal 'Market share gains' is under-served: only 0 of 4 opportunities serve it (0 strongly)."
        " Look for ideas that would move this rate.",
    ]
    text = "\n".join(lines)
    assert "Capability area 'Customer & vendor relationship management' is thin: 0 of 4" in text
    assert "Capability area 'Business intelligence & analytics' is crowded: 2 of 4" in text
    assert "Goal 'Productivity increase' is crowded: 2 opportunities serve it." in text
    assert lines[-1] == ("1 opportunity serves no business goal: C (Gamma). Ask the sponsors which goal "
                         "they move, or expect a NO.")


def test_balanced_workshop_has_no_gaps(tmp_path: Path):
    """One idea per area, each strongly serving its own goal: nothing to report."""
    goals = ["productivity", "new_products", "market_share", "customer_satisfaction", "sales"]
    areas = ["CRM", "process", "PPM", "governance", "BI"]
    rows = [f"O{i},T{i},{a},{g},1,2,1" for i, (a, g) in enumerate(zip(areas, goals, strict=True))]
    (tmp_path / "workshop.yml").write_text("name: t\n", encoding="utf-8")
    (tmp_path / "opportunities.csv").write_text(
        "id,title,capability_area,goals,cost_low,cost_high,effort_months\n" + "\n".join(rows), encoding="utf-8")
    (tmp_path / "estimates.csv").write_text("opportunity_id,layer,driver,low,high\nO0,financial,x,1,2\n",
                                            encoding="utf-8")
    ws = kit.load_workshop(tmp_path)
    assert mapping.gaps(ws) == ["Every goal and capability area is served by a balanced number of opportunities."]
    m = mapping.alignment_matrix(ws)
    assert sorted(m.loc[m["alignment"] > 0, "alignment"]) == [3] * 5  # listed, no align_ column: strong
    assert pd.Series(mapping.goal_coverage(ws)["status"]).eq("balanced").all()
