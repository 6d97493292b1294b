"""Writes for 劳模疗休养: plans, batches, selection, invitations, rosters, running and feedback.

Every function is keyword-only, validates, runs in one transaction and raises RecuperationError
(a DomainError with a Chinese message). Who may call it is the permission table
(recuperation/permissions.py), checked by @requires before the body runs. Seats are sold under a row lock on the batch
(select_for_update) and the database refuses a second seat for a person in the same plan.
Audit entries come from core.signals (app "recuperation" is audited); bulk writes log their own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import random
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone

from gonghui.core import audit, clock
from gonghui.core.audit import audit_log, snapshot
from gonghui.core.errors import DomainError
from gonghui.core.models import (
    AuditAction,
    Organization,
    OrgKind,
    Person,
    PersonStatus,
    Role,
    User,
)
from gonghui.core.money import format_money, to_money
from gonghui.core.permissions import Denied, authorize, requires
from gonghui.core.scope import can_see_full_pii
from gonghui.core.sms import get_sms_sender
from gonghui.core.workdays import add_workdays
from gonghui.recuperation import rules
from gonghui.recuperation.models import (
    SEAT_STATUSES,
    Availability,
    Base,
    Batch,
    ExchangeAgreement,
    Feedback,
    InboundGroup,
    Invitation,
    InvitationStatus,
    ItemKind,
    ItineraryItem,
    Need,
    Notification,
    OutboundGroup,
    Plan,
    PlanStatus,
    RunStatus,
    SelectionRun,
    Staff,
    Trip,
    TripLevel,
    TripSource,
)

log = logging.getLogger("gonghui.recuperation")


class RecuperationError(DomainError):
    """A recuperation rule was broken; the message is Chinese and shown to the user."""


# A past date the services take as "today" while recording events after the fact (see as_of).
_as_of: ContextVar[dt.date | None] = ContextVar("recuperation_as_of", default=None)


def _today() -> dt.date:
    return _as_of.get() or clock.today()


def _now() -> dt.datetime:
    day = _as_of.get()
    if day is None:
        return clock.now()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


@contextmanager
def as_of(day: dt.date) -> Iterator[None]:
    """Record events on the date they happened (demo data, entering last year's trips): inside
    the block every rule that looks at today's date (deadlines, roster lock, attendance) uses
    `day`. The context variable keeps it to this thread."""
    token = _as_of.set(day)
    try:
        yield
    finally:
        _as_of.reset(token)


def _own_org(user: User) -> Organization:
    """The acting user's organization, which owns what they create (the table lets no role
    without one write here)."""
    if user.organization is None:
        raise RecuperationError("您的账号未设置所属组织")
    return user.organization


def _yuan(amount: Decimal) -> str:
    return f"{format_money(amount)}元"


# ---------------------------------------------------------------- bases and exchanges


def _clean_base(name: str, place: str, capacity: int) -> tuple[str, str]:
    name, place = (name or "").strip(), (place or "").strip()
    if not name or not place:
        raise RecuperationError("基地名称和所在地不能为空")
    if capacity < 1:
        raise RecuperationError("接待能力至少为1人")
    return name, place


@requires("recuperation.base.create")
def base_create(
    *,
    user: User,
    name: str,
    place: str,
    capacity: int,
    services: str = "",
    contact: str = "",
    is_active: bool | None = None,
) -> Base:
    """Add a 疗休养基地, maintained by the user's organization."""
    return _base_save(
        user=user,
        name=name,
        place=place,
        capacity=capacity,
        services=services,
        contact=contact,
        is_active=is_active,
        base=None,
    )


@requires("recuperation.base.change", on="base")
def base_update(
    *,
    user: User,
    base: Base,
    name: str,
    place: str,
    capacity: int,
    services: str = "",
    contact: str = "",
    is_active: bool | None = None,
) -> Base:
    """Change a 疗休养基地 its owner (or an organization above it) maintains."""
    return _base_save(
        user=user,
        name=name,
        place=place,
        capacity=capacity,
        services=services,
        contact=contact,
        is_active=is_active,
        base=base,
    )


def _base_save(
    *,
    user: User,
    name: str,
    place: str,
    capacity: int,
    services: str,
    contact: str,
    is_active: bool | None,
    base: Base | None,
) -> Base:
    name, place = _clean_base(name, place, capacity)
    with transaction.atomic():
        dup = Base.objects.filter(name=name)
        if base is not None:
            base = Base.objects.select_for_update().get(pk=base.pk)
            dup = dup.exclude(pk=base.pk)
            largest = (
                base.batches.filter(
                    plan__status__in=[PlanStatus.DRAFT, PlanStatus.APPROVED, PlanStatus.RUNNING]
                )
                .select_related("plan")
                .order_by("-max_size")
                .first()
            )
            if largest is not None and largest.max_size > capacity:
                raise RecuperationError(
                    f"批次{largest.code}（{largest.plan.year}年）安排了最多{largest.max_size}人，"
                    f"接待能力不能低于{largest.max_size}人"
                )
        if dup.exists():
            raise RecuperationError(f"基地“{name}”已存在")
        base = base or Base(org=_own_org(user))
        base.name, base.place, base.capacity = name, place, capacity
        base.services, base.contact = services.strip(), contact.strip()
        if is_active is not None:
            base.is_active = is_active
        base.save()
    return base


@requires("recuperation.base.delete", on="base")
def base_delete(*, user: User, base: Base) -> bool:
    """Delete a base no batch uses; a base a batch uses is deactivated instead (kept for the
    history, no longer offered for new batches). Returns True when it was deleted."""
    with transaction.atomic():
        base = Base.objects.select_for_update().get(pk=base.pk)
        if base.batches.exists():
            if base.is_active:
                base.is_active = False
                base.save()
            return False
        base.delete()
    return True


def _clean_exchange(
    partner: str, city: str, signed_on: dt.date | None, valid_until: dt.date | None
) -> tuple[str, str]:
    partner, city = (partner or "").strip(), (city or "").strip()
    if not partner or not city:
        raise RecuperationError("合作工会和所在城市不能为空")
    if signed_on is None:
        raise RecuperationError("请填写签订日期")
    if valid_until is not None and valid_until < signed_on:
        raise RecuperationError(f"有效期至{valid_until}早于签订日期{signed_on}")
    return partner, city


