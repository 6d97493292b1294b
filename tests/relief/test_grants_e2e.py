"""In a browser (Debian Chromium): a union chair applies for 金秋助学 with the admission letter →
the county officer approves and records the payment → the figures count the student and the
drill-down lists them → the auditor opens the campaign's 专项审计 view."""

from __future__ import annotations

from gonghui.core import clock
from gonghui.relief.models import GrantStatus, StudentGrant
from tests.conftest import E2E
from tests.relief.fixtures_activities import PDF, campaign, child_id, site, warmth

pytestmark = E2E


def test_apply_approve_pay_and_see_the_figures_and_the_audit(
    world, live_server, login, shot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = live_server.url
    camp = campaign(world, "schooling", name="2026年全市金秋助学")
    site(world, campaign(world, "coolness"), workers=40)
    warmth(world)
    letter = tmp_path / "录取通知书.pdf"
    letter.write_bytes(PDF)

    chair = login("hanbin_chair")
    chair.goto(f"{url}/relief/activities/grants/apply/")
    chair.select_option("select[name=campaign]", str(camp.pk))
    chair.fill("input[name=parent_id_number]", world.hanbin_person.id_number)
    chair.fill("input[name=student_name]", "张小明")
    chair.fill("input[name=student_id]", child_id().lower())
    chair.fill("input[name=university]", "西北大学")
    chair.fill("input[name=amount]", "3000")
    chair.set_input_files("input[name=upload]", str(letter))
    shot(chair, "relief-grant-apply")
    chair.click("main button[type=submit]")
    chair.wait_for_selector("#grant-status:text('待审核')")

    officer = login("hanbin_officer")
    grant = StudentGrant.objects.get()
    officer.goto(f"{url}/relief/activities/grants/{grant.pk}/")
    officer.click("#review button:text('审核通过')")
    officer.wait_for_selector("#grant-status:text('已审核')")
    officer.fill("input[name=paid_on]", f"{clock.today():%Y-%m-%d}")
    officer.click("#pay button")
    officer.wait_for_selector("#grant-status:text('已发放')")
    shot(officer, "relief-grant-detail")
    assert StudentGrant.objects.get().status == GrantStatus.PAID

    officer.goto(f"{url}/relief/activities/grants/")
    shot(officer, "relief-grant-list")
    assert officer.locator("#list-results tbody tr").count() == 1

    officer.goto(f"{url}/relief/activities/figures/?year={camp.year}")
    assert officer.inner_text("#fig-students") == "1 名"
    assert officer.inner_text("#fig-workers") == "40 人"
    officer.wait_for_selector("#chart-campaigns canvas")
    shot(officer, "relief-figures")
    officer.click("#fig-students")
    officer.wait_for_selector("#figure-total")
    assert "张小明" in officer.inner_text("#list-results")
    shot(officer, "relief-figure-rows")

    auditor = login("auditor")
    auditor.goto(f"{url}/relief/activities/audit/{camp.pk}/")
    assert "张小明" in auditor.inner_text("#audit-records")
    shot(auditor, "relief-audit")
