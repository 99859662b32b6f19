"""Betterment kit: workbooks and helpers for IT and business strategy co-creation.

>>> import kit
>>> ws = kit.load_workshop("datasets/demo")   # doctest: +SKIP
"""

from . import ahp, charts, display, finance, mapping, maturity, results, scenarios, scoring, triage, widgets_maturity
from .errors import InputError, KitError
from .workshop import Workshop, load_workshop

__version__ = "0.1.0"

__all__ = [
    "InputError",
    "KitError",
    "Workshop",
    "__version__",
    "ahp",
    "charts",
    "display",
    "finance",
    "load_workshop",
    "mapping",
    "maturity",
    "results",
    "scenarios",
    "scoring",
    "triage",
    "widgets_maturity",
]