@requires("recuperation.exchange.create")
def exchange_create(
    *,
    user: User,
    partner: str,
    city: str,
    signed_on: dt.date,
    valid_until: dt.date | None = None,
    terms: str = "",
) -> ExchangeAgreement:
    """Record a 互派协议 with another city's union, signed by the user's organization."""
    partner, city = _clean_exchange(partner, city, signed_on, valid_until)
    with transaction.atomic():
        return ExchangeAgreement.objects.create(
            org=_own_org(user),
            partner=partner,
            city=city,
            signed_on=signed_on,
            valid_until=valid_until,
            terms=terms.strip(),
        )


@requires("recuperation.exchange.change", on="agreement")
def exchange_update(
    *,
    user: User,
    agreement: ExchangeAgreement,
    partner: str,
    city: str,
    signed_on: dt.date,
    valid_until: dt.date | None = None,
    terms: str = "",
) -> ExchangeAgreement:
    """Change a 互派协议 (partner, dates, terms); groups received under it keep pointing to it."""
    partner, city = _clean_exchange(partner, city, signed_on, valid_until)
    with transaction.atomic():
        agreement = ExchangeAgreement.objects.select_for_update().get(pk=agreement.pk)
        agreement.partner, agreement.city = partner, city
        agreement.signed_on, agreement.valid_until = signed_on, valid_until
        agreement.terms = terms.strip()
        agreement.save()
    return agreement


# ---------------------------------------------------------------- plans


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
    org = _own_org(user)
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
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
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


def _check_budget_covers_one(plan: Plan) -> None:
    cheapest = _min_person_cost(plan)
    if cheapest is not None and plan.budget < cheapest[0]:
        raise RecuperationError(
            f"预算{_yuan(plan.budget)}低于一人的费用（最便宜的批次{cheapest[1].code}"
            f"每人至少{_yuan(cheapest[0])}），请调整预算或批次"
        )


@requires("recuperation.plan.approve", on="plan")
def plan_approve(*, user: User, plan: Plan, meeting_date: dt.date, minute_no: str) -> Plan:
    """Record the 党组会 that approved the plan (date and minute number); only then can it run."""
    minute_no = (minute_no or "").strip()
    if meeting_date is None or not minute_no:
        raise RecuperationError("请填写党组会日期和会议纪要编号")
    if meeting_date > _today():
        raise RecuperationError("党组会日期不能晚于今天")
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != PlanStatus.DRAFT:
            raise RecuperationError(f"方案当前状态为“{plan.get_status_display()}”，不能再次审定")
        if not plan.batches.exists():
            raise RecuperationError("方案还没有批次，不能提交审定")
        _check_budget_covers_one(plan)
        plan.status = PlanStatus.APPROVED
        plan.meeting_date = meeting_date
        plan.meeting_minute_no = minute_no
        plan.approved_by = user
        plan.approved_at = _now()
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
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
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
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
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
        plan.save()
    return plan


# ---------------------------------------------------------------- batches


