"""Reads of 职工互助保障, each limited to the user's scope (a unit's records scope through the
employer's territorial union, else the person's union; 职工本人 sees only their own)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum

from gonghui.core import clock
from gonghui.core.crypto import lookup_hash
from gonghui.core.errors import DomainError
from gonghui.core.models import Employer, Organization, OrgKind, Role, Sex, User
from gonghui.core.money import CENT
from gonghui.core.scope import org_path, scoped
from gonghui.core.validators import normalize_text
from gonghui.core.workdays import add_workdays, workdays_between
from gonghui.mutual_aid import rules
from gonghui.mutual_aid.models import (
    AidBudget,
    AidPlan,
    Category,
    Claim,
    ClaimDocument,
    ClaimPayment,
    ClaimStatus,
    Contribution,
    Enrollment,
    EnrollmentStatus,
    EventKind,
    PaymentBatch,
)

ZERO = Decimal("0.00")

OPEN = (
    ClaimStatus.SUBMITTED,
    ClaimStatus.ACCEPTED,
    ClaimStatus.SUPPLEMENT,
    ClaimStatus.REVIEWED,
    ClaimStatus.APPROVED,
)


def plan_list(*, user: User, year: int | None = None) -> QuerySet[AidPlan]:
    """The plans (city-wide settings, visible to every signed-in user)."""
    qs = AidPlan.objects.all()
    return qs.filter(year=year) if year else qs


def _search_person(qs: QuerySet[Any], q: str, prefix: str = "person__") -> QuerySet[Any]:
    q = normalize_text(q)
    if not q:
        return qs
    if len(q) == 18:
        return qs.filter(**{f"{prefix}id_hash": lookup_hash(q.upper(), purpose="person.id_number")})
    return qs.filter(
        Q(**{f"{prefix}name__icontains": q}) | Q(**{f"{prefix}name_pinyin__icontains": q.lower()})
    )


def enrollment_list(
    *,
    user: User,
    q: str = "",
    plan: Any = None,
    status: str = "",
    employer: Any = None,
    year: Any = None,
) -> QuerySet[Enrollment]:
    """Enrollments in scope, newest first."""
    qs = scoped(
        Enrollment.objects.select_related("plan", "person", "employer", "org"),
        user,
        person_field="person",
    )
    qs = _search_person(qs, q)
    if plan:
        qs = qs.filter(plan_id=plan)
    if status:
        qs = qs.filter(status=status)
    if employer:
        qs = qs.filter(employer_id=employer)
    if year:
        qs = qs.filter(plan__year=year)
    return qs.order_by("-id")


def enrollment_get(*, user: User, pk: int) -> Enrollment:
    """One enrollment in scope, or Enrollment.DoesNotExist."""
    return enrollment_list(user=user).get(pk=pk)


def claim_document_get(*, user: User, pk: int) -> ClaimDocument:
    """One uploaded claim document whose claim is in scope, or ClaimDocument.DoesNotExist."""
    return scoped(
        ClaimDocument.objects.select_related("claim__org", "claim__person"),
        user,
        org_field="claim__org",
        person_field="claim__person",
    ).get(pk=pk)


def bill_list(*, user: User, status: str = "", plan: Any = None) -> QuerySet[Contribution]:
    """Contribution bills in scope."""
    qs = scoped(Contribution.objects.select_related("plan", "employer", "org"), user)
    if status:
        qs = qs.filter(status=status)
    if plan:
        qs = qs.filter(plan_id=plan)
    return qs.order_by("-id")


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


def payment_batch_list(*, user: User) -> QuerySet[PaymentBatch]:
    """Payment batches made in the user's subtree, with their claim count."""
    return scoped(
        PaymentBatch.objects.select_related("org", "created_by", "paid_by"), user
    ).annotate(claim_count=Count("payments"))


def payment_batch_get(*, user: User, pk: int) -> PaymentBatch:
    """One payment batch in scope, or PaymentBatch.DoesNotExist."""
    return payment_batch_list(user=user).get(pk=pk)


def batch_payments(*, batch: PaymentBatch) -> QuerySet[ClaimPayment]:
    """The payments of a batch (the batch is already in the user's scope)."""
    return batch.payments.select_related("claim__person", "claim__plan").order_by("id")


