"""Text that a spreadsheet could take for a formula: exported with an apostrophe in front, read
back without it, and never turned into an active formula by the importer's folding."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core import importing
from gonghui.core.exporting import excel_text, excel_unquote, formula_like, write_xlsx
from gonghui.core.models import Person
from gonghui.core.tables import Column, Table
from tests import factories
from tests.core.test_import import HEAD, commit, preview, row, xlsx

RISKY = ["=1+1", "@SUM(A1)", "＋1", " -2"]


def exported_names(client: Any) -> list[str]:
    """The 姓名 column of the person list export, as written."""
    response = client.post(reverse("core:person_list"))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [r[0] for r in book.active.iter_rows(min_row=2, values_only=True) if r[1]]


def people_named(world: Any, names: list[str]) -> None:
    for name in names:
        p = factories.person(world.hanbin_union, "占位")
        # Straight to the table: the person service trims names, the export must not rely on it.
        Person.objects.filter(pk=p.pk).update(name=name)


def test_exported_text_that_could_be_a_formula_starts_with_an_apostrophe(world, client):
    people_named(world, RISKY)
    client.force_login(world.city_admin)
    cells = exported_names(client)
    for name in RISKY:
        assert "'" + name in cells, (name, sorted(cells))
    assert "张伟" in cells  # ordinary text is left alone


def test_numbers_in_numeric_cells_are_not_quoted(tmp_path):
    class Numbers(Table):
        columns = [Column("差额", lambda o: o[0]), Column("说明", lambda o: o[1])]

    path = tmp_path / "n.xlsx"
    with path.open("wb") as fh:
        write_xlsx(fh, table=Numbers(), rows=[(-2, "-2"), (-3.5, "正常")], full=False, sheet="s")
    ws = openpyxl.load_workbook(path).active
    assert [ws.cell(row=r, column=1).value for r in (2, 3)] == [-2, -3.5]
    assert ws.cell(row=2, column=2).value == "'-2"  # the same characters as text are quoted


def test_reimporting_exported_text_gives_back_the_original(world, tmp_path):
    names = ["=1+1", "@SUM(A1)", "＋1", "＝1+1", "-2"]
    rows = [row(n, name=excel_text(name)) for n, name in enumerate(names, start=1)]
    assert all(r[0].startswith("'") for r in rows)
    report = commit(world, xlsx(tmp_path / "a.xlsx", [HEAD, *rows]))
    assert report.errors == [] and report.new == len(names)
    stored = set(Person.objects.filter(name__in=names).values_list("name", flat=True))
    assert stored == set(names)


def test_the_importer_keeps_formula_like_text_exactly_instead_of_folding_it(world, tmp_path):
    names = ["＝1+1", " =1+1", "\t@A1", "' =1+1"]
    rows = [row(n, name=name) for n, name in enumerate(names, start=1)]
    report = preview(world, xlsx(tmp_path / "a.xlsx", [HEAD, *rows]))
    assert [r["cells"][0] for r in report.preview] == ["＝1+1", " =1+1", "\t@A1", " =1+1"]
    assert "=1+1" not in [importing.cell_text(n) for n in names]


def test_ordinary_text_is_still_folded_and_trimmed():
    assert importing.cell_text(" 张伟 ") == "张伟"
    assert importing.cell_text("ＡＢＣ１２３") == "ABC123"
    assert importing.cell_text("'张伟") == "'张伟"  # an apostrophe we did not add stays


def test_a_csv_saved_from_an_export_holds_no_formula_and_reimports_the_text(world, tmp_path):
    names = ["=1+1", "@SUM(A1)", "＋1"]

    class Names(Table):
        columns = [Column("姓名", lambda name: name)]

    path = tmp_path / "export.xlsx"
    with path.open("wb") as fh:
        write_xlsx(fh, table=Names(), rows=names, full=False, sheet="s")
    exported = [r[0] for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]
    # As Excel's 另存为CSV does: the cell values as shown, one line per row.
    out = tmp_path / "saved.csv"
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEAD)
        for n, name in enumerate(exported[1:], start=1):
            writer.writerow([name, *row(n)[1:]])
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert not any(formula_like(cell) for line in csv.reader(fh) for cell in line)
    report = commit(world, out)
    assert report.errors == [] and report.new == len(names)
    assert set(Person.objects.filter(name__in=names).values_list("name", flat=True)) == set(names)


def test_the_error_report_quotes_formula_like_text(world, tmp_path):
    # openpyxl would store "=1+1" as a formula; "@SUM(A1)" it keeps as text.
    path = xlsx(tmp_path / "a.xlsx", [HEAD, row(1, name="@SUM(A1)", union="不存在的工会")])
    report = preview(world, path)
    dest = tmp_path / "report.xlsx"
    importing.error_report(path, path.name, report.errors, report.header_row, dest=dest)
    ws = openpyxl.load_workbook(dest).active
    assert ws.cell(row=2, column=1).value == "'@SUM(A1)"
    # The corrected report goes back in as the user's text.
    ws.cell(row=2, column=4).value = "汉滨区第一中学工会"
    fixed = tmp_path / "fixed.xlsx"
    ws.delete_cols(6)
    ws.parent.save(fixed)
    assert preview(world, fixed).preview[0]["cells"][0] == "@SUM(A1)"


@given(st.text(alphabet=st.sampled_from("'= +-@＝＋－＠\t\r\n\u3000a1张")))
def test_quoting_round_trips_and_never_leaves_a_formula(text):
    quoted = excel_text(text)
    assert excel_unquote(quoted) == text
    assert not formula_like(quoted)
    if formula_like(text):
        assert importing.cell_text(quoted) == text
