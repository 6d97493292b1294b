"""Writes of 参保登记 and of the units' contribution bills (开单, 到账)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from gonghui.core import audit
from gonghui.core.db import lock_row, unique_or
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, Employer, Organization, Person, Sex, User
from gonghui.core.money import to_money
from gonghui.core.permissions import Denied, authorize, can, requires
from gonghui.core.templatetags.gonghui_ui import yuan
from gonghui.mutual_aid import rules
from gonghui.mutual_aid.models import (
    AidPlan,
    BillStatus,
    ClaimStatus,
    Contribution,
    ContributionPayment,
    Enrollment,
    EnrollmentStatus,
    Payer,
)
from gonghui.mutual_aid.rules import ZERO
from gonghui.mutual_aid.selectors import unit_org

HALF = Decimal("0.5")


# Never says where a unit outside one's scope is registered.
UNIT_ELSEWHERE = "该单位已在其他组织登记，不在您的管辖范围内"


def _unit_in_scope(user: User, key: str, org: Organization) -> None:
    """The unit's organization (employer's union) must lie in the user's subtree too."""
    if not can(user, key, org):
        raise Denied(UNIT_ELSEWHERE, action=key)


def previous_enrollment(*, person: Person, plan: AidPlan) -> Enrollment | None:
    """The person's active enrollment in the same category the year before (for continuity)."""
    return (
        Enrollment.objects.filter(
            person=person,
            plan__category=plan.category,
            plan__year=plan.year - 1,
            status=EnrollmentStatus.ACTIVE,
        )
        .order_by("-id")
        .first()
    )


def enrollment_check(*, plan: AidPlan, person: Person) -> None:
    """Raise when the person may not join the plan."""
    if not plan.is_active:
        raise DomainError(f"“{plan}”已停止参保登记")
    if plan.women_only and person.sex != Sex.FEMALE:
        raise DomainError(f"“{plan.name}”仅限女职工参加，{person.name}不符合条件")
    if person.status == "deceased":
        raise DomainError(f"{person.name}已故，不能参保")


@requires("mutual_aid.enrollment.create", on="person")
def enrollment_create(
    *,
    user: User,
    plan: AidPlan,
    person: Person,
    payer: str,
    employer: Employer | None = None,
) -> Enrollment:
    """Enroll one person in one plan (待缴费 until the unit's bill is paid)."""
    org = unit_org(employer=employer, person=person)
    _unit_in_scope(user, "mutual_aid.enrollment.create", org)
    if payer not in Payer.values:
        raise DomainError("缴费方式无效")
    if payer in (Payer.UNIT, Payer.SPLIT) and employer is None:
        raise DomainError("单位缴纳或单位与工会分担时须填写参保单位")
    enrollment_check(plan=plan, person=person)
    with transaction.atomic():
        # Lock the person so two simultaneous enrollments of the same person serialize.
        lock_row(person)
        other = Enrollment.objects.filter(person=person, plan=plan).exclude(
            status=EnrollmentStatus.CANCELLED
        )
        if other.exists():
            raise DomainError(f"{person.name}已参加“{plan}”，不能重复登记")
        prev = previous_enrollment(person=person, plan=plan)
        enrollment = Enrollment(
            plan=plan,
            person=person,
            employer=employer,
            org=org,
            payer=payer,
            amount=plan.contribution,
            continuous=prev is not None,
            renewed_from=prev,
        )
        with unique_or(f"{person.name}已参加“{plan}”，不能重复登记"):
            enrollment.save()
    return enrollment


@requires("mutual_aid.enrollment.cancel", on="enrollment")
def enrollment_cancel(
    *, user: User, enrollment: Enrollment, reason: str, on: dt.date
) -> Enrollment:
    """退保: cover stops from `on`; claims for events before it stay valid."""
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError("请填写退保原因")
    if on is None:
        raise DomainError("请填写退保日期")
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update().select_related("plan").get(pk=enrollment.pk)
        )
        plan = enrollment.plan
        if enrollment.status == EnrollmentStatus.CANCELLED:
            raise DomainError(f"该参保登记已于{enrollment.cancelled_on:%Y-%m-%d}退保")
        if enrollment.status == EnrollmentStatus.PENDING and enrollment.bill_id is not None:
            # The bill's amount already counts this person: cancelling would break reconciliation.
            raise DomainError("该参保登记已开入缴费单、尚未缴清，请缴清后再办理退保")
        if enrollment.status == EnrollmentStatus.ACTIVE:
            start = enrollment.cover_start or plan.period_start
            if on < start:
                raise DomainError(f"退保日期{on:%Y-%m-%d}不能早于保障生效日{start:%Y-%m-%d}")
            if on > plan.period_end:
                raise DomainError(
                    f"退保日期{on:%Y-%m-%d}不能晚于保障期止{plan.period_end:%Y-%m-%d}"
                )
        later = (
            enrollment.claims.exclude(status=ClaimStatus.REJECTED)
            .filter(event_date__gte=on)
            .order_by("event_date")
            .first()
        )
        if later is not None:
            raise DomainError(
                f"申领{later.number}的出险日期{later.event_date:%Y-%m-%d}不早于退保日期，"
                "不能退保；请先办结该申领或另选退保日期"
            )
        enrollment.status = EnrollmentStatus.CANCELLED
        enrollment.cancelled_on = on
        enrollment.cancel_reason = reason[:200]
        enrollment.save()
    return enrollment


