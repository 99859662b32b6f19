"""Workshop settings: ``workshop.yml`` read, checked and turned into a typed object."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, Problem
from .io import read_yaml

__all__ = [
    "CAPABILITY_AREAS",
    "DEFAULT_CRITERIA",
    "DEFAULT_GOALS",
    "LAYERS",
    "Criterion",
    "Goal",
    "Settings",
    "closest",
    "load_settings",
    "parse_settings",
]

#: The five capability areas where IT should focus: id -> display name.
CAPABILITY_AREAS: dict[str, str] = {
    "relationship": "Customer & vendor relationship management",
    "process": "Process optimisation",
    "portfolio": "Project portfolio management",
    "governance": "Governance",
    "analytics": "Business intelligence & analytics",
}

#: Value layers of the multi-layer ROI, in reporting order.
LAYERS: tuple[str, ...] = ("financial", "productivity", "customer", "growth")


@dataclass(frozen=True)
class Goal:
    """A business goal that opportunities serve (by default: one of five value rates)."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Criterion:
    """A scoring criterion: higher is better (``benefit``) or worse (``cost``)."""

    id: str
    name: str
    direction: str = "benefit"
    scale: tuple[float, float] = (1.0, 10.0)
    weight: float = 1.0


DEFAULT_GOALS: tuple[Goal, ...] = (
    Goal("productivity", "Productivity increase", "More output for the same effort."),
    Goal("new_products", "New product development", "New services and offers, sooner."),
    Goal("market_share", "Market share gains", "Win business from competitors."),
    Goal("customer_satisfaction", "Customer satisfaction gains", "Happier, loyal customers."),
    Goal("sales", "Sales gains", "More revenue from existing and new customers."),
)

DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion("value", "Business value", "benefit"),
    Criterion("fit", "Strategic fit", "benefit"),
    Criterion("urgency", "Urgency", "benefit"),
    Criterion("feasibility", "Feasibility", "benefit"),
    Criterion("risk", "Delivery risk", "cost"),
)

#: Keys of the ``triage`` section with their defaults (rules are data, see kit.triage).
TRIAGE_DEFAULTS: dict[str, Any] = {
    "score_threshold": 0.45,  # weighted score 0-1 below which the answer is NO
    "min_alignment": 1,  # an opportunity must reach this alignment (0-4) on some goal
    "mandatory_yes": True,  # mandatory opportunities (regulatory obligations) are YES
    "dependency_rule": True,  # needing an opportunity that is NO or NOT NOW makes it NOT NOW
    "budget_rule": True,  # fill the budget best score first; what no longer fits is NOT NOW
    "capacity_rule": True,  # fill each team's capacity best score first; what no longer fits is NOT NOW
    "capacity_quarters": 4,  # quarters of team capacity counted (4 = the first year)
    "contested_rwg": 0.5,  # agreement (r_wg, 0-1) below which a decision is marked contested
}

#: Keys of the ``rounds`` section (live facilitation, :mod:`kit.rounds`) with their defaults.
ROUNDS_DEFAULTS: dict[str, Any] = {
    # a re-vote takes the items whose agreement is below this level (high, medium) or r_wg (0-1)
    "revote_below": "medium",
}

#: Multipliers a scenario may set, each > 0 (1 = unchanged).
SCENARIO_KEYS: tuple[str, ...] = (*LAYERS, "cost", "adoption")

_TOP_KEYS = (
    "name",
    "organisation",
    "currency",
    "start",
    "horizon_years",
    "discount_rate",
    "budget",
    "capacity",
    "goals",
    "criteria",
    "triage",
    "rounds",
    "scenarios",
    "targets",
)


