"""Reads of 四送 campaigns and their distribution lists, scoped.

A campaign is seen by its owner's subtree and by the unions below whose owner runs it (a county
sees the city's campaign to submit its lists); lists, items and receipts only within one's own
subtree. The duplicates page shows, for each person in scope on more than one list, the other
lists' organization, status, group and amount (never another county's people).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from gonghui.core.crypto import lookup_hash
from gonghui.core.errors import DomainError
from gonghui.core.models import Person, Role, User
from gonghui.core.scope import org_path, scope_q
from gonghui.core.validators import parse_id_number
from gonghui.relief.models import (
    Campaign,
    Distribution,
    DistributionList,
    ListStatus,
)
from gonghui.relief.models.campaigns import DuplicateResolution

ZERO = Decimal("0.00")


def campaign_list(
    *, user: User, q: str = "", year: int | None = None, kind: str = ""
) -> QuerySet[Campaign]:
    """The campaigns of the user's subtree and of the organizations above it."""
    path = org_path(user) if user.is_authenticated else None
    if path is None or user.role == Role.MEMBER:
        return Campaign.objects.none()
    ancestors = [int(p) for p in path.strip("/").split("/") if p]
    qs = Campaign.objects.filter(Q(org__path__startswith=path) | Q(org_id__in=ancestors))
    if q:
        qs = qs.filter(name__icontains=q)
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return (
        qs.select_related("org")
        .annotate(list_count=Count("lists", distinct=True))
        .order_by("-year", "kind", "id")
    )


def person_for_list(*, dlist: DistributionList, id_number: str) -> Person:
    """The registered person of a typed ID number within the list's organization, else a
    Chinese error (never saying where a person outside it is registered)."""
    number = parse_id_number(id_number).number
    found = (
        Person.objects.filter(
            id_hash=lookup_hash(str(number), purpose="person.id_number"),
            org__path__startswith=dlist.org.path,
        )
        .select_related("org")
        .first()
    )
    if found is None:
        raise DomainError(
            f"{dlist.org}的管辖范围内没有此身份证号码的职工（须先在“人员及会员”中登记）",
            column="id_number",
        )
    return found


def campaign_get(*, user: User, pk: int) -> Campaign:
    return get_object_or_404(campaign_list(user=user), pk=pk)


def list_list(*, user: User, campaign: Campaign | None = None) -> QuerySet[DistributionList]:
    """The distribution lists of the user's subtree, with their count and total."""
    qs = DistributionList.objects.filter(scope_q(user)).select_related("campaign", "org")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.annotate(people=Count("items"), total=Sum("items__amount")).order_by(
        "org__path", "id"
    )


def list_get(*, user: User, pk: int) -> DistributionList:
    return get_object_or_404(
        DistributionList.objects.filter(scope_q(user)).select_related(
            "campaign__org", "org", "submitted_by", "approved_by"
        ),
        pk=pk,
    )


def list_items(dlist: DistributionList) -> QuerySet[Distribution]:
    return dlist.items.select_related("person", "case").order_by("id")


def list_totals(dlist: DistributionList) -> dict[str, Any]:
    """How many people a list holds, its total and how many are above their standard."""
    agg = dlist.items.aggregate(
        people=Count("id"),
        total=Sum("amount"),
        overrides=Count("id", filter=Q(amount__gt=F("standard_amount"))),
    )
    return {**agg, "total": agg["total"] or ZERO}


def item_get(*, user: User, pk: int) -> Distribution:
    return get_object_or_404(
        Distribution.objects.filter(scope_q(user, "dlist__org")).select_related(
            "person", "dlist__org", "dlist__campaign"
        ),
        pk=pk,
    )


@dataclass
class BudgetUse:
    line: str
    amount: Decimal
    used: Decimal
    remaining: Decimal


def budget_use(campaign: Campaign) -> list[BudgetUse]:
    """Each budget line with what the submitted and approved lists take from it."""
    used = dict(
        Distribution.objects.filter(
            campaign=campaign, dlist__status__in=[ListStatus.SUBMITTED, ListStatus.APPROVED]
        )
        .values("dlist__budget_line")
        .annotate(total=Sum("amount"))
        .values_list("dlist__budget_line", "total")
    )
    return [
        BudgetUse(b.line, b.amount, used.get(b.line) or ZERO, b.amount - (used.get(b.line) or ZERO))
        for b in campaign.budgets.all()
    ]


def campaign_totals(campaign: Campaign) -> dict[str, Any]:
    """Raised, listed and given (approved) money and people of the whole campaign."""
    raised = campaign.funds.aggregate(s=Sum("amount"))["s"] or ZERO
    approved = Distribution.objects.filter(campaign=campaign, dlist__status=ListStatus.APPROVED)
    agg = approved.aggregate(n=Count("id"), s=Sum("amount"))
    return {
        "raised": raised,
        "approved_people": agg["n"],
        "approved_amount": agg["s"] or ZERO,
        "unsigned": approved.filter(signed_on__isnull=True).count(),
    }


@dataclass
class Duplicate:
    """A person on more than one list of a campaign: their items, side by side."""

    person: Any
    items: list[Distribution] = field(default_factory=list)


def duplicates(*, user: User, campaign: Campaign) -> list[Duplicate]:
    """Every person in the user's scope who is on more than one list of the campaign."""
    repeated = (
        Distribution.objects.filter(campaign=campaign)
        .values("person_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values("person_id")
    )
    mine = set(
        Distribution.objects.filter(
            scope_q(user, "dlist__org"), campaign=campaign, person_id__in=repeated
        ).values_list("person_id", flat=True)
    )
    rows = (
        Distribution.objects.filter(campaign=campaign, person_id__in=mine)
        .select_related("person", "dlist__org")
        .order_by("person_id", "dlist__org__path", "id")
    )
    grouped: dict[int, Duplicate] = {}
    for item in rows:
        grouped.setdefault(item.person_id, Duplicate(item.person)).items.append(item)
    return list(grouped.values())


def resolutions(*, user: User, campaign: Campaign) -> QuerySet[DuplicateResolution]:
    return (
        DuplicateResolution.objects.filter(campaign=campaign)
        .filter(scope_q(user, "removed_list__org") | scope_q(user, "kept_list__org"))
        .select_related("person", "kept_list__org", "removed_list__org", "by")
    )


def unsigned_items(*, user: User, campaign: Campaign) -> list[Distribution]:
    """Items of the approved lists in scope not yet signed for (签收) nor taken by a proxy."""
    return list(
        Distribution.objects.filter(
            scope_q(user, "dlist__org"),
            campaign=campaign,
            dlist__status=ListStatus.APPROVED,
            signed_on__isnull=True,
        )
        .select_related("person", "dlist__org")
        .order_by("dlist__org__path", "id")
    )


def group_labels(campaign: Campaign) -> dict[str, str]:
    return {s.group: s.label for s in campaign.standards.all()}


def by_org(items: list[Distribution]) -> dict[str, list[Distribution]]:
    out: dict[str, list[Distribution]] = defaultdict(list)
    for item in items:
        out[item.dlist.org.name].append(item)
    return dict(out)
