"""The intake workbook: an ``.xlsx`` with one sheet per table, header notes and drop-downs.

Facilitators send it to sponsors before a workshop; the filled-in file is read back by
:func:`kit.load_workshop` as it is (the sheets are the tables).
"""

from __future__ import annotations

from pathlib import Path

from .schemas import Field, spec_for
from .settings import CAPABILITY_AREAS, LAYERS, Settings

__all__ = ["write_intake"]

_NOTES = {
    "id": "A short unique code, e.g. OPP-01.",
    "title": "A few words naming the opportunity.",
    "capability_area": "One of the five capability areas (drop-down).",
    "goals": "Goal ids this serves, separated by ';' (see workshop.yml).",
    "cost_low": "One-off cost: low end of a 90% interval (you are 90% sure the cost lies between low and high).",
    "cost_high": "One-off cost: high end of the 90% interval.",
    "effort_months": "Team effort in person-months.",
    "run_cost_low": "Yearly running cost, low end of a 90% interval.",
    "run_cost_high": "Yearly running cost, high end.",
    "depends_on": "Ids of opportunities that must be done first, separated by ';'.",
    "mandatory": "yes for legal or regulatory obligations.",
    "time_criticality": "1 (can wait) to 10 (value decays fast).",
    "risk_reduction": "1 (none) to 10 (removes a major risk).",
    "layer": "financial, productivity, customer or growth.",
    "driver": "What changes, e.g. 'Hours saved by dispatchers'.",
    "low": "Low end of a 90% interval per year, in units.",
    "high": "High end of a 90% interval per year, in units.",
    "unit_value": "Currency per unit (1 when the unit is money).",
    "distribution": "normal (default) or lognormal for skewed, always-positive quantities.",
    "start_year": "First year with benefit (1 = the first year).",
    "ramp_years": "Years to reach the full level (0 = at once).",
    "ratio": "How many times more important a is than b: 1 to 9, or 1/3, 1/5 ... for less.",
    "score": "The score on the criterion's scale.",
}


def write_intake(path: str | Path, settings: Settings, tables: tuple[str, ...] = ("opportunities", "estimates")) -> Path:
    """Write the intake workbook for ``settings`` (its goals give the alignment columns).

    Every header carries a note saying what to write; capability area, layer, distribution,
    yes/no and alignment columns get drop-down lists; numbers must be numbers.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    lists = book.create_sheet("lists")
    choices = {
        "area": list(CAPABILITY_AREAS.values()),
        "layer": list(LAYERS),
        "distribution": ["normal", "lognormal"],
        "yesno": ["yes", "no"],
        "alignment": ["0", "1", "2", "3", "4"],
    }
    ranges = {}
    for col, (key, values) in enumerate(choices.items(), start=1):
        letter = lists.cell(row=1, column=col).column_letter
        lists.cell(row=1, column=col, value=key).font = Font(bold=True)
        for i, v in enumerate(values, start=2):
            lists.cell(row=i, column=col, value=v)
        ranges[key] = f"lists!${letter}$2:${letter}${len(values) + 1}"
    lists.sheet_state = "hidden"
    for name in tables:
        spec = spec_for(name, settings)
        sheet = book.create_sheet(name, index=len(book.sheetnames) - 1)
        fields: list[Field] = [*spec.fields, *spec.extra]
        for col, f in enumerate(fields, start=1):
            cell = sheet.cell(row=1, column=col, value=f.name)
            cell.font = Font(bold=True, color="FFFFFF" if f.required else "000000")
            cell.fill = PatternFill("solid", fgColor="1F5F8B" if f.required else "D9E2EC")
            note = _NOTES.get(f.name) or (f"Alignment with goal '{f.name[6:]}': 0 none ... 4 extreme."
                                          if f.name.startswith("align_") else f.hint or f.name)
            cell.comment = Comment(("Required. " if f.required else "Optional. ") + note, "Betterment kit")
            sheet.column_dimensions[cell.column_letter].width = max(12, min(40, len(f.name) + 4))
            kind = "layer" if f.name == "layer" else "distribution" if f.name == "distribution" else f.kind
            letter = cell.column_letter
            if kind in ranges:
                dv = DataValidation(type="list", formula1=f"={ranges[kind]}", allow_blank=not f.required)
                dv.error, dv.errorTitle = f"Choose a value from the list for {f.name}.", "Not in the list"
                sheet.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}500")
            elif f.kind in ("number", "integer"):
                dv = DataValidation(type="decimal", operator="greaterThanOrEqual",
                                    formula1=str(f.low if f.low is not None else -1e15), allow_blank=True)
                dv.error, dv.errorTitle = f"{f.name} must be a number.", "Not a number"
                sheet.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}500")
        sheet.freeze_panes = "A2"
    out = Path(path)
    tmp = out.with_name(out.name + ".tmp")
    book.save(tmp)
    tmp.replace(out)
    return out

