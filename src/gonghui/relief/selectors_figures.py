"""The figures of the 四送 campaigns for a year (and a campaign) in an organization's subtree.

Each figure is one queryset and one aggregate over it: the figures page shows the aggregate,
its drill-down list pages through the same queryset, so the number on the page is the number
of rows (or the sum of the column) in its list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from gonghui.core.errors import ScopeError
from gonghui.core.models import Organization, Person, User
from gonghui.core.money import CENT
from gonghui.core.scope import organizations_for
from gonghui.relief.models import (
    Campaign,
    CampaignFund,
    CoolingSite,
    Distribution,
    GrantStatus,
    JobFair,
    ListStatus,
    StudentGrant,
)
from gonghui.relief.selectors_activities import campaigns_seen

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class FigureScope:
    """Whose figures: an organization's subtree, a year, optionally one campaign."""

    org: Organization
    year: int
    campaign: Campaign | None = None

    def on_campaign(self, qs: QuerySet[Any], field: str = "campaign") -> QuerySet[Any]:
        if self.campaign is None:
            return qs.filter(**{f"{field}__year": self.year})
        return qs.filter(**{field: self.campaign})


def figure_scope(
    *, user: User, year: int, org: str | int | None = None, campaign: str | int | None = None
) -> FigureScope:
    """The scope a user asked for: `org` must lie in their subtree (default: their own
    organization), `campaign` among the campaigns they see (its year then applies)."""
    orgs = organizations_for(user)
    chosen = orgs.filter(pk=org).first() if org else user.organization
    if chosen is None or not orgs.filter(pk=chosen.pk).exists():
        raise ScopeError("无权查看该组织的统计：不在您的管辖范围内")
    picked = None
    if campaign:
        picked = campaigns_seen(user=user).filter(pk=campaign).first()
        if picked is None:
            raise ScopeError("无权查看该活动的统计：不在您的管辖范围内")
        year = picked.year
    return FigureScope(org=chosen, year=year, campaign=picked)


# ---------------------------------------------------------------- the querysets


def fund_rows(scope: FigureScope) -> QuerySet[CampaignFund]:
    """Money raised (筹集资金) by the subtree's organizations."""
    qs = CampaignFund.objects.select_related("campaign", "org")
    return scope.on_campaign(qs.filter(org__path__startswith=scope.org.path)).order_by("id")


def item_rows(scope: FigureScope) -> QuerySet[Distribution]:
    """The items of the subtree's approved distribution lists."""
    qs = Distribution.objects.select_related("campaign", "dlist__org", "person").filter(
        dlist__status=ListStatus.APPROVED, dlist__org__path__startswith=scope.org.path
    )
    return scope.on_campaign(qs).order_by("id")


def goods_rows(scope: FigureScope) -> QuerySet[Distribution]:
    """Items of approved lists that gave goods."""
    return item_rows(scope).exclude(goods="")


def unsigned_rows(scope: FigureScope) -> QuerySet[Distribution]:
    """Items of approved lists with no receipt yet (签收 or 代领)."""
    return item_rows(scope).filter(signed_on__isnull=True)


def household_rows(scope: FigureScope) -> QuerySet[Person]:
    """The households reached: each person on an approved list once."""
    people = item_rows(scope).values("person_id")
    return Person.objects.select_related("org").filter(pk__in=people).order_by("id")


def grant_rows(scope: FigureScope) -> QuerySet[StudentGrant]:
    """金秋助学 grants paid to students of the subtree."""
    qs = StudentGrant.objects.select_related("campaign", "org", "person").filter(
        status=GrantStatus.PAID, org__path__startswith=scope.org.path
    )
    return scope.on_campaign(qs).order_by("id")


def site_rows(scope: FigureScope) -> QuerySet[CoolingSite]:
    qs = CoolingSite.objects.select_related("campaign", "org", "employer")
    return scope.on_campaign(qs.filter(org__path__startswith=scope.org.path)).order_by("id")


