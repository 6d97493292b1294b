"""The Excel import framework with the 人员及会员 importer: every bad input of the issue gives a
clear Chinese error and writes nothing; good files import once and only once."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from gonghui.core import importing
from gonghui.core.errors import DomainError
from gonghui.core.importing import ImportFileError, ImportReport, run_import
from gonghui.core.models import AuditAction, AuditLog, Membership, MembershipStatus, Person
from gonghui.core.validators import build_id_number
from tests import factories

HEAD = ["姓名", "身份证号码", "手机号", "组织", "入会日期"]
UNION = "汉滨区第一中学工会"
# An organization outside the importer's subtree reads as missing (its name is never given).
OUTSIDE = "，或该组织不在您的管辖范围内"


def pid(n: int, region: str = "610902", year: int = 1990) -> str:
    """A valid ID number, distinct for each n."""
    return build_id_number(region, dt.date(year, 1, 1) + dt.timedelta(days=n), 100 + n % 800)


def row(
    n: int,
    *,
    name: str = "",
    union: str = UNION,
    joined: Any = "2021-05-01",
    phone: str = "13700001111",
) -> list[Any]:
    return [name or f"职工{n}", pid(n), phone, union, joined]


def xlsx(path: Path, rows: list[list[Any]], *, above: list[list[Any]] = ()) -> Path:
    """Write rows (the first is the header) with openpyxl; `above` are title rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in above:
        ws.append(r)
    if above:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def preview(world: Any, path: Path, user: Any = None) -> ImportReport:
    return run_import(
        importing.get_importer("persons"),
        path,
        filename=path.name,
        user=user or world.hanbin_officer,
        commit=False,
    )


def commit(world: Any, path: Path, user: Any = None) -> ImportReport:
    return run_import(
        importing.get_importer("persons"),
        path,
        filename=path.name,
        user=user or world.hanbin_officer,
        commit=True,
    )


def messages(report: ImportReport) -> list[str]:
    return [f"{e.row}|{e.column}|{e.message}" for e in report.errors]


@pytest.fixture
def base_counts(world: Any) -> tuple[int, int]:
    return Person.objects.count(), Membership.objects.count()


def assert_nothing_written(base: tuple[int, int]) -> None:
    assert (Person.objects.count(), Membership.objects.count()) == base


# ---------------------------------------------------------------- bad rows: clear errors, no writes


def test_wrong_id_check_digit_names_the_expected_digit(world, tmp_path, base_counts):
    good = pid(1)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    path = xlsx(tmp_path / "a.xlsx", [HEAD, row(2), [*row(1)[:1], bad, *row(1)[2:]]])
    report = commit(world, path)
    assert messages(report) == [
        f"3|身份证号码|身份证号码校验位错误：最后一位应为{good[17]}，实际为{bad[17]}"
    ]
    assert not report.committed
    assert_nothing_written(base_counts)


def test_id_with_a_birth_date_that_does_not_exist_is_rejected(world, tmp_path, base_counts):
    first17 = "61090219850230001"
    from gonghui.core.validators import id_check_digit

    number = first17 + id_check_digit(first17)
    path = xlsx(tmp_path / "a.xlsx", [HEAD, ["王芳", number, "", UNION, "2021-01-01"]])
    report = commit(world, path)
    assert messages(report) == ["2|身份证号码|身份证号码中的出生日期19850230不存在"]
    assert_nothing_written(base_counts)


def test_duplicate_id_numbers_in_one_file_name_the_first_row(world, tmp_path, base_counts):
    path = xlsx(tmp_path / "a.xlsx", [HEAD, row(1), row(2), row(1, name="另一个人")])
    report = commit(world, path)
    assert messages(report) == ["4|身份证号码|身份证号码与第2行重复"]
    assert_nothing_written(base_counts)


def test_unknown_organization_name_or_code_is_an_error(world, tmp_path, base_counts):
    path = xlsx(tmp_path / "a.xlsx", [HEAD, row(1, union="不存在的工会"), row(2, union="619999")])
    report = commit(world, path)
    assert messages(report) == [
        f"2|组织|找不到组织“不存在的工会”{OUTSIDE}",
        f"3|组织|找不到组织“619999”{OUTSIDE}",
    ]
    assert_nothing_written(base_counts)


def test_organization_outside_the_users_subtree_reads_as_not_found(world, tmp_path, base_counts):
    path = xlsx(tmp_path / "a.xlsx", [HEAD, row(1, union="610922")])  # 石泉's code
    report = commit(world, path)  # the 汉滨 officer
    assert messages(report) == [f"2|组织|找不到组织“610922”{OUTSIDE}"]
    assert "石泉" not in " ".join(messages(report))
    assert_nothing_written(base_counts)