@dataclass(frozen=True)
class Settings:
    """Everything ``workshop.yml`` says, checked and with defaults filled in."""

    name: str
    organisation: str = ""
    currency: str = "EUR"
    start: str = "2027-Q1"
    horizon_years: int = 5
    discount_rate: float = 0.08
    budget: float | None = None
    capacity: dict[str, float] = field(default_factory=dict)
    goals: tuple[Goal, ...] = DEFAULT_GOALS
    criteria: tuple[Criterion, ...] = DEFAULT_CRITERIA
    triage: dict[str, Any] = field(default_factory=lambda: dict(TRIAGE_DEFAULTS))
    rounds: dict[str, Any] = field(default_factory=lambda: dict(ROUNDS_DEFAULTS))
    scenarios: dict[str, dict[str, Any]] = field(default_factory=lambda: {"base": {"label": "Base case"}})
    targets: dict[str, float] = field(default_factory=dict)

    @property
    def goal_ids(self) -> list[str]:
        return [g.id for g in self.goals]

    @property
    def criterion_ids(self) -> list[str]:
        return [c.id for c in self.criteria]


def closest(word: str, options: list[str] | tuple[str, ...]) -> str | None:
    """The option most like ``word`` (for "did you mean" hints), or ``None``."""
    match = difflib.get_close_matches(str(word).lower(), [str(o).lower() for o in options], n=1, cutoff=0.5)
    if not match:
        return None
    lowered = [str(o).lower() for o in options]
    return str(options[lowered.index(match[0])])


def did_you_mean(word: str, options: list[str] | tuple[str, ...]) -> str:
    """A hint naming the closest valid option and listing the valid ones (the first 12 of a
    long list, with the count)."""
    unique = list(dict.fromkeys(map(str, options)))
    best = closest(word, unique)
    listing = ", ".join(unique[:12]) + (f", ... ({len(unique)} in all)" if len(unique) > 12 else "")
    return (f"did you mean '{best}'? " if best else "") + f"valid: {listing}"


def load_settings(path: str | Path) -> Settings:
    """Read and check ``workshop.yml``.

    Raises
    ------
    InputError
        Listing every problem found (unknown keys with the closest valid key, wrong types,
        out-of-range values), each with the line number in the file where known.
    """
    path = Path(path)
    if not path.exists():
        raise InputError.single(
            "file not found",
            file=path.name,
            hint=f"every workshop folder needs a workshop.yml; create one with `kit new {path.parent}`",
        )
    data, lines = read_yaml(path, hint="check indentation and that every 'key: value' has a space after the colon")
    return parse_settings(data, file=path.name, lines=lines)


def parse_settings(data: Any, *, file: str = "workshop.yml", lines: Mapping[str, int] | None = None) -> Settings:
    """Check a settings mapping (as loaded from YAML) and build :class:`Settings`."""
    checker = _Checker(file, lines or {})
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise InputError.single("must be a mapping of 'key: value' lines", file=file)
    for key in data:
        if key not in _TOP_KEYS:
            checker.add(str(key), "unknown setting", key, did_you_mean(str(key), _TOP_KEYS))
    kwargs: dict[str, Any] = {}
    kwargs["name"] = checker.text(data, "name", required=True)
    kwargs["organisation"] = checker.text(data, "organisation")
    currency = checker.text(data, "currency") or "EUR"
    if not re.fullmatch(r"[A-Z]{3}", currency):
        checker.add("currency", "must be a three-letter ISO 4217 code", currency, "e.g. EUR, USD, GBP")
    kwargs["currency"] = currency
    start = checker.text(data, "start") or "2027-Q1"
    if not re.fullmatch(r"\d{4}-Q[1-4]", start):
        checker.add("start", "must be a year and quarter", start, "write it like 2027-Q1")
    kwargs["start"] = start
    kwargs["horizon_years"] = int(checker.number(data, "horizon_years", 5, low=1, high=30, integer=True))
    kwargs["discount_rate"] = checker.number(
        data, "discount_rate", 0.08, low=0, high=1, hint="a yearly rate as a fraction: 8% is 0.08"
    )
    budget = data.get("budget")
    kwargs["budget"] = None if budget is None else checker.number(data, "budget", None, low=0)
    kwargs["capacity"] = checker.number_map(data, "capacity", low=0)
    kwargs["goals"] = checker.goals(data.get("goals"))
    kwargs["criteria"] = checker.criteria(data.get("criteria"))
    kwargs["triage"] = checker.triage(data.get("triage"))
    kwargs["rounds"] = checker.rounds(data.get("rounds"))
    kwargs["scenarios"] = checker.scenarios(data.get("scenarios"))
    kwargs["targets"] = checker.number_map(data, "targets", low=1, high=5)
    checker.raise_if_any()
    return Settings(**kwargs)


