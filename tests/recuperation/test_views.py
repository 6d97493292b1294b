"""The pages: the whole year through the web client, scope and self-service."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.test import Client
from django.urls import reverse

from gonghui.recuperation import services
from gonghui.recuperation.models import Invitation, InvitationStatus, Plan, PlanStatus, SelectionRun


def _login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _approved_plan(rw):
    plan = rw.plan()
    rw.batch(plan, "B1", max_size=3)
    rw.batch(plan, "B2", start=dt.date(2026, 12, 21), max_size=2, base=rw.base2)
    return rw.approve(plan)


def test_drafting_a_plan_and_a_batch_through_the_pages(rw):
    c = _login(rw.w.city_admin)
    r = c.post(
        reverse("recuperation:plan_create"),
        {
            "year": 2026,
            "title": "2026年劳模疗休养工作方案",
            "budget": "600000.00",
            "budget_line": "工会经费",
            "seed": 20260101,
            "cooldown_years": 2,
            "skip_if_provincial_trip_same_year": "on",
            "w_never_been": 100,
            "w_frontline": 40,
            "w_hardship_post": 40,
            "w_key_sector": 20,
            "w_per_year_since_last": 5,
            "w_preferred_batch": 3,
        },
    )
    plan = Plan.objects.get()
    assert r.status_code == 302 and plan.seed == 20260101
    r = c.post(
        reverse("recuperation:batch_create", args=[plan.pk]),
        {
            "code": "B1",
            "base": rw.base.pk,
            "start_date": "2026-12-14",
            "end_date": "2026-12-10",
            "min_size": 1,
            "max_size": 3,
            "cost_per_person": "3800",
            "travel_cost": "*=1000",
        },
    )
    assert "返回日期2026-12-10早于出发日期2026-12-14" in r.content.decode()
    r = c.post(
        reverse("recuperation:batch_create", args=[plan.pk]),
        {
            "code": "B1",
            "base": rw.base.pk,
            "start_date": "2026-12-14",
            "end_date": "2026-12-18",
            "min_size": 1,
            "max_size": 3,
            "cost_per_person": "3800",
            "travel_cost": "610902=900\n*=1000",
        },
    )
    assert r.status_code == 302
    assert plan.batches.get().travel_cost == {"610902": "900.00", "*": "1000.00"}
    r = c.post(reverse("recuperation:plan_run", args=[plan.pk]), follow=True)
    assert "工作方案尚未经党组会审定，不能进行遴选" in r.content.decode()
    r = c.post(
        reverse("recuperation:plan_approve", args=[plan.pk]),
        {"meeting_date": "2026-03-02", "minute_no": "〔2026〕3号"},
        follow=True,
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and "党组会审定" in r.content.decode()


def test_run_publish_decline_and_download_through_the_pages(rw):
    plan = _approved_plan(rw)
    c = _login(rw.w.city_admin)
    r = c.post(reverse("recuperation:plan_run", args=[plan.pk]))
    run = SelectionRun.objects.get()
    assert r.url == reverse("recuperation:run_detail", args=[run.pk])
    page = c.get(r.url).content.decode()
    assert run.input_sha256 in page and "下载输入（JSON）" in page
    body = c.get(reverse("recuperation:run_input", args=[run.pk])).content
    assert hashlib.sha256(body).hexdigest() == run.input_sha256
    r = c.post(reverse("recuperation:run_publish", args=[run.pk]), follow=True)
    assert "已公示，公示期至2026年11月30日" in r.content.decode()
    page = c.get(reverse("recuperation:publicity", args=[plan.pk])).content.decode()
    inv = Invitation.objects.filter(plan=plan, batch__code="B1").first()
    assert inv.person.name in page and inv.person.id_masked in page
    r = c.post(
        reverse("recuperation:invitation_decline", args=[inv.pk]),
        {"next": reverse("recuperation:invitation_list", args=[plan.pk])},
        follow=True,
    )
    assert f"{inv.person.name}已谢绝批次B1；已递补邀请候补人员" in r.content.decode()
    assert Invitation.objects.filter(plan=plan, from_waitlist=True).count() == 1


def test_a_member_sees_their_own_result_and_confirms(rw):
    plan = _approved_plan(rw)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    services.selection_publish(user=rw.w.city_admin, run=run)
    c = _login(rw.w.hanbin_member)
    page = c.get(reverse("recuperation:mine")).content.decode()
    assert "2026年劳模疗休养遴选结果" in page and run.input_sha256 in page
    inv = Invitation.objects.filter(plan=plan, person=rw.people[0]).first()
    if inv is not None:
        c.post(reverse("recuperation:invitation_confirm", args=[inv.pk]))
        inv.refresh_from_db()
        assert inv.status == InvitationStatus.CONFIRMED
    other = Invitation.objects.filter(plan=plan).exclude(person=rw.people[0]).first()
    assert c.post(reverse("recuperation:invitation_confirm", args=[other.pk])).status_code == 404


def test_members_cannot_open_officer_pages(rw):
    plan = _approved_plan(rw)
    c = _login(rw.w.hanbin_member)
    assert c.get(reverse("recuperation:plan_detail", args=[plan.pk])).status_code == 403
    assert c.get(reverse("recuperation:plan_list")).status_code == 403


def test_every_page_renders_for_the_city_admin(rw, today):
    plan = _approved_plan(rw)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    services.selection_publish(user=rw.w.city_admin, run=run)
    batch = plan.batches.get(code="B1")
    c = _login(rw.w.city_admin)
    for name, args in [
        ("plan_list", []),
        ("plan_detail", [plan.pk]),
        ("candidates", [plan.pk]),
        ("publicity", [plan.pk]),
        ("invitation_list", [plan.pk]),
        ("run_detail", [run.pk]),
        ("batch_detail", [batch.pk]),
        ("base_list", []),
        ("inbound_list", []),
        ("report", []),
        ("plan_create", []),
    ]:
        r = c.get(reverse(f"recuperation:{name}", args=args))
        assert r.status_code == 200, name
    r = c.get(reverse("recuperation:batch_needs", args=[batch.pk, "pdf"]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_the_plan_page_query_count_does_not_grow_with_batches(rw, django_assert_max_num_queries):
    plan = _approved_plan(rw)
    c = _login(rw.w.city_admin)
    with django_assert_max_num_queries(30):
        assert c.get(reverse("recuperation:plan_detail", args=[plan.pk])).status_code == 200


def test_a_model_worker_gives_availability_in_self_service(rw):
    plan = _approved_plan(rw)
    b1, b2 = plan.batches.order_by("code")
    c = _login(rw.w.hanbin_member)
    assert "2026年疗休养时间意向" in c.get(reverse("recuperation:mine")).content.decode()
    r = c.post(
        reverse("recuperation:mine_availability", args=[plan.pk]),
        {"unavailable": [b1.pk], "preferred": [b2.pk]},
        follow=True,
    )
    assert "时间意向已提交" in r.content.decode()
    data = services.selection_build_input(plan=plan)
    me = next(
        x
        for x in data["candidates"]
        if x["id"] == services.candidate_code(plan.year, rw.people[0].pk)
    )
    assert (me["unavailable"], me["preferred"]) == (["B1"], ["B2"])


def test_an_officer_opening_health_data_is_logged_and_a_chair_does_not_see_it(rw):
    from gonghui.core.models import AuditAction, AuditLog

    plan = _approved_plan(rw)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    services.selection_publish(user=rw.w.city_admin, run=run)
    inv = Invitation.objects.filter(plan=plan, person__org=rw.w.hanbin_union).first()
    services.need_save(user=rw.w.city_admin, invitation=inv, diet="清淡", health="冠心病")
    page = _login(rw.w.hanbin_officer).get(reverse("recuperation:need_edit", args=[inv.pk]))
    assert "冠心病" in page.content.decode()
    assert AuditLog.objects.filter(
        action=AuditAction.VIEW_PII, user=rw.w.hanbin_officer, note="查看接待需求中的健康信息"
    ).exists()
    page = _login(rw.w.hanbin_chair).get(reverse("recuperation:need_edit", args=[inv.pk]))
    assert "冠心病" not in page.content.decode() and "清淡" in page.content.decode()
