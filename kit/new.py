"""Create a new workshop folder from the templates."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from .errors import InputError
from .intake import write_intake
from .settings import load_settings

__all__ = ["TEMPLATES", "new_workshop"]

#: The repository's ``templates/`` folder.
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


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
                                hint="the kit's templates/ folder is missing: reinstall with `pip install -e .`")
    folder.mkdir(parents=True, exist_ok=True)
    text = template.read_text(encoding="utf-8")
    if name:
        text = text.replace("name: New strategy workshop", f"name: {_yaml_text(name)}", 1)
    (folder / "workshop.yml").write_text(text, encoding="utf-8")
    write_intake(folder / "intake.xlsx", load_settings(folder / "workshop.yml"))
    return folder


def _yaml_text(text: str) -> str:
    """``text`` as a YAML value: plain when it reads back the same, else quoted ("Q3: pricing")."""
    try:
        if yaml.safe_load(f"k: {text}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a double-quoted YAML scalar
