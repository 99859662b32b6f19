"""``kit new``: a workshop folder from the templates, with an intake workbook people can fill in."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from kit.errors import InputError
from kit.new import new_workshop
from kit.resources import TEMPLATES
from kit.settings import CAPABILITY_AREAS, LAYERS, load_settings


@pytest.fixture(scope="module")
def created(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return new_workshop(tmp_path_factory.mktemp("new") / "ws", name="Autumn workshop")


def _validations(sheet) -> dict[str, object]:
    """Data validations by the header of the column they cover."""
    headers = {c.column_letter: c.value for c in sheet[1]}
    found = {}
    for dv in sheet.data_validations.dataValidation:
        for cells in dv.sqref.ranges:
            letter = cells.coord.split(":")[0].rstrip("0123456789")
            assert cells.coord == f"{letter}2:{letter}500"
            found[headers[letter]] = dv
    return found


def test_creates_commented_workshop_yml_and_intake(created: Path):
    assert sorted(p.name for p in created.iterdir()) == ["intake.xlsx", "workshop.yml"]
    text = (created / "workshop.yml").read_text(encoding="utf-8")
    assert text.count("#") >= 5  # the comments of the template are kept
    assert "name: Autumn workshop" in text
    settings = load_settings(created / "workshop.yml")
    assert settings.name == "Autumn workshop"
    assert text.replace("name: Autumn workshop", "name: New strategy workshop", 1) == \
        (TEMPLATES / "workshop.yml").read_text(encoding="utf-8")


def test_intake_has_one_sheet_per_table_and_a_hidden_list_sheet(created: Path):
    book = load_workbook(created / "intake.xlsx")
    assert book.sheetnames == ["opportunities", "estimates", "lists"]
    assert book["lists"].sheet_state == "hidden"
    assert [c.value for c in book["lists"]["A"]][1:] == list(CAPABILITY_AREAS.values())
    opp = [c.value for c in book["opportunities"][1]]
    assert opp[:7] == ["id", "title", "capability_area", "goals", "cost_low", "cost_high", "effort_months"]
    assert "align_productivity" in opp and "mandatory" in opp
    assert [c.value for c in book["estimates"][1]][:5] == ["opportunity_id", "layer", "driver", "low", "high"]
    assert book["opportunities"].freeze_panes == "A2"


def test_every_header_has_a_note(created: Path):
    book = load_workbook(created / "intake.xlsx")
    for name in ("opportunities", "estimates"):
        for cell in book[name][1]:
            assert cell.comment is not None, cell.value
            assert cell.comment.text.startswith(("Required. ", "Optional. "))
    notes = {c.value: c.comment.text for c in book["opportunities"][1]}
    assert notes["id"].startswith("Required.") and notes["sponsor"].startswith("Optional.")
    assert "90% interval" in notes["cost_low"]


def test_drop_down_lists_and_number_checks(created: Path):
    book = load_workbook(created / "intake.xlsx")
    opp = _validations(book["opportunities"])
    assert opp["capability_area"].type == "list" and opp["capability_area"].formula1 == "=lists!$A$2:$A$6"
    assert opp["mandatory"].type == "list" and "lists!" in opp["mandatory"].formula1
    assert opp["align_sales"].type == "list"
    assert opp["cost_low"].type == "decimal" and opp["cost_low"].formula1 == "0"
    assert not opp["capability_area"].allow_blank and opp["mandatory"].allow_blank
    est = _validations(book["estimates"])
    cells = est["layer"].formula1.removeprefix("=lists!").replace("$", "")  # e.g. B2:B5
    assert [row[0].value for row in book["lists"][cells]] == list(LAYERS)
    assert est["distribution"].type == "list" and est["start_year"].type == "decimal"
    assert "driver" not in est  # free text


def test_refuses_a_non_empty_folder(tmp_path: Path):
    (tmp_path / "opportunities.csv").write_text("id\nA\n", encoding="utf-8")
    with pytest.raises(InputError, match="not empty"):
        new_workshop(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["opportunities.csv"]
    assert (tmp_path / "opportunities.csv").read_text(encoding="utf-8") == "id\nA\n"


def test_an_existing_empty_folder_is_fine(tmp_path: Path):
    assert new_workshop(tmp_path) == tmp_path
    assert load_settings(tmp_path / "workshop.yml").name == "New strategy workshop"


@pytest.mark.parametrize("name", ["Q3: pricing", "#1 workshop", "yes", "Café \"big\" day"])
def test_any_name_reads_back_as_typed(tmp_path: Path, name: str):
    new_workshop(tmp_path / "ws", name=name)
    assert load_settings(tmp_path / "ws" / "workshop.yml").name == name


def test_copy_workbooks_copies_every_workbook_and_app(tmp_path: Path):
    from kit.new import copy_workbooks
    from kit.resources import WORKBOOKS

    copied = copy_workbooks(tmp_path / "wb")
    names = [p.relative_to(tmp_path / "wb").as_posix() for p in copied]
    assert names[0] == "00_maturity.ipynb" and "05_executive_summary.ipynb" in names
    assert {"apps/scoring.ipynb", "apps/live.ipynb"} <= set(names)
    assert (tmp_path / "wb" / "02_prioritise.ipynb").read_bytes() == (WORKBOOKS / "02_prioritise.ipynb").read_bytes()


def test_copy_workbooks_points_the_copies_at_a_workshop(tmp_path: Path, demo_copy: Path):
    import nbformat
    import papermill as pm

    from kit.new import copy_workbooks

    copy_workbooks(tmp_path / "wb", demo_copy)
    for path, expected in ((tmp_path / "wb" / "03_value_scenarios.ipynb", "../demo"),
                           (tmp_path / "wb" / "apps" / "scoring.ipynb", "../../demo")):
        assert pm.inspect_notebook(str(path))["workshop"]["default"] == f'"{expected}"'
        assert (path.parent / expected / "workshop.yml").is_file()
        nb = nbformat.read(str(path), as_version=4)
        assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_copy_workbooks_never_overwrites(tmp_path: Path):
    from kit.new import copy_workbooks

    (tmp_path / "wb").mkdir()
    (tmp_path / "wb" / "02_prioritise.ipynb").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="already there"):
        copy_workbooks(tmp_path / "wb")
    assert [p.name for p in (tmp_path / "wb").iterdir()] == ["02_prioritise.ipynb"]
    with pytest.raises(InputError, match="no workshop.yml"):
        copy_workbooks(tmp_path / "other", tmp_path)
