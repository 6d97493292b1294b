"""发放名单 from Excel: every row or none; each refused row named by row and column in Chinese."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditLog
from gonghui.relief.importers_campaigns import list_import, list_template
from gonghui.relief.models import Distribution
from tests.relief.fixtures_campaigns import (
    add,
    county_list,
    filed_case,
    person_in,
    submitted,
    warmth,
)

HEAD = ["姓名", "身份证号码", "对象类别", "金额", "调整原因", "物资"]


def _xlsx(tmp_path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年冬送温暖发放名单"])
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    return path


def _import(world, dlist, path: Path, commit: bool = True):
    return list_import(
        user=world.hanbin_officer,
        dlist=dlist,
        filename=path.name,
        chunks=iter([path.read_bytes()]),
        commit=commit,
    )


def old_id(number: str) -> str:
    """The old 15-digit form of an 18-digit number of someone born in the 1900s."""
    return number[:6] + number[8:17]


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


def test_a_good_file_adds_every_row_with_standards_and_cases(world, tmp_path):
    dlist = county_list(world, warmth(world))
    wang = person_in(world.hanbin_union, "王芳")
    case = filed_case(wang, "relative")
    path = _xlsx(
        tmp_path,
        [
            ["张伟", world.hanbin_person.id_number, "深度困难", "", "", ""],
            ["王芳", wang.id_number, "相对困难", 650, "子女就学", "棉被"],
        ],
    )
    report = _import(world, dlist, path)
    assert report.committed and report.new == 2 and not report.errors
    items = {i.person.name: i for i in dlist.items.all()}
    assert (items["张伟"].amount, items["张伟"].goods) == (Decimal("1000.00"), "米面油")
    assert (items["王芳"].amount, items["王芳"].override_reason, items["王芳"].goods) == (
        Decimal("650.00"),
        "子女就学",
        "棉被",
    )
    assert items["王芳"].case == case
    assert (
        AuditLog.objects.filter(
            model="relief.distribution", action="create", note__contains="导入发放名单"
        ).count()
        == 2
    )


def test_bad_rows_are_all_reported_by_row_and_column_and_nothing_is_written(world, tmp_path):
    dlist = county_list(world, warmth(world))
    wang = person_in(world.hanbin_union, "王芳")
    zhao = person_in(world.hanbin_union, "赵敏")
    sun = person_in(world.hanbin_union, "孙丽")
    number = world.hanbin_person.id_number
    path = _xlsx(
        tmp_path,
        [
            ["张伟", number, "深度困难", "", "", ""],  # row 3
            ["张伟", old_id(number), "深度困难", "", "", ""],  # 4: the same, 15 digits
            ["李娜", world.shiquan_person.id_number, "深度困难", "", "", ""],  # 5: 石泉
            ["王芳", wang.id_number, "低保户", "", "", ""],  # 6: no standard
            ["赵敏", zhao.id_number, "相对困难", "900", "", ""],  # 7: above, no reason
            ["孙丽", sun.id_number, "深度困难", "", "", ""],  # 8: fine
        ],
    )
    report = _import(world, dlist, path)
    assert not report.committed
    got = {(e.row, e.column): e.message for e in report.errors}
    assert got[(4, "身份证号码")] == "身份证号码与第3行重复"
    assert got[(5, "身份证号码")] == "此人不在汉滨区总工会的管辖范围内，不能列入本单位名单"
    assert "对象类别“低保户”没有慰问标准" in got[(6, "对象类别")]
    assert "高于“相对困难”的标准500.00 元，须填写调整原因" in got[(7, "调整原因")]
    assert {e.row for e in report.errors} == {4, 5, 6, 7}
    assert not Distribution.objects.exists()


@pytest.mark.parametrize(
    "written",
    [
        lambda n: n[:17] + "x" if n.endswith("X") else " ".join([n[:6], n[6:14], n[14:]]),
        lambda n: full_width(n),
        lambda n: n[:6] + " " + n[6:],
    ],
    ids=["lowercase-x-or-spaces", "full-width", "a-space"],
)
def test_the_same_person_written_differently_is_found_twice(world, tmp_path, written):
    dlist = county_list(world, warmth(world))
    number = world.hanbin_person.id_number
    path = _xlsx(
        tmp_path,
        [
            ["张伟", number, "深度困难", "", "", ""],
            ["张伟", written(number), "相对困难", "", "", ""],
        ],
    )
    report = _import(world, dlist, path)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (4, "身份证号码", "身份证号码与第3行重复")
    ]
    assert not Distribution.objects.exists()


def test_a_lowercase_x_is_the_same_person(world, tmp_path):
    import datetime as dt

    from gonghui.core.validators import build_id_number

    # A number whose check character is X.
    number = next(
        n
        for seq in range(1, 999)
        if (n := build_id_number("610902", dt.date(1980, 5, 5), seq)).endswith("X")
    )
    from gonghui.core.services import PersonData, person_upsert

    person_upsert(data=PersonData(name="周杰", id_number=number, org=world.hanbin_union))
    dlist = county_list(world, warmth(world))
    path = _xlsx(
        tmp_path,
        [
            ["周杰", number, "深度困难", "", "", ""],
            ["周杰", number[:17] + "x", "深度困难", "", "", ""],
        ],
    )
    report = _import(world, dlist, path)
    assert [(e.row, e.message) for e in report.errors] == [(4, "身份证号码与第3行重复")]


def test_a_person_already_on_the_list_is_refused(world, tmp_path):
    dlist = county_list(world, warmth(world))
    add(world, dlist, world.hanbin_person)
    path = _xlsx(tmp_path, [["张伟", world.hanbin_person.id_number, "深度困难", "", "", ""]])
    report = _import(world, dlist, path)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "身份证号码", "张伟已在本名单中，不能重复列入")
    ]
    assert dlist.items.count() == 1


def test_a_check_only_run_writes_nothing(world, tmp_path):
    dlist = county_list(world, warmth(world))
    path = _xlsx(tmp_path, [["张伟", world.hanbin_person.id_number, "深度困难", "", "", ""]])
    report = _import(world, dlist, path, commit=False)
    assert report.new == 1 and not report.committed
    assert not Distribution.objects.exists()


def test_a_submitted_list_takes_no_import(world, tmp_path):
    dlist = county_list(world, warmth(world))
    add(world, dlist, world.hanbin_person)
    submitted(world, dlist)
    path = _xlsx(
        tmp_path,
        [["王芳", person_in(world.hanbin_union, "王芳").id_number, "深度困难", "", "", ""]],
    )
    with pytest.raises(DomainError, match="名单已报送，不能再导入"):
        _import(world, dlist, path)
    assert dlist.items.count() == 1


def test_a_file_that_is_not_a_spreadsheet_is_refused(world, tmp_path):
    dlist = county_list(world, warmth(world))
    path = tmp_path / "名单.xlsx"
    path.write_bytes(b"hello, not excel")
    with pytest.raises(DomainError):
        _import(world, dlist, path)


def test_the_template_has_the_lists_columns(world):
    wb = openpyxl.load_workbook(
        __import__("io").BytesIO(list_template(county_list(world, warmth(world))))
    )
    headers = [str(c.value or "") for row in wb.active.iter_rows(max_row=5) for c in row]
    for title in HEAD:
        assert any(title in h for h in headers)
