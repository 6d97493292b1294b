"""Reads of claims: lists, documents, the benefits the same event qualifies for, the
7-working-day clock and the public progress query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from gonghui.core import clock
from gonghui.core.crypto import lookup_hash
from gonghui.core.models import Sex, User
from gonghui.core.scope import scoped
from gonghui.core.validators import normalize_text
from gonghui.core.workdays import add_workdays, workdays_between
from gonghui.mutual_aid import rules
from gonghui.mutual_aid.models import (
    Category,
    Claim,
    ClaimDocument,
    ClaimPayment,
    ClaimStatus,
    Enrollment,
    EnrollmentStatus,
    EventKind,
)
from gonghui.mutual_aid.selectors_enrollments import _search_person


def claim_document_get(*, user: User, pk: int) -> ClaimDocument:
    """One uploaded claim document whose claim is in scope, or ClaimDocument.DoesNotExist."""
    return scoped(
        ClaimDocument.objects.select_related("claim__org", "claim__person"),
        user,
        org_field="claim__org",
        person_field="claim__person",
    ).get(pk=pk)


def claim_list(
    *,
    user: User,
    q: str = "",
    status: str = "",
    plan: Any = None,
    overdue: str = "",
    year: Any = None,
) -> QuerySet[Claim]:
    """Claims in scope (a member: their own), newest first."""
    qs = scoped(Claim.objects.select_related("plan", "person", "org"), user, person_field="person")
    q = normalize_text(q)
    if q.upper().startswith("HZ"):
        qs = qs.filter(number=q.upper())
    else:
        qs = _search_person(qs, q)
    if status:
        qs = qs.filter(status=status)
    if plan:
        qs = qs.filter(plan_id=plan)
    if year:
        qs = qs.filter(plan__year=year)
    if overdue == "1":
        ids = [c.pk for c in overdue_claims(user=user)]
        qs = qs.filter(pk__in=ids)
    return qs.order_by("-id")


def claim_get(*, user: User, pk: int) -> Claim:
    """One claim in scope, or Claim.DoesNotExist."""
    return claim_list(user=user).get(pk=pk)


def linked_claims(*, claim: Claim) -> QuerySet[Claim]:
    """The claims filed for the same event from this one (关联申领)."""
    return Claim.objects.filter(linked_to=claim).select_related("plan")


def claim_bank_open(*, claim: Claim) -> bool:
    """Whether the claim's bank details may still change (not paid, rejected or in a batch)."""
    if claim.status in (ClaimStatus.PAID, ClaimStatus.REJECTED):
        return False
    return not ClaimPayment.objects.filter(claim=claim, batch__isnull=False).exists()


# ---------------------------------------------------------------- multi-benefit detection


@dataclass
class Proposal:
    enrollment: Enrollment
    reason: str


def linked_benefits(*, claim: Claim) -> list[Proposal]:
    """Every other plan of the same person the same event qualifies for, not yet claimed."""
    person = claim.person
    diagnosis = claim.diagnosis
    claimed = set(
        Claim.objects.filter(Q(pk=claim.pk) | Q(linked_to=claim) | Q(pk=claim.linked_to_id))
        .exclude(status=ClaimStatus.REJECTED)
        .values_list("plan_id", flat=True)
    )
    claimed.add(claim.plan_id)  # never its own plan, even when this claim was rejected
    if claim.linked_to_id:
        claimed |= set(
            Claim.objects.filter(linked_to_id=claim.linked_to_id).values_list("plan_id", flat=True)
        )
    out: list[Proposal] = []
    # Cover on the event date: active, or withdrawn (退保) only after the event.
    covered = Q(status=EnrollmentStatus.ACTIVE) | Q(
        status=EnrollmentStatus.CANCELLED,
        cover_start__isnull=False,
        cancelled_on__gt=claim.event_date,
    )
    candidates = Enrollment.objects.select_related("plan").filter(
        covered,
        person=person,
        plan__period_start__lte=claim.event_date,
        plan__period_end__gte=claim.event_date,
    )
    for e in candidates:
        plan = e.plan
        if plan.pk in claimed:
            continue
        reason = ""
        if plan.category in (Category.CRITICAL, Category.FEMALE):
            if plan.women_only and person.sex != Sex.FEMALE:
                continue
            hit = rules.match_disease(diagnosis, plan.diseases)
            if hit:
                reason = f"诊断属于“{plan.name}”病种目录中的“{hit}”"
        elif plan.category == Category.ACCIDENT:
            if claim.event_kind == EventKind.ACCIDENT:
                reason = "本次为意外事故，可申领意外伤害互助金"
        elif plan.category in (Category.HOSPITAL, Category.ALLOWANCE):
            if claim.admitted_on and claim.discharged_on:
                reason = f"本次住院{rules.hospital_days(claim.admitted_on, claim.discharged_on)}天，可申领“{plan.name}”"
        if reason:
            out.append(Proposal(enrollment=e, reason=reason))
    return out


