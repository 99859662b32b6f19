"""Betterment kit: workbooks and helpers for IT and business strategy co-creation.

>>> import kit
>>> ws = kit.load_workshop("datasets/demo")   # doctest: +SKIP
"""

import sys as _sys

# jsonschema (imported by Altair) imports rfc3987_syntax when it is installed, only to check
# "iri" string formats, which no Vega-Lite spec uses; building its grammar takes about 1 s,
# more than half of `import kit`, in every kernel of every workbook. Marking it unavailable
# before jsonschema loads makes jsonschema skip that one format check (it expects the
# ImportError). Nothing changes where jsonschema is already loaded.
if "jsonschema" not in _sys.modules:
    _sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from . import (
    ahp,
    charts,
    display,
    finance,
    mapping,
    maturity,
    portfolio,
    results,
    roadmap,
    scenarios,
    scoring,
    summary,
    triage,
    widgets,
    widgets_maturity,
)
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
    "portfolio",
    "results",
    "roadmap",
    "scenarios",
    "scoring",
    "summary",
    "triage",
    "widgets",
    "widgets_maturity",
]
