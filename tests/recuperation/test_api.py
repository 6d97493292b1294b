"""The read-only API: plans with batches, and the published selection (masked IDs, scoped)."""

from __future__ import annotations

from gonghui.recuperation import services
from gonghui.recuperation.models import Invitation
from tests.kit import signed_in
from tests.recuperation.scope_samples import shiquan_records


def _published(rw):
    plan = rw.plan()
    rw.batch(plan, "B1", max_size=3)
    rw.approve(plan)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    services.selection_publish(user=rw.w.city_admin, run=run)
    return plan, run


def test_plans_are_listed_with_pagination_and_filters(rw):
    plan = rw.plan()
    data = signed_in(rw.w.hanbin_officer).get("/api/recuperation/plans?year=2026").json()
    assert data["count"] == 1
    [item] = data["items"]
    assert (item["id"], item["status"], item["status_label"], item["budget"]) == (
        plan.pk,
        "draft",
        "草稿",
        "100000.00",
    )
    assert (
        signed_in(rw.w.hanbin_officer).get("/api/recuperation/plans?year=2025").json()["count"] == 0
    )


def test_a_plan_detail_has_its_batches_and_policy(rw):
    plan = rw.plan()
    rw.batch(plan, "B1")
    data = signed_in(rw.w.city_admin).get(f"/api/recuperation/plans/{plan.pk}").json()
    assert data["title"] == "2026年劳模疗休养工作方案" and data["policy"]["cooldown_years"] == 2
    [batch] = data["batches"]
    assert batch["code"] == "B1" and batch["base_name"] == "宁波工人疗养院" and batch["days"] == 5
    assert batch["cost_per_person"] == "3000.00"
    assert batch["travel_cost"] == {"610902": "500.00", "*": "800.00"}


def test_the_selection_before_publication_is_a_404_with_a_chinese_message(rw):
    plan = rw.plan()
    r = signed_in(rw.w.city_admin).get(f"/api/recuperation/plans/{plan.pk}/selection")
    assert r.status_code == 404 and "尚未公示遴选结果" in r.json()["detail"]


def test_the_published_selection_lists_people_with_masked_ids(rw):
    plan, run = _published(rw)
    data = signed_in(rw.w.city_admin).get(f"/api/recuperation/plans/{plan.pk}/selection").json()
    assert data["input_sha256"] == run.input_sha256
    assert data["output_sha256"] == run.output_sha256 and len(run.output_sha256) == 64
    [b1] = data["batches"]
    assert b1["code"] == "B1" and b1["total"] == 3 and len(b1["persons"]) == 3
    ids = {p["person_id"] for p in b1["persons"]}
    assert ids == set(Invitation.objects.filter(plan=plan).values_list("person_id", flat=True))
    for p in b1["persons"]:
        assert "********" in p["id_masked"] and p["status_label"] == "待确认"


def test_a_county_officer_sees_only_their_people_and_a_plan_of_another_county_is_404(world):
    shiquan_records(world)
    c = signed_in(world.hanbin_officer)
    plans = c.get("/api/recuperation/plans").json()["items"]
    assert [p["title"] for p in plans] == ["2025年劳模疗休养工作方案"]  # not 石泉's own plan
    city_plan = plans[0]["id"]
    body = c.get(f"/api/recuperation/plans/{city_plan}/selection").content.decode()
    names = [
        p["name"]
        for b in c.get(f"/api/recuperation/plans/{city_plan}/selection").json()["batches"]
        for p in b["persons"]
    ]
    assert "公孙汉疗" in names and "欧阳疗泉" not in body
    from gonghui.recuperation.models import Plan

    sq_plan = Plan.objects.get(title="石泉县疗养标记方案")
    for url in (
        f"/api/recuperation/plans/{sq_plan.pk}",
        f"/api/recuperation/plans/{sq_plan.pk}/selection",
    ):
        r = c.get(url)
        assert r.status_code == 404 and "不在您的管辖范围内" in r.json()["detail"]


def test_a_member_sees_no_plans_through_the_api(rw):
    plan, _run = _published(rw)
    c = signed_in(rw.w.hanbin_member)
    assert c.get("/api/recuperation/plans").json()["count"] == 0
    assert c.get(f"/api/recuperation/plans/{plan.pk}/selection").status_code == 404
