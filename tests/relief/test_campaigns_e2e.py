"""In a browser (Debian Chromium): 汉滨's officer makes a list on the city's 冬送温暖, generates it
from the ledger and adds a person → submits it → the city's administrator approves it → the
officer registers a 代领 → the unsigned page is empty and the campaign counts the money given."""

from __future__ import annotations

from gonghui.core import clock
from tests.conftest import E2E
from tests.relief.fixtures_campaigns import BUDGET, filed_case, person_in, warmth

pytestmark = E2E


def test_list_submit_approve_and_receipt_in_the_browser(world, live_server, login, shot):
    url = live_server.url
    campaign = warmth(world)
    filed_case(person_in(world.hanbin_union, "赵敏"), "deep")

    officer = login("hanbin_officer")
    officer.on("dialog", lambda d: d.accept())
    officer.goto(f"{url}/relief/campaigns/")
    shot(officer, "relief-campaign-list")
    officer.click(f"a:has-text('{campaign.name}')")
    officer.wait_for_selector("#standards")
    officer.select_option("#list-new select[name=budget_line]", BUDGET)
    officer.click("#list-new-submit")
    officer.wait_for_selector("#items")
    officer.check("#list-generate input[value=deep]")
    officer.click("#list-generate button[type=submit]")
    officer.wait_for_selector("#items :text('赵敏')")
    officer.fill("#item-add input[name=id_number]", world.hanbin_person.id_number)
    officer.select_option("#item-add select[name=group]", "relative")
    officer.fill("#item-add input[name=amount]", "600")
    officer.click("#item-add button[type=submit]")
    officer.wait_for_selector(".alert:has-text('须填写调整原因')")
    officer.fill("#item-add input[name=id_number]", world.hanbin_person.id_number)
    officer.select_option("#item-add select[name=group]", "relative")
    officer.fill("#item-add input[name=amount]", "600")
    officer.fill("#item-add input[name=override_reason]", "子女就学")
    officer.click("#item-add button[type=submit]")
    officer.wait_for_selector("#list-total:has-text('2人 / 1,600.00 元')")
    shot(officer, "relief-list-draft")
    officer.click("#list-submit")
    officer.wait_for_selector("#confirm-step")
    shot(officer, "relief-list-confirm")
    officer.check("input[name=confirm]")
    officer.click("#confirm-step button[type=submit]")
    officer.wait_for_selector("#list-status:has-text('已报送')")
    list_url = officer.url

    admin = login("city_admin")
    admin.goto(list_url)
    admin.click("#list-approve")
    admin.check("input[name=confirm]")
    admin.click("#confirm-step button[type=submit]")
    admin.wait_for_selector("#list-status:has-text('已审批')")

    officer.goto(f"{url}/relief/campaigns/{campaign.pk}/unsigned/")
    shot(officer, "relief-unsigned")
    officer.click("#unsigned tr:has-text('赵敏') a:has-text('登记签收')")
    officer.fill("input[name=signed_on]", clock.today().isoformat())
    officer.fill("input[name=proxy_name]", "赵强")
    officer.fill("input[name=proxy_reason]", "本人住院，由其子代领")
    shot(officer, "relief-receipt")
    officer.click("#receipt-form button[type=submit]")
    officer.wait_for_selector("#items :text('代领：赵强')")
    officer.goto(f"{url}/relief/campaigns/{campaign.pk}/unsigned/")
    assert "赵敏" not in officer.inner_text("#unsigned")
    officer.goto(f"{url}/relief/campaigns/{campaign.pk}/")
    assert "2人 / 1,600.00 元" in officer.inner_text("#approved-total")
    shot(officer, "relief-campaign-detail")
    officer.goto(f"{url}/relief/campaigns/new/")
    shot(officer, "relief-campaign-new")