def _shares(payer: str, amount: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """(unit, worker, union) parts of one contribution."""
    if payer == Payer.UNIT:
        return amount, ZERO, ZERO
    if payer == Payer.WORKER:
        return ZERO, amount, ZERO
    if payer == Payer.UNION:
        return ZERO, ZERO, amount
    unit = (amount * HALF).quantize(rules.CENT)
    return unit, ZERO, amount - unit


@requires("mutual_aid.contribution.bill")
def contribution_bill(
    *, user: User, plan: AidPlan, employer: Employer | None, org: Organization | None = None
) -> Contribution:
    """Open the bill for a unit's pending enrollments in a plan (not yet on a bill)."""
    if employer is not None:
        scope_org = unit_org(employer=employer)
        _unit_in_scope(user, "mutual_aid.contribution.bill", scope_org)
    elif org is not None:
        scope_org = org
        authorize(user, "mutual_aid.contribution.bill", scope_org)
    else:
        raise DomainError("请指定参保单位或工会")
    with transaction.atomic():
        pending = Enrollment.objects.filter(
            plan=plan, employer=employer, status=EnrollmentStatus.PENDING, bill=None
        )
        if employer is None:
            pending = pending.filter(org=scope_org)
        else:
            # Only the unit's enrollments registered in this subtree (never another county's).
            pending = pending.filter(org__path__startswith=scope_org.path)
        bill = Contribution.objects.create(
            plan=plan, employer=employer, org=scope_org, amount_due=ZERO
        )
        # The UPDATE claims (and locks) the rows: a second bill at the same time finds none.
        count = pending.update(bill=bill)
        if not count:
            raise DomainError("没有待开单的参保登记")
        unit = worker = union = ZERO
        for row in bill.enrollments.values("payer").annotate(total=Sum("amount")):
            u, w, n = _shares(row["payer"], row["total"])
            unit, worker, union = unit + u, worker + w, union + n
        bill.headcount = count
        bill.unit_share, bill.worker_share, bill.union_share = unit, worker, union
        bill.amount_due = unit + worker + union
        bill.save()
    return bill


@requires("mutual_aid.contribution.pay", on="bill")
def contribution_pay(
    *, user: User, bill: Contribution, amount: Any, paid_on: dt.date, reference: str = ""
) -> Contribution:
    """Record money received; a fully paid bill activates its enrollments."""
    value = to_money(amount, field="到账金额")
    if value <= 0:
        raise DomainError("到账金额必须大于0")
    with transaction.atomic():
        bill = lock_row(bill)
        left = bill.amount_due - bill.amount_paid
        if value > left:
            raise DomainError(f"到账金额{yuan(value)}超出未缴金额{yuan(left)}，请核对")
        ContributionPayment.objects.create(
            bill=bill, amount=value, paid_on=paid_on, reference=reference.strip(), recorded_by=user
        )
        bill.amount_paid += value
        bill.status = BillStatus.PAID if bill.amount_paid == bill.amount_due else BillStatus.PARTIAL
        bill.save()
        if bill.status == BillStatus.PAID:
            start = max(bill.plan.period_start, paid_on)
            # One UPDATE for the whole bill (a unit may enroll thousands); one audit entry says
            # how many people the payment activated, instead of one per enrollment.
            count = bill.enrollments.filter(status=EnrollmentStatus.PENDING).update(
                status=EnrollmentStatus.ACTIVE, cover_start=start
            )
            audit.record(
                action=AuditAction.UPDATE,
                instance=bill,
                user=user,
                note=f"缴费单缴清，{count}人保障自{start:%Y-%m-%d}起生效",
            )
    return bill