# ---------------------------------------------------------------- the 7-working-day clock


@dataclass
class Clock:
    started: dt.date | None
    elapsed: int  # working days counted so far (pauses excluded)
    due: dt.date | None
    overdue: bool
    paused: bool
    text: str


def claim_clock(claim: Claim, today: dt.date | None = None) -> Clock:
    """Working days since the complete application, pauses for 补充材料 excluded."""
    today = today or clock.today()
    limit = rules.PAY_WITHIN_WORKDAYS
    if claim.accepted_on is None:
        return Clock(None, 0, None, False, False, "尚未受理，未开始计时")
    due = add_workdays(claim.accepted_on, limit + claim.paused_workdays)
    if claim.status == ClaimStatus.PAID and claim.paid_on:
        used = claim.workdays_to_pay if claim.workdays_to_pay is not None else 0
        ok = "按时" if used <= limit else "超时"
        return Clock(claim.accepted_on, used, due, False, False, f"{used}个工作日办结（{ok}）")
    if claim.status == ClaimStatus.REJECTED:
        return Clock(claim.accepted_on, 0, None, False, False, "已办结（不予给付）")
    end = claim.supplement_since if claim.status == ClaimStatus.SUPPLEMENT else today
    elapsed = max(workdays_between(claim.accepted_on, end or today) - claim.paused_workdays, 0)
    if claim.status == ClaimStatus.SUPPLEMENT:
        return Clock(
            claim.accepted_on,
            elapsed,
            None,
            False,
            True,
            f"已用{elapsed}个工作日，补充材料期间暂停计时",
        )
    over = today > due
    text = f"已用{elapsed}/{limit}个工作日，应于{due:%Y-%m-%d}前支付"
    if over:
        text = f"已超期：已用{elapsed}个工作日，应于{due:%Y-%m-%d}前支付"
    return Clock(claim.accepted_on, elapsed, due, over, False, text)


def overdue_claims(*, user: User, today: dt.date | None = None) -> list[Claim]:
    """Open claims past their 7-working-day due date."""
    qs = scoped(
        Claim.objects.select_related("plan", "person", "org"), user, person_field="person"
    ).filter(
        status__in=[ClaimStatus.ACCEPTED, ClaimStatus.REVIEWED, ClaimStatus.APPROVED],
        accepted_on__isnull=False,
    )
    return [c for c in qs.order_by("accepted_on") if claim_clock(c, today).overdue]


# ---------------------------------------------------------------- progress query


def progress_public(*, number: str, id_number: str) -> Claim | None:
    """A claim by its number and the claimant's ID number; None unless both match."""
    number = normalize_text(number).upper()
    id_number = normalize_text(id_number).upper()
    if not number or len(id_number) != 18:
        return None
    return (
        Claim.objects.select_related("plan")
        .prefetch_related("steps")
        .filter(number=number, person__id_hash=lookup_hash(id_number, purpose="person.id_number"))
        .first()
    )


def member_claims(*, user: User) -> QuerySet[Claim]:
    """职工本人's own claims with their steps."""
    if user.person_id is None:
        return Claim.objects.none()
    return (
        Claim.objects.select_related("plan")
        .prefetch_related("steps")
        .filter(person_id=user.person_id)
        .order_by("-id")
    )
