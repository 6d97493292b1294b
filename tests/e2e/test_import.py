"""数据导入: a file with one wrong ID check digit writes nothing; the fixed file imports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import expect

from gonghui.core.models import Membership, Person
from gonghui.core.validators import build_id_number
from tests.conftest import E2E

pytestmark = [*E2E, pytest.mark.django_db(transaction=True)]

HEAD = ["姓名", "身份证号码", "手机号", "组织", "入会日期"]
GOOD_1 = build_id_number("610902", dt.date(1991, 4, 2), 123)
GOOD_2 = build_id_number("610902", dt.date(1993, 8, 19), 246)
# The same number with its check character changed: one typo.
BAD_2 = GOOD_2[:17] + ("0" if GOOD_2[17] != "0" else "1")


def _sheet(path: Path, second_id: str) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD)
    ws.append(["刘海波", GOOD_1, "13700001111", "汉滨区第一中学工会", "2021-05-01"])
    ws.append(["陈晓燕", second_id, "13700002222", "汉滨区第一中学工会", "2022-03-15"])
    for r in (2, 3):  # ID numbers as text, the way the template asks for them
        ws.cell(row=r, column=2).number_format = "@"
    wb.save(path)
    return path


def _upload(page: Any, live_server: Any, path: Path) -> None:
    page.get_by_role("link", name="数据导入").first.click()
    page.get_by_role("heading", name="数据导入").wait_for()
    page.get_by_label("人员及会员").check()
    page.locator("input[type=file][name=file]").set_input_files(str(path))
    page.get_by_role("button", name="上传并校验").click()
    page.wait_for_load_state("networkidle")


def test_bad_check_digit_shows_row_column_reason_and_writes_nothing(
    world, live_server, page, tmp_path, login, shot
):
    persons, memberships = Person.objects.count(), Membership.objects.count()
    login("hanbin_officer", page=page)
    _upload(page, live_server, _sheet(tmp_path / "会员名单.xlsx", BAD_2))

    errors = page.locator("table.errors")
    expect(errors).to_contain_text("第3行")
    expect(errors).to_contain_text("身份证号码")
    expect(errors).to_contain_text(f"身份证号码校验位错误：最后一位应为{GOOD_2[17]}")
    expect(page.get_by_role("alert").first).to_contain_text("发现 1 处错误")
    # No way to confirm a file that still has errors.
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    shot(page, "import-bad-row")
    assert Person.objects.count() == persons
    assert Membership.objects.count() == memberships
    assert not Person.objects.filter(name__in=["刘海波", "陈晓燕"]).exists()


def test_fixed_file_imports_and_the_rows_appear_in_person_list(
    world, live_server, page, tmp_path, login, shot
):
    persons = Person.objects.count()
    login("hanbin_officer", page=page)
    _upload(page, live_server, _sheet(tmp_path / "会员名单.xlsx", BAD_2))
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)

    _upload(page, live_server, _sheet(tmp_path / "会员名单（已改正）.xlsx", GOOD_2))
    counts = page.locator("table.counts")
    expect(counts).to_contain_text("将新增")
    expect(page.locator("table.preview")).to_contain_text("610902********")  # masked preview
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_role("status")).to_contain_text("导入完成：新增 2 条")
    shot(page, "import-fixed")
    assert Person.objects.count() == persons + 2

    page.get_by_role("link", name="人员档案").first.click()
    results = page.locator("#list-results")
    expect(results).to_contain_text("刘海波")
    expect(results).to_contain_text("陈晓燕")
    box = page.get_by_role("searchbox")
    box.fill("chenxiaoyan")
    box.press("Enter")
    expect(results).not_to_contain_text("刘海波")
    expect(results).to_contain_text("陈晓燕")
    expect(results).to_contain_text("汉滨区第一中学工会")
