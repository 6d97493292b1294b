"""Writes for the year's 工作方案: draft, change, 党组会 approval (the policy freezes), new
versions with a reason, completion; and the time preferences of the plan's candidates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction

from gonghui.core.db import lock_row
from gonghui.core.models import Person, Role, User
from gonghui.core.money import to_money
from gonghui.core.permissions import requires
from gonghui.recuperation import rules
from gonghui.recuperation import services_common as common
from gonghui.recuperation.models import (
    Availability,
    Batch,
    InvitationStatus,
    Plan,
    PlanStatus,
    RunStatus,
)
from gonghui.recuperation.services_common import RecuperationError, creator_org, yuan


def _clean_policy(policy: dict[str, Any] | None) -> dict[str, Any]:
    merged = rules.default_policy()
    if policy:
        weights = {**merged["weights"], **policy.get("weights", {})}
        merged.update({k: v for k, v in policy.items() if k != "weights"})
        merged["weights"] = weights
    unknown = set(merged) - set(rules.DEFAULT_POLICY)
    if unknown:
        raise RecuperationError(f"遴选政策中有未知项：{'、'.join(sorted(unknown))}")
    for key, value in merged["weights"].items():
        if key not in rules.DEFAULT_POLICY["weights"]:
            raise RecuperationError(f"遴选政策中有未知权重“{key}”")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise RecuperationError(f"权重“{rules.WEIGHT_LABELS[key]}”应为非负整数")
    cooldown = merged["cooldown_years"]
    if not isinstance(cooldown, int) or isinstance(cooldown, bool) or cooldown < 1:
        raise RecuperationError("间隔年限应为不小于1的整数")
    return merged


@requires("recuperation.plan.create")
def plan_create(
    *,
    user: User,
    year: int,
    title: str,
    budget: Any,
    budget_line: str,
    policy: dict[str, Any] | None = None,
    seed: int | None = None,
) -> Plan:
    """Draft a year's 工作方案 for the user's organization (its candidates: that subtree)."""
    org = creator_org(user)
    if not 2000 <= int(year) <= 2100:
        raise RecuperationError(f"年度{year}无效")
    if not title.strip():
        raise RecuperationError("方案名称不能为空")
    if not budget_line.strip():
        raise RecuperationError("预算科目不能为空")
    amount = to_money(budget, field="预算")
    if amount <= 0:
        raise RecuperationError("预算应大于0元")
    with transaction.atomic():
        mine = Plan.objects.filter(org=org, year=year)
        if mine.exclude(status=PlanStatus.SUPERSEDED).exists():
            raise RecuperationError(f"{year}年已有工作方案，如需修改请在原方案上修订")
        version = (mine.order_by("-version").values_list("version", flat=True).first() or 0) + 1
        return Plan.objects.create(
            year=year,
            version=version,
            title=title.strip(),
            org=org,
            budget=amount,
            budget_line=budget_line.strip(),
            policy=_clean_policy(policy),
            seed=seed if seed is not None else int(f"{year}0101"),
            created_by=user,
        )


@requires("recuperation.plan.change", on="plan")
def plan_update(
    *,
    user: User,
    plan: Plan,
    title: str | None = None,
    budget: Any = None,
    budget_line: str | None = None,
    policy: dict[str, Any] | None = None,
    seed: int | None = None,
) -> Plan:
    """Change a draft plan; an approved plan is frozen (make a new version instead)."""
    with transaction.atomic():
        plan = lock_row(plan)
        if plan.is_frozen:
            raise RecuperationError(
                f"方案已{plan.get_status_display()}，政策已冻结；如需修改，请生成新版本并说明原因"
            )
        if title is not None:
            if not title.strip():
                raise RecuperationError("方案名称不能为空")
            plan.title = title.strip()
        if budget is not None:
            plan.budget = to_money(budget, field="预算")
        if budget_line is not None:
            plan.budget_line = budget_line.strip()
        if policy is not None:
            plan.policy = _clean_policy(policy)
        if seed is not None:
            plan.seed = seed
        plan.save()
    return plan


def _min_person_cost(plan: Plan) -> tuple[Decimal, Batch] | None:
    best: tuple[Decimal, Batch] | None = None
    for batch in plan.batches.all():
        travel = [Decimal(str(v)) for v in batch.travel_cost.values()] or [Decimal(0)]
        cost = batch.cost_per_person + min(travel)
        if best is None or cost < best[0]:
            best = (cost, batch)
    return best


def check_budget_covers_one(plan: Plan) -> None:
    cheapest = _min_person_cost(plan)
    if cheapest is not None and plan.budget < cheapest[0]:
        raise RecuperationError(
            f"预算{yuan(plan.budget)}低于一人的费用（最便宜的批次{cheapest[1].code}"
            f"每人至少{yuan(cheapest[0])}），请调整预算或批次"
        )


@requires("recuperation.plan.approve", on="plan")
def plan_approve(*, user: User, plan: Plan, meeting_date: dt.date, minute_no: str) -> Plan:
    """Record the 党组会 that approved the plan (date and minute number); only then can it run."""
    minute_no = (minute_no or "").strip()
    if meeting_date is None or not minute_no:
        raise RecuperationError("请填写党组会日期和会议纪要编号")
    if meeting_date > common.today():
        raise RecuperationError("党组会日期不能晚于今天")
    with transaction.atomic():
        plan = lock_row(plan)
        if plan.status != PlanStatus.DRAFT:
            raise RecuperationError(f"方案当前状态为“{plan.get_status_display()}”，不能再次审定")
        if not plan.batches.exists():
            raise RecuperationError("方案还没有批次，不能提交审定")
        check_budget_covers_one(plan)
        plan.status = PlanStatus.APPROVED
        plan.meeting_date = meeting_date
        plan.meeting_minute_no = minute_no
        plan.approved_by = user
        plan.approved_at = common.now()
        plan.save()
    return plan


@requires("recuperation.plan.new_version", on="plan")
def plan_new_version(
    *,
    user: User,
    plan: Plan,
    reason: str,
    policy: dict[str, Any] | None = None,
    budget: Any = None,
) -> Plan:
    """Revise an approved plan: a new draft version (batches copied) with the reason; the old
    version stays visible as superseded."""
    reason = (reason or "").strip()
    if not reason:
        raise RecuperationError("请说明修订原因")
    with transaction.atomic():
        plan = lock_row(plan)
        if plan.status == PlanStatus.DRAFT:
            raise RecuperationError("草稿方案可以直接修改，无需生成新版本")
        if plan.status == PlanStatus.SUPERSEDED:
            raise RecuperationError("该版本已被新版本替代，请在最新版本上修订")
        if plan.runs.filter(status=RunStatus.PUBLISHED).exists():
            raise RecuperationError("遴选结果已公示，方案不能再修订")
        old_batches = list(plan.batches.all())
        plan.status = PlanStatus.SUPERSEDED
        plan.save()
        new = Plan.objects.create(
            year=plan.year,
            version=plan.version + 1,
            previous=plan,
            change_reason=reason,
            title=plan.title,
            org=plan.org,
            budget=to_money(budget, field="预算") if budget is not None else plan.budget,
            budget_line=plan.budget_line,
            policy=_clean_policy(policy) if policy is not None else plan.policy,
            seed=plan.seed,
            created_by=user,
        )
        for b in old_batches:
            Batch.objects.create(
                plan=new,
                code=b.code,
                base=b.base,
                start_date=b.start_date,
                end_date=b.end_date,
                min_size=b.min_size,
                max_size=b.max_size,
                cost_per_person=b.cost_per_person,
                travel_cost=b.travel_cost,
            )
    return new


@requires("recuperation.plan.complete", on="plan")
def plan_complete(*, user: User, plan: Plan) -> Plan:
    """Close the year's plan once every batch has finished."""
    with transaction.atomic():
        plan = lock_row(plan)
        if plan.status != PlanStatus.RUNNING:
            raise RecuperationError("只有执行中的方案可以办结")
        open_batches = [
            b.code
            for b in plan.batches.all()
            if not b.finished and b.invitations.filter(status=InvitationStatus.CONFIRMED).exists()
        ]
        if open_batches:
            raise RecuperationError(f"批次{'、'.join(open_batches)}尚未结束，不能办结方案")
        plan.status = PlanStatus.COMPLETED

    # ---------------------------------------------------------------- availability

    return plan


