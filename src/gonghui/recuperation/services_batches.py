"""Writes for batches: adding and changing them while the plan is a draft, and running them
once it runs (staff, itinerary, attendance that enters the trip history, costs, feedback)."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict, Unpack

from django.db import transaction

from gonghui.core.db import lock_row
from gonghui.core.models import Person, User
from gonghui.core.money import to_money
from gonghui.core.permissions import requires
from gonghui.recuperation import services_common as common
from gonghui.recuperation.models import (
    Base,
    Batch,
    Feedback,
    Invitation,
    InvitationStatus,
    ItemKind,
    ItineraryItem,
    Plan,
    PlanStatus,
    Staff,
    Trip,
    TripSource,
)
from gonghui.recuperation.services_common import (
    RecuperationError,
    check_trip_dates,
    trip_level,
)


class BatchFields(TypedDict):
    """What the batch form gives (`travel_cost`: county code or zone → yuan, "*" the rest)."""

    code: str
    base: Base
    start_date: dt.date
    end_date: dt.date
    min_size: int
    max_size: int
    cost_per_person: Any
    travel_cost: dict[str, Any]


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
def batch_add(*, user: User, plan: Plan, **fields: Unpack[BatchFields]) -> Batch:
    """Add a batch to a draft plan (at any base of the shared catalog)."""
    return _batch_save(plan=plan, batch=None, **fields)


@requires("recuperation.batch.change", on="batch")
def batch_update(*, user: User, batch: Batch, **fields: Unpack[BatchFields]) -> Batch:
    """Change a batch of a draft plan."""
    return _batch_save(plan=batch.plan, batch=batch, **fields)


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
    check_trip_dates(start_date, end_date, what=f"批次{code}的")
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
        plan = lock_row(plan)
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
        if batch.start_date > common.today():
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
                level=trip_level(batch.plan.org),
                source=TripSource.SYSTEM,
                batch=batch,
                destination=batch.base.name,
                start_date=batch.start_date,
            )
        elif not attended and trip is not None:
            trip.delete()
    return inv


@requires("recuperation.batch.costs", on="batch")
def batch_record_costs(*, user: User, batch: Batch, accommodation: Any) -> Batch:
    """Record the batch's actual accommodation cost (travel is per person on attendance)."""
    _ensure_batch_running(batch)
    with transaction.atomic():
        batch = lock_row(batch)
        batch.actual_accommodation = to_money(accommodation, field="实际食宿费")
        batch.save()
    return batch


@requires("recuperation.batch.finish", on="batch")
def batch_finish(*, user: User, batch: Batch) -> Batch:
    """Close a batch after the trip: attendance must be recorded for everyone on the roster."""
    _ensure_batch_running(batch)
    with transaction.atomic():
        batch = lock_row(batch)
        missing = batch.invitations.filter(status=InvitationStatus.CONFIRMED, attended__isnull=True)
        if missing.exists():
            names = "、".join(missing.values_list("person__name", flat=True)[:5])
            raise RecuperationError(f"还有人员未登记出勤：{names}")
        if batch.end_date > common.today():
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