def _clean_travel(travel_cost: dict[str, Any]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for code, amount in (travel_cost or {}).items():
        code = str(code).strip()
        if not code:
            continue
        cleaned[code] = str(to_money(amount, field=f"差旅费（{code}）"))
    if "*" not in cleaned:
        raise RecuperationError("请填写默认差旅费（“*”：未单独列出的县区适用）")
    return cleaned


@requires("recuperation.batch.create", on="plan")
def batch_add(
    *,
    user: User,
    plan: Plan,
    code: str,
    base: Base,
    start_date: dt.date,
    end_date: dt.date,
    min_size: int,
    max_size: int,
    cost_per_person: Any,
    travel_cost: dict[str, Any],
) -> Batch:
    """Add a batch to a draft plan (at any base of the shared catalog)."""
    return _batch_save(
        plan=plan,
        batch=None,
        code=code,
        base=base,
        start_date=start_date,
        end_date=end_date,
        min_size=min_size,
        max_size=max_size,
        cost_per_person=cost_per_person,
        travel_cost=travel_cost,
    )


@requires("recuperation.batch.change", on="batch")
def batch_update(
    *,
    user: User,
    batch: Batch,
    code: str,
    base: Base,
    start_date: dt.date,
    end_date: dt.date,
    min_size: int,
    max_size: int,
    cost_per_person: Any,
    travel_cost: dict[str, Any],
) -> Batch:
    """Change a batch of a draft plan."""
    return _batch_save(
        plan=batch.plan,
        batch=batch,
        code=code,
        base=base,
        start_date=start_date,
        end_date=end_date,
        min_size=min_size,
        max_size=max_size,
        cost_per_person=cost_per_person,
        travel_cost=travel_cost,
    )


def _batch_save(
    *,
    plan: Plan,
    batch: Batch | None,
    code: str,
    base: Base,
    start_date: dt.date,
    end_date: dt.date,
    min_size: int,
    max_size: int,
    cost_per_person: Any,
    travel_cost: dict[str, Any],
) -> Batch:
    if not base.is_active and (batch is None or batch.base_id != base.pk):
        raise RecuperationError(f"基地“{base.name}”已停用，不能安排批次")
    code = (code or "").strip().upper()
    if not code:
        raise RecuperationError("批次编号不能为空")
    if start_date is None or end_date is None:
        raise RecuperationError("请填写出发日期和返回日期")
    if end_date < start_date:
        raise RecuperationError(f"批次{code}的返回日期{end_date}早于出发日期{start_date}")
    if start_date.year != plan.year:
        raise RecuperationError(f"批次{code}的出发日期不在{plan.year}年内")
    if min_size < 1:
        raise RecuperationError("最少人数至少为1人")
    if min_size > max_size:
        raise RecuperationError(f"批次{code}的最少人数{min_size}大于最多人数{max_size}")
    if max_size > base.capacity:
        raise RecuperationError(
            f"批次{code}的最多人数{max_size}超过基地“{base.name}”的接待能力{base.capacity}人"
        )
    cost = to_money(cost_per_person, field="人均费用")
    travel = _clean_travel(travel_cost)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        _ensure_batches_editable(plan)
        others = plan.batches.all()
        if batch is not None:
            others = others.exclude(pk=batch.pk)
        if others.filter(code=code).exists():
            raise RecuperationError(f"批次编号{code}已存在")
        clash = others.filter(base=base, start_date__lte=end_date, end_date__gte=start_date).first()
        if clash is not None:
            raise RecuperationError(
                f"批次{code}（{start_date}至{end_date}）与批次{clash.code}"
                f"（{clash.start_date}至{clash.end_date}）在同一基地的日期重叠"
            )
        batch = batch or Batch(plan=plan)
        batch.code, batch.base = code, base
        batch.start_date, batch.end_date = start_date, end_date
        batch.min_size, batch.max_size = min_size, max_size
        batch.cost_per_person, batch.travel_cost = cost, travel
        batch.save()
    return batch


def _ensure_batches_editable(plan: Plan) -> None:
    if plan.is_frozen:
        raise RecuperationError(
            f"方案已经党组会审定（当前状态：{plan.get_status_display()}），批次已冻结，"
            "不能修改或删除；如需调整，请生成新版本并说明原因"
        )


@requires("recuperation.batch.change", on="batch")
def batch_check_editable(*, user: User, batch: Batch) -> None:
    """Raise the Chinese refusal before showing an edit or delete page of a frozen batch."""
    _ensure_batches_editable(batch.plan)


@requires("recuperation.batch.delete", on="batch")
def batch_delete(*, user: User, batch: Batch) -> None:
    """Remove a batch from a draft plan (its availability choices go with it)."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=batch.plan_id)
        _ensure_batches_editable(plan)
        Batch.objects.get(pk=batch.pk).delete()


def roster_is_final(batch: Batch, *, today: dt.date | None = None) -> bool:
    """The roster is final once it is locked before departure (or the batch has finished)."""
    return batch.finished or (today or _today()) >= roster_lock_date(batch)


# ---------------------------------------------------------------- availability


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
    if not person.org.path.startswith(plan.org.path):
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


# ---------------------------------------------------------------- selection


HONOR_KIND = {
    "model_worker": "劳动模范",
    "advanced_worker": "先进工作者",
    "may_day_medal": "五一劳动奖章",
    "craftsman": "工匠",
    "other": "其他个人荣誉",
}
HONOR_LEVEL = {1: "national", 2: "provincial", 3: "city", 4: "county"}


def candidate_id(person_id: int) -> str:
    return f"P{person_id:06d}"


def person_id_of(cid: str) -> int:
    return int(cid[1:])


def org_code_map() -> dict[int, str]:
    """Organization id → the county code used for travel costs (zones: their own name)."""
    counties = {o.pk: (o.code or o.name) for o in Organization.objects.filter(depth=1)}
    mapping: dict[int, str] = {}
    for pk, path in Organization.objects.values_list("pk", "path"):
        parts = [p for p in path.strip("/").split("/") if p]
        mapping[pk] = counties.get(int(parts[1]), "*") if len(parts) > 1 else "*"
    return mapping


# The planner's no-repeat rule (cooldown) counts "city" trips: every trip arranged within this
# city's union system is one, whoever arranged it — a city plan, a county's own plan, an outbound
# 互派 group. Provincial and national trips keep their level (the same-year provincial rule).
PLANNER_TRIP_LEVEL: dict[str, str] = {
    TripLevel.COUNTY: "city",
    TripLevel.CITY: "city",
    TripLevel.PROVINCIAL: "provincial",
    TripLevel.NATIONAL: "national",
}


def _other_plan_seats(plan: Plan) -> QuerySet[Invitation]:
    """Seats (invited or confirmed) held in the year's other plans: one person, one trip a year."""
    return Invitation.objects.filter(plan__year=plan.year, status__in=SEAT_STATUSES).exclude(
        plan_id=plan.pk
    )


def selection_build_input(
    *,
    plan: Plan,
    person_ids: Iterable[int] | None = None,
    org_codes: dict[int, str] | None = None,
) -> dict[str, Any]:
    """The planner input of the plan (contract: spec/recuperation-planner.md), deterministic;
    `person_ids` limits the candidates (re-checking people later against today's records)."""
    from gonghui.honors.models import Honor, HonorStatus

    batches = list(plan.batches.select_related("base").order_by("start_date", "code"))
    org_codes = org_codes if org_codes is not None else org_code_map()
    scope_path = plan.org.path
    honors: dict[int, list[dict[str, Any]]] = {}
    honor_rows = Honor.objects.filter(
        person__isnull=False, person__org__path__startswith=scope_path
    )
    if person_ids is not None:
        honor_rows = honor_rows.filter(person_id__in=list(person_ids))
    for h in honor_rows.select_related("honor_type").order_by(
        "person_id", "year", "honor_type_id", "pk"
    ):
        level = HONOR_LEVEL.get(h.honor_type.level)
        if level is None or h.honor_type.collective:
            continue
        honors.setdefault(h.person_id or 0, []).append(
            {
                "kind": HONOR_KIND.get(h.honor_type.category, h.honor_type.get_category_display()),
                "level": level,
                "year": h.year,
                "valid": h.status == HonorStatus.VALID,
            }
        )
    # Trips of every origin, and a seat already held in another plan of the same year, which
    # the planner sees as a trip this year (its cooldown includes the year itself).
    history: dict[int, set[tuple[int, str]]] = {}
    for person_id, year, level in Trip.objects.filter(person_id__in=honors).values_list(
        "person_id", "year", "level"
    ):
        history.setdefault(person_id, set()).add((year, PLANNER_TRIP_LEVEL.get(level, level)))
    seats = _other_plan_seats(plan)
    if person_ids is not None:
        seats = seats.filter(person_id__in=list(honors))
    for person_id in seats.values_list("person_id", flat=True):
        if person_id in honors:
            history.setdefault(person_id, set()).add((plan.year, "city"))
    trips = {
        pk: [{"year": year, "level": level} for year, level in sorted(held)]
        for pk, held in history.items()
    }
    codes = {b.pk: b.code for b in batches}
    unavailable: dict[int, list[str]] = {}
    preferred: dict[int, list[str]] = {}
    avails = Availability.objects.filter(plan=plan)
    if person_ids is not None:
        avails = avails.filter(person_id__in=list(honors))
    for avail in avails.prefetch_related("unavailable", "preferred"):
        unavailable[avail.person_id] = sorted(codes[b.pk] for b in avail.unavailable.all())
        preferred[avail.person_id] = sorted(codes[b.pk] for b in avail.preferred.all())
    candidates = []
    persons = (
        Person.objects.filter(pk__in=honors)
        .order_by("pk")
        .values_list("pk", "org_id", "status", "frontline", "hardship_post", "key_sector")
    )
    for pk, org_id, status, frontline, hardship, key_sector in persons:
        candidates.append(
            {
                "id": candidate_id(pk),
                "org": org_codes.get(org_id, "*"),
                "status": status,
                "honors": honors[pk],
                "frontline": frontline,
                "hardship_post": hardship,
                "key_sector": key_sector,
                "trips": trips.get(pk, []),
                "unavailable": unavailable.get(pk, []),
                "preferred": preferred.get(pk, []),
            }
        )
    return {
        "year": plan.year,
        "seed": plan.seed,
        "budget": str(plan.budget),
        "policy": plan.policy,
        "candidates": candidates,
        "batches": [
            {
                "id": b.code,
                "destination": b.base.name,
                "start": b.start_date.isoformat(),
                "days": b.days,
                "min": b.min_size,
                "max": b.max_size,
                "cost_per_person": str(b.cost_per_person),
                "travel_cost": dict(b.travel_cost),
            }
            for b in batches
        ],
    }


def ineligible_now(
    plan: Plan, person_ids: Iterable[int], *, org_codes: dict[int, str] | None = None
) -> dict[int, tuple[str, ...]]:
    """The planner's reasons (contract codes) that keep each of `person_ids` out of `plan`
    today — died, honor revoked, a trip or another plan's seat since the run; eligible people
    are left out of the answer. A stored result is checked with this before anyone is invited."""
    from gonghui.planner import validate_input
    from gonghui.planner.eligibility import ineligibility_reasons

    ids = sorted(set(person_ids))
    if not ids:
        return {}
    data = selection_build_input(plan=plan, person_ids=ids, org_codes=org_codes)
    found: dict[int, tuple[str, ...]] = {}
    if data["candidates"]:
        instance = validate_input(data)
        for candidate in instance.candidates:
            found[person_id_of(candidate.id)] = ineligibility_reasons(
                candidate, instance.policy, instance.year
            )
    out = {pk: found.get(pk, ("no_eligible_honor",)) for pk in ids}
    return {pk: why for pk, why in out.items() if why}


def seat_elsewhere(plan: Plan, person_id: int) -> Invitation | None:
    """The seat the person holds in another plan of the same year, if any."""
    return (
        _other_plan_seats(plan)
        .filter(person_id=person_id)
        .select_related("plan__org", "batch")
        .order_by("pk")
        .first()
    )


def refusal_text(plan: Plan, person: Person, reasons: Iterable[str]) -> str:
    """Why a selected or waiting person is not invited now, in words (publish, waiting list)."""
    reasons = list(reasons)
    if "cooldown" in reasons:
        seat = seat_elsewhere(plan, person.pk)
        if seat is not None:
            return (
                f"{person.name}：已在{seat.plan.org.name}“{seat.plan.title}”中入选"
                f"（{seat.get_status_display()}），同一年度只安排一次"
            )
    labels = "；".join(rules.REASON_LABELS.get(r, r) for r in reasons)
    return f"{person.name}：{labels}"


def canonical_json(data: dict[str, Any]) -> str:
    """The exact bytes stored, hashed and offered for download."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def _ensure_can_run(plan: Plan) -> None:
    if plan.status == PlanStatus.DRAFT:
        raise RecuperationError("工作方案尚未经党组会审定，不能进行遴选")
    if plan.status == PlanStatus.SUPERSEDED:
        raise RecuperationError("该版本已被新版本替代，请在最新版本上遴选")
    if plan.status == PlanStatus.COMPLETED:
        raise RecuperationError("方案已办结，不能再遴选")
    if plan.runs.filter(status=RunStatus.PUBLISHED).exists():
        raise RecuperationError("遴选结果已公示，不能重新遴选")


ProgressFn = Callable[..., None]


@requires("recuperation.run.start", on="plan")
def selection_run(
    *,
    user: User,
    plan: Plan,
    run: SelectionRun | None = None,
    progress: ProgressFn | None = None,
    time_limit: float = 30.0,
) -> SelectionRun:
    """Build the input, run the planner, store input, SHA-256, seed and output."""
    from gonghui.planner import PlannerInputError, solve

    plan = Plan.objects.get(pk=plan.pk)
    _ensure_can_run(plan)
    _check_budget_covers_one(plan)
    step = progress or (lambda *a, **k: None)
    step(0, 3, "正在汇总候选人", force=True)
    data = selection_build_input(plan=plan)
    text = canonical_json(data)
    sha = hashlib.sha256(text.encode()).hexdigest()
    if run is None:
        run = SelectionRun.objects.create(
            plan=plan, input_json=text, input_sha256=sha, seed=plan.seed, created_by=user
        )
    else:
        run.input_json, run.input_sha256, run.seed = text, sha, plan.seed
    step(
        1,
        3,
        f"正在计算（候选人{len(data['candidates'])}人，批次{len(data['batches'])}个）",
        force=True,
    )
    try:
        output = solve(json.loads(text), time_limit=time_limit, workers=2)
    except PlannerInputError as exc:
        run.status, run.message = RunStatus.FAILED, str(exc)[:500]
        run.save()
        raise RecuperationError(f"遴选输入有误：{exc}") from None
    step(2, 3, "正在保存结果", force=True)
    run.output = output
    run.status = RunStatus.DONE
    selected = len(output.get("assignments", []))
    run.message = (
        f"入选{selected}人，总费用{output.get('total_cost', '0')}元（{output.get('status')}）"
    )
    run.save()
    step(3, 3, "已完成", force=True)
    return run


@requires("recuperation.run.start", on="plan")
def selection_start(*, user: User, plan: Plan) -> SelectionRun:
    """Start a selection run as a background job with progress; returns the pending run."""
    from gonghui.core import jobs

    _ensure_can_run(plan)
    _check_budget_covers_one(plan)
    with transaction.atomic():
        run = SelectionRun.objects.create(
            plan=plan, input_json="", input_sha256="", seed=plan.seed, created_by=user
        )
        job = jobs.enqueue(
            kind="recuperation.select",
            params={"run": run.pk},
            user=user,
            total=3,
            message="等待遴选",
        )
        SelectionRun.objects.filter(pk=run.pk).update(job=job)
    run.refresh_from_db()
    return run


def selection_job(job: Any, progress: ProgressFn) -> dict[str, Any]:
    """Job handler: run the planner for a pending run; a domain error fails the job and run.

    The permission is checked again for the user who started the job (selection_run is
    decorated): a job never acts with more rights than its starter has now."""
    run = SelectionRun.objects.select_related("plan__org").get(pk=job.params["run"])
    try:
        run = selection_run(user=job.created_by, plan=run.plan, run=run, progress=progress)
    except (DomainError, Denied) as exc:
        message = str(exc)[:500]
        SelectionRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, message=message)
        if isinstance(exc, Denied):
            raise RecuperationError(message) from None
        raise
    return {
        "run": run.pk,
        "sha256": run.input_sha256,
        "message": run.message,
        "url": f"/recuperation/runs/{run.pk}/",
    }


def _cost_of(batch: Batch, org_code: str) -> Decimal:
    return batch.cost_per_person + batch.travel_for(org_code)


def _notify(person: Person, title: str, body: str, *, sms: bool = True) -> None:
    Notification.objects.create(person=person, title=title, body=body)
    if not sms:
        return
    try:
        phone = person.phone
    except Exception:  # a record without a readable phone still gets the in-app notice
        phone = ""
    if phone:
        get_sms_sender().send(phone, f"【安康市总工会】{body}")


def _invite_text(inv: Invitation) -> str:
    b = inv.batch
    return (
        f"{inv.person.name}同志：您已入选{inv.plan.year}年劳模疗休养第{b.code}批次"
        f"（{b.base.name}，{b.start_date:%m月%d日}至{b.end_date:%m月%d日}），"
        f"请于{inv.deadline:%Y年%m月%d日}前登录工会服务平台确认或谢绝。"
    )


@requires("recuperation.run.publish", on="run")
def selection_publish(*, user: User, run: SelectionRun) -> SelectionRun:
    """Publish a run: the 公示 opens, invitations go out, the plan is 执行中."""
    today = _today()
    settings = rules.settings_for(run.plan.year)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=run.plan_id)
        run = SelectionRun.objects.select_for_update().get(pk=run.pk)
        if plan.status not in (PlanStatus.APPROVED,):
            raise RecuperationError(
                f"方案当前状态为“{plan.get_status_display()}”，不能公示遴选结果"
            )
        if run.status != RunStatus.DONE:
            raise RecuperationError("该次遴选尚未完成或已失败，不能公示")
        if plan.runs.filter(status=RunStatus.PUBLISHED).exists():
            raise RecuperationError("该方案已有公示的遴选结果")
        if run.input_sha256 != hashlib.sha256(run.input_json.encode()).hexdigest():
            raise RecuperationError("遴选输入与其SHA-256不一致，请重新遴选")
        deadline = add_workdays(today, settings.confirm_workdays)
        batches = {b.code: b for b in plan.batches.select_related("base")}
        explanations = run.output.get("explanations", {})
        ids = [person_id_of(a["candidate"]) for a in run.output.get("assignments", [])]
        persons = Person.objects.in_bulk(ids)
        codes = org_code_map()
        # The run may be days old: whoever has since died, lost the honor or taken a seat in
        # another plan of the year is not invited; their seat goes down the waiting list.
        blocked = ineligible_now(plan, ids, org_codes=codes)
        refused: list[str] = []
        freed: dict[str, int] = {}
        invitations = []
        for a in run.output.get("assignments", []):
            person = persons[person_id_of(a["candidate"])]
            batch = batches[a["batch"]]
            if person.pk in blocked:
                refused.append(refusal_text(plan, person, blocked[person.pk]))
                freed[batch.code] = freed.get(batch.code, 0) + 1
                continue
            invitations.append(
                Invitation(
                    plan=plan,
                    batch=batch,
                    person=person,
                    run=run,
                    candidate_id=a["candidate"],
                    score=explanations.get(a["candidate"], {}).get("score", 0),
                    cost=_cost_of(batch, codes.get(person.org_id, "*")),
                    deadline=deadline,
                )
            )
        created = Invitation.objects.bulk_create(invitations, batch_size=500)
        audit.record_many(
            (
                {"instance": inv, "org": inv.person.org, "after": snapshot(inv)}
                for inv in Invitation.objects.filter(pk__in=[i.pk for i in created]).select_related(
                    "person__org", "batch"
                )
            ),
            user=user,
            action=AuditAction.CREATE,
            note="遴选公示生成邀请",
        )
        run.status = RunStatus.PUBLISHED
        run.published_at = _now()
        run.published_by = user
        run.publicity_until = add_workdays(today, settings.publicity_workdays)
        if refused:
            run.message = f"{run.message}；未发邀请：{'；'.join(refused)}"[:500]
        run.save()
        plan.status = PlanStatus.RUNNING
        plan.save()
        for code, count in sorted(freed.items()):
            locked = Batch.objects.select_for_update().select_related("plan", "base")
            batch = locked.get(pk=batches[code].pk)
            for _ in range(count):
                if _invite_next(batch, today=today) is None:
                    break
        if refused:
            audit_log(
                action=AuditAction.UPDATE,
                instance=run,
                user=user,
                note=f"公示时未发邀请：{'；'.join(refused)}",
            )
        notices = []
        for inv in created:
            inv.plan, inv.batch = plan, batches[inv.batch.code]
            notices.append(
                Notification(person=inv.person, title="疗休养入选通知", body=_invite_text(inv))
            )
        Notification.objects.bulk_create(notices, batch_size=500)
    sender = get_sms_sender()
    for inv in created:
        try:
            phone = inv.person.phone
        except Exception:
            phone = ""
        if phone:
            sender.send(phone, f"【安康市总工会】{_invite_text(inv)}")
    return run


# ---------------------------------------------------------------- invitations and seats


def roster_lock_date(batch: Batch) -> dt.date:
    return batch.start_date - dt.timedelta(
        days=rules.settings_for(batch.plan.year).roster_lock_days
    )


def _ensure_not_locked(batch: Batch, today: dt.date) -> None:
    lock = roster_lock_date(batch)
    if today >= lock:
        raise RecuperationError(
            f"批次{batch.code}名单已于{lock:%Y年%m月%d日}锁定，不能再变更；如有特殊情况请联系市总工会"
        )


def _lock(inv: Invitation) -> tuple[Batch, Invitation]:
    """Lock the batch row first (every seat change goes through it), then the invitation."""
    batch = Batch.objects.select_for_update().select_related("plan", "base").get(pk=inv.batch_id)
    inv = (
        Invitation.objects.select_for_update().select_related("person__org", "plan").get(pk=inv.pk)
    )
    inv.batch = batch
    return batch, inv


@requires("recuperation.invitation.respond", on="invitation")
def invitation_confirm(*, user: User, invitation: Invitation) -> Invitation:
    """The invited person confirms before the deadline; their seat becomes a roster place."""
    today = _today()
    with transaction.atomic():
        batch, inv = _lock(invitation)
        if inv.status == InvitationStatus.CONFIRMED:
            return inv
        if inv.status != InvitationStatus.INVITED:
            raise RecuperationError(f"该邀请已{inv.get_status_display()}，不能再确认")
        if today > inv.deadline:
            raise RecuperationError(
                f"已超过确认截止日期（{inv.deadline:%Y年%m月%d日}），不能再确认；名额将递补给候补人员"
            )
        _ensure_not_locked(batch, today)
        inv.status = InvitationStatus.CONFIRMED
        inv.responded_at = _now()
        inv.responded_by = user
        inv.save()
    return inv


@requires("recuperation.invitation.respond", on="invitation")
def invitation_decline(
    *, user: User, invitation: Invitation, reason: str = ""
) -> Invitation | None:
    """Decline an invitation; the next person on the waiting list is invited. Returns that
    invitation (or None when nobody can take the seat)."""
    today = _today()
    with transaction.atomic():
        batch, inv = _lock(invitation)
        if inv.status not in SEAT_STATUSES:
            raise RecuperationError(f"该邀请已{inv.get_status_display()}，不能再谢绝")
        _ensure_not_locked(batch, today)
        inv.status = InvitationStatus.DECLINED
        inv.responded_at = _now()
        inv.responded_by = user
        inv.decline_reason = reason.strip()[:200]
        inv.save()
        return _invite_next(batch, today=today)


@requires("recuperation.invitation.manage", on="plan")
def invitations_expire(*, user: User, plan: Plan) -> int:
    """An officer of the plan applies the deadline now rather than waiting for the daily run."""
    return invitation_expire_overdue(plan=plan)


def invitation_expire_overdue(*, today: dt.date | None = None, plan: Plan | None = None) -> int:
    """Mark invitations past their deadline as lapsed and invite the next people; returns count.

    Run by the system (the daily command `recuperation_expire`, no user), or for one plan
    through invitations_expire."""
    today = today or _today()
    count = 0
    overdue = Invitation.objects.filter(status=InvitationStatus.INVITED, deadline__lt=today)
    if plan is not None:
        overdue = overdue.filter(plan=plan)
    for inv in overdue:
        with transaction.atomic():
            batch, locked = _lock(inv)
            if locked.status != InvitationStatus.INVITED or locked.deadline >= today:
                continue
            locked.status = InvitationStatus.EXPIRED
            locked.save()
            count += 1
            if today < roster_lock_date(batch):
                _invite_next(batch, today=today)
    return count


@requires("recuperation.batch.invite_next", on="batch")
def batch_invite_next(*, user: User, batch: Batch) -> Invitation | None:
    """An officer fills a free seat of a batch from the waiting list (if any seat is free)."""
    today = _today()
    with transaction.atomic():
        locked = Batch.objects.select_for_update().select_related("plan", "base").get(pk=batch.pk)
        _ensure_not_locked(locked, today)
        if locked.invitations.filter(status__in=SEAT_STATUSES).count() >= locked.max_size:
            raise RecuperationError(f"批次{locked.code}已满（最多{locked.max_size}人）")
        return _invite_next(locked, today=today)


def _invite_next(batch: Batch, *, today: dt.date) -> Invitation | None:
    """Invite the first person on the waiting list who can take `batch` within the budget.

    Caller holds the batch row lock; the seat count is re-read under it, so two officers acting
    at once never push a batch past its maximum.
    """
    if today >= roster_lock_date(batch):
        return None
    plan = Plan.objects.select_for_update().get(pk=batch.plan_id)
    held = batch.invitations.filter(status__in=SEAT_STATUSES).count()
    if held >= batch.max_size:
        return None
    run = plan.runs.get(status=RunStatus.PUBLISHED)
    data = json.loads(run.input_json)
    unavailable = {c["id"]: set(c["unavailable"]) for c in data["candidates"]}
    committed = Invitation.objects.filter(plan=plan, status__in=SEAT_STATUSES).aggregate(
        s=Sum("cost")
    )["s"] or Decimal(0)
    already = set(Invitation.objects.filter(plan=plan).values_list("candidate_id", flat=True))
    codes = org_code_map()
    explanations = run.output.get("explanations", {})
    settings = rules.settings_for(plan.year)
    for cid in run.output.get("waitlist", []):
        if cid in already or batch.code in unavailable.get(cid, set()):
            continue
        person = Person.objects.select_related("org").filter(pk=person_id_of(cid)).first()
        if person is None or person.status == PersonStatus.DECEASED:
            continue
        cost = _cost_of(batch, codes.get(person.org_id, "*"))
        if committed + cost > plan.budget:
            continue
        # The waiting list is as old as the run: skip whoever lost the honor since, went on a
        # trip of any origin, or holds a seat in another plan of the year.
        if ineligible_now(plan, [person.pk], org_codes=codes):
            continue
        try:
            with transaction.atomic():
                inv = Invitation.objects.create(
                    plan=plan,
                    batch=batch,
                    person=person,
                    run=run,
                    candidate_id=cid,
                    from_waitlist=True,
                    score=explanations.get(cid, {}).get("score", 0),
                    cost=cost,
                    deadline=add_workdays(today, settings.confirm_workdays),
                )
        except IntegrityError:
            continue  # invited to another batch of this plan at this very moment
        _notify(person, "疗休养递补入选通知", _invite_text(inv))
        return inv
    return None


# ---------------------------------------------------------------- lost eligibility


def eligibility_lost_withdraw(*, person: Person, reason: str, by: User | None = None) -> int:
    """Withdraw every open seat of a person who is no longer eligible; returns how many.

    Called by the receiver of core.signals.eligibility_lost (honors sends it inside its own
    transaction, after checking its own permission: death, revoked honor …), so this is the
    consequence of a change already authorised, not an action of its own in the permission
    table; `by` is that change's user, recorded in the audit entries. Each open invitation
    (invited or confirmed, batch not finished, attendance not recorded) is withdrawn with the
    reason and its seat goes down the waiting list as after a decline; time preferences for
    plans not yet published are removed. Sending the signal again changes nothing more."""
    reason = (reason or "").strip()[:200] or "不再符合疗休养条件"
    today = _today()
    count = 0
    with transaction.atomic():
        open_seats = Invitation.objects.filter(
            person_id=person.pk,
            status__in=SEAT_STATUSES,
            batch__finished=False,
            attended__isnull=True,
        ).order_by("batch__start_date", "pk")
        for seat in list(open_seats):
            batch, inv = _lock(seat)
            if inv.status not in SEAT_STATUSES or batch.finished or inv.attended is not None:
                continue  # answered or recorded meanwhile
            before = snapshot(inv)
            inv.status = InvitationStatus.WITHDRAWN
            inv.withdraw_reason = reason
            inv.withdrawn_at = _now()
            # One explicit entry with the cause (a plain save would add a second, bare one).
            Invitation.objects.filter(pk=inv.pk).update(
                status=inv.status,
                withdraw_reason=inv.withdraw_reason,
                withdrawn_at=inv.withdrawn_at,
            )
            audit_log(
                action=AuditAction.UPDATE,
                instance=inv,
                before=before,
                after=snapshot(inv),
                user=by,
                note=f"{reason}：撤回疗休养邀请",
            )
            _notify(
                inv.person,
                "疗休养邀请撤回通知",
                f"{inv.person.name}同志：因{reason}，您的{inv.plan.year}年劳模疗休养"
                f"第{batch.code}批次（{batch.base.name}）邀请已撤回。",
                sms=inv.person.status != PersonStatus.DECEASED,
            )
            count += 1
            _invite_next(batch, today=today)
        pending = Availability.objects.filter(person_id=person.pk).exclude(
            plan__runs__status=RunStatus.PUBLISHED
        )
        for avail in pending.select_related("person__org"):
            avail.delete()  # audited by core.signals like every deletion
    return count


# ---------------------------------------------------------------- host needs


@requires("recuperation.invitation.respond", on="invitation")
def need_save(
    *,
    user: User,
    invitation: Invitation,
    diet: str = "",
    health: str = "",
    mobility: str = "",
    emergency_name: str = "",
    emergency_phone: str = "",
) -> Need:
    """Record a participant's needs for the host; health and phone are stored encrypted."""
    if invitation.status not in SEAT_STATUSES:
        raise RecuperationError("只有入选人员需要填写接待需求")
    with transaction.atomic():
        need, _ = Need.objects.get_or_create(invitation=invitation)
        need.diet, need.mobility = diet.strip()[:200], mobility.strip()[:100]
        need.emergency_name = emergency_name.strip()[:40]
        need.set_health(health.strip())
        need.set_emergency_phone(emergency_phone.strip())
        need.save()
        audit_log(
            action=AuditAction.UPDATE, instance=need, user=user, note="填写接待需求（含健康信息）"
        )
    return need


@requires("recuperation.invitation.respond", on="invitation")
def need_view(*, user: User, invitation: Invitation) -> dict[str, str]:
    """A participant's needs for a form; health data only for the person or a role that may see
    full personal data, and an officer's view of it is logged."""
    need = Need.objects.filter(invitation=invitation).first()
    if need is None:
        return {}
    data = {"diet": need.diet, "mobility": need.mobility, "emergency_name": need.emergency_name}
    is_self = user.role == Role.MEMBER and user.person_id == invitation.person_id
    if is_self or can_see_full_pii(user):
        data.update(health=need.health, emergency_phone=need.emergency_phone)
        if not is_self:
            audit_log(
                action=AuditAction.VIEW_PII,
                instance=need,
                user=user,
                note="查看接待需求中的健康信息",
            )
    return data


# ---------------------------------------------------------------- running a batch


def _ensure_batch_running(batch: Batch) -> None:
    plan = Plan.objects.get(pk=batch.plan_id)
    if plan.status not in (PlanStatus.RUNNING, PlanStatus.COMPLETED):
        raise RecuperationError("方案尚未进入执行阶段")


@requires("recuperation.batch.staff", on="batch")
def staff_add(*, user: User, batch: Batch, name: str, duty: str = "领队", phone: str = "") -> Staff:
    """Add a 随队工作人员 to a batch."""
    if not name.strip():
        raise RecuperationError("工作人员姓名不能为空")
    with transaction.atomic():
        return Staff.objects.create(
            batch=batch, name=name.strip(), duty=duty.strip() or "领队", phone=phone.strip()
        )


@requires("recuperation.batch.itinerary", on="batch")
def itinerary_add(
    *,
    user: User,
    batch: Batch,
    date: dt.date,
    kind: str,
    title: str,
    place: str = "",
) -> ItineraryItem:
    """Add an itinerary item; its date lies within the batch's dates."""
    if kind not in ItemKind.values:
        raise RecuperationError(f"未知的日程类别“{kind}”")
    if not batch.start_date <= date <= batch.end_date:
        raise RecuperationError(
            f"日程日期{date}不在批次{batch.code}的行程（{batch.start_date}至{batch.end_date}）内"
        )
    with transaction.atomic():
        return ItineraryItem.objects.create(
            batch=batch,
            date=date,
            kind=kind,
            title=title.strip() or ItemKind(kind).label,
            place=place.strip(),
        )


@requires("recuperation.batch.itinerary", on="batch")
def itinerary_default(*, user: User, batch: Batch) -> list[ItineraryItem]:
    """The standard itinerary of seed 000: one item of each kind spread over the days."""
    plan = [
        (0, ItemKind.FORUM, "形势报告会"),
        (1, ItemKind.PATRIOTIC, "爱国主义教育基地参观"),
        (2, ItemKind.RED, "红色教育现场教学"),
        (3, ItemKind.REHAB, "理疗康复"),
        (3, ItemKind.STUDY, "学习交流"),
        (4, ItemKind.REPORT, "劳模事迹报告会"),
        (4, ItemKind.FORUM, "劳模座谈会"),
        (batch.days - 1, ItemKind.PHOTO, "集体合影"),
    ]
    return [
        itinerary_add(
            user=user,
            batch=batch,
            date=batch.start_date + dt.timedelta(days=min(d, batch.days - 1)),
            kind=k,
            title=t,
            place=batch.base.name,
        )
        for d, k, t in plan
    ]


@requires("recuperation.batch.attendance", on="batch")
def attendance_record(
    *,
    user: User,
    batch: Batch,
    person: Person,
    attended: bool,
    travel_reimbursed: Any = None,
) -> Invitation:
    """Record whether a roster member went; an attended trip enters their history (cooldown)."""
    _ensure_batch_running(batch)
    with transaction.atomic():
        batch = Batch.objects.select_for_update().select_related("plan", "base").get(pk=batch.pk)
        inv = (
            Invitation.objects.select_for_update()
            .filter(batch=batch, person=person, status=InvitationStatus.CONFIRMED)
            .first()
        )
        if inv is None:
            raise RecuperationError(f"{person.name}不在批次{batch.code}的确认名单中，不能登记出勤")
        if batch.start_date > _today():
            raise RecuperationError(f"批次{batch.code}尚未出发（{batch.start_date}），不能登记出勤")
        inv.attended = attended
        if travel_reimbursed not in (None, ""):
            inv.travel_reimbursed = to_money(travel_reimbursed, field="报销差旅费")
        inv.save()
        trip = Trip.objects.filter(person=person, batch=batch).first()
        if attended and trip is None:
            Trip.objects.create(
                person=person,
                year=batch.plan.year,
                level=_trip_level(batch.plan.org),
                source=TripSource.SYSTEM,
                batch=batch,
                destination=batch.base.name,
                start_date=batch.start_date,
            )
        elif not attended and trip is not None:
            trip.delete()
    return inv


def _trip_level(org: Organization) -> str:
    """A trip arranged by a county federation (its own plan or group) is county level."""
    return TripLevel.COUNTY if org.kind == OrgKind.COUNTY else TripLevel.CITY


@requires("recuperation.batch.costs", on="batch")
def batch_record_costs(*, user: User, batch: Batch, accommodation: Any) -> Batch:
    """Record the batch's actual accommodation cost (travel is per person on attendance)."""
    _ensure_batch_running(batch)
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch.pk)
        batch.actual_accommodation = to_money(accommodation, field="实际食宿费")
        batch.save()
    return batch