class _Checker:
    def __init__(self, file: str, lines: Mapping[str, int]):
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, key: str, problem: str, value: Any = "", hint: str = "") -> None:
        self.problems.append(
            Problem(problem, file=self.file, row=self.lines.get(key), column=key, value=value, hint=hint)
        )

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems)

    def text(self, data: Mapping[str, Any], key: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None or str(value).strip() == "":
            if required:
                self.add(key, "is required", "", f"add a line '{key}: ...'")
            return ""
        return str(value).strip()

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        default: float | None,
        *,
        low: float | None = None,
        high: float | None = None,
        integer: bool = False,
        hint: str = "",
        path: str | None = None,
    ) -> Any:
        path = path or key
        value = data.get(key, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            parsed = _number_from_text(value)
            if parsed is None:
                self.add(path, "must be a number", value, hint)
                return default
            value = parsed
        if integer and float(value) != int(value):
            self.add(path, "must be a whole number", value, hint)
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
            self.add(path, f"must be {span}", value, hint)
        return value

    def number_map(self, data: Mapping[str, Any], key: str, **limits: Any) -> dict[str, float]:
        value = data.get(key)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.add(key, "must be a mapping of 'name: number' lines", value)
            return {}
        return {str(k): self.number(value, k, None, path=f"{key}.{k}", **limits) for k in value}

    def _items(self, value: Any, key: str) -> list[Mapping[str, Any]]:
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self.add(key, "must be a list of entries like '- {id: ..., name: ...}'", "")
            return []
        ids = [str(v.get("id", "")) for v in value]
        for i, item in enumerate(value):
            if not str(item.get("id", "")).strip():
                self.add(f"{key}.{i}", "entry has no id", "", "give every entry an 'id'")
            elif ids.count(ids[i]) > 1 and ids.index(ids[i]) < i:
                self.add(f"{key}.{i}", "duplicate id", ids[i], "ids must be unique")
        return value

    def goals(self, value: Any) -> tuple[Goal, ...]:
        if value is None:
            return DEFAULT_GOALS
        goals = []
        for i, item in enumerate(self._items(value, "goals")):
            self._unknown_keys(item, ("id", "name", "description"), f"goals.{i}")
            gid = str(item.get("id", "")).strip()
            goals.append(Goal(gid, str(item.get("name") or gid), str(item.get("description") or "")))
        return tuple(goals)

    def criteria(self, value: Any) -> tuple[Criterion, ...]:
        if value is None:
            return DEFAULT_CRITERIA
        out = []
        for i, item in enumerate(self._items(value, "criteria")):
            where = f"criteria.{i}"
            self._unknown_keys(item, ("id", "name", "direction", "scale", "weight"), where)
            cid = str(item.get("id", "")).strip()
            direction = str(item.get("direction", "benefit")).strip().lower()
            if direction not in ("benefit", "cost"):
                self.add(f"{where}.direction", "must be 'benefit' or 'cost'", direction,
                         "benefit: higher is better; cost: higher is worse")
            scale = item.get("scale", [1, 10])
            if not (isinstance(scale, list) and len(scale) == 2
                    and all(isinstance(s, (int, float)) for s in scale) and scale[0] < scale[1]):
                self.add(f"{where}.scale", "must be [lowest, highest] with lowest < highest", scale,
                         "e.g. scale: [1, 10]")
                scale = [1, 10]
            weight = self.number(item, "weight", 1.0, low=0, path=f"{where}.weight")
            out.append(Criterion(cid, str(item.get("name") or cid), direction,
                                 (float(scale[0]), float(scale[1])), float(weight)))
        return tuple(out)

    def triage(self, value: Any) -> dict[str, Any]:
        rules = dict(TRIAGE_DEFAULTS)
        if value is None:
            return rules
        if not isinstance(value, Mapping):
            self.add("triage", "must be a mapping of rule settings", value)
            return rules
        self._unknown_keys(value, tuple(TRIAGE_DEFAULTS), "triage")
        rules["score_threshold"] = self.number(value, "score_threshold", 0.45, low=0, high=1,
                                               path="triage.score_threshold")
        rules["min_alignment"] = self.number(value, "min_alignment", 1, low=0, high=4,
                                             path="triage.min_alignment")
        for key in ("mandatory_yes", "dependency_rule", "budget_rule", "capacity_rule"):
            if key in value:
                if isinstance(value[key], bool):
                    rules[key] = value[key]
                else:
                    self.add(f"triage.{key}", "must be true or false", value[key], "write true or false")
        rules["capacity_quarters"] = int(self.number(value, "capacity_quarters", 4, low=1, high=40, integer=True,
                                                     path="triage.capacity_quarters"))
        rules["contested_rwg"] = self.number(value, "contested_rwg", 0.5, low=0, high=1,
                                             path="triage.contested_rwg")
        return rules

    def rounds(self, value: Any) -> dict[str, Any]:
        out = dict(ROUNDS_DEFAULTS)
        if value is None:
            return out
        if not isinstance(value, Mapping):
            self.add("rounds", "must be a mapping of round settings", value, "e.g. rounds: {revote_below: medium}")
            return out
        self._unknown_keys(value, tuple(ROUNDS_DEFAULTS), "rounds")
        if "revote_below" in value:
            below = value["revote_below"]
            if isinstance(below, str) and below.strip().lower() in ("high", "medium"):
                out["revote_below"] = below.strip().lower()
            else:
                out["revote_below"] = self.number(value, "revote_below", ROUNDS_DEFAULTS["revote_below"], low=0,
                                                  high=1, path="rounds.revote_below",
                                                  hint="an agreement level (high or medium) or an r_wg from 0 to 1")
        return out

    def scenarios(self, value: Any) -> dict[str, dict[str, Any]]:
        if value is None:
            return {"base": {"label": "Base case"}}
        if not isinstance(value, Mapping):
            self.add("scenarios", "must be a mapping: scenario name -> multipliers", value)
            return {"base": {"label": "Base case"}}
        out: dict[str, dict[str, Any]] = {}
        for name, spec in value.items():
            spec = spec or {}
            where = f"scenarios.{name}"
            if not isinstance(spec, Mapping):
                self.add(where, "must be a mapping of multipliers", spec)
                continue
            self._unknown_keys(spec, ("label", *SCENARIO_KEYS), where)
            entry: dict[str, Any] = {"label": str(spec.get("label") or name)}
            for key in SCENARIO_KEYS:
                if key in spec:
                    entry[key] = self.number(spec, key, 1.0, low=0, path=f"{where}.{key}",
                                             hint="a multiplier: 1 is unchanged, 0.8 is 20% less")
            out[str(name)] = entry
        return out

    def _unknown_keys(self, item: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for key in item:
            if key not in allowed:
                self.add(f"{where}.{key}", "unknown setting", key, did_you_mean(str(key), allowed))


def _number_from_text(value: Any) -> float | None:
    text = str(value).strip().replace("_", "").replace(" ", "")
    try:
        if text.endswith("%"):
            return float(text[:-1]) / 100
        return float(text)
    except ValueError:
        return None