def test_a_person_registered_outside_the_subtree_cannot_be_changed(world, tmp_path, base_counts):
    other = world.shiquan_person
    path = xlsx(tmp_path / "a.xlsx", [HEAD, [other.name, other.id_number, "", UNION, "2022-01-01"]])
    report = commit(world, path)
    assert messages(report) == ["2|身份证号码|该身份证号码已在其他组织登记，不在您的管辖范围内"]
    assert (
        Membership.objects.get(person=other, status=MembershipStatus.ACTIVE).union
        == world.shiquan_union
    )


def test_county_federation_is_not_a_union_for_members(world, tmp_path, base_counts):
    path = xlsx(tmp_path / "a.xlsx", [HEAD, row(1, union="610902")])
    report = commit(world, path)
    assert messages(report) == ["2|组织|“汉滨区总工会”不是基层工会，不能直接发展会员"]


def test_missing_required_column_names_the_column(world, tmp_path):
    path = xlsx(
        tmp_path / "a.xlsx", [["姓名", "手机号", "组织", "入会日期"], ["王芳", "", UNION, ""]]
    )
    with pytest.raises(ImportFileError, match="缺少必填列：“身份证号码”"):
        preview(world, path)


def test_empty_file_and_empty_sheet_say_there_is_no_data(world, tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(ImportFileError, match=r"^文件中没有数据$"):
        preview(world, empty)
    blank = tmp_path / "blank.xlsx"
    openpyxl.Workbook().save(blank)
    with pytest.raises(ImportFileError, match=r"^文件中没有数据$"):
        preview(world, blank)
    header_only = xlsx(tmp_path / "header.xlsx", [HEAD])
    with pytest.raises(ImportFileError, match=r"^文件中没有数据$"):
        preview(world, header_only)


def test_a_non_excel_file_renamed_xlsx_is_rejected(world, tmp_path):
    fake = tmp_path / "名单.xlsx"
    fake.write_bytes(b"%PDF-1.4 this is a pdf, not a spreadsheet")
    with pytest.raises(
        ImportFileError, match="不是有效的Excel文件（可能是其他类型的文件改了扩展名）"
    ):
        preview(world, fake)
    other_zip = tmp_path / "压缩包.xlsx"
    with zipfile.ZipFile(other_zip, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(ImportFileError, match="不是有效的Excel文件"):
        preview(world, other_zip)


def test_a_formula_in_a_cell_is_a_row_error(world, tmp_path, base_counts):
    path = xlsx(tmp_path / "a.xlsx", [HEAD, row(1), [*row(2)[:4], "=DATE(2021,5,1)"]])
    report = commit(world, path)
    assert messages(report) == ["3|入会日期|单元格含有公式，请复制后“粘贴为数值”"]
    assert_nothing_written(base_counts)


def test_a_formula_with_a_cached_value_is_still_an_error(world, tmp_path):
    import xlsxwriter

    path = tmp_path / "cached.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEAD)
    sheet.write_row(1, 0, row(1)[:2])
    sheet.write_formula(1, 2, '="137"&"00001111"', None, "13700001111")
    sheet.write_row(1, 3, row(1)[3:])
    book.close()
    assert messages(preview(world, path)) == ["2|手机号|单元格含有公式，请复制后“粘贴为数值”"]


def test_an_error_value_in_a_cell_is_a_row_error(world, tmp_path, base_counts):
    path = xlsx(tmp_path / "a.xlsx", [HEAD, row(1), [*row(2)[:3], "#N/A", "2021-01-01"]])
    report = commit(world, path)
    assert messages(report) == ["3|组织|单元格为错误值#N/A"]
    assert_nothing_written(base_counts)


def test_an_oversized_upload_is_rejected(world, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 2048
    path = xlsx(tmp_path / "big.xlsx", [HEAD, *[row(i) for i in range(200)]])
    assert path.stat().st_size > 2048
    with pytest.raises(ImportFileError, match=r"超过上限2 KB，请拆分成几个文件分批导入"):
        preview(world, path)


def test_every_error_of_every_row_is_reported(world, tmp_path):
    path = xlsx(
        tmp_path / "a.xlsx",
        [
            [*HEAD, "一线职工", "性别"],
            ["", "123", "1234", "不存在", "2021-02-30", "也许", "男"],
            [*row(5), "是", "女" if int(pid(5)[16]) % 2 else "男"],
        ],
    )
    assert messages(preview(world, path)) == [
        "2|姓名|姓名不能为空",
        "2|身份证号码|身份证号码应为18位，现为3位",
        "2|手机号|手机号码“1234”无效，应为11位大陆手机号",
        f"2|组织|找不到组织“不存在”{OUTSIDE}",
        "2|入会日期|日期“2021-02-30”不存在",
        "2|一线职工|“也许”不是有效的是/否值，请填写“是”或“否”",
        f"3|性别|性别“{'女' if int(pid(5)[16]) % 2 else '男'}”与身份证号码"
        f"（{'男' if int(pid(5)[16]) % 2 else '女'}）不一致",
    ]


def test_id_number_stored_as_a_number_by_excel_is_an_error(world, tmp_path):
    path = xlsx(
        tmp_path / "a.xlsx", [HEAD, ["王芳", float(pid(1)[:17] + "0"), "", UNION, "2021-01-01"]]
    )
    assert messages(preview(world, path)) == [
        "2|身份证号码|身份证号码被Excel存成了数字，末几位已丢失，请把该列设为“文本”格式后重新填写"
    ]


# ---------------------------------------------------------------- all or nothing, idempotence


def test_one_bad_row_among_many_writes_nothing(world, tmp_path, base_counts):
    rows = [row(i) for i in range(1, 300)]
    rows[250][4] = "2021-13-01"
    path = xlsx(tmp_path / "a.xlsx", [HEAD, *rows])
    report = commit(world, path)
    assert messages(report) == ["252|入会日期|日期“2021-13-01”不存在"]
    assert not report.committed and report.new == 0
    assert_nothing_written(base_counts)
    assert not AuditLog.objects.filter(action=AuditAction.IMPORT).exists()


def test_all_or_nothing_across_batches(world, tmp_path, base_counts, monkeypatch):
    monkeypatch.setattr(type(importing.get_importer("persons")), "batch_size", 50)
    rows = [row(i) for i in range(1, 200)]
    rows[180][1] = rows[180][1][:17] + "Y"
    path = xlsx(tmp_path / "a.xlsx", [HEAD, *rows])
    report = commit(world, path)  # rows of the first three batches were written, then rolled back
    assert len(report.errors) == 1 and report.errors[0].row == 182
    assert_nothing_written(base_counts)


def test_preview_counts_then_commit_writes_every_row_with_memberships(world, tmp_path, base_counts):
    path = xlsx(tmp_path / "a.xlsx", [HEAD, row(1), row(2), row(3)])
    dry = preview(world, path)
    assert (dry.total, dry.new, dry.updated, dry.unchanged, dry.errors) == (3, 3, 0, 0, [])
    assert_nothing_written(base_counts)
    report = commit(world, path)
    assert report.committed and report.new == 3
    person = Person.objects.get(id_hash=_hash(pid(2)))
    assert person.name == "职工2" and person.org == world.hanbin_union
    assert person.phone == "13700001111" and person.id_number == pid(2)
    membership = person.memberships.get()
    assert (membership.union, membership.joined_on, membership.status) == (
        world.hanbin_union,
        dt.date(2021, 5, 1),
        MembershipStatus.ACTIVE,
    )


def test_reimporting_the_same_file_changes_nothing(world, tmp_path, base_counts):
    path = xlsx(tmp_path / "a.xlsx", [HEAD, row(1), row(2)])
    assert commit(world, path).new == 2
    logs = AuditLog.objects.count()
    again = commit(world, path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert Person.objects.count() == base_counts[0] + 2
    assert Membership.objects.count() == base_counts[1] + 2
    assert AuditLog.objects.count() == logs + 1  # only the summary entry of the import


def test_reimport_with_a_changed_cell_updates_only_that_person(world, tmp_path):
    commit(
        world, xlsx(tmp_path / "a.xlsx", [[*HEAD, "岗位"], [*row(1), "司机"], [*row(2), "司机"]])
    )
    report = commit(
        world, xlsx(tmp_path / "b.xlsx", [[*HEAD, "岗位"], [*row(1), "司机"], [*row(2), "调度员"]])
    )
    assert (report.new, report.updated, report.unchanged) == (0, 1, 1)
    assert Person.objects.get(id_hash=_hash(pid(2))).post == "调度员"
    entry = AuditLog.objects.filter(model="core.person", action=AuditAction.UPDATE).get()
    assert (entry.before["post"], entry.after["post"]) == ("司机", "调度员")


def test_blank_optional_cells_keep_stored_values(world, tmp_path):
    commit(world, xlsx(tmp_path / "a.xlsx", [[*HEAD, "民族"], [*row(1), "回族"]]))
    report = commit(world, xlsx(tmp_path / "b.xlsx", [HEAD, row(1)]))
    assert report.unchanged == 1
    assert Person.objects.get(id_hash=_hash(pid(1))).ethnicity == "回族"


def test_import_writes_one_audit_entry_per_record(world, tmp_path):
    commit(world, xlsx(tmp_path / "a.xlsx", [HEAD, row(1), row(2)]))
    created = AuditLog.objects.filter(action=AuditAction.CREATE, note="批量导入")
    assert sorted(created.values_list("model", flat=True)) == [
        "core.membership",
        "core.membership",
        "core.person",
        "core.person",
    ]
    entry = created.filter(model="core.person").first()
    assert entry.user == world.hanbin_officer and entry.org_path == world.hanbin_union.path
    assert "id_number_enc" not in entry.after and entry.after["id_masked"].startswith("610902**")
    summary = AuditLog.objects.get(action=AuditAction.IMPORT)
    assert "新增2条" in summary.note


def test_importing_a_member_into_another_union_is_a_transfer_keeping_history(world, tmp_path):
    second = factories.grassroots(world.hanbin, "汉滨区第二中学工会")
    person = world.hanbin_person
    path = xlsx(
        tmp_path / "a.xlsx", [HEAD, [person.name, person.id_number, "", second.name, "2024-03-01"]]
    )
    report = commit(world, path)
    assert (report.updated, report.errors) == (1, [])
    history = list(
        person.memberships.order_by("joined_on").values_list("union__name", "status", "left_on")
    )
    assert history == [
        ("汉滨区第一中学工会", MembershipStatus.TRANSFERRED, dt.date(2024, 3, 1)),
        ("汉滨区第二中学工会", MembershipStatus.ACTIVE, None),
    ]
    person.refresh_from_db()
    assert person.org == second
    assert commit(world, path).unchanged == 1  # importing it again is no second transfer


# ---------------------------------------------------------------- tolerant headers and formats


def test_headers_with_spaces_full_width_aliases_any_order_and_title_rows(world, tmp_path):
    header = ["　入会时间 ", "公民身份号码", "基层工会", " 姓　名*", "联系电话", "备注"]
    data = [
        ["2021/5/1", pid(1), "汉滨区第一中学工会", "王芳", "１３７００００１１１１", "x"],
        [dt.date(2021, 5, 1), pid(2), "汉滨区第一中学工会", "李雷", "", ""],
        [44317, pid(3), "汉滨区第一中学工会", "韩梅梅", "", ""],
        ["2021年5月1日", pid(4), "汉滨区第一中学工会", "赵四", "", ""],
    ]
    path = xlsx(
        tmp_path / "a.xlsx",
        [header, *data],
        above=[["汉滨区第一中学工会会员花名册"], ["填表日期：2024年"]],
    )
    report = commit(world, path)
    assert report.errors == [] and report.header_row == 3 and report.new == 4
    assert report.ignored == ["备注"]
    joined = set(
        Membership.objects.filter(person__name__in=["王芳", "李雷", "韩梅梅", "赵四"]).values_list(
            "joined_on", flat=True
        )
    )
    assert joined == {dt.date(2021, 5, 1)}
    assert Person.objects.get(name="王芳").phone == "13700001111"


def test_csv_in_gbk_and_utf8_with_bom(world, tmp_path):
    text = f"姓名,身份证号码,组织,入会日期\n王芳,{pid(1)},汉滨区第一中学工会,2021-05-01\n"
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(text.encode("gbk"))
    report = commit(world, gbk)
    assert report.errors == [] and report.new == 1
    bom = tmp_path / "bom.csv"
    bom.write_bytes(text.replace(pid(1), pid(2)).encode("utf-8-sig"))
    assert commit(world, bom).new == 1
    assert set(Person.objects.filter(name="王芳").values_list("org__name", flat=True)) == {UNION}


def test_csv_formula_and_error_literals_are_errors(world, tmp_path):
    text = f'姓名,身份证号码,组织,入会日期\n=HYPERLINK("x"),{pid(1)},#N/A,2021-05-01\n'
    path = tmp_path / "a.csv"
    path.write_text(text, encoding="utf-8")
    assert messages(preview(world, path)) == [
        "2|姓名|单元格含有公式，请复制后“粘贴为数值”",
        "2|组织|单元格为错误值#N/A",
    ]


def _xls(
    path: Path,
    rows: list[list[Any]],
    *,
    formula_at: tuple[int, int] | None = None,
    error_at: tuple[int, int] | None = None,
) -> Path:
    xlwt = pytest.importorskip("xlwt")  # dev dependency: writes the .xls fixtures
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("名单")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            if (r, c) == formula_at:
                sheet.write(r, c, xlwt.Formula('"a"&"b"'))
            elif (r, c) == error_at:
                sheet.row(r).set_cell_error(c, 0x2A)
            elif isinstance(value, dt.date):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def test_xls_files_are_read(world, tmp_path):
    path = _xls(tmp_path / "a.xls", [HEAD, row(1, joined=dt.date(2021, 5, 1)), row(2)])
    report = commit(world, path)
    assert report.errors == [] and report.new == 2
    assert Person.objects.get(id_hash=_hash(pid(1))).memberships.get().joined_on == dt.date(
        2021, 5, 1
    )


def test_xls_formula_and_error_value_are_errors(world, tmp_path):
    path = _xls(tmp_path / "a.xls", [HEAD, row(1), row(2)], formula_at=(1, 0), error_at=(2, 3))
    assert messages(preview(world, path)) == [
        "2|姓名|单元格含有公式，请复制后“粘贴为数值”",
        "3|组织|单元格为错误值#N/A",
    ]


def test_xlsx_renamed_xls_is_read_by_its_content(world, tmp_path):
    path = xlsx(tmp_path / "a.xlsx", [HEAD, row(1)])
    renamed = path.rename(tmp_path / "a.xls")
    assert preview(world, renamed).new == 1


# ---------------------------------------------------------------- error report and template


def test_error_report_marks_the_bad_cell_and_lists_reasons(world, tmp_path):
    path = xlsx(
        tmp_path / "a.xlsx", [HEAD, row(1), row(2, union="不存在的工会")], above=[["花名册"]]
    )
    report = preview(world, path)
    dest = tmp_path / "report.xlsx"
    importing.error_report(path, path.name, report.errors, report.header_row, dest=dest)
    ws = openpyxl.load_workbook(dest).active
    bad = ws.cell(row=4, column=4)
    assert bad.value == "不存在的工会"
    assert bad.fill.fgColor.rgb.endswith("FFC7CE")
    assert "找不到组织" in bad.comment.text
    assert ws.cell(row=2, column=6).value == "错误原因"
    assert ws.cell(row=4, column=6).value == f"组织：找不到组织“不存在的工会”{OUTSIDE}"
    assert ws.cell(row=3, column=6).value is None
    assert ws.cell(row=3, column=2).value == pid(1)  # ID numbers stay text
    assert ws.cell(row=3, column=4).fill.fgColor.rgb in (None, "00000000")


def test_template_has_headers_required_marks_and_a_marked_sample_row(world, tmp_path):
    importer = importing.get_importer("persons")
    content = importing.template(importer)
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers[:2] == ["姓名*", "身份证号码*"] and "手机号" in headers
    assert "组织*" in headers and "入会日期*" in headers
    assert ws.cell(row=1, column=1).font.color.rgb.endswith("C00000")
    assert ws.cell(row=2, column=1).value == "示例：张伟"
    assert ws.cell(row=2, column=2).value == importer.column("id_number").sample
    assert wb.worksheets[1].title == "填写说明"
    # Rows typed under the example row import; the example row itself never does.
    ws.append([dict(zip(HEAD, row(1), strict=True)).get(h.rstrip("*")) for h in headers])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    report = preview(world, path)
    assert report.errors == [] and report.new == 1 and report.sample_row == 2


def test_unknown_importer_is_a_domain_error():
    with pytest.raises(DomainError, match="未知的导入类型"):
        importing.get_importer("nope")


def test_date_parsing_accepts_common_forms():
    assert importing.parse_date("2020-01-01") == dt.date(2020, 1, 1)
    assert importing.parse_date("2020/1/1") == dt.date(2020, 1, 1)
    assert importing.parse_date("2020年1月1日") == dt.date(2020, 1, 1)
    assert importing.parse_date("２０２０．１．１") == dt.date(2020, 1, 1)
    assert importing.parse_date(43831.0) == dt.date(2020, 1, 1)
    assert importing.parse_date("20200101") == dt.date(2020, 1, 1)
    with pytest.raises(DomainError, match="不存在"):
        importing.parse_date("2020-02-30")
    with pytest.raises(DomainError, match="无法识别"):
        importing.parse_date("去年")


def _hash(number: str) -> str:
    from gonghui.core.crypto import lookup_hash

    return lookup_hash(number, purpose="person.id_number")
