"""In a browser (Debian Chromium): a county officer starts a 建会攻坚, ticks a target, logs a
visit and founds the union from the drive's page; a 集中入会 is entered with rows of people; a
示范点 is named by one officer, approved by another and paid by the first."""

from __future__ import annotations

from decimal import Decimal

from gonghui.core import clock
from gonghui.core.models import Role
from gonghui.workplace.models import Budget, DemoSite, Drive, Founding, SiteStatus
from tests import factories
from tests.conftest import E2E
from tests.workplace.fixtures_organizing import employer, joiner, unionized

pytestmark = E2E


def test_a_drive_from_target_to_founded_union(world, live_server, login, shot):
    url = live_server.url
    today = clock.today()
    target = employer(world.hanbin, "汉滨区云顺物流有限公司", employees=48)
    employer(world.hanbin, "汉滨区小站快递服务部", employees=7, has_party_org=True)

    officer = login("hanbin_officer")
    officer.goto(f"{url}/workplace/drives/new/")
    officer.fill("input[name=name]", f"{today.year}年物流企业建会攻坚")
    officer.select_option("select[name=year]", str(today.year))
    officer.select_option("select[name=officer]", str(world.hanbin_officer.pk))
    officer.fill("input[name=starts_on]", f"{today.year}-01-01")
    officer.fill("input[name=ends_on]", f"{today.year}-12-31")
    shot(officer, "workplace-drive-new")
    officer.click("#drive-form button[type=submit]")
    officer.wait_for_selector("#drive-status:text('进行中')")
    officer.check(f"#cand-{target.pk}")
    officer.click("#targets-add-submit")
    officer.wait_for_selector("#targets td:text('汉滨区云顺物流有限公司')")
    assert "单独建会" in officer.inner_text("#targets")

    officer.click("#targets a:text('走访')")
    officer.select_option("select[name=outcome]", "agreed")
    officer.fill("textarea[name=note]", "总经理同意本月召开成立大会")
    officer.click("#visit-form button[type=submit]")
    officer.wait_for_selector("#visits td:text('总经理同意本月召开成立大会')")

    officer.click("#targets a:text('登记建会')")
    officer.fill("input[name=meeting_on]", f"{today:%Y-%m-%d}")
    officer.fill("input[name=chair_name]", "陈志强")
    officer.fill("input[name=attendees]", "40")
    officer.fill("input[name=members]", "38")
    shot(officer, "workplace-founding-new")
    officer.click("#founding-form button[type=submit]")
    officer.wait_for_selector("#progress-founded:text('1')")
    shot(officer, "workplace-drive-detail")
    founding = Founding.objects.get()
    assert founding.union.name == "汉滨区云顺物流有限公司工会委员会"
    assert founding.drive == Drive.objects.get()

    officer.goto(f"{url}/workplace/foundings/")
    shot(officer, "workplace-founding-list")
    assert officer.locator("#list-results tbody tr").count() == 1


def test_a_join_event_with_rows_of_people(world, live_server, login, shot):
    url = live_server.url
    officer = login("hanbin_officer")
    officer.goto(f"{url}/workplace/join-events/new/")
    officer.fill("input[name=title]", "外卖骑手集中入会")
    officer.fill("input[name=held_on]", f"{clock.today():%Y-%m-%d}")
    officer.fill("input[name=place]", "汉滨区新就业形态劳动者驿站")
    officer.get_by_label("入会的工会").click()
    picker = officer.locator("[data-orgpicker]").nth(1)
    picker.locator(".gh-orgpicker-search").fill(world.hanbin_union.name)
    picker.locator(f'.gh-orgpicker-pick[data-org-name="{world.hanbin_union.name}"]').click()
    for i, (name, form) in enumerate([("骑手王", "rider"), ("骑手刘", "rider"), ("职工陈", "")]):
        j = joiner(name, form=form)
        officer.fill(f"input[name=j{i}_name]", j.name)
        officer.fill(f"input[name=j{i}_id]", j.id_number)
        officer.select_option(f"select[name=j{i}_form]", form)
    shot(officer, "workplace-join-event-new")
    officer.click("#join-event-form button[type=submit]")
    officer.wait_for_selector("#joined-count:text('3')")
    assert officer.inner_text("#new-form-count") == "2"
    shot(officer, "workplace-join-event-detail")


def test_a_site_named_approved_by_another_and_paid(world, live_server, login, shot):
    url = live_server.url
    year = clock.today().year
    Budget.objects.create(org=world.hanbin, year=year, line="示范点补助", amount=Decimal("140000"))
    target = unionized(world.hanbin, "汉滨区恒口示范区党工共建企业")
    factories.user(Role.COUNTY_OFFICER, world.hanbin, "hanbin_checker")

    maker = login("hanbin_officer")
    maker.goto(f"{url}/workplace/sites/new/")
    maker.fill("input[name=credit_code]", target.credit_code)
    maker.select_option("select[name=year]", str(year))
    maker.select_option("select[name=budget]", label=f"{year}年 汉滨区总工会 示范点补助")
    maker.click("#site-form button[type=submit]")
    maker.wait_for_selector("#site-status:text('已命名')")
    assert "须由其他工作人员审批" in maker.inner_text("#approve")

    checker = login("hanbin_checker")
    site = DemoSite.objects.get()
    checker.goto(f"{url}/workplace/sites/{site.pk}/")
    checker.click("#approve-submit")
    checker.locator("#confirm-modal-ok").click()
    checker.wait_for_selector("#site-status:text('补助已审批')")

    maker.goto(f"{url}/workplace/sites/{site.pk}/")
    maker.fill("input[name=paid_on]", f"{clock.today():%Y-%m-%d}")
    maker.fill("input[name=voucher]", "记-2026-128")
    maker.click("#pay-submit")
    maker.wait_for_selector("#site-status:text('补助已发放')")
    shot(maker, "workplace-site-detail")
    assert DemoSite.objects.get().status == SiteStatus.PAID

    maker.goto(f"{url}/workplace/sites/?year={year}")
    assert maker.inner_text("#total-paid") == "5,000.00 元"
    shot(maker, "workplace-site-list")
