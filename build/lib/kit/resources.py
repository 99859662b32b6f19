"""Where the kit's own files are: the workbooks, the apps and the templates.

In a repository checkout they are the top-level folders ``workbooks/`` and ``templates/``
(``pip install -e .``); in an installed wheel the same folders ride inside the package, as
``kit/workbooks/`` and ``kit/templates/`` (``pyproject.toml`` maps them there). Every part of
the kit asks this module, so neither layout is spelled out anywhere else.
"""

from __future__ import annotations

from pathlib import Path

from .errors import KitError

__all__ = ["TEMPLATES", "WORKBOOKS", "data_dir"]

_HERE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The kit's folder ``name`` (``"workbooks"`` or ``"templates"``).

    Looks inside the installed package first (a wheel), then beside it (a checkout).

    Raises
    ------
    KitError
        When neither exists: the installation is incomplete.
    """
    for candidate in (_HERE / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    raise KitError(f"the kit's {name}/ folder is missing (looked in {_HERE} and {_HERE.parent}); "
                   "reinstall the kit: pip install betterment-kit")


#: The numbered workbooks and, in ``apps/``, the workshop apps.
WORKBOOKS = data_dir("workbooks")

#: ``workshop.yml``, the maturity instrument and the Voilà configuration of a new workshop.
TEMPLATES = data_dir("templates")
