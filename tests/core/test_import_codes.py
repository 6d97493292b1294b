"""民族, 政治面貌 and 学历 are imported through the national code lists (core.codes): names, usual
short forms and codes are stored as the standard name; anything else is an error of that cell."""

from __future__ import annotations

import io

import openpyxl
import pytest

from gonghui.core import importing
from gonghui.core.codes import EDUCATION, ETHNICITY, POLITICAL_STATUS
from gonghui.core.models import AuditLog, Person
from tests.core.test_import import HEAD, UNION, commit, messages, pid, preview, row, xlsx

CODED = [*HEAD, "民族", "政治面貌", "学历"]


def coded_row(n: int, ethnicity: str, political: str, education: str) -> list[str]:
    return [*row(n), ethnicity, political, education]


def test_short_forms_are_stored_as_the_standard_names(world, tmp_path):
    path = xlsx(tmp_path / "a.xlsx", [CODED, coded_row(1, "汉", "党员", "本科")])
    report = commit(world, path)
    assert report.committed and report.new == 1
    person = Person.objects.get(name="职工1")
    assert (person.ethnicity, person.political_status, person.education) == (
        "汉族",
        "中共党员",
        "大学本科",
    )


def test_codes_and_full_names_are_taken_too(world, tmp_path):
    path = xlsx(
        tmp_path / "a.xlsx",
        [CODED, coded_row(1, "01", "13", "21"), coded_row(2, "回族", "共青团员", "大学专科")],
    )
    assert commit(world, path).committed
    stored = dict(Person.objects.values_list("name", "ethnicity"))
    assert stored["职工1"] == "汉族" and stored["职工2"] == "回族"
    assert Person.objects.get(name="职工1").political_status == "群众"


def test_an_unknown_ethnicity_is_an_error_of_its_cell_and_nothing_is_written(world, tmp_path):
    before = Person.objects.count(), AuditLog.objects.count()
    path = xlsx(
        tmp_path / "a.xlsx",
        [CODED, coded_row(1, "汉", "党员", "本科"), coded_row(2, "火星族", "党员", "本科")],
    )
    report = commit(world, path)
    assert not report.committed
    assert messages(report) == [f"3|民族|{ETHNICITY.error('火星族')}"]
    assert report.errors[0].col == CODED.index("民族")
    assert (Person.objects.count(), AuditLog.objects.count()) == before


def test_a_blank_code_cell_keeps_the_stored_value(world, tmp_path):
    commit(world, xlsx(tmp_path / "a.xlsx", [CODED, coded_row(1, "汉", "党员", "本科")]))
    report = commit(world, xlsx(tmp_path / "b.xlsx", [CODED, coded_row(1, "", "", "")]))
    assert report.committed and report.unchanged == 1
    assert Person.objects.get(name="职工1").ethnicity == "汉族"


def test_the_template_offers_the_code_lists_as_dropdowns(world):
    importer = importing.get_importer("persons")
    book = openpyxl.load_workbook(io.BytesIO(importing.template(importer)))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    lists = book[importing.templates.CODES_SHEET]
    assert lists.sheet_state == "hidden"
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        if "!" not in validation.formula1:
            continue  # an inline 是/否 list (see the test below)
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        ref = validation.formula1.split("!")[1].replace("$", "")
        values = [c.value for r in lists[ref] for c in r]
        found[headers[openpyxl.utils.column_index_from_string(column) - 1]] = values
    assert found == {
        "民族": ETHNICITY.names,
        "政治面貌": POLITICAL_STATUS.names,
        "学历": EDUCATION.names,
    }
    # The example row holds names the dropdowns offer.
    samples = {h: sheet.cell(row=2, column=i + 1).value for i, h in enumerate(headers)}
    assert samples["民族"] in ETHNICITY.names and samples["学历"] in EDUCATION.names


def test_a_template_without_code_columns_has_no_code_sheet(world):
    book = openpyxl.load_workbook(
        io.BytesIO(importing.template(importing.get_importer("employers")))
    )
    assert importing.templates.CODES_SHEET not in book.sheetnames


def test_a_value_stored_before_the_code_lists_does_not_block_a_reimport(world, tmp_path):
    commit(world, xlsx(tmp_path / "a.xlsx", [CODED, coded_row(1, "汉", "党员", "本科")]))
    Person.objects.filter(name="职工1").update(ethnicity="穿青人")
    report = commit(world, xlsx(tmp_path / "b.xlsx", [CODED, coded_row(1, "", "", "")]))
    assert report.committed and report.errors == []
    assert Person.objects.get(name="职工1").ethnicity == "穿青人"


def _inline_lists(sheet):
    headers = [c.value for c in sheet[1]]
    found = {}
    for validation in sheet.data_validations.dataValidation:
        if "!" in validation.formula1:
            continue
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        found[headers[openpyxl.utils.column_index_from_string(column) - 1]] = validation.formula1
    return found


@pytest.mark.parametrize(
    ("importer", "yes_no"),
    [
        ("persons", {"一线职工", "艰苦岗位", "重点领域", "农民工"}),
        ("employers", {"新经济组织", "新社会组织", "已建工会", "已建党组织"}),
    ],
)
def test_every_yes_no_column_of_a_template_is_a_yes_no_dropdown(world, importer, yes_no):
    book = openpyxl.load_workbook(io.BytesIO(importing.template(importing.get_importer(importer))))
    found = _inline_lists(book.worksheets[0])
    assert set(found) == yes_no
    assert set(found.values()) == {'"是,否"'}


def test_a_yes_no_column_headed_with_shi_fou_takes_the_usual_marks(world, tmp_path):
    head = ["姓名", "身份证号码", "所属工会", "入会日期", "是否一线职工", "是否农民工"]
    rows = [
        ["王芳", pid(1), UNION, "2021-05-01", "√", "否"],
        ["李强", pid(2), UNION, "2021-05-01", "是", "Y"],
    ]
    report = commit(world, xlsx(tmp_path / "a.xlsx", [head, *rows]))
    assert report.committed and report.errors == []
    wang, li = Person.objects.get(name="王芳"), Person.objects.get(name="李强")
    assert (wang.frontline, wang.migrant_worker) == (True, False)
    assert (li.frontline, li.migrant_worker) == (True, True)


def test_a_yes_no_cell_that_is_neither_is_an_error_of_its_cell(world, tmp_path):
    head = ["姓名", "身份证号码", "所属工会", "入会日期", "一线职工"]
    row = ["王芳", pid(1), UNION, "2021-05-01", "也许"]
    report = preview(world, xlsx(tmp_path / "a.xlsx", [head, row]))
    assert [(e.row, e.column) for e in report.errors] == [(2, "一线职工")]
    assert "是/否" in report.errors[0].message