@requires("recuperation.batch.finish", on="batch")
def batch_finish(*, user: User, batch: Batch) -> Batch:
    """Close a batch after the trip: attendance must be recorded for everyone on the roster."""
    _ensure_batch_running(batch)
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch.pk)
        missing = batch.invitations.filter(status=InvitationStatus.CONFIRMED, attended__isnull=True)
        if missing.exists():
            names = "、".join(missing.values_list("person__name", flat=True)[:5])
            raise RecuperationError(f"还有人员未登记出勤：{names}")
        if batch.end_date > _today():
            raise RecuperationError(f"批次{batch.code}尚未返回（{batch.end_date}），不能结束")
        batch.finished = True
        batch.save()
    return batch


@requires("recuperation.invitation.respond", on="invitation")
def feedback_submit(
    *, user: User, invitation: Invitation, satisfaction: int, comments: str = ""
) -> Feedback:
    """A participant (or an officer for them) gives feedback after the trip."""
    if invitation.attended is not True:
        raise RecuperationError("只有实际参加疗休养的人员可以评价")
    if not isinstance(satisfaction, int) or not 1 <= satisfaction <= 5:
        raise RecuperationError("满意度应为1至5分")
    with transaction.atomic():
        fb, _ = Feedback.objects.update_or_create(
            invitation=invitation,
            defaults={"satisfaction": satisfaction, "comments": comments.strip()[:2000]},
        )
    return fb


