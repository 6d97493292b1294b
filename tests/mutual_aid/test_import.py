"""参保登记 from Excel through the core import framework: all rows or none, clear row errors."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from gonghui.core.importing import get_importer, run_import
from gonghui.mutual_aid import services
from gonghui.mutual_aid.models import Category, Enrollment, EnrollmentStatus, Payer
from tests import factories
from tests.mutual_aid.conftest import PAID_ON, woman

HEAD = ["姓名", "身份证号码", "保障项目", "年度", "单位统一社会信用代码", "缴费方式"]


def _xlsx(tmp_path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年互助保障参保名单"])
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    path = tmp_path / "参保名单.xlsx"
    wb.save(path)
    return path


def _run(path: Path, user, commit: bool = True):
    return run_import(
        get_importer("aid_enrollments"), path, filename=path.name, user=user, commit=commit
    )


def test_unit_enrolls_its_workers_from_excel_then_pays(aid, world, tmp_path):
    w = woman(aid.union, "杨梅")
    code = aid.employer.credit_code
    path = _xlsx(
        tmp_path,
        [
            ["张伟", world.hanbin_person.id_number, "住院医疗互助保障", 2026, code, "单位缴纳"],
            ["杨梅", w.id_number, "住院医疗互助保障", 2026, code, "单位缴纳"],
            ["杨梅", w.id_number, "女职工特殊疾病互助保障", 2026, code, "单位50%+工会50%"],
        ],
    )
    report = _run(path, aid.officer)
    assert report.committed and report.new == 3 and not report.errors
    assert Enrollment.objects.filter(status=EnrollmentStatus.PENDING).count() == 3
    bill = services.contribution_bill(
        user=aid.officer, plan=aid.plans[Category.HOSPITAL], employer=aid.employer
    )
    services.contribution_pay(user=aid.officer, bill=bill, amount="60", paid_on=PAID_ON)
    assert Enrollment.objects.filter(status=EnrollmentStatus.ACTIVE).count() == 2


def test_bad_rows_are_all_reported_and_nothing_is_written(aid, world, tmp_path):
    code = aid.employer.credit_code
    services.enrollment_create(
        user=aid.officer,
        plan=aid.plans[Category.HOSPITAL],
        person=world.hanbin_person,
        payer=Payer.UNIT,
        employer=aid.employer,
    )
    stranger = factories.id_number("610902")
    ok = factories.person(aid.union, "王强")
    path = _xlsx(
        tmp_path,
        [
            ["王强", ok.id_number, "住院医疗互助保障", 2026, code, "单位缴纳"],
            ["张伟", world.hanbin_person.id_number, "住院医疗互助保障", 2026, code, "单位缴纳"],
            [
                "张伟",
                world.hanbin_person.id_number,
                "女职工特殊疾病互助保障",
                2026,
                code,
                "单位缴纳",
            ],
            ["赵六", stranger, "住院医疗互助保障", 2026, code, "单位缴纳"],
            ["王强", ok.id_number, "住院医疗互助保障", 2026, code, "单位缴纳"],
            [
                "李娜",
                world.shiquan_person.id_number,
                "住院医疗互助保障",
                2026,
                "",
                "工会全额（免费保障）",
            ],
        ],
    )
    report = _run(path, aid.officer)
    assert not report.committed
    messages = {(e.row, e.message) for e in report.errors}
    assert (4, "张伟已参加“2026年住院医疗互助保障”，不能重复登记") in messages
    assert (5, "“女职工特殊疾病互助保障”仅限女职工参加") in messages
    assert (6, "此人尚未登记，请先通过“人员及会员”导入") in messages
    assert (7, "身份证号码与第3行重复") in messages
    assert any(r == 8 and "不在您的管辖范围内" in m for r, m in messages), messages
    assert Enrollment.objects.count() == 1