@requires("recuperation.invitation.respond", on="person")
def availability_set(
    *,
    user: User,
    plan: Plan,
    person: Person,
    unavailable: Iterable[Batch] = (),
    preferred: Iterable[Batch] = (),
) -> Availability:
    """Record which batches a person cannot take and which they prefer (self or officer)."""
    self_service = user.role == Role.MEMBER
    if not person.org.is_within(plan.org):
        raise RecuperationError(f"{person.name}不在“{plan.title}”的遴选范围内")
    unavailable, preferred = list(unavailable), list(preferred)
    for b in [*unavailable, *preferred]:
        if b.plan_id != plan.pk:
            raise RecuperationError(f"批次{b.code}不属于该方案")
    overlap = {b.code for b in unavailable} & {b.code for b in preferred}
    if overlap:
        raise RecuperationError(f"批次{'、'.join(sorted(overlap))}不能既选“不能参加”又选“希望参加”")
    if plan.runs.filter(status=RunStatus.PUBLISHED).exists():
        raise RecuperationError("遴选结果已公示，时间意向不能再修改")
    with transaction.atomic():
        avail, _ = Availability.objects.get_or_create(plan=plan, person=person)
        avail.self_service = self_service
        avail.updated_by = user
        avail.save()
        avail.unavailable.set(unavailable)
        avail.preferred.set(preferred)
    return avail