# ---------------------------------------------------------------- inbound groups


@requires("recuperation.inbound.create")
def inbound_create(
    *,
    user: User,
    partner: str,
    size: int,
    start_date: dt.date,
    end_date: dt.date,
    sites: str = "",
    local_spending: Any = "0",
    agreement: ExchangeAgreement | None = None,
    note: str = "",
) -> InboundGroup:
    """Record a group received by the user's organization (接待), under one of its agreements."""
    if agreement is not None:
        # Only under an agreement the user's organization (or one below it) signed.
        authorize(user, "recuperation.inbound.create", agreement)
    if not partner.strip():
        raise RecuperationError("来访单位不能为空")
    if size < 1:
        raise RecuperationError("人数至少为1人")
    if end_date < start_date:
        raise RecuperationError(f"离开日期{end_date}早于抵达日期{start_date}")
    with transaction.atomic():
        return InboundGroup.objects.create(
            org=_own_org(user),
            agreement=agreement,
            partner=partner.strip(),
            size=size,
            start_date=start_date,
            end_date=end_date,
            sites=sites.strip(),
            local_spending=to_money(local_spending, field="当地消费"),
            note=note.strip(),
        )


# ---------------------------------------------------------------- outbound 互派 groups


@requires("recuperation.outbound.create", on="agreement")
def outbound_create(
    *,
    user: User,
    agreement: ExchangeAgreement,
    destination: str,
    start_date: dt.date,
    end_date: dt.date,
    note: str = "",
) -> OutboundGroup:
    """Record a group the user's organization sends to a partner under one of its (or its
    subtree's) 互派协议; participants are added one by one (outbound_add_person)."""
    destination = (destination or "").strip()
    if not destination:
        raise RecuperationError("目的地不能为空")
    if start_date is None or end_date is None:
        raise RecuperationError("请填写出发日期和返回日期")
    if end_date < start_date:
        raise RecuperationError(f"返回日期{end_date}早于出发日期{start_date}")
    if start_date < agreement.signed_on or (
        agreement.valid_until is not None and start_date > agreement.valid_until
    ):
        raise RecuperationError(f"出发日期{start_date}不在互派协议“{agreement}”的有效期内")
    with transaction.atomic():
        return OutboundGroup.objects.create(
            agreement=agreement,
            destination=destination,
            start_date=start_date,
            end_date=end_date,
            note=note.strip(),
            org=_own_org(user),
            created_by=user,
        )


