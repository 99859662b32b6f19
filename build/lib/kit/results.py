"""Named results recorded inside an executed notebook, and read back.

A workbook's last cells call :func:`record`; an analyst (or a test) calls :func:`read` on the
executed ``.ipynb`` to get them back as a dict. Results travel as a custom MIME type in the
cell output, so they survive papermill, nbconvert and version control, with no extra service.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["MIMETYPE", "bundle", "read", "record"]

#: The MIME type of a recorded result in a notebook output.
MIMETYPE = "application/vnd.betterment.result+json"


def _encode(value: Any) -> Any:
    if isinstance(value, pd.DataFrame):
        # an unnamed integer index is row positions; labels (set_index("goal")) are kept
        labelled = any(n is not None for n in value.index.names) or not pd.api.types.is_integer_dtype(value.index)
        return {"__frame__": json.loads(value.to_json(orient="table", index=labelled, date_format="iso"))}
    if isinstance(value, pd.Series):
        return {"__series__": {"name": value.name, "index": [_encode(i) for i in value.index],
                               "data": [_encode(v) for v in value.tolist()]}}
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "__frame__" in value:
            frame = pd.read_json(io.StringIO(json.dumps(value["__frame__"])), orient="table")
            return frame if "primaryKey" in value["__frame__"]["schema"] else frame.reset_index(drop=True)
        if "__series__" in value:
            s = value["__series__"]
            return pd.Series(s["data"], index=s["index"], name=s["name"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def bundle(name: str, value: Any) -> dict[str, Any]:
    """The MIME bundle that stores ``value`` under ``name`` (what :func:`record` displays)."""
    # The empty text/html keeps front-ends that do not know MIMETYPE (Voilà, JupyterLab)
    # from falling back to printing the payload.
    return {MIMETYPE: {"name": name, "value": _encode(value)}, "text/html": ""}


def record(name: str, value: Any) -> None:
    """Record ``value`` under ``name`` in the current notebook's output.

    Values may be numbers, strings, lists, dicts, Series or DataFrames. The output carries
    no visible text, so Voilà apps and reports show nothing for it; :func:`read` finds it.
    """
    from IPython.display import display

    display(bundle(name, value), raw=True, metadata={MIMETYPE: {"name": name}})


def read(notebook: str | Path) -> dict[str, Any]:
    """Read every result recorded in an executed notebook: ``{name: value}``.

    DataFrames and Series come back as such. A name recorded twice keeps its last value.
    """
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    found: dict[str, Any] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if MIMETYPE in data:
                payload = data[MIMETYPE]
                if isinstance(payload, str):
                    payload = json.loads(payload)
                found[payload["name"]] = _decode(payload["value"])
    return found
