"""Reads of the 企业台账: employers with their organizing status (rules.annotate_status, the
threshold of the year's setting), the per-county counts of employers that need action, one
employer's sources and headcount history, the review queue, the settings and budget lines.
Every list is limited to the user's subtree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from gonghui.core import clock
from gonghui.core.models import Employer, Organization, OrgKind, User
from gonghui.core.scope import scoped
from gonghui.core.validators import normalize_text
from gonghui.workplace.models import (
    Budget,
    EmployerSighting,
    HeadcountEntry,
    MergeReview,
    ReviewStatus,
    Source,
    WorkplaceSetting,
)
from gonghui.workplace.rules import NEEDS_ACTION, OrganizingStatus, annotate_status
from gonghui.workplace.selectors_settings import setting_for

# The sources an employer list shows one column of (工会登记 is the union's own record).
FEED_SOURCES = [s for s in Source if s != Source.UNION]
SANXIN_CHOICES = [
    ("", "全部"),
    ("any", "新经济或新社会组织"),
    ("economy", "新经济组织"),
    ("social", "新社会组织"),
]
# "/00000001/00000007/": the city's and a county's segment (Organization.path).
_COUNTY_PREFIX = 19


def threshold_for(user: User, year: int | None = None) -> int:
    """The 单独建会 threshold in force for the user's organization this year (default 25)."""
    org = user.organization
    if org is None:
        return WorkplaceSetting._meta.get_field("union_threshold").default  # type: ignore[return-value]
    return setting_for(org, year or clock.today().year).union_threshold


def _org_path(org: Any) -> str:
    found = Organization.objects.filter(pk=org).values_list("path", flat=True).first()
    return found or "/nonexistent/"


def _seen(source: str) -> Exists:
    return Exists(EmployerSighting.objects.filter(employer=OuterRef("pk"), source=source))


def with_sources(qs: QuerySet[Employer]) -> QuerySet[Employer]:
    """Each employer with `seen_<source>` = whether that department's data named it."""
    return qs.annotate(**{f"seen_{s.value}": _seen(s.value) for s in FEED_SOURCES})


def sources_of(employer: Any) -> list[str]:
    """The labels of the departments whose data named the employer (with_sources rows)."""
    return [str(s.label) for s in FEED_SOURCES if getattr(employer, f"seen_{s.value}", False)]


def employer_list(
    *,
    user: User,
    q: str = "",
    org: Any = None,
    status: str = "",
    source: str = "",
    kind: str = "",
    sanxin: str = "",
    threshold: int | None = None,
) -> QuerySet[Employer]:
    """Employers of the user's subtree with `organizing_status`, filtered; `q` is part of a
    name or a whole 统一社会信用代码."""
    qs = scoped(Employer.objects.select_related("org"), user)
    qs = annotate_status(qs, threshold=threshold or threshold_for(user))
    qs = with_sources(qs)
    if q:
        code = normalize_text(q).replace(" ", "").upper()
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(credit_code=code))
    if org:
        qs = qs.filter(org__path__startswith=_org_path(org))
    if status:
        qs = qs.filter(**{"organizing_status": status})  # the annotation (no model field)
    if source:
        qs = qs.filter(_seen(source))
    if kind:
        qs = qs.filter(kind=kind)
    if sanxin == "economy":
        qs = qs.filter(is_new_economy=True)
    elif sanxin == "social":
        qs = qs.filter(is_new_social=True)
    elif sanxin == "any":
        qs = qs.filter(Q(is_new_economy=True) | Q(is_new_social=True))
    return qs.order_by("name", "pk")


def employer_get(*, user: User, pk: int) -> Employer:
    """One employer of the user's subtree with its status (Employer.DoesNotExist outside)."""
    return employer_list(user=user).get(pk=pk)


def sightings_of(employer: Employer) -> QuerySet[EmployerSighting]:
    return employer.sightings.order_by("source")


def headcounts_of(employer: Employer) -> QuerySet[HeadcountEntry]:
    return employer.headcounts.order_by("-as_of", "-pk")


def reviews_naming(*, user: User, employer: Employer) -> QuerySet[MergeReview]:
    """Pending reviews in scope whose candidate is this employer."""
    return review_list(user=user).filter(candidate=employer)


# ---------------------------------------------------------------- 需要推动的企业


@dataclass
class CountyRow:
    org: Organization | None  # None: employers recorded at the city itself (市直)
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[tuple[str, int]]:
        return [(s.value, self.counts.get(s.value, 0)) for s in NEEDS_ACTION]


