"""Plans, batches, 党组会 approval, frozen policy and versions; bad input gets Chinese messages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditLog
from gonghui.core.permissions import Denied
from gonghui.recuperation import services
from gonghui.recuperation.models import Base, Batch, Plan, PlanStatus


def test_bases_of_the_seed_articles_are_there_after_migrate(db):
    names = set(Base.objects.values_list("name", flat=True))
    assert {"新疆工人疗养院", "宁波工人疗养院", "陕西省工人疗养院", "上坝河劳模疗休养基地"} <= names


def test_a_draft_plan_has_the_default_policy_and_is_audited(rw):
    plan = rw.plan()
    assert plan.status == PlanStatus.DRAFT and plan.version == 1
    assert plan.policy["cooldown_years"] == 2
    assert plan.policy["eligible_kinds"] == ["劳动模范", "先进工作者", "五一劳动奖章"]
    assert AuditLog.objects.filter(model="recuperation.plan", object_id=str(plan.pk)).exists()


def test_a_second_current_plan_for_the_same_year_is_refused(rw):
    rw.plan()
    with pytest.raises(DomainError, match="2026年已有工作方案"):
        rw.plan()


def test_a_county_officer_cannot_draw_up_the_city_plan(rw):
    plan = rw.plan()
    with pytest.raises(Denied, match="无权修改疗休养工作方案：该记录不在您的管辖范围内"):
        services.plan_update(user=rw.w.hanbin_officer, plan=plan, title="改名")


def test_a_batch_whose_return_precedes_departure_is_refused(rw):
    plan = rw.plan()
    with pytest.raises(DomainError, match="返回日期2026-12-01早于出发日期2026-12-05"):
        services.batch_add(
            user=rw.w.city_admin,
            plan=plan,
            code="B1",
            base=rw.base,
            start_date=dt.date(2026, 12, 5),
            end_date=dt.date(2026, 12, 1),
            min_size=1,
            max_size=3,
            cost_per_person="1000",
            travel_cost={"*": "1"},
        )
    assert not Batch.objects.exists()


def test_a_batch_whose_min_exceeds_max_is_refused(rw):
    plan = rw.plan()
    with pytest.raises(DomainError, match="最少人数40大于最多人数30"):
        rw.batch(plan, min_size=40, max_size=30)
    assert not Batch.objects.exists()


def test_batches_overlapping_at_the_same_base_are_refused(rw):
    plan = rw.plan()
    rw.batch(plan, "B1", start=dt.date(2026, 12, 14), days=5)
    with pytest.raises(DomainError, match=r"与批次B1.*在同一基地的日期重叠"):
        rw.batch(plan, "B2", start=dt.date(2026, 12, 16), days=5)
    rw.batch(plan, "B3", start=dt.date(2026, 12, 16), days=5, base=rw.base2)  # other base: fine
    assert plan.batches.count() == 2


def test_the_database_refuses_min_greater_than_max_even_without_the_service(rw):
    plan = rw.plan()
    with pytest.raises(IntegrityError), transaction.atomic():
        Batch.objects.create(
            plan=plan,
            code="X",
            base=rw.base,
            start_date=dt.date(2026, 12, 1),
            end_date=dt.date(2026, 12, 5),
            min_size=5,
            max_size=2,
            cost_per_person=1,
            travel_cost={"*": "1"},
        )


def test_approval_records_the_party_group_meeting(rw):
    plan = rw.plan()
    rw.batch(plan)
    plan = rw.approve(plan)
    assert plan.status == PlanStatus.APPROVED
    assert (plan.meeting_date, plan.meeting_minute_no) == (
        dt.date(2026, 3, 2),
        "党组会纪要〔2026〕3号",
    )


def test_approval_needs_meeting_date_and_minute_number(rw):
    plan = rw.plan()
    rw.batch(plan)
    with pytest.raises(DomainError, match="请填写党组会日期和会议纪要编号"):
        services.plan_approve(
            user=rw.w.city_admin, plan=plan, meeting_date=dt.date(2026, 3, 2), minute_no=" "
        )


def test_a_budget_below_one_persons_cost_is_refused_at_approval(rw):
    plan = rw.plan(budget="2000.00")
    rw.batch(plan, cost="3000.00")
    with pytest.raises(DomainError, match=r"预算2,000\.00元低于一人的费用.*3,500\.00元"):
        rw.approve(plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_after_approval_policy_and_batches_are_frozen(rw):
    plan = rw.plan()
    rw.batch(plan)
    rw.approve(plan)
    with pytest.raises(DomainError, match="政策已冻结"):
        services.plan_update(user=rw.w.city_admin, plan=plan, policy={"cooldown_years": 3})
    with pytest.raises(DomainError, match="批次已冻结"):
        rw.batch(plan, "B2", base=rw.base2)


def test_a_change_after_approval_makes_a_new_version_and_both_stay_visible(rw):
    plan = rw.plan()
    rw.batch(plan)
    rw.approve(plan)
    new = services.plan_new_version(
        user=rw.w.city_admin, plan=plan, reason="增加退休劳模限制", policy={"exclude_retired": True}
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUPERSEDED and plan.policy["exclude_retired"] is False
    assert (new.version, new.status, new.change_reason) == (2, PlanStatus.DRAFT, "增加退休劳模限制")
    assert new.policy["exclude_retired"] is True and new.previous == plan
    assert list(new.batches.values_list("code", flat=True)) == ["B1"]
    assert Plan.objects.filter(year=2026).count() == 2


def test_a_new_version_needs_a_reason(rw):
    plan = rw.plan()
    rw.batch(plan)
    rw.approve(plan)
    with pytest.raises(DomainError, match="请说明修订原因"):
        services.plan_new_version(user=rw.w.city_admin, plan=plan, reason="")


def test_the_database_allows_one_current_plan_per_organization_and_year(rw):
    plan = rw.plan()
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(
            year=2026, version=2, title="x", org=plan.org, budget=1, budget_line="x", seed=1
        )


def test_an_approved_plan_without_a_meeting_is_refused_by_the_database(rw):
    plan = rw.plan()
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
