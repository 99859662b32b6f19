"""Betterment kit: workbooks and helpers for IT and business strategy co-creation.

>>> import kit
>>> ws = kit.load_workshop("datasets/demo")   # doctest: +SKIP

Submodules (``kit.triage``, ``kit.portfolio``…) are imported on first use (PEP 562), so a
workbook pays only for the steps it runs: valuing scenarios never loads the optimiser, the
widgets or the maturity instrument.
"""

import importlib as _importlib
import sys as _sys
from typing import TYPE_CHECKING as _TYPE_CHECKING

# jsonschema (imported by Altair) imports rfc3987_syntax when it is installed, only to check
# "iri" string formats, which no Vega-Lite spec uses; building its grammar takes about 1 s,
# more than half of `import kit`, in every kernel of every workbook. Marking it unavailable
# before jsonschema loads makes jsonschema skip that one format check (it expects the
# ImportError). Nothing changes where jsonschema is already loaded.
if "jsonschema" not in _sys.modules:
    _sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from .errors import InputError, KitError
from .workshop import Workshop, load_workshop, served

__version__ = "0.1.0"

#: Submodules loaded on first attribute access.
_SUBMODULES = frozenset({
    "ahp", "apps", "benefits", "charts", "exports", "finance", "ideas", "mapping", "maturity", "portfolio", "results", "roadmap",
    "rounds", "scenarios", "scoring", "summary", "text", "triage",
})

if _TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from . import (
        ahp,
        apps,
        benefits,
        charts,
        exports,
        finance,
        ideas,
        mapping,
        maturity,
        portfolio,
        results,
        roadmap,
        rounds,
        scenarios,
        scoring,
        summary,
        text,
        triage,
    )


def __getattr__(name: str) -> object:
    if name in _SUBMODULES:
        return _importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES)


__all__ = [
    "InputError",
    "KitError",
    "Workshop",
    "__version__",
    "ahp",
    "apps",
    "benefits",
    "charts",
    "exports",
    "finance",
    "ideas",
    "load_workshop",
    "mapping",
    "maturity",
    "portfolio",
    "results",
    "roadmap",
    "rounds",
    "scenarios",
    "served",
    "scoring",
    "summary",
    "text",
    "triage",
]