def needs_action_by_county(*, user: User, threshold: int | None = None) -> list[CountyRow]:
    """Employers that need action, counted per county (the user's subtree) and status: one
    GROUP BY over the county's segment of the organization path."""
    qs = annotate_status(
        scoped(Employer.objects.all(), user), threshold=threshold or threshold_for(user)
    )
    grouped = (
        qs.filter(**{"organizing_status__in": [s.value for s in NEEDS_ACTION]})
        .annotate(county=Substr("org__path", 1, _COUNTY_PREFIX))
        .values("county", "organizing_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[str, dict[str, int]] = {}
    for row in grouped:
        counts.setdefault(row["county"], {})[row["organizing_status"]] = row["n"]
    # The counties' names (a grassroots chair's county lies above their own subtree).
    counties = {o.path: o for o in Organization.objects.filter(path__in=list(counts))}
    rows = []
    for prefix in sorted(counts):
        org = counties.get(prefix)
        if org is None or org.kind == OrgKind.CITY:
            org = None  # the prefix of an employer at the city itself
        rows.append(CountyRow(org, counts[prefix]))
    rows.sort(key=lambda r: (r.org is not None, r.org.path if r.org else ""))
    return rows


# ---------------------------------------------------------------- the review queue


def review_list(
    *, user: User, q: str = "", source: str = "", status: str = "", org: Any = None
) -> QuerySet[MergeReview]:
    """Reviews of the user's subtree; pending ones unless `status` says otherwise ("all")."""
    qs = scoped(
        MergeReview.objects.select_related("candidate", "candidate__org", "org", "decided_by"),
        user,
    )
    if status != "all":
        qs = qs.filter(status=status or ReviewStatus.PENDING)
    if q:
        code = normalize_text(q).replace(" ", "").upper()
        qs = qs.filter(
            Q(name__icontains=q.strip()) | Q(credit_code=code) | Q(candidate__name__icontains=q)
        )
    if source:
        qs = qs.filter(source=source)
    if org:
        qs = qs.filter(org__path__startswith=_org_path(org))
    return qs.order_by("-pk")


def review_get(*, user: User, pk: int) -> MergeReview:
    """One review of the user's subtree, any status (MergeReview.DoesNotExist outside)."""
    return review_list(user=user, status="all").get(pk=pk)


def pending_count(*, user: User) -> int:
    return review_list(user=user).count()


# ---------------------------------------------------------------- settings and budget lines


def settings_in_view(*, user: User) -> QuerySet[WorkplaceSetting]:
    """The settings a user sees: their own organization's and its ancestors' (whose settings
    apply until it sets its own), and those of their subtree."""
    org = user.organization
    if org is None:
        return WorkplaceSetting.objects.none()
    ancestors = [int(p) for p in org.path.strip("/").split("/") if p]
    return (
        WorkplaceSetting.objects.filter(Q(org__path__startswith=org.path) | Q(org_id__in=ancestors))
        .select_related("org")
        .order_by("-year", "org__path")
    )


def budget_list(*, user: User, year: int | None = None) -> QuerySet[Budget]:
    """Budget lines of the user's subtree (of one year when given)."""
    qs = scoped(Budget.objects.select_related("org"), user)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "org__path", "line")


def budget_get(*, user: User, pk: int) -> Budget:
    return budget_list(user=user).get(pk=pk)


# ---------------------------------------------------------------- related records (the hook)


@dataclass(frozen=True)
class Related:
    """A group of records of another part of the domain about one employer, for its page."""

    title: str  # e.g. 建会走访, 一函两书
    items: list[tuple[str, str]]  # (text, url)
    more_url: str = ""  # the filtered list, when there are more than shown


RelatedProvider = Callable[[User, Employer], "Related | None"]
_RELATED: list[RelatedProvider] = []


def related_records(fn: RelatedProvider) -> RelatedProvider:
    """Register a provider of an employer's related records (建会攻坚, 示范点, 点单, 一函两书,
    调解, 安全检查 …): a function (user, employer) → Related or None, reading through its own
    scoped selectors. Register it from a module imported at start-up (e.g. your selectors)."""
    _RELATED.append(fn)
    return fn


def related_of(*, user: User, employer: Employer) -> list[Related]:
    """What the registered providers show about the employer (the detail page's hook)."""
    found = [provider(user, employer) for provider in _RELATED]
    return [r for r in found if r is not None and r.items]


__all__ = [
    "FEED_SOURCES",
    "NEEDS_ACTION",
    "SANXIN_CHOICES",
    "CountyRow",
    "OrganizingStatus",
    "Related",
    "budget_get",
    "budget_list",
    "employer_get",
    "employer_list",
    "headcounts_of",
    "needs_action_by_county",
    "related_of",
    "related_records",
    "review_get",
    "review_list",
    "settings_in_view",
    "sightings_of",
    "sources_of",
    "threshold_for",
]
