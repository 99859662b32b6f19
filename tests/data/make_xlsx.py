"""Write the committed .xlsx test inputs (run once: `python tests/data/make_xlsx.py`).

``good_xlsx/intake.xlsx`` is the intake template of ``kit.intake`` filled with the rows of
``good/*.csv`` (numbers stored as numbers, as a person typing in Excel would leave them); the
``bad/intake__*.xlsx`` files are damaged variants of it.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from kit.intake import write_intake
from kit.settings import load_settings

HERE = Path(__file__).resolve().parent
GOOD, GOOD_XLSX, BAD = HERE / "good", HERE / "good_xlsx", HERE / "bad"
TABLES = ("opportunities", "estimates")


def _value(text: str) -> object:
    try:
        number = float(text)
    except ValueError:
        return text or None
    return int(number) if number.is_integer() else number


def _rows(name: str) -> list[dict[str, str]]:
    with open(GOOD / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def filled_intake(path: Path, tables: tuple[str, ...] = TABLES) -> Path:
    """The intake template filled with the good rows of ``tables``."""
    write_intake(path, load_settings(GOOD / "workshop.yml"))
    book = load_workbook(path)
    for name in TABLES:
        if name not in tables:
            del book[name]
            continue
        sheet = book[name]
        headers = [c.value for c in sheet[1]]
        for r, row in enumerate(_rows(name), start=2):
            for c, header in enumerate(headers, start=1):
                sheet.cell(row=r, column=c, value=_value(row.get(header, "")))
    book.save(path)
    return path


def main() -> None:
    GOOD_XLSX.mkdir(exist_ok=True)
    shutil.copy(GOOD / "workshop.yml", GOOD_XLSX / "workshop.yml")
    good = filled_intake(GOOD_XLSX / "intake.xlsx")
    filled_intake(BAD / "intake__missing_sheet.xlsx", tables=("opportunities",))
    # A non-number typed in a sheet: reported at spreadsheet row 4 (the header is row 1).
    book = load_workbook(good)
    book["opportunities"]["F4"] = "sixty thousand"  # cost_high of OPP-3
    book.save(BAD / "intake__bad_cell.xlsx")
    # An opportunities sheet next to opportunities.csv: the table is given twice.
    filled_intake(BAD / "intake__duplicate_table.xlsx", tables=("opportunities",))
    # A CSV renamed to .xlsx, a truncated workbook, a zip that is no workbook, an .xls renamed.
    shutil.copy(GOOD / "opportunities.csv", BAD / "intake__really_csv.xlsx")
    data = good.read_bytes()
    (BAD / "intake__corrupt.xlsx").write_bytes(data[: len(data) // 2])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    (BAD / "intake__not_a_workbook.xlsx").write_bytes(buffer.getvalue())
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    (BAD / "intake__xls_renamed.xlsx").write_bytes(ole)
    (BAD / "opportunities__old_excel.xls").write_bytes(ole)


if __name__ == "__main__":
    main()
