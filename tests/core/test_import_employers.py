"""The 用人单位 importer: keyed on the 统一社会信用代码, scoped, idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gonghui.core import importing
from gonghui.core.importing import ImportFileError, ImportReport, run_import
from gonghui.core.models import AuditAction, AuditLog, Employer, EmployerKind
from gonghui.core.validators import build_credit_code
from tests.core.test_import import messages, xlsx

HEAD = ["统一社会信用代码", "单位名称", "单位类型", "职工人数", "已建工会", "属地工会"]


def code(n: int) -> str:
    return build_credit_code(f"91610902MA{n:07d}")


def run(world: Any, path: Path, *, commit: bool, user: Any = None) -> ImportReport:
    return run_import(
        importing.get_importer("employers"),
        path,
        filename=path.name,
        user=user or world.hanbin_officer,
        commit=commit,
    )


def test_employers_import_and_reimport_is_idempotent(world, tmp_path):
    path = xlsx(
        tmp_path / "e.xlsx",
        [
            HEAD,
            [code(1), "安康市恒达物流有限公司", "民营", 120, "是", "汉滨区总工会"],
            [code(2), "汉滨区人民医院", "事业单位", "860", "否", "610902"],
        ],
    )
    dry = run(world, path, commit=False)
    assert (dry.new, dry.errors) == (2, [])
    assert not Employer.objects.exists()
    report = run(world, path, commit=True)
    assert report.committed and report.new == 2
    hospital = Employer.objects.get(credit_code=code(2))
    assert (hospital.kind, hospital.employee_count, hospital.has_union, hospital.org) == (
        EmployerKind.INSTITUTION,
        860,
        False,
        world.hanbin,
    )
    assert AuditLog.objects.filter(model="core.employer", action=AuditAction.CREATE).count() == 2
    again = run(world, path, commit=True)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert Employer.objects.count() == 2


def test_changed_employee_count_updates_in_place(world, tmp_path):
    run(
        world,
        xlsx(tmp_path / "a.xlsx", [HEAD, [code(1), "恒达物流", "民营", 120, "是", "610902"]]),
        commit=True,
    )
    report = run(
        world,
        xlsx(tmp_path / "b.xlsx", [HEAD, [code(1), "恒达物流", "民营", 150, "是", "610902"]]),
        commit=True,
    )
    assert (report.new, report.updated) == (0, 1)
    assert Employer.objects.get().employee_count == 150


def test_bad_credit_code_names_the_expected_character(world, tmp_path):
    good = code(3)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    report = run(
        world,
        xlsx(tmp_path / "a.xlsx", [HEAD, [bad, "某公司", "民营", 5, "否", "610902"]]),
        commit=True,
    )
    assert messages(report) == [
        f"2|统一社会信用代码|统一社会信用代码校验位错误：最后一位应为{good[17]}，实际为{bad[17]}"
    ]
    assert not Employer.objects.exists()


def test_unknown_kind_and_negative_count_are_errors(world, tmp_path):
    report = run(
        world,
        xlsx(tmp_path / "a.xlsx", [HEAD, [code(4), "某公司", "个体", -3, "否", "610902"]]),
        commit=False,
    )
    assert messages(report) == [
        "2|单位类型|单位类型“个体”无效，可填：国有、民营、外资、事业单位、机关、社会组织",
        "2|职工人数|职工人数不能为负数",
    ]


def test_duplicate_credit_codes_and_out_of_scope_org(world, tmp_path):
    report = run(
        world,
        xlsx(
            tmp_path / "a.xlsx",
            [
                HEAD,
                [code(5), "甲公司", "民营", 5, "否", "610902"],
                [code(5), "乙公司", "民营", 5, "否", "610902"],
                [code(6), "丙公司", "民营", 5, "否", "石泉县总工会"],
            ],
        ),
        commit=True,
    )
    assert messages(report) == [
        "3|统一社会信用代码|统一社会信用代码与第2行重复",
        "4|属地工会|找不到组织“石泉县总工会”，或该组织不在您的管辖范围内",
    ]
    assert not Employer.objects.exists()


def test_missing_required_columns_are_all_named(world, tmp_path):
    with pytest.raises(ImportFileError, match="缺少必填列：“单位类型”、“属地工会”"):
        run(
            world,
            xlsx(tmp_path / "a.xlsx", [["统一社会信用代码", "单位名称"], [code(7), "x"]]),
            commit=False,
        )