def fair_rows(scope: FigureScope) -> QuerySet[JobFair]:
    qs = JobFair.objects.select_related("campaign", "org")
    return scope.on_campaign(qs.filter(org__path__startswith=scope.org.path)).order_by("id")


# ---------------------------------------------------------------- the figures


@dataclass(frozen=True)
class Figure:
    """A number of the page: `rows` is its drill-down; `total` sums a field of them (None: it
    counts them); money figures are amounts in yuan."""

    key: str
    label: str
    unit: str
    rows: Callable[[FigureScope], QuerySet[Any]]
    total: str | None = None
    money: bool = False

    def value(self, scope: FigureScope) -> int | Decimal:
        qs = self.rows(scope)
        if self.total is None:
            return int(qs.count())
        found = qs.aggregate(v=Sum(self.total))["v"]
        if self.money:
            return (found or ZERO).quantize(CENT)
        return int(found or 0)


FIGURES: dict[str, Figure] = {
    f.key: f
    for f in (
        Figure("raised", "筹集资金", "元", fund_rows, "amount", money=True),
        Figure("distributed", "名单发放慰问金", "元", item_rows, "amount", money=True),
        Figure("households", "慰问困难职工", "户", household_rows),
        Figure("goods", "发放慰问物资", "人次", goods_rows),
        Figure("unsigned", "未签收", "人", unsigned_rows),
        Figure("students", "资助学生", "名", grant_rows),
        Figure("grant_money", "发放助学金", "元", grant_rows, "amount", money=True),
        Figure("sites", "夏送清凉点位", "个", site_rows),
        Figure("workers", "慰问高温一线职工", "人", site_rows, "workers"),
        Figure("site_money", "夏送清凉慰问金", "元", site_rows, "amount", money=True),
        Figure("fairs", "举办招聘会", "场", fair_rows),
        Figure("positions", "提供岗位", "个", fair_rows, "positions"),
        Figure("placed", "达成就业意向", "人", fair_rows, "placed"),
    )
}


def figures(*, scope: FigureScope) -> dict[str, Any]:
    """Every figure of the scope, the money given in all (lists, grants, sites), the money
    raised by source and the money raised and given per campaign (for the chart)."""
    values = {key: f.value(scope) for key, f in FIGURES.items()}
    given = values["distributed"] + values["grant_money"] + values["site_money"]
    by_source = list(
        fund_rows(scope).order_by().values("source").annotate(amount=Sum("amount"), n=Count("id"))
    )
    by_source.sort(key=lambda r: (-r["amount"], r["source"]))
    return {
        "values": values,
        "given": Decimal(given).quantize(CENT),
        "by_source": by_source,
        "by_campaign": per_campaign(scope),
    }


def _sum_by_campaign(qs: QuerySet[Any], field: str) -> dict[int, Decimal]:
    rows = qs.order_by().values("campaign_id").annotate(v=Sum(field))
    return {r["campaign_id"]: r["v"] or ZERO for r in rows}


def per_campaign(scope: FigureScope) -> list[dict[str, Any]]:
    """Money raised and given per campaign of the scope (one grouped query per kind of record)."""
    raised = _sum_by_campaign(fund_rows(scope), "amount")
    given: dict[int, Decimal] = {}
    for qs in (item_rows(scope), grant_rows(scope), site_rows(scope)):
        for cid, v in _sum_by_campaign(qs, "amount").items():
            given[cid] = given.get(cid, ZERO) + v
    ids = set(raised) | set(given)
    names = dict(Campaign.objects.filter(pk__in=ids).values_list("id", "name"))
    order = sorted(ids, key=lambda c: (-(raised.get(c, ZERO) + given.get(c, ZERO)), c))
    return [
        {
            "id": cid,
            "name": names.get(cid, ""),
            "raised": raised.get(cid, ZERO),
            "given": given.get(cid, ZERO),
        }
        for cid in order
    ]


def figure_rows(*, scope: FigureScope, key: str) -> QuerySet[Any]:
    """The drill-down of one figure."""
    return FIGURES[key].rows(scope)
