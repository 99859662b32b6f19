"""Everything that draws widgets or talks to a browser: the forms and apps of a workshop.

==================  ===============================================================
``display``         headings, bullets and tables as HTML; input errors as a table
``forms``           what every form shares: writers, status lines, the page address
``scoring``         the participant scoring app (scores, goal comparisons, ideas proposed)
``live``            the facilitator's live board (with the round controls and the ideas)
``rounds``          rounds with hidden votes: the facilitator's controls, the participant's form
``polling``         what the apps that keep up by themselves share: the poll, the fingerprint
``maturity``        the maturity self-assessment form
``overrides``       the facilitator's override form (the decision log)
``ideas``           ideas captured in the room: the idea form (add / propose), the proposals
``executive``       budget slider and scenario switch (workbooks 04 and 05)
``sync``            the handshake: what a page missed while it loaded, sent again
==================  ===============================================================

Submodules are imported on first use, so ``kit.apps.display`` never loads ipywidgets.
"""

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING

__all__ = ["display", "executive", "forms", "ideas", "live", "maturity", "overrides", "polling", "rounds", "scoring", "sync"]

_SUBMODULES = frozenset(__all__)

if _TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from . import (
        display,
        executive,
        forms,
        ideas,
        live,
        maturity,
        overrides,
        polling,
        rounds,
        scoring,
        sync,
    )


def __getattr__(name: str) -> object:
    if name in _SUBMODULES:
        return _importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES)