def pending_payments(*, user: User) -> QuerySet[ClaimPayment]:
    """Approved claims in the user's subtree waiting for a payment batch."""
    return (
        scoped(
            ClaimPayment.objects.select_related("claim__person", "claim__plan"),
            user,
            "claim__org",
        )
        .filter(batch=None, paid_on=None)
        .order_by("id")
    )


def claim_bank_open(*, claim: Claim) -> bool:
    """Whether the claim's bank details may still change (not paid, rejected or in a batch)."""
    if claim.status in (ClaimStatus.PAID, ClaimStatus.REJECTED):
        return False
    return not ClaimPayment.objects.filter(claim=claim, batch__isnull=False).exists()


def payments_by_ids(*, user: User, ids: list[int]) -> list[ClaimPayment]:
    """The payments of the given ids that lie in the user's subtree (others are left out)."""
    if not ids:
        return []
    return list(
        scoped(
            ClaimPayment.objects.select_related("claim__person", "claim__plan", "batch"),
            user,
            "claim__org",
        )
        .filter(pk__in=ids)
        .order_by("id")
    )


# ---------------------------------------------------------------- budget


@dataclass
class BudgetStatus:
    """A budget line of a year: its amount (None: not set), paid so far, in unpaid batches."""

    year: int | None
    line: str
    amount: Decimal | None
    paid: Decimal
    pending: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.amount is None else self.amount - self.paid

    def after(self, extra: Decimal) -> Decimal | None:
        """What would remain once `extra` more is paid from the line."""
        return None if self.amount is None else self.amount - self.paid - extra

    @property
    def text(self) -> str:
        if not self.line:
            return "未填写预算科目"
        head = f"{self.year}年“{self.line}”" if self.year else f"“{self.line}”"
        if self.amount is None:
            return f"{head}：未设置预算金额（已支付{self.paid:.2f}元）"
        left = self.amount - self.paid
        tail = f"剩余{left:.2f}元" if left >= 0 else f"已超支{-left:.2f}元"
        return f"{head}：预算{self.amount:.2f}元，已支付{self.paid:.2f}元，{tail}"


def budget_lines(*, year: int) -> QuerySet[AidBudget]:
    """The year's budget lines (city-wide settings of the 市总)."""
    return AidBudget.objects.filter(year=year).order_by("id")


def budget_years() -> list[int]:
    """The years that have budget lines."""
    return list(AidBudget.objects.values_list("year", flat=True).distinct().order_by("-year"))


def budget_default_line(*, year: int) -> str:
    """The budget line a new batch starts with: the year's first line, if one is set."""
    first = budget_lines(year=year).first()
    return first.line if first is not None else ""


def budget_statuses(
    keys: set[tuple[int | None, str]],
) -> dict[tuple[int | None, str], BudgetStatus]:
    """BudgetStatus of each (year, line), in two queries whatever the number of keys.

    A budget line is the 市总's, for the whole city: what it has paid counts every batch paid
    from it, whichever county made it (only the sums, never the batches, leave the scope)."""
    years = {y for y, _ in keys if y}
    lines = {line for _, line in keys if line}
    amounts: dict[tuple[int | None, str], Decimal | None] = {
        (b.year, b.line): b.amount for b in AidBudget.objects.filter(year__in=years, line__in=lines)
    }
    paid: dict[tuple[int | None, str], Decimal] = {}
    pending: dict[tuple[int | None, str], Decimal] = {}
    rows = (
        PaymentBatch.objects.filter(budget_year__in=years, budget_line__in=lines)
        .values("budget_year", "budget_line")
        .annotate(
            paid=Sum("total", filter=Q(paid_on__isnull=False)),
            pending=Sum("total", filter=Q(paid_on__isnull=True)),
        )
    )
    for r in rows:
        key = (r["budget_year"], r["budget_line"])
        # SQLite sums decimals as floats: back to cents.
        paid[key] = (r["paid"] or ZERO).quantize(CENT)
        pending[key] = (r["pending"] or ZERO).quantize(CENT)
    return {
        key: BudgetStatus(
            year=key[0],
            line=key[1],
            amount=amounts.get(key),
            paid=paid.get(key, ZERO),
            pending=pending.get(key, ZERO),
        )
        for key in keys
    }


