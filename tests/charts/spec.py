"""Read what an Altair chart draws, from ``chart.to_dict()``: its unit views (one per mark),
their encodings and the rows of data each one is drawn from.

With Altair 6 inline data is moved to the spec's top-level ``datasets`` dict, keyed by a
hash, and each (sub)chart refers to it with ``{"data": {"name": ...}}``; a layer or concat
child without its own ``data`` inherits its parent's. :func:`views` follows that and returns
one :class:`View` per mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import vl_convert

_CHANNELS_WITH_FIELDS = ("x", "x2", "y", "y2", "color", "fill", "stroke", "opacity", "size", "shape", "text",
                         "order", "detail", "facet", "row", "column", "tooltip", "href")
_COMPOSITE = ("layer", "hconcat", "vconcat", "concat")


@dataclass(frozen=True)
class View:
    """One mark of a chart, with the data it is drawn from."""

    path: str  #: where it sits, e.g. ``"layer[2]"`` or ``"hconcat[1]"``
    mark: str  #: the mark type: ``"bar"``, ``"rule"``, ``"rect"``...
    mark_props: dict[str, Any]  #: the mark's fixed properties (colour, strokeDash...)
    encoding: dict[str, Any]
    rows: list[dict[str, Any]]  #: the inline rows this mark is drawn from
    transforms: list[dict[str, Any]] = field(default_factory=list)  #: its own and inherited transforms

    def channel(self, name: str) -> dict[str, Any]:
        """The definition of one encoding channel (``{}`` if the channel is not used)."""
        return self.encoding.get(name, {})

    def field(self, name: str) -> str | None:
        """The field shown on ``name`` (e.g. ``"x"``), or None."""
        return self.channel(name).get("field")

    def type(self, name: str) -> str | None:
        """The type of ``name``: ``"quantitative"``, ``"nominal"``, ``"ordinal"``..."""
        return self.channel(name).get("type")

    def tooltip(self) -> dict[str, dict[str, Any]]:
        """Tooltip entries by field (aggregates such as ``count()`` by their ``aggregate``)."""
        entries = self.channel("tooltip")
        entries = entries if isinstance(entries, list) else [entries] if entries else []
        return {e.get("field", e.get("aggregate")): e for e in entries}

    def derived(self) -> set[str]:
        """Fields the view's transforms add (calculate, fold, bin, aggregate...)."""
        out: set[str] = set()
        for t in self.transforms:
            if "calculate" in t:
                out.add(t["as"])
            if "fold" in t:
                out.update(t.get("as", ["key", "value"]))
        return out

    def fields_used(self) -> set[str]:
        """Every data field the view reads: encodings, tooltips, sort fields, conditions."""
        used: set[str] = set()
        for name in _CHANNELS_WITH_FIELDS:
            defs = self.encoding.get(name)
            for d in defs if isinstance(defs, list) else [defs] if defs else []:
                if "field" in d:
                    used.add(d["field"])
                sort = d.get("sort")
                if isinstance(sort, dict) and "field" in sort:
                    used.add(sort["field"])
                cond = d.get("condition")
                if isinstance(cond, dict) and isinstance(cond.get("test"), str):
                    used.update(re.findall(r"datum\.(\w+)", cond["test"]))
        for t in self.transforms:
            if "calculate" in t:
                used.update(re.findall(r"datum\.(\w+)", t["calculate"]))
            if "fold" in t:
                used.update(t["fold"])
        return used

    def columns(self) -> set[str]:
        """The fields present in the rows."""
        return set().union(*(row.keys() for row in self.rows)) if self.rows else set()

    def values(self, name: str) -> list[Any]:
        """The values of one field, row by row."""
        return [row.get(name) for row in self.rows]


def to_spec(chart: Any) -> dict[str, Any]:
    """The chart's Vega-Lite spec (validated by Altair)."""
    return chart.to_dict() if not isinstance(chart, dict) else chart


def views(chart: Any) -> list[View]:
    """Every unit view (mark) of a chart, depth first, with its rows."""
    spec = to_spec(chart)
    datasets = spec.get("datasets", {})
    out: list[View] = []

    def walk(node: dict[str, Any], data: dict[str, Any] | None, transforms: list[dict[str, Any]], path: str) -> None:
        data = node.get("data", data)
        transforms = [*transforms, *node.get("transform", [])]
        for key in _COMPOSITE:
            if key in node:
                for i, child in enumerate(node[key]):
                    walk(child, data, transforms, f"{path}/{key}[{i}]".lstrip("/"))
                return
        if "spec" in node:  # facet or repeat operator
            walk(node["spec"], data, transforms, f"{path}/spec".lstrip("/"))
            return
        mark = node["mark"] if isinstance(node["mark"], dict) else {"type": node["mark"]}
        rows = rows_of(data, datasets)
        out.append(View(path, mark["type"], {k: v for k, v in mark.items() if k != "type"},
                        node.get("encoding", {}), rows, transforms))

    walk(spec, None, [], "")
    return out


def rows_of(data: dict[str, Any] | None, datasets: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The rows a ``data`` entry points to: a named dataset or inline ``values``."""
    if data is None:
        return []
    if "name" in data:
        return datasets[data["name"]]
    return list(data.get("values", []))


def rows(chart: Any, path: str = "") -> list[dict[str, Any]]:
    """The rows of the (sub)chart at ``path`` (``""``: the whole chart, which must have one dataset)."""
    matching = [v for v in views(chart) if v.path == path or v.path.startswith(f"{path}/") or not path]
    datasets = {id(v.rows): v.rows for v in matching}
    assert len(datasets) == 1, f"{len(datasets)} datasets under {path!r}"
    return next(iter(datasets.values()))


def marks(chart: Any) -> list[str]:
    """The mark type of each view, in drawing order."""
    return [v.mark for v in views(chart)]


def only(chart: Any, mark: str, **props: Any) -> View:
    """The single view with this mark (and these fixed mark properties)."""
    found = [v for v in views(chart) if v.mark == mark and all(v.mark_props.get(k) == p for k, p in props.items())]
    assert len(found) == 1, f"{len(found)} {mark} views with {props}: {[v.path for v in views(chart)]}"
    return found[0]


def missing_fields(chart: Any) -> dict[str, set[str]]:
    """Fields a view reads that neither its rows nor its transforms provide, by view path."""
    out = {}
    for v in views(chart):
        missing = v.fields_used() - v.columns() - v.derived()
        if missing:
            out[v.path or "(top)"] = missing
    return out


def svg(chart: Any) -> str:
    """The chart drawn by Vega (through vl-convert), as SVG text."""
    return vl_convert.vegalite_to_svg(to_spec(chart))
