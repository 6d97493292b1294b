"""Browser flows (Debian Chromium): 五必访 visit, a demand from filing to closing, subsidy approval."""

from __future__ import annotations

import datetime as dt

from gonghui.core.workdays import add_workdays
from tests.conftest import E2E

pytestmark = E2E


def _confirm(page) -> None:
    page.locator("#confirm-modal-ok").click()


def test_hospitalization_creates_a_task_and_the_visit_changes_the_figures(hw, live_server, login):
    page = login("hanbin_officer")
    page.goto(f"{live_server.url}/honors/workers/{hw.hanbin_mw.pk}/")
    form = page.locator("#event-form")
    form.locator("select[name=kind]").select_option("hospitalized")
    form.locator("input[name=occurred_on]").fill("2026-09-30")
    form.locator("input[name=note]").fill("突发疾病住院")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=已登记事件，并生成走访任务")

    page.goto(f"{live_server.url}/honors/visits/?occasion=hospitalized")
    due = add_workdays(dt.date(2026, 9, 30), 3)
    assert due == dt.date(2026, 10, 10)
    row = page.locator("#list-results tr", has_text="张伟")
    assert due.isoformat() in row.inner_text()
    row.locator("a").first.click()
    assert page.locator("#due-date").inner_text() == "2026-10-10"

    page.goto(f"{live_server.url}/honors/visits/figures/?year=2026")
    assert "走访慰问劳模 0 人次" in page.locator("#headline").inner_text()

    page.go_back()
    rec = page.locator("#record-form")
    rec.locator("input[name=visited_on]").fill("2026-10-09")
    rec.locator("input[name=money]").fill("2000")
    rec.locator("input[name=goods]").fill("水果、牛奶")
    rec.locator("button[type=submit]").click()
    page.wait_for_selector("text=走访已登记")

    page.goto(f"{live_server.url}/honors/visits/figures/?year=2026")
    headline = page.locator("#headline").inner_text()
    assert "走访慰问劳模 1 人次" in headline and "0.20 万元" in headline


def test_a_demand_goes_from_filing_to_closing_with_its_history(hw, live_server, login):
    member = login("hanbin_member")
    member.goto(f"{live_server.url}/honors/my/")
    member.click("text=提交诉求")
    member.fill("input[name=title]", "子女入学")
    member.fill("textarea[name=content]", "孩子明年上小学，希望协调就近入学。")
    member.get_by_role("button", name="提交", exact=True).click()
    member.wait_for_selector("text=诉求已提交")
    demand_url = member.url

    officer = login("hanbin_officer")
    officer.goto(demand_url)
    officer.locator("#sort-form select[name=category]").select_option("schooling")
    officer.locator("#sort-form button").click()
    officer.wait_for_selector("text=已梳理")
    officer.locator("#refer-form select[name=department]").select_option("education")
    officer.locator("#refer-form input[name=department_name]").fill("汉滨区教育体育局")
    officer.locator("#refer-form button").click()
    officer.wait_for_selector("#letter-link")
    with officer.expect_download() as dl:
        officer.click("#letter-link")
    assert dl.value.suggested_filename.endswith(".pdf")
    officer.locator("#answer-form textarea[name=feedback]").fill("教体局已安排就近入学")
    officer.locator("#answer-form button").click()
    officer.wait_for_selector("text=已反馈")
    officer.locator("#close-form button").click()
    _confirm(officer)
    officer.wait_for_selector("text=已销号")
    history = officer.locator("#history").inner_text()
    for step in ["已提交", "工会梳理", "部门联动", "已反馈", "已销号"]:
        assert step in history

    member.goto(f"{live_server.url}/honors/my/")
    assert "已销号" in member.locator("#my-demands").inner_text()


def test_subsidy_list_is_approved_by_a_second_user_and_the_sheet_downloads(hw, live_server, login):
    maker = login("hanbin_officer")
    maker.goto(f"{live_server.url}/honors/subsidies/")
    maker.click("text=生成年度补助名单")
    _confirm(maker)
    maker.wait_for_selector("text=请由另一位工作人员审核")
    list_url = maker.url
    assert "张伟" in maker.content()

    checker = login("hanbin_officer2")
    checker.goto(list_url)
    checker.click("text=审核通过")
    _confirm(checker)
    checker.wait_for_selector("text=名单已审核通过")
    assert checker.locator("#list-status").inner_text() == "已审核"
    with checker.expect_download() as dl:
        checker.click("#sheet-link")
    assert dl.value.suggested_filename.endswith(".xlsx")
    import io

    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(open(dl.value.path(), "rb").read())).active
    assert ws.cell(4, 2).value == "张伟" and ws.cell(4, 6).value == 3200
