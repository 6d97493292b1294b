"""The whole year in a browser (Debian Chromium): draft → 党组会 → selection → publicity →
a decline moves the waiting list → attendance and costs → the year's report with charts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import time_machine

from gonghui.core.models import Role
from gonghui.recuperation import services
from gonghui.recuperation.models import Invitation, InvitationStatus, Plan
from tests import factories
from tests.conftest import E2E

pytestmark = E2E
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=True)  # a 2026 plan
def test_the_whole_year_in_the_browser(rw, live_server, login, today, settings):
    settings.JOBS_BACKEND = "thread"
    url = live_server.url
    admin = login("city_admin")

    # Draft the plan.
    admin.goto(f"{url}/recuperation/plans/new/")
    admin.fill("input[name=title]", "2026年劳模疗休养工作方案")
    admin.fill("input[name=budget]", "600000.00")
    admin.fill("input[name=seed]", "20260101")
    admin.click("main button[type=submit]")
    admin.wait_for_selector("text=（草稿）")
    plan = Plan.objects.get()
    admin.click("text=添加批次")
    admin.select_option("select[name=base]", label="宁波工人疗养院")
    admin.fill("input[name=start_date]", "2026-12-14")
    admin.fill("input[name=end_date]", "2026-12-18")
    admin.fill("input[name=min_size]", "1")
    admin.fill("input[name=max_size]", "3")
    admin.fill("input[name=cost_per_person]", "3000")
    admin.fill("textarea[name=travel_cost]", "610902=500\n*=800")
    admin.click("main button[type=submit]")
    admin.wait_for_selector("#batches >> text=宁波工人疗养院")

    # A run before approval is refused.
    assert admin.locator("#run-selection").count() == 0

    # Approve at the 党组会.
    admin.fill("#approve-card input[name=meeting_date]", "2026-03-02")
    admin.fill("#approve-card input[name=minute_no]", "市总党组会纪要〔2026〕3号")
    admin.click("#approve")
    admin.wait_for_selector("#plan-status:has-text('党组会审定')")

    # Run the selection as a background job; the page follows its progress.
    admin.click("#run-selection")
    admin.wait_for_selector("#sha256", timeout=60000)
    sha = admin.inner_text("#sha256").strip()
    with admin.expect_download() as dl:
        admin.click("#download-input")
    import hashlib

    assert hashlib.sha256(Path(dl.value.path()).read_bytes()).hexdigest() == sha

    # Publish: the publicity page lists the selected with masked ID numbers.
    admin.click("#publish")
    admin.wait_for_selector("text=现予公示")
    invs = list(Invitation.objects.filter(plan=plan).select_related("person"))
    assert len(invs) == 3
    for inv in invs:
        assert admin.locator(f"text={inv.person.id_masked}").count() == 1

    # A selected person declines in self-service; the next on the waiting list is invited.
    decliner = invs[0]
    user = getattr(decliner.person, "user", None) or factories.user(
        Role.MEMBER, decliner.person.org, "selected1", person=decliner.person
    )
    me = login(user.username)
    me.goto(f"{url}/recuperation/mine/")
    me.wait_for_selector("text=您已入选")
    me.fill("input[name=reason]", "家中有事")
    me.click(f"#decline-{decliner.pk}")
    me.wait_for_selector("text=已递补邀请候补人员")
    nxt = Invitation.objects.get(plan=plan, from_waitlist=True)
    assert nxt.status == InvitationStatus.INVITED
    admin.goto(f"{url}/recuperation/plans/{plan.pk}/invitations/")
    admin.wait_for_selector(f"tr[data-person='{nxt.person.name}'] >> text=候补递补")

    # Everyone left confirms (officer on their behalf), then the batch runs.
    for inv in Invitation.objects.filter(plan=plan, status=InvitationStatus.INVITED):
        services.invitation_confirm(user=rw.w.city_admin, invitation=inv)
    today(dt.date(2026, 12, 19))
    batch = plan.batches.get()
    admin.goto(f"{url}/recuperation/batches/{batch.pk}/")
    for inv in Invitation.objects.filter(plan=plan, status=InvitationStatus.CONFIRMED):
        row = admin.locator(f"#roster tr[data-person='{inv.person.name}']")
        row.locator("input[name=travel]").fill("500")
        row.locator("button").click()
        admin.wait_for_selector(f"text=已登记{inv.person.name}的出勤")
    admin.fill("input[name=accommodation]", "9000")
    admin.click("text=登记实际费用")
    admin.wait_for_selector("text=已登记实际费用")
    assert "差额" in admin.inner_text("#costs")

    # An inbound group received this year (瀛湖, 石泉, 紫阳).
    admin.goto(f"{url}/recuperation/inbound/")
    form = admin.locator("form#inbound-form")
    form.locator("input[name=partner]").fill("常州市总工会")
    form.locator("input[name=size]").fill("140")
    form.locator("input[name=start_date]").fill("2026-06-01")
    form.locator("input[name=end_date]").fill("2026-06-07")
    form.locator("input[name=sites]").fill("瀛湖、石泉、紫阳")
    form.locator("input[name=local_spending]").fill("560000")
    form.locator("button").click()
    admin.wait_for_selector("text=2026年来安接待：1批次，140人")

    # The year's report with its charts.
    admin.goto(f"{url}/recuperation/report/?year=2026")
    admin.wait_for_selector("#chart-county canvas")
    admin.wait_for_selector("#chart-level canvas")
    assert "3人 / 1批" in admin.inner_text("#fig-outbound")
    assert "1批 / 140人" in admin.inner_text("#fig-inbound")
    SHOTS.mkdir(parents=True, exist_ok=True)
    admin.screenshot(path=str(SHOTS / "recuperation_report.png"), full_page=True)


def test_a_batch_is_edited_then_deleted_after_confirming(rw, live_server, login):
    plan = rw.plan()
    rw.batch(plan, "B1")
    rw.batch(plan, "B2", start=dt.date(2026, 12, 21), base=rw.base2)
    admin = login("city_admin")
    admin.goto(f"{live_server.url}/recuperation/plans/{plan.pk}/")

    admin.click("tr[data-batch=B2] >> text=编辑")
    admin.fill("input[name=max_size]", "4")
    admin.click("main button[type=submit]")
    admin.wait_for_selector("text=已保存批次B2")
    assert admin.inner_text("tr[data-batch=B2] .size") == "1–4"

    admin.click("tr[data-batch=B2] >> text=删除")
    admin.wait_for_selector("#confirm-question:has-text('删除批次B2吗？删除后不可恢复。')")
    assert plan.batches.count() == 2  # nothing happens before the confirmation
    admin.click("#confirm-submit")
    admin.wait_for_selector("text=已删除批次B2")
    assert admin.locator("tr[data-batch=B2]").count() == 0
    assert list(plan.batches.values_list("code", flat=True)) == ["B1"]