def budget_status(*, year: int | None, line: str) -> BudgetStatus:
    """What remains of one budget line of a year."""
    return budget_statuses({(year, line)})[(year, line)]


def budget_overview(*, user: User, year: int) -> list[BudgetStatus]:
    """Every budget line of a year with what remains of it."""
    lines = [b.line for b in budget_lines(year=year)]
    found = budget_statuses({(year, line) for line in lines})
    return [found[(year, line)] for line in lines]


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


# ---------------------------------------------------------------- statistics


def _counties(user: User) -> dict[str, str]:
    """Path prefix of each county-level federation → its name. City-level industry
    federations (快递、网约车…) are depth 1 too but no county: their people count as 市直."""
    return {
        o.path: o.name
        for o in Organization.objects.filter(depth=1, kind=OrgKind.COUNTY).only("path", "name")
    }


def statistics(*, user: User, year: int) -> dict[str, Any]:
    """The figures the articles quote, for the user's scope and a year."""
    plan_ids = list(AidPlan.objects.filter(year=year).values_list("id", flat=True))
    enrollments = scoped(Enrollment.objects.all(), user, person_field="person").filter(
        plan_id__in=plan_ids, status=EnrollmentStatus.ACTIVE
    )
    insured = enrollments.values("person_id").distinct().count()
    # One pass grouped by (union, unit); counties and units are summed from these few rows.
    # A person insured through two unions of one county counts in both (rare: a job change).
    groups = list(
        enrollments.values("org_id", "employer_id").annotate(
            people=Count("person_id", distinct=True), n=Count("id")
        )
    )
    enroll_count = sum(g["n"] for g in groups)
    paths = dict(
        Organization.objects.filter(pk__in={g["org_id"] for g in groups}).values_list("id", "path")
    )
    counties = _counties(user)
    root_len = len(next(iter(counties))) if counties else 0
    per_county: dict[str, int] = {}
    per_unit: dict[int, int] = {}
    for g in groups:
        name = counties.get(paths.get(g["org_id"], "")[:root_len], "市直")
        per_county[name] = per_county.get(name, 0) + g["people"]
        if g["employer_id"] is not None:
            per_unit[g["employer_id"]] = per_unit.get(g["employer_id"], 0) + g["people"]
    by_county_rows = [
        {"name": k, "people": v} for k, v in sorted(per_county.items(), key=lambda kv: -kv[1])
    ]
    top = sorted(per_unit.items(), key=lambda kv: -kv[1])[:10]
    unit_names = dict(Employer.objects.filter(pk__in=[k for k, _ in top]).values_list("id", "name"))
    by_unit = [{"employer__name": unit_names.get(k, ""), "people": v} for k, v in top]
    claims = scoped(Claim.objects.all(), user, person_field="person").filter(
        paid_on__year=year, status=ClaimStatus.PAID
    )
    paid = claims.aggregate(
        n=Count("id"),
        amount=Sum("amount"),
        avg_days=Avg("workdays_to_pay"),
        on_time=Count("id", filter=Q(workdays_to_pay__lte=rules.PAY_WITHIN_WORKDAYS)),
    )
    by_plan = list(
        claims.values("plan__category")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by("plan__category")
    )
    labels = dict(Category.choices)
    n = paid["n"] or 0
    return {
        "year": year,
        "insured": insured,
        "enrollments": enroll_count,
        "by_county": by_county_rows,
        "by_unit": [{"name": r["employer__name"], "people": r["people"]} for r in by_unit],
        "paid_count": n,
        "paid_amount": (paid["amount"] or Decimal(0)).quantize(rules.CENT),
        "avg_days": round(float(paid["avg_days"]), 1) if paid["avg_days"] is not None else None,
        "on_time_share": round(100 * (paid["on_time"] or 0) / n, 1) if n else None,
        "by_plan": [
            {
                "name": labels.get(r["plan__category"], r["plan__category"]),
                "n": r["n"],
                "amount": r["amount"],
            }
            for r in by_plan
        ],
    }