@requires("recuperation.outbound.change", on="group")
def outbound_add_person(*, user: User, group: OutboundGroup, person: Person) -> Trip:
    """Add a participant to an outbound group: the trip enters their history (互派外出) and
    counts for the no-repeat rule like a trip of any plan."""
    authorize(user, "recuperation.outbound.change", person)  # a person of the user's subtree
    with transaction.atomic():
        group = (
            OutboundGroup.objects.select_for_update()
            .select_related("org", "agreement")
            .get(pk=group.pk)
        )
        person = Person.objects.select_related("org").get(pk=person.pk)
        if not person.org.path.startswith(group.org.path):
            raise RecuperationError(f"{person.name}不属于派出单位“{group.org.name}”")
        if person.status == PersonStatus.DECEASED:
            raise RecuperationError(f"{person.name}已故，不能派出")
        if Trip.objects.filter(person=person, outbound=group).exists():
            raise RecuperationError(f"{person.name}已在该团组中")
        return Trip.objects.create(
            person=person,
            year=group.start_date.year,
            level=_trip_level(group.org),
            source=TripSource.EXCHANGE,
            outbound=group,
            destination=f"{group.agreement.city}·{group.destination}"[:100],
            start_date=group.start_date,
        )


@requires("recuperation.outbound.change", on="group")
def outbound_remove_person(*, user: User, group: OutboundGroup, person: Person) -> None:
    """Take a participant out of an outbound group (entered by mistake, did not go)."""
    with transaction.atomic():
        trip = Trip.objects.select_for_update().filter(person=person, outbound=group).first()
        if trip is None:
            raise RecuperationError(f"{person.name}不在该团组中")
        trip.delete()


@requires("recuperation.notification.read", on="notification")
def notification_read(*, user: User, notification: Notification) -> None:
    """Mark one of the user's own notifications as read."""
    with transaction.atomic():
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=_now())


@requires("recuperation.notification.read")
def notification_read_all(*, user: User) -> int:
    """Mark all of the user's unread notifications as read; returns how many."""
    if user.person_id is None:
        return 0
    with transaction.atomic():
        return Notification.objects.filter(person_id=user.person_id, read_at__isnull=True).update(
            read_at=_now()
        )


def random_seed() -> int:
    return random.SystemRandom().randint(10**7, 10**9)
