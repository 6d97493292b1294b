"""The figures of 互助保障: the year's statistics and the ledger per plan."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, Sum

from gonghui.core.models import Employer, Organization, OrgKind, User
from gonghui.core.scope import scoped
from gonghui.mutual_aid import rules
from gonghui.mutual_aid.models import (
    AidPlan,
    Category,
    Claim,
    ClaimStatus,
    Contribution,
    Enrollment,
    EnrollmentStatus,
)
from gonghui.mutual_aid.rules import ZERO


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
        "paid_amount": (paid["amount"] or ZERO).quantize(rules.CENT),
        "avg_days": round(float(paid["avg_days"]), 1) if paid["avg_days"] is not None else None,
        "on_time_share": round(100 * (paid["on_time"] or 0) / n, 1) if n else None,
        "by_plan": [
            {
                "name": labels.get(r["plan__category"], r["plan__category"]),
                "n": r["n"],
                "amount": (r["amount"] or ZERO).quantize(rules.CENT),
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

    def m(value: Any) -> Decimal:
        return (value or ZERO).quantize(rules.CENT)

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
