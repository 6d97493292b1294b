"""An existing 困难职工台账 imported from Excel through the core framework: every row filed (已建档)
on the applicant's union with its members, or — with any bad row — nothing, and each problem
reported on its row and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from django.urls import reverse

from gonghui.core.importing import get_importer, run_import
from gonghui.relief.models.cases import Case, CaseStatus, Category
from tests import factories
from tests.kit import Unchanged, signed_in
from tests.relief.conftest import YEAR, Ledger

HEAD = [
    "姓名",
    "身份证号码",
    "困难类别",
    "致困原因",
    "家庭人口",
    "家庭月总收入",
    "建档日期",
    "家庭成员",
]


def _xlsx(tmp_path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["汉滨区困难职工台账"])
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    path = tmp_path / "困难职工台账.xlsx"
    wb.save(path)
    return path


def _run(path: Path, user, commit: bool = True):
    return run_import(
        get_importer("relief_cases"), path, filename=path.name, user=user, commit=commit
    )


def _member(name: str, relation: str, birth=dt.date(2010, 6, 1)) -> str:
    return f"{name}/{relation}/{factories.id_number('610902', birth=birth)}"


def test_a_ledger_is_imported_as_filed_cases_with_members(ledger: Ledger, tmp_path):
    w = ledger.world
    a = ledger.person(name="杜甫")
    b = ledger.person(name="白居")
    path = _xlsx(
        tmp_path,
        [
            [a.name, a.id_number, "深度困难", "本人大病、子女就学", 3, "1500", "2024-03-01",
             f"{_member('杜一', '子女')}；{_member('杨二', '配偶', dt.date(1980, 1, 1))}"],
            [b.name, b.id_number.lower(), "意外致困", "意外事故", 1, "4000", "2025-07-15", ""],
        ],
    )  # fmt: skip
    preview = _run(path, w.hanbin_officer, commit=False)
    assert preview.new == 2 and not preview.errors and not Case.objects.exists()
    report = _run(path, w.hanbin_officer)
    assert report.committed and report.new == 2
    first = Case.objects.get(person=a)
    assert (first.status, first.category, first.org) == (
        CaseStatus.FILED,
        Category.DEEP,
        w.hanbin_union,
    )
    assert first.filed_on == dt.date(2024, 3, 1) and first.income_per_head == 500
    assert first.causes == ["illness", "schooling"]
    assert sorted(first.members.values_list("name", flat=True)) == ["杜一", "杨二"]
    assert first.number.startswith(f"KN{YEAR}-") and first.steps.get().step == "导入建档"
    assert Case.objects.get(person=b).category == Category.ACCIDENT


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(ledger: Ledger, tmp_path):
    w = ledger.world
    ok = ledger.person(name="好人")
    open_case = ledger.apply()
    applicant = ledger.person(name="本人")
    stranger = factories.id_number("610902")
    path = _xlsx(
        tmp_path,
        [
            [ok.name, ok.id_number, "深度困难", "失业", 1, "600", "2024-01-01", ""],
            [open_case.person.name, open_case.person.id_number, "深度困难", "失业", 1, "600",
             "2024-01-01", ""],
            [applicant.name, applicant.id_number, "相对困难", "失业", 2, "1800", "2024-01-01",
             f"本人/配偶/{applicant.id_number}"],
            ["某人", stranger, "深度困难", "失业", 1, "600", "2024-01-01", ""],
            [ok.name, ok.id_number, "深度困难", "失业", 1, "600", "2024-01-01", ""],
            ["甲", factories.id_number("610902"), "很困难", "没钱", 1, "abc", "2099-01-01",
             "张三/表哥/123"],
        ],
    )  # fmt: skip
    state = Unchanged()
    report = _run(path, w.hanbin_officer)
    assert not report.committed
    errors = {(e.row, e.column): e.message for e in report.errors}
    assert (
        f"已有在档的困难职工档案{open_case.number}（汉滨区第一中学工会" in errors[(4, "身份证号码")]
    )
    assert "身份证号码是申请人本人本人的" in errors[(5, "家庭成员")]
    assert errors[(6, "身份证号码")] == "此人尚未登记，请先通过“人员及会员”导入"
    assert (7, "身份证号码") in errors  # the same person twice in the file
    assert "困难类别“很困难”无效" in errors[(8, "困难类别")]
    assert "致困原因“没钱”无效" in errors[(8, "致困原因")]
    assert "家庭月总收入“abc”不是有效的金额" in errors[(8, "家庭月总收入")]
    assert "关系“表哥”无效" in errors[(8, "家庭成员")]
    assert not state.changes()


def test_another_countys_worker_is_refused_without_saying_where(ledger: Ledger, tmp_path):
    w = ledger.world
    p = w.shiquan_person
    path = _xlsx(tmp_path, [[p.name, p.id_number, "深度困难", "失业", 1, "600", "2024-01-01", ""]])
    report = _run(path, w.hanbin_officer)
    assert not report.committed
    assert [e.message for e in report.errors] == ["此人已在其他组织登记，不在您的管辖范围内"]


def test_the_list_offers_the_import_to_officers_only(ledger: Ledger):
    w = ledger.world
    url = reverse("relief:case_list")
    button = "?importer=relief_cases"
    assert button in signed_in(w.hanbin_officer).get(url).content.decode()
    assert button not in signed_in(w.hanbin_chair).get(url).content.decode()
