"""Create a new workshop folder from the templates."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import yaml

from .errors import InputError
from .intake import write_intake
from .resources import TEMPLATES
from .settings import load_settings

__all__ = ["copy_workbooks", "new_workshop"]


def new_workshop(path: str | Path, *, name: str | None = None) -> Path:
    """Create workshop folder ``path``: a commented ``workshop.yml`` and ``intake.xlsx``.

    Refuses to touch a folder that already has files in it.
    """
    folder = Path(path)
    if folder.exists() and any(folder.iterdir()):
        raise InputError.single("folder exists and is not empty", file=str(folder),
                                hint="choose a new folder name; nothing was changed")
    template = TEMPLATES / "workshop.yml"
    if not template.exists():
        raise InputError.single("template not found", file=str(template),
                                hint="the kit's templates/ folder is incomplete: reinstall the kit")
    folder.mkdir(parents=True, exist_ok=True)
    text = template.read_text(encoding="utf-8")
    if name:
        text = text.replace("name: New strategy workshop", f"name: {_yaml_text(name)}", 1)
    (folder / "workshop.yml").write_text(text, encoding="utf-8")
    write_intake(folder / "intake.xlsx", load_settings(folder / "workshop.yml"))
    return folder


def copy_workbooks(path: str | Path, workshop: str | Path | None = None) -> list[Path]:
    """Copy the kit's workbooks (and ``apps/``) into folder ``path``, to open in JupyterLab.

    The copies are the installed kit's own, without outputs. With ``workshop``, the
    ``workshop`` parameter of each copy points at that folder (as a path relative to the
    copy, so the folders can move together); without it, it keeps the demo's path. An
    existing workbook is never overwritten: nothing is copied when one is in the way.

    Returns
    -------
    list of Path
        The copied notebooks, numbered workbooks first.

    Raises
    ------
    InputError
        When ``path`` already holds a notebook of the same name, or ``workshop`` is not a
        workshop folder.
    """
    import nbformat

    from .resources import WORKBOOKS

    if workshop is not None and not (Path(workshop) / "workshop.yml").is_file():
        raise InputError.single("not a workshop folder (no workshop.yml)", file=str(workshop),
                                hint="create one with `kit new FOLDER`; nothing was copied")

    folder = Path(path)
    sources = sorted(WORKBOOKS.glob("*.ipynb")) + sorted(WORKBOOKS.glob("apps/*.ipynb"))
    targets = [folder / src.relative_to(WORKBOOKS) for src in sources]
    clashes = [t for t in targets if t.exists()]
    if clashes:
        raise InputError.single("workbooks are already there", file=str(clashes[0]),
                                value=f"{len(clashes)} of {len(targets)} notebooks",
                                hint="choose an empty folder, or move the existing workbooks away; nothing was copied")
    for src, target in zip(sources, targets, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        if workshop is None:
            shutil.copyfile(src, target)
            continue
        nb = nbformat.read(str(src), as_version=4)
        where = os.path.relpath(Path(workshop).resolve(), target.parent.resolve())
        for cell in nb.cells:
            if "parameters" in cell.get("metadata", {}).get("tags", []):
                cell.source = "\n".join(_point_at(line, where) for line in cell.source.splitlines())
        nbformat.write(nb, str(target))
    return targets


def _point_at(line: str, folder: str) -> str:
    """A parameters line with the ``workshop`` default replaced by ``folder``."""
    if not line.startswith("workshop:"):
        return line
    comment = line[line.index("#"):] if "#" in line else ""
    return f"workshop: str = {json.dumps(Path(folder).as_posix())}  {comment}".rstrip()


def _yaml_text(text: str) -> str:
    """``text`` as a YAML value: plain when it reads back the same, else quoted ("Q3: pricing")."""
    try:
        if yaml.safe_load(f"k: {text}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a double-quoted YAML scalar
