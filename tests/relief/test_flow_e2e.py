"""In a browser (Debian Chromium), the whole way of a hardship household through the platform: a
grassroots chair files a worker's 困难职工 case → reviews it (基层审核) → the county officer
approves it (县区审批, 已建档) → on the city's 冬送温暖 of this year the county officer makes a
distribution list, generates it from the ledger (the new case is on it) and submits it → the
city's administrator approves it → the officer registers the worker's signed receipt (a date
and a PDF) → the 四送统计 of the year count one household more and the money given."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gonghui.core import clock
from gonghui.relief.models import Case, CaseStatus, Distribution
from gonghui.relief.services_campaigns import (
    BudgetData,
    FundData,
    StandardData,
    campaign_create,
)
from gonghui.relief.services_settings import setting_save
from tests import factories
from tests.conftest import E2E
from tests.relief.fixtures_activities import PDF

pytestmark = E2E

BUDGET = "两节送温暖"


def _confirm(page: Any, form: str) -> None:
    """Submit `form` and accept the page's confirmation dialog."""
    page.click(f"{form} button[type=submit]")
    page.locator("#confirm-modal-ok").click()
    page.wait_for_selector(".alert-success")


def _money(text: str) -> Decimal:
    """'1,000.00 元' → Decimal('1000.00')."""
    return Decimal(text.replace("元", "").replace(",", "").strip())


def _figures(page: Any, url: str, year: int) -> tuple[int, Decimal]:
    """(households reached, money of the approved lists) on the 四送统计 page of `year`."""
    page.goto(f"{url}/relief/activities/figures/?year={year}")
    households = page.inner_text("#fig-households")
    assert households.endswith("户"), households
    return int(households.removesuffix("户").replace(",", "")), _money(
        page.inner_text("#fig-distributed")
    )


def test_a_case_filed_in_the_browser_is_given_winter_warmth_and_counted(
    world, live_server, login, shot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = live_server.url
    year = clock.today().year
    # 城市低保标准 700 元: a household of two with 1,200 元 a month (600 元 each) is 深度困难.
    setting_save(
        user=world.city_admin,
        org=world.city,
        year=year,
        dibao="700",
        recheck_due=dt.date(year, 12, 31),
    )
    campaign = campaign_create(
        user=world.city_admin,
        kind="warmth",
        name=f"{year}年冬送温暖",
        year=year,
        org=world.city,
        standards=[
            StandardData("deep", "深度困难", "1000", goods="米面油"),
            StandardData("relative", "相对困难", "500"),
        ],
        funds=[FundData("上级拨付", "50000")],
        budgets=[BudgetData(BUDGET, "50000")],
    )
    person = world.hanbin_person
    receipt = tmp_path / "签收单.pdf"
    receipt.write_bytes(PDF)

    officer = login("hanbin_officer")
    households_before, given_before = _figures(officer, url, year)

    # 申请 and 基层审核 by the grassroots union's chair.
    chair = login("hanbin_chair")
    chair.goto(f"{url}/relief/cases/new/")
    chair.fill("input[name=id_number]", person.id_number)
    chair.check("input[name=causes][value=illness]")
    chair.fill("input[name=household_size]", "2")
    chair.fill("input[name=household_income]", "1200")
    chair.fill("[name=situation]", "本人患病长期治疗，家庭收入微薄")
    chair.fill("input[name=m0-name]", "李秀英")
    chair.select_option("select[name=m0-relation]", "spouse")
    chair.fill("input[name=m0-id_number]", factories.id_number("610902", birth=dt.date(1980, 4, 2)))
    chair.fill("input[name=m0-occupation]", "无业")
    chair.click("#case-form button[type=submit]")
    chair.wait_for_selector("#case-status:text('待基层审核')")
    assert chair.inner_text("#case-category") == "深度困难"
    assert chair.inner_text("#case-income") == "600.00 元"
    case = Case.objects.get(person=person)
    _confirm(chair, "#review-form")
    chair.wait_for_selector("#case-status:text('待县区审批')")

    # 县区审批 by the county officer (another account than the reviewer).
    officer.goto(f"{url}/relief/cases/{case.pk}/")
    _confirm(officer, "#approve-form")
    officer.wait_for_selector("#case-status:text('已建档')")
    shot(officer, "relief-flow-case-filed")
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED and case.approved_by == world.hanbin_officer

    # The county's list on the city's campaign, generated from the ledger, then submitted.
    officer.goto(f"{url}/relief/campaigns/")
    officer.click(f"a:has-text('{campaign.name}')")
    officer.wait_for_selector("#standards")
    officer.select_option("#list-new select[name=budget_line]", BUDGET)
    officer.click("#list-new-submit")
    officer.wait_for_selector("#items")
    assert "名单中还没有人员" in officer.inner_text("#items")
    officer.check("#list-generate input[value=deep]")
    officer.click("#list-generate button[type=submit]")
    row = officer.locator("#items tbody tr", has_text=person.name)
    row.wait_for()
    assert case.number in row.inner_text()
    assert "1,000.00 元" in row.inner_text()
    officer.wait_for_selector("#list-total:has-text('1人 / 1,000.00 元')")
    shot(officer, "relief-flow-list-draft")
    officer.click("#list-submit")
    officer.wait_for_selector("#confirm-step")
    officer.check("input[name=confirm]")
    officer.click("#confirm-step button[type=submit]")
    officer.wait_for_selector("#list-status:has-text('已报送')")
    list_url = officer.url

    # Approved by another officer: the city's administrator.
    admin = login("city_admin")
    admin.goto(list_url)
    admin.click("#list-approve")
    admin.check("input[name=confirm]")
    admin.click("#confirm-step button[type=submit]")
    admin.wait_for_selector("#list-status:has-text('已审批')")

    # The worker signed for it: the officer registers the date and the scanned receipt.
    officer.goto(list_url)
    officer.locator("#items tbody tr", has_text=person.name).locator(
        "a:has-text('登记签收')"
    ).click()
    officer.fill("input[name=signed_on]", clock.today().isoformat())
    officer.set_input_files("input[name=upload]", str(receipt))
    officer.click("#receipt-form button[type=submit]")
    signed = officer.locator("#items tbody tr", has_text=person.name)
    signed.locator("a:has-text('凭证')").wait_for()
    assert f"{clock.today():%Y-%m-%d} 本人签收" in signed.inner_text()
    item = Distribution.objects.get(person=person)
    assert item.signed_on == clock.today() and item.receipt_path

    # The year's figures count the household and the money given.
    households_after, given_after = _figures(officer, url, year)
    shot(officer, "relief-flow-figures")
    assert households_after == households_before + 1
    assert given_after == given_before + Decimal("1000.00")
