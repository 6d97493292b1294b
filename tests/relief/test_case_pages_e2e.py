"""In a browser (Debian Chromium): a grassroots chair files a worker's hardship case with a
household member → reviews it (confirming) → a county officer approves and records a 帮扶 →
the worker sees the filed case and what they received on 我的困难帮扶."""

from __future__ import annotations

import datetime as dt

from gonghui.core import clock
from gonghui.relief import services_cases as services
from gonghui.relief.models.cases import Case, CaseStatus
from tests import factories
from tests.conftest import E2E

pytestmark = E2E


def _confirm(page, form: str) -> None:
    page.click(f"{form} button[type=submit]")
    page.locator("#confirm-modal-ok").click()
    page.wait_for_selector(".alert-success")


def test_file_review_approve_aid_and_the_worker_sees_it(world, live_server, login, shot):
    url = live_server.url
    year = clock.today().year
    services.setting_save(
        user=world.city_admin,
        org=world.city,
        year=year,
        dibao="700",
        recheck_due=dt.date(year, 12, 31),
    )
    person = world.hanbin_person
    child = factories.id_number("610902", birth=dt.date(2012, 5, 1))

    chair = login("hanbin_chair")
    chair.goto(f"{url}/relief/cases/new/")
    chair.fill("input[name=id_number]", person.id_number)
    chair.check("input[name=causes][value=illness]")
    chair.check("input[name=causes][value=schooling]")
    chair.fill("input[name=household_size]", "2")
    chair.fill("input[name=household_income]", "1200")
    chair.fill("input[name=m0-name]", "张小明")
    chair.select_option("select[name=m0-relation]", "child")
    chair.fill("input[name=m0-id_number]", child)
    chair.fill("input[name=m0-occupation]", "初中在读")
    shot(chair, "relief-case-apply")
    chair.click("#case-form button[type=submit]")
    chair.wait_for_selector("#case-status:text('待基层审核')")
    case = Case.objects.get(person=person)
    assert chair.locator("#case-category").inner_text() == "深度困难"
    assert child not in chair.locator("#members").inner_text()
    _confirm(chair, "#review-form")

    officer = login("hanbin_officer")
    officer.goto(f"{url}/relief/cases/{case.pk}/")
    _confirm(officer, "#approve-form")
    officer.wait_for_selector("#case-status:text('已建档')")
    officer.select_option("#aid-form select[name=kind]", "money")
    officer.fill("#aid-form input[name=amount]", "800")
    officer.fill("#aid-form input[name=description]", "大病救助金")
    officer.click("#aid-form button[type=submit]")
    officer.wait_for_selector("#given:has-text('大病救助金')")
    # The officer reveals the child's full ID number (logged).
    officer.click("#members button:text('显示完整号码')")
    officer.locator("#confirm-modal-ok").click()
    officer.wait_for_selector(f"#members:has-text('{child}')")
    shot(officer, "relief-case-detail")
    officer.goto(f"{url}/relief/")
    shot(officer, "relief-case-list")
    officer.goto(f"{url}/relief/settings/")
    shot(officer, "relief-settings")
    officer.goto(f"{url}/relief/rechecks/")
    shot(officer, "relief-rechecks")

    case.refresh_from_db()
    assert case.status == CaseStatus.FILED and case.approved_by == world.hanbin_officer

    member = login("hanbin_member")
    member.goto(f"{url}/relief/mine/")
    assert "已建档" in member.locator(".case-status").inner_text()
    assert "大病救助金" in member.locator("#given").inner_text()
    shot(member, "relief-mine")
