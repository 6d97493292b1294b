"""The registry, visit, subsidy and catalog pages as a user sees them (Debian Chromium).

Screenshots go to /tmp/e2e-honors-*.png for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from gonghui.honors import rules, services
from gonghui.honors.demo import seed_model_workers
from gonghui.honors.models import Honor, HonorType, ModelWorker, VisitTask
from tests.conftest import E2E

pytestmark = E2E
WIDTH = 1366


def _look(page, name: str) -> str:
    """Screenshot the page, check it fits the screen, return its visible text."""
    page.screenshot(path=f"/tmp/e2e-honors-{name}.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= WIDTH, f"{name}: the page is {overflow}px wide and scrolls sideways"
    text = page.locator("main").inner_text()
    for raw in ("None", "True", "False", "nan"):
        assert not re.search(rf"\b{raw}\b", text), f"{name}: shows the raw value {raw!r}"
    return text


@pytest.fixture
def demo(hw):
    """About sixty model workers across the counties, holiday visits, a list and a demand."""
    seed_model_workers(count=60, seed=7)
    w = hw.w
    spring = next(h for h in rules.holidays_for(2026) if h.name == "春节")
    services.holiday_tasks_generate(user=w.city_admin, holiday=spring)
    task = VisitTask.objects.get(person=hw.hanbin_mw, holiday=spring)
    services.visit_record(
        user=w.hanbin_officer, task=task, visited_on=spring.date, money="800", goods="米面油"
    )
    services.demand_file(
        user=w.hanbin_member, person=hw.hanbin_mw, title="子女入学", content="就近"
    )
    sl = services.subsidy_list_compute(
        user=w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    return {"task": task, "list": sl}


# The year filter offers this year ± a few: 2021 is on it only in 2026.
@time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=True)
def test_the_main_pages_fit_the_screen_and_say_things_in_chinese(demo, hw, live_server, login):
    page = login("city_admin", width=WIDTH, height=900)
    url = live_server.url

    page.goto(f"{url}/honors/")
    text = _look(page, "registry")
    valid = ModelWorker.objects.filter(level__isnull=False).count()
    assert "荣誉类型" in text and f"共 {valid} 条" in text
    page.fill("input[name=q]", "张伟")
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector("#list-results >> text=共 1 条")

    page.goto(f"{url}/honors/workers/{hw.hanbin_mw.pk}/")
    text = _look(page, "worker")
    assert "重大节日走访（春节）" in text

    page.goto(f"{url}/honors/visits/")
    _look(page, "visits")
    page.goto(f"{url}/honors/visits/?year=2021")
    assert "没有符合条件的记录" in _look(page, "visits-empty")

    page.goto(f"{url}/honors/visits/{demo['task'].pk}/")
    text = _look(page, "visit")
    assert "办理记录" in text and "登记走访" in text and "hanbin_officer" in text

    page.goto(f"{url}/honors/visits/figures/?year=2026")
    text = _look(page, "figures")
    assert re.search(r"合计\s+\d+\s+[\d.,]+\s+[\d,]+\.\d\d\s*元", text), (
        "yuan shown with two places"
    )

    page.goto(f"{url}/honors/subsidies/")
    text = _look(page, "subsidies")
    total = demo["list"].payments.count()
    assert re.search(
        rf"2026年 汉滨区总工会\s+{total}\s+\d+\.00\s+工会经费—劳模慰问补助\s+待审核", text
    )

    page.goto(f"{url}/honors/subsidies/{demo['list'].pk}/")
    text = _look(page, "subsidy")
    assert re.search(r"合计：[\d,]+\.00 元", text)
    button = page.get_by_role("button", name="查询")
    assert button.bounding_box()["height"] < 40, "the search button wraps onto two lines"
    page.fill("input[name=q]", "不存在的人")
    button.click()
    assert "名单中没有符合“不存在的人”的人员" in _look(page, "subsidy-empty")

    page.goto(f"{url}/honors/subsidies/standards/?year=2026")
    text = _look(page, "standards")
    assert "不发放" in text and "全市默认" in text
    assert page.locator("#standards-table tbody tr").count() == 13  # 全市默认 + 12 counties

    page.goto(f"{url}/honors/honor-types/")
    _look(page, "honor-types")
    page.goto(f"{url}/honors/demands/")
    _look(page, "demands")


def test_revoking_an_honor_opens_a_form_below_the_row_and_asks_first(hw, live_server, login):
    page = login("hanbin_officer", width=WIDTH, height=900)
    page.goto(f"{live_server.url}/honors/workers/{hw.hanbin_mw.pk}/")
    form = page.locator(f"#revoke-{Honor.objects.get(person=hw.hanbin_mw).pk}")
    assert not form.is_visible()
    page.get_by_role("button", name="撤销…").click()
    form.locator("input[name=reason]").fill("经核查存在违纪情形，依规撤销")
    _look(page, "worker-revoke")
    form.get_by_role("button", name="确认撤销").click()
    page.locator("#confirm-modal-ok").click()
    page.wait_for_selector("text=已撤销“安康市劳动模范”")
    assert "无有效荣誉" in page.locator("h1").inner_text()


def test_the_city_admin_adds_then_deactivates_an_honor_type(hw, live_server, login):
    page = login("city_admin", width=WIDTH, height=900)
    page.goto(f"{live_server.url}/honors/honor-types/")
    page.click("text=新增荣誉类型")
    page.fill("input[name=name]", "安康市优秀技术工人")
    page.select_option("select[name=category]", "other")
    page.select_option("select[name=level]", "3")
    _look(page, "honor-type-new")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=已新增荣誉类型“安康市优秀技术工人”")

    page.goto(f"{live_server.url}/honors/honor-types/?q=优秀技术工人")
    page.get_by_role("link", name="安康市优秀技术工人").click()
    page.uncheck("input[name=is_active]")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=荣誉类型“安康市优秀技术工人”已保存")
    assert not HonorType.objects.get(name="安康市优秀技术工人").is_active
    page.goto(f"{live_server.url}/honors/honor-types/?active=0")
    row = page.locator("#list-results tr", has_text="安康市优秀技术工人")
    assert "已停用" in row.inner_text()

    page.goto(f"{live_server.url}/honors/honors/new/?person={hw.hanbin_mw.pk}")
    options = page.locator("select[name=honor_type] option").all_inner_texts()
    assert "安康市优秀技术工人" not in options and "金州工匠" in options
