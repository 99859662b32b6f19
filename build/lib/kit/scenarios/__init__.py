"""Value scenarios: calibrated estimates, a Monte Carlo multi-layer value model, sensitivity
and the value of information.

The recipe of workbook 03, one module per step:

1. :mod:`~kit.scenarios.estimates` — every uncertain number becomes a *calibrated estimate*
   (:func:`calibrated`): a 90% interval low–high, as Hubbard teaches in *How to Measure Anything*;
2. :mod:`~kit.scenarios.inputs` — the estimates of a workshop as the model's inputs
   (:func:`model_inputs`) and a scenario's multipliers (:func:`scenario_multipliers`);
3. :mod:`~kit.scenarios.simulation` — :func:`simulate` draws them many times and turns each
   draw into discounted cash flows per opportunity and value layer, a net present value
   range; :func:`compare_scenarios` runs the same draws under the workshop's scenarios;
4. :mod:`~kit.scenarios.sensitivity` — :func:`tornado`: which estimate moves the NPV most;
5. :mod:`~kit.scenarios.information` — :func:`value_of_information`: which estimate is worth
   measuring before deciding, and up to what cost (EVPI / EVPPI).

:mod:`~kit.scenarios.calibration` — :func:`with_calibration` chooses the estimates drawn: as
the workshop gave them, or recalibrated by how earlier estimates landed (workbook 06).

All functions return long-form DataFrames for :mod:`kit.charts.scenarios`.
"""

from .calibration import CALIBRATIONS, with_calibration
from .estimates import DISTRIBUTIONS, calibrated
from .estimates import INTERVAL_WIDTH as INTERVAL_WIDTH
from .estimates import Z95 as Z95
from .information import (
    closest_call,
    evpi,
    evpi_by_opportunity,
    evppi,
    value_of_information,
    voi_sentences,
)
from .inputs import model_inputs, scenario_multipliers
from .sensitivity import tornado
from .simulation import CHUNK as CHUNK
from .simulation import Simulation, compare_scenarios, simulate

# INTERVAL_WIDTH, Z95 and CHUNK (imported as themselves) stay importable from here, and out of
# __all__, as they were before the split.
__all__ = [
    "CALIBRATIONS",
    "DISTRIBUTIONS",
    "Simulation",
    "calibrated",
    "closest_call",
    "compare_scenarios",
    "evpi",
    "evpi_by_opportunity",
    "evppi",
    "model_inputs",
    "scenario_multipliers",
    "simulate",
    "tornado",
    "value_of_information",
    "voi_sentences",
    "with_calibration",
]
