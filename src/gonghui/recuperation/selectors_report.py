"""The year in numbers (年度统计): who went, budget and costs per batch, groups received,
feedback — within the user's subtree."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Sum

from gonghui.core.models import Organization, User
from gonghui.core.permissions import authorize
from gonghui.core.scope import scoped
from gonghui.honors import registry
from gonghui.recuperation.models import (
    Batch,
    Feedback,
    InboundGroup,
    Invitation,
    InvitationStatus,
    Plan,
    PlanStatus,
    Trip,
)
from gonghui.recuperation.selectors_plans import BatchSeats, batch_seats
from gonghui.recuperation.services_input import county_id


@dataclass
class YearReport:
    year: int
    plans: list[Plan] = field(default_factory=list)  # current plans owned in the subtree
    budget: Decimal = Decimal(0)
    planned_cost: Decimal = Decimal(0)
    actual_cost: Decimal = Decimal(0)
    outbound_people: int = 0
    outbound_batches: int = 0
    frontline_share: float = 0.0
    never_been_share: float = 0.0
    by_county: list[tuple[str, int]] = field(default_factory=list)
    by_level: list[tuple[str, int]] = field(default_factory=list)
    batches: list[dict[str, Any]] = field(default_factory=list)
    inbound_batches: int = 0
    inbound_people: int = 0
    inbound_spending: Decimal = Decimal(0)
    feedback: list[Any] = field(default_factory=list)
    feedback_by_base: list[Any] = field(default_factory=list)


def batch_costs(batch: Batch, seats: BatchSeats | None = None) -> dict[str, Any]:
    """A batch's confirmed and attended people, planned and actual cost and the variance."""
    planned = batch.invitations.filter(status=InvitationStatus.CONFIRMED).aggregate(s=Sum("cost"))[
        "s"
    ] or Decimal(0)
    travel = batch.invitations.filter(attended=True).aggregate(s=Sum("travel_reimbursed"))[
        "s"
    ] or Decimal(0)
    actual = (batch.actual_accommodation or Decimal(0)) + travel
    if seats is None:
        seats = next(s for s in batch_seats(batch.plan) if s.batch.pk == batch.pk)
    return {
        "batch": batch,
        "confirmed": seats.confirmed,
        "attended": seats.attended,
        "planned": planned,
        "actual": actual,
        "variance": actual - planned if batch.actual_accommodation is not None else None,
    }


def year_report(*, user: User, year: int) -> YearReport:
    """The year within the user's subtree: its people who went (on any plan), the budget and
    costs of the plans it drew up, the groups it received, its people's feedback."""
    authorize(user, "recuperation.report.view")
    report = YearReport(year=year)
    inbound = (
        scoped(InboundGroup.objects.filter(start_date__year=year), user)
        .order_by()
        .aggregate(n=Count("id"), people=Sum("size"), spending=Sum("local_spending"))
    )
    report.inbound_batches = inbound["n"] or 0
    report.inbound_people = inbound["people"] or 0
    report.inbound_spending = inbound["spending"] or Decimal(0)

    went = list(
        scoped(
            Invitation.objects.filter(plan__year=year, attended=True),
            user,
            org_field="person__org",
        ).select_related("person__org", "batch")
    )
    report.outbound_people = len(went)
    report.outbound_batches = len({inv.batch_id for inv in went})
    county_names = dict(Organization.objects.filter(depth=1).values_list("pk", "name"))
    counties: dict[str, int] = defaultdict(int)
    for inv in went:
        counties[county_names.get(county_id(inv.person.org.path) or 0, "市直")] += 1
    report.by_county = sorted(counties.items(), key=lambda kv: -kv[1])
    levels: dict[str, int] = defaultdict(int)
    level_of = registry.level_labels(inv.person_id for inv in went)
    for inv in went:
        levels[level_of.get(inv.person_id, "未定级")] += 1
    report.by_level = sorted(levels.items())
    if went:
        report.frontline_share = sum(1 for i in went if i.person.frontline) / len(went)
        earlier = set(
            Trip.objects.filter(
                person_id__in=[i.person_id for i in went], year__lt=year
            ).values_list("person_id", flat=True)
        )
        report.never_been_share = sum(1 for i in went if i.person_id not in earlier) / len(went)

    report.plans = list(
        scoped(Plan.objects.filter(year=year), user)
        .exclude(status=PlanStatus.SUPERSEDED)
        .select_related("org")
        .order_by("org__path", "pk")
    )
    for plan in report.plans:
        report.budget += plan.budget
        for seats in batch_seats(plan):
            row = batch_costs(seats.batch, seats)
            report.planned_cost += row["planned"]
            report.actual_cost += row["actual"]
            report.batches.append(row)

    feedback = scoped(
        Feedback.objects.filter(invitation__plan__year=year),
        user,
        org_field="invitation__person__org",
    )
    report.feedback = list(
        feedback.values("invitation__batch__code")
        .annotate(n=Count("id"), avg=Avg("satisfaction"))
        .order_by("invitation__batch__code")
    )
    report.feedback_by_base = list(
        feedback.values("invitation__batch__base__name")
        .annotate(n=Count("id"), avg=Avg("satisfaction"))
        .order_by("invitation__batch__base__name")
    )
    return report
