"""Reading YAML files (``workshop.yml``, the maturity instrument) with the line of every key.

:func:`read_yaml` returns the data and the line number of each key by dotted path, so a
problem found later can point at the line the user has to fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError

__all__ = ["read_yaml"]


def read_yaml(path: Path, *, hint: str) -> tuple[Any, dict[str, int]]:
    """Read a YAML file and the line number of every key (by dotted path, for messages).

    Raises
    ------
    InputError
        When the file is not valid YAML, with the line of the error and ``hint``.
    """
    text = path.read_text(encoding="utf-8-sig")
    try:
        return yaml.safe_load(text), _key_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError.single(f"is not valid YAML: {getattr(exc, 'problem', exc)}", file=path.name,
                                row=mark.line + 1 if mark else None, hint=hint) from None


def _key_lines(text: str) -> dict[str, int]:
    """Line numbers (1-based) of keys, by dotted path, for error messages."""
    found: dict[str, int] = {}

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                path = f"{prefix}{key.value}"
                found[path] = key.start_mark.line + 1
                walk(value, path + ".")
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                found[f"{prefix}{i}"] = item.start_mark.line + 1
                walk(item, f"{prefix}{i}.")

    root = yaml.compose(text)
    if root is not None:
        walk(root, "")
    return found
