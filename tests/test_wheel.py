"""The built wheel works on its own: a facilitator's laptop or a batch server has no checkout.

The wheel is built from this checkout and installed into a fresh virtual environment with
``--no-deps``; that environment reaches the dependencies through a ``.pth`` line naming the
test venv's site-packages (a plain path entry: the editable install's hooks there are not run,
and the wheel's own ``kit`` comes first on ``sys.path``). Every command then runs from an empty
folder outside the checkout, so nothing can come from the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import DEMO, ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel (its bin folder)."""
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(base / "dist"),
                    str(ROOT)], check=True, capture_output=True)
    (wheel,) = (base / "dist").glob("betterment_kit-*.whl")
    env = base / "venv"
    venv.create(env, with_pip=False)
    site = next((env / "lib").glob("python3*/site-packages"))
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(env / "bin" / "python"), "install", "--quiet",
                    "--no-deps", str(wheel)], check=True, capture_output=True)
    return env / "bin"


def _kit(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run([str(bin_dir / "kit"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)


def test_the_wheel_carries_the_workbooks_apps_and_templates(installed: Path, tmp_path: Path):
    code = ("import kit, kit.resources as r; print(kit.__file__); print(r.WORKBOOKS); print(r.TEMPLATES); "
            "print(sorted(p.relative_to(r.WORKBOOKS).as_posix() for p in r.WORKBOOKS.rglob('*.ipynb')))")
    out = subprocess.run([str(installed / "python"), "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    package = Path(out[0]).parent
    assert str(ROOT) not in out[0] and package.parent.name == "site-packages"
    assert Path(out[1]) == package / "workbooks" and Path(out[2]) == package / "templates"
    shipped = eval(out[3])  # a printed list of names
    assert shipped == sorted(p.relative_to(ROOT / "workbooks").as_posix() for p in (ROOT / "workbooks").rglob("*.ipynb"))
    assert (package / "templates" / "maturity.yml").is_file() and (package / "templates" / "workshop.yml").is_file()


def test_new_validate_workbooks_and_help_from_an_empty_folder(installed: Path, tmp_path: Path):
    new = _kit(installed, tmp_path, "new", "ws")
    assert new.returncode == 0, new.stderr
    assert sorted(p.name for p in (tmp_path / "ws").iterdir()) == ["intake.xlsx", "workshop.yml"]
    shutil.copytree(DEMO, tmp_path / "filled")
    validate = _kit(installed, tmp_path, "validate", "filled")
    assert validate.returncode == 0, validate.stderr
    assert validate.stdout.startswith("OK filled:")
    copied = _kit(installed, tmp_path, "workbooks", "wb", "--workshop", "filled")
    assert copied.returncode == 0, copied.stderr
    assert (tmp_path / "wb" / "apps" / "scoring.ipynb").is_file()
    helped = _kit(installed, tmp_path, "--help")
    assert helped.returncode == 0 and "validate" in helped.stdout and "workbooks" in helped.stdout
    module = subprocess.run([str(installed / "python"), "-m", "kit", "--version"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert module.returncode == 0 and module.stdout.startswith("kit ")


def test_run_executes_every_workbook_from_the_wheel(installed: Path, tmp_path: Path):
    shutil.copytree(DEMO, tmp_path / "demo")
    run = _kit(installed, tmp_path, "run", "demo", "--out", "out", "--quiet")
    assert run.returncode == 0, run.stderr
    executed = sorted(p.name for p in (tmp_path / "out").glob("*.ipynb"))
    assert executed[0] == "00_maturity.ipynb" and "05_executive_summary.ipynb" in executed
    assert (tmp_path / "out" / "report.html").stat().st_size > 100_000  # the charts' bundle rides inside
    assert (tmp_path / "out" / "results.xlsx").is_file()