def ledger(*, user: User, year: int) -> list[dict[str, Any]]:
    """台账 per plan: enrolled, contributions due and received, claims paid."""
    plans = list(AidPlan.objects.filter(year=year).order_by("category", "id"))
    enroll: dict[int, Any] = {
        r["plan_id"]: r
        for r in scoped(Enrollment.objects.all(), user, person_field="person")
        .filter(plan_id__in=[p.pk for p in plans])
        .exclude(status=EnrollmentStatus.CANCELLED)
        .values("plan_id")
        .annotate(n=Count("id"), active=Count("id", filter=Q(status=EnrollmentStatus.ACTIVE)))
    }
    bills: dict[int, Any] = {
        r["plan_id"]: r
        for r in scoped(Contribution.objects.all(), user)
        .filter(plan__year=year)
        .values("plan_id")
        .annotate(due=Sum("amount_due"), paid=Sum("amount_paid"))
    }
    claims: dict[int, Any] = {
        r["plan_id"]: r
        for r in scoped(Claim.objects.all(), user, person_field="person")
        .filter(plan__year=year, status=ClaimStatus.PAID)
        .values("plan_id")
        .annotate(n=Count("id"), amount=Sum("amount"))
    }
    zero = Decimal("0.00")

    def m(value: Any) -> Decimal:
        return (value or zero).quantize(rules.CENT)

    return [
        {
            "plan": p,
            "enrolled": enroll.get(p.pk, {}).get("n", 0),
            "active": enroll.get(p.pk, {}).get("active", 0),
            "due": m(bills.get(p.pk, {}).get("due")),
            "received": m(bills.get(p.pk, {}).get("paid")),
            "claims": claims.get(p.pk, {}).get("n", 0),
            "paid": m(claims.get(p.pk, {}).get("amount")),
        }
        for p in plans
    ]


def is_member(user: User) -> bool:
    return user.role == Role.MEMBER


def person_by_id_number(*, user: User, id_number: str) -> Any:
    """A person in the user's scope by full ID number, or None."""
    from gonghui.core.models import Person

    text = normalize_text(id_number).upper()
    if not text:
        return None
    qs = scoped(Person.objects.select_related("org"), user, person_field="pk")
    return qs.filter(id_hash=lookup_hash(text, purpose="person.id_number")).first()


def unit_org(*, employer: Employer | None, person: Any = None) -> Organization:
    """The organization a unit's records scope through: the employer's own union, else the
    employer's territorial union, else the person's union (free cover without an employer)."""
    if employer is not None:
        union = employer.unions.filter(is_active=True).order_by("id").first()
        return union or employer.org
    if person is None:
        raise DomainError("请指定参保单位")
    return person.org


def employer_by_code(*, user: User, code: str) -> Employer | None:
    """An employer by 统一社会信用代码 whose 互助保障 records fall in the user's subtree, or None
    (also when the code is registered under another organization: see employer_code_known)."""
    code = normalize_text(code).upper()
    path = org_path(user)
    if not code or path is None:
        return None
    employer = Employer.objects.select_related("org").filter(credit_code=code).first()
    if employer is None or not unit_org(employer=employer).path.startswith(path):
        return None
    return employer


def employer_code_known(*, code: str) -> bool:
    """Whether any employer carries this 统一社会信用代码 (to tell "unknown" from "elsewhere")."""
    code = normalize_text(code).upper()
    return bool(code) and Employer.objects.filter(credit_code=code).exists()


def enrollment_for(*, person: Any, plan: AidPlan) -> Enrollment | None:
    """The person's live enrollment in a plan, else the last one withdrawn (退保): a claim
    against it is then refused with the date and reason cover ended, or, for an event before
    that date, accepted."""
    qs = Enrollment.objects.select_related("plan", "person", "org").filter(person=person, plan=plan)
    live = qs.exclude(status=EnrollmentStatus.CANCELLED).first()
    if live is not None:
        return live
    return qs.order_by("-cancelled_on", "-id").first()


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


def member_enrollments(*, user: User) -> QuerySet[Enrollment]:
    if user.person_id is None:
        return Enrollment.objects.none()
    return Enrollment.objects.select_related("plan").filter(person_id=user.person_id)
