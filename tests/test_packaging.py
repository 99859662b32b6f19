"""The project's set-up files agree with each other."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml

import kit
from tests.conftest import ROOT


def _name(requirement: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)$", requirement)
    assert m, requirement
    return m.group(1).lower().replace("_", "-"), m.group(3).replace(" ", "")


def test_environment_yml_names_the_same_packages_and_ranges_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = dict(_name(d) for d in env["dependencies"] if isinstance(d, str) and d not in ("pip",))
    conda.pop("python")
    assert conda == wanted
    assert {"pip": ["-e ."]} in env["dependencies"]


def test_constraints_pin_every_runtime_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = {_name(line.split("==")[0])[0] for line in (ROOT / "constraints.txt").read_text().splitlines()
            if "==" in line}
    for requirement in project["dependencies"]:
        assert _name(requirement)[0] in pins, requirement


def test_public_api_is_pinned():
    # The widgets and display helpers live in kit.apps; kit.text is the one way to write a number;
    # kit.served names the workshop `kit serve` serves.
    assert sorted(kit.__all__) == sorted([
        "InputError", "KitError", "Workshop", "__version__", "ahp", "apps", "benefits", "charts", "exports", "finance",
        "ideas", "load_workshop", "mapping", "maturity", "portfolio", "results", "roadmap", "rounds", "scenarios", "scoring",
        "served", "summary", "text", "triage",
    ])
    for name in kit.__all__:
        assert hasattr(kit, name), name


def test_import_kit_is_quick_and_skips_the_iri_grammar():
    """`import kit` runs in every kernel of every workbook: it must not build the 1 s grammar
    of rfc3987_syntax, and Altair must still validate specs."""
    import subprocess
    import sys

    code = ("import sys, kit, altair as alt, pandas as pd; "
            "alt.Chart(pd.DataFrame({'x': [1]})).mark_point().encode(x='x:Q').to_dict(); "
            "print(sys.modules.get('rfc3987_syntax'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "None"


def test_submodules_load_on_first_use():
    """A workbook pays only for the steps it uses: valuing scenarios never loads the optimiser
    (scipy.optimize), the widgets (ipywidgets) or the contract library (pandera, on a cached
    workshop)."""
    import subprocess
    import sys

    code = ("import sys, kit; from kit import scenarios; kit.triage; "
            "print(sorted(m for m in ('scipy.optimize', 'ipywidgets', 'kit.portfolio', 'kit.apps') "
            "if m in sys.modules)); print(kit.portfolio.__name__, 'scipy.optimize' in sys.modules); "
            "print('portfolio' in dir(kit))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:3] == ["[]", "kit.portfolio True", "True"]
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        kit.nonsense  # noqa: B018


def test_the_wheel_lists_every_subpackage_and_ships_the_data_folders():
    """pyproject.toml names the packages one by one (and the folders of the top-level data
    folders mapped into the package that hold files): a new subpackage of kit/ must be added
    there, or the wheel would silently lack it."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kit").rglob("__init__.py")}
    data = {"kit." + ".".join(d.relative_to(ROOT).parts) for top in ("workbooks", "templates")
            for d in [ROOT / top, *(ROOT / top).rglob("*")] if d.is_dir() and any(f.is_file() for f in d.iterdir())}
    assert set(tool["packages"]) == on_disk | data  # each folder of package data named too
    assert tool["package-dir"] == {"kit.workbooks": "workbooks", "kit.templates": "templates"}


def test_every_workbook_parameter_is_visible_to_papermill():
    """`papermill --help-notebook` and batch runs see a parameter only if papermill can parse
    its annotation (it cannot parse `float | None`)."""
    import nbformat
    import papermill as pm

    for path in sorted((ROOT / "workbooks").glob("**/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        declared = {line.split(":")[0].split("=")[0].strip() for line in cell.source.splitlines()
                    if line.strip() and not line.lstrip().startswith("#")}
        assert declared == set(pm.inspect_notebook(str(path))), path.name


def test_workbooks_are_committed_thin_and_without_outputs():
    """House rules for every workbook and app: no outputs in git, one parameters cell, the kit
    imported in the first code cell, short cells (logic lives in kit/), results recorded last."""
    import nbformat

    for path in sorted((ROOT / "workbooks").glob("**/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), path.name
        assert sum("parameters" in c.metadata.get("tags", []) for c in code) == 1, path.name
        assert "import kit" in code[0].source, path.name
        body = [c for c in code if "parameters" not in c.metadata.get("tags", [])]
        assert max(len(c.source.splitlines()) for c in body[:-1]) <= 8, path.name
        assert "kit.results.record(" in body[-1].source, path.name
