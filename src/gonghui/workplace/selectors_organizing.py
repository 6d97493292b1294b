"""Reads of 建会入会 work: drives with their targets and progress, visits, foundings, 集中入会
events and 党工共建示范点 with their budget lines — each already limited to the user's subtree."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce

from gonghui.core import crypto
from gonghui.core.errors import DomainError
from gonghui.core.models import (
    Employer,
    Membership,
    MembershipStatus,
    Organization,
    OrgKind,
    Person,
    Role,
    User,
)
from gonghui.core.scope import organizations_for, scoped
from gonghui.core.validators import normalize_text, parse_credit_code
from gonghui.workplace.models import (
    Budget,
    DemoSite,
    Drive,
    DriveStatus,
    DriveTarget,
    Founding,
    JoinEvent,
    JoinEventMember,
    OrganizingVisit,
    SiteStatus,
    TargetStatus,
)
from gonghui.workplace.rules import Decision, OrganizingStatus, annotate_status, status_of
from gonghui.workplace.selectors_settings import setting_for

# The kinds of organization a union may be founded under besides the employer's 属地工会.
PARENT_KINDS = (OrgKind.CITY, OrgKind.COUNTY, OrgKind.INDUSTRY, OrgKind.REGIONAL)
# The kinds of organization members join directly (core.services.membership_join).
UNION_KINDS = (OrgKind.GRASSROOTS, OrgKind.INDUSTRY, OrgKind.REGIONAL, OrgKind.GROUP)
# Candidates offered on a drive's page (the rest are added by credit code).
CANDIDATES_SHOWN = 50
# The roles the officer (责任人) of a drive may have.
OFFICER_ROLES = (Role.CITY_ADMIN, Role.COUNTY_OFFICER)


def within(org: Organization, ancestor: Organization) -> bool:
    return org.path.startswith(ancestor.path)


# ---------------------------------------------------------------- employers


def employer_unionized(employer: Employer) -> str:
    """Why the employer already has a union ("" when it has none): the flag, a founding or a
    union of the tree linked to it."""
    if employer.has_union:
        return "已标记为已建工会"
    if Founding.objects.filter(employer=employer).exists():
        return "已登记建会"
    linked = Organization.objects.filter(employer=employer).first()
    if linked is not None:
        return f"组织机构中已有其工会“{linked.name}”"
    return ""


def without_union(qs: QuerySet[Employer]) -> QuerySet[Employer]:
    """Employers with no union: not flagged, no founding, no union of the tree linked."""
    return qs.filter(has_union=False, founding__isnull=True).exclude(
        Exists(Organization.objects.filter(employer=OuterRef("pk")))
    )


def employer_by_code(*, user: User, code: str, column: str = "统一社会信用代码") -> Employer:
    """The employer of a typed credit code among those of the user's subtree."""
    try:
        text = parse_credit_code(normalize_text(code))
    except DomainError as exc:
        raise DomainError(exc.message, column=column) from None
    found = scoped(Employer.objects.select_related("org"), user).filter(credit_code=text).first()
    if found is None:
        raise DomainError(f"您的管辖范围内没有统一社会信用代码为{text}的用人单位", column=column)
    return found


def employer_get(*, user: User, pk: int) -> Employer:
    return scoped(Employer.objects.select_related("org"), user).get(pk=pk)


def drive_candidates(*, drive: Drive) -> QuerySet[Employer]:
    """Employers of the drive's area without a union that are not (or no longer) its targets,
    largest first, with their organizing status."""
    setting = setting_for(drive.org, drive.year)
    taken = DriveTarget.objects.filter(drive=drive).exclude(status=TargetStatus.DROPPED)
    qs = without_union(
        Employer.objects.select_related("org").filter(org__path__startswith=drive.org.path)
    ).exclude(pk__in=taken.values("employer_id"))
    qs = annotate_status(qs, threshold=setting.union_threshold)
    return qs.order_by("-employee_count", "name")


def drive_candidate_rows(*, drive: Drive) -> list[tuple[Employer, str]]:
    """The first candidates shown on the drive's page, each with its organizing status."""
    shown = drive_candidates(drive=drive)[:CANDIDATES_SHOWN]
    return [(e, OrganizingStatus(e.organizing_status).label) for e in shown]  # type: ignore[attr-defined]


# ---------------------------------------------------------------- people and organizations


def officers_for(*, user: User, org: Organization | None = None) -> QuerySet[User]:
    """Officers who may lead a drive: of the user's subtree (of `org`'s, if given)."""
    root = org or user.organization
    if root is None or user.role == Role.MEMBER:
        return User.objects.none()
    path = root.path
    return (
        User.objects.select_related("organization")
        .filter(is_active=True, role__in=OFFICER_ROLES, organization__path__startswith=path)
        .order_by("organization__path", "username")
    )


def parents_for(*, user: User, employer: Employer | None = None) -> QuerySet[Organization]:
    """Where a union may be founded: the employer's 属地工会 or a federation of the subtree."""
    qs = organizations_for(user).filter(kind__in=PARENT_KINDS, is_active=True)
    if employer is not None:
        qs = organizations_for(user).filter(
            Q(pk=employer.org_id) | Q(kind__in=PARENT_KINDS, is_active=True)
        )
    return qs.order_by("path")


def unions_for(*, user: User) -> QuerySet[Organization]:
    """Unions of the subtree that members join directly (grassroots, federations, groups)."""
    return organizations_for(user).filter(kind__in=UNION_KINDS, is_active=True)


def organizers_for(*, user: User) -> QuerySet[Organization]:
    return organizations_for(user)


def person_by_id_number(number: str) -> Person | None:
    """Anyone registered with this (valid, normalized) ID number, in scope or not."""
    return (
        Person.objects.select_related("org")
        .filter(id_hash=crypto.lookup_hash(number, purpose="person.id_number"))
        .first()
    )


def active_membership(person: Person) -> Membership | None:
    return (
        Membership.objects.select_related("union")
        .filter(person=person, status=MembershipStatus.ACTIVE)
        .first()
    )


# ---------------------------------------------------------------- drives


def drive_list(
    *, user: User, q: str = "", year: int | None = None, status: str = "", org: str = ""
) -> QuerySet[Drive]:
    """建会攻坚 of the user's subtree, with their target and founded counts."""
    live = ~Q(targets__status=TargetStatus.DROPPED)
    qs = (
        scoped(Drive.objects.select_related("org", "officer"), user)
        .annotate(
            target_count=Count("targets", filter=live, distinct=True),
            founded_count=Count(
                "targets", filter=Q(targets__status=TargetStatus.FOUNDED), distinct=True
            ),
        )
        .order_by("-year", "-id")
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(targets__employer__name__icontains=q)).distinct()
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if org:
        branch = organizations_for(user).filter(pk=org).values_list("path", flat=True).first()
        qs = qs.filter(org__path__startswith=branch or "/none/")
    return qs


def drive_get(*, user: User, pk: int) -> Drive:
    return scoped(Drive.objects.select_related("org", "officer"), user).get(pk=pk)


def target_get(*, user: User, pk: int) -> DriveTarget:
    return scoped(
        DriveTarget.objects.select_related("drive__org", "employer__org"), user, "drive__org"
    ).get(pk=pk)


@dataclass
class TargetRow:
    target: DriveTarget
    decision: Decision
    visits: int
    last_visit: Any


@dataclass
class Progress:
    founded: int
    covered: int
    total: int

    @property
    def remaining(self) -> int:
        return self.total - self.founded - self.covered

    @property
    def percent(self) -> int:
        return round(100 * self.founded / self.total) if self.total else 0


def drive_targets(*, drive: Drive) -> list[TargetRow]:
    """The drive's targets (dropped ones last) with the organizing status the rule computes
    under the drive's setting, and how often each was visited in the drive."""
    threshold = setting_for(drive.org, drive.year).union_threshold
    targets = DriveTarget.objects.filter(drive=drive).select_related("employer__org")
    visits = {
        employer_id: (n, last)
        for employer_id, n, last in OrganizingVisit.objects.filter(drive=drive)
        .values("employer_id")
        .annotate(n=Count("id"), last=Max("visited_on"))
        .order_by()
        .values_list("employer_id", "n", "last")
    }
    rows = []
    for t in targets:
        n, last = visits.get(t.employer_id, (0, None))
        rows.append(TargetRow(t, status_of(t.employer, threshold=threshold), n, last))
    rows.sort(key=lambda r: (r.target.status == TargetStatus.DROPPED, r.target.employer.name))
    return rows


def drive_progress(*, drive: Drive) -> Progress:
    counts = dict(
        DriveTarget.objects.filter(drive=drive)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("status", "n")
    )
    total = sum(n for s, n in counts.items() if s != TargetStatus.DROPPED)
    return Progress(counts.get(TargetStatus.FOUNDED, 0), counts.get(TargetStatus.COVERED, 0), total)


def drives_open_for(*, user: User, employer: Employer | None = None) -> QuerySet[Drive]:
    """Open drives of the subtree (targeting `employer`, when given)."""
    qs = scoped(Drive.objects.select_related("org"), user).filter(status=DriveStatus.OPEN)
    if employer is not None:
        live = DriveTarget.objects.filter(employer=employer).exclude(status=TargetStatus.DROPPED)
        qs = qs.filter(pk__in=live.values("drive_id"))
    return qs.order_by("-year", "-id")


# ---------------------------------------------------------------- visits and foundings


def visit_list(
    *, user: User, q: str = "", outcome: str = "", drive: str = "", year: int | None = None
) -> QuerySet[OrganizingVisit]:
    """建会走访 recorded for employers of the user's subtree."""
    qs = scoped(
        OrganizingVisit.objects.select_related("employer", "drive", "org", "created_by"), user
    )
    if q:
        qs = qs.filter(
            Q(employer__name__icontains=q) | Q(visitors__icontains=q) | Q(note__icontains=q)
        )
    if outcome:
        qs = qs.filter(outcome=outcome)
    if drive:
        qs = qs.filter(drive_id=drive)
    if year:
        qs = qs.filter(visited_on__year=year)
    return qs


def drive_visits(*, drive: Drive) -> QuerySet[OrganizingVisit]:
    return OrganizingVisit.objects.filter(drive=drive).select_related("employer", "created_by")


def founding_list(
    *, user: User, q: str = "", year: int | None = None, drive: str = "", org: str = ""
) -> QuerySet[Founding]:
    """Unions founded under organizations of the user's subtree."""
    qs = scoped(Founding.objects.select_related("employer", "union", "org", "drive"), user)
    if q:
        qs = qs.filter(
            Q(employer__name__icontains=q) | Q(union__name__icontains=q) | Q(chair_name=q)
        )
    if year:
        qs = qs.filter(meeting_on__year=year)
    if drive:
        qs = qs.filter(drive_id=drive)
    if org:
        branch = organizations_for(user).filter(pk=org).values_list("path", flat=True).first()
        qs = qs.filter(org__path__startswith=branch or "/none/")
    return qs


def drive_foundings(*, drive: Drive) -> QuerySet[Founding]:
    return Founding.objects.filter(drive=drive).select_related("employer", "union")


# ---------------------------------------------------------------- 集中入会


def join_event_list(
    *, user: User, q: str = "", year: int | None = None, org: str = ""
) -> QuerySet[JoinEvent]:
    """集中入会 events of the user's subtree, with how many joined (new-employment-form too)."""
    qs = (
        scoped(JoinEvent.objects.select_related("org", "union"), user)
        .annotate(
            joined=Count("joiners", distinct=True),
            new_form=Count("joiners", filter=~Q(joiners__new_employment_form=""), distinct=True),
        )
        .order_by("-held_on", "-id")
    )
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(place__icontains=q) | Q(union__name__icontains=q))
    if year:
        qs = qs.filter(held_on__year=year)
    if org:
        branch = organizations_for(user).filter(pk=org).values_list("path", flat=True).first()
        qs = qs.filter(org__path__startswith=branch or "/none/")
    return qs


def join_event_get(*, user: User, pk: int) -> JoinEvent:
    return join_event_list(user=user).get(pk=pk)


def join_event_members(*, event: JoinEvent) -> QuerySet[JoinEventMember]:
    return JoinEventMember.objects.filter(event=event).select_related("person", "membership")


# ---------------------------------------------------------------- 示范点


def site_list(
    *,
    user: User,
    q: str = "",
    year: int | None = None,
    status: str = "",
    budget: str = "",
    org: str = "",
) -> QuerySet[DemoSite]:
    """党工共建示范点 named by organizations of the user's subtree."""
    qs = scoped(
        DemoSite.objects.select_related("employer", "org", "budget", "created_by", "approved_by"),
        user,
    )
    if q:
        qs = qs.filter(Q(employer__name__icontains=q) | Q(voucher=q))
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if budget:
        qs = qs.filter(budget_id=budget)
    if org:
        branch = organizations_for(user).filter(pk=org).values_list("path", flat=True).first()
        qs = qs.filter(org__path__startswith=branch or "/none/")
    return qs


def site_get(*, user: User, pk: int) -> DemoSite:
    return site_list(user=user).get(pk=pk)


ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def site_totals(sites: QuerySet[DemoSite]) -> dict[str, Any]:
    """Counts and sums of the listed sites (revoked ones apart)."""
    live = sites.exclude(status=SiteStatus.REVOKED).order_by()
    sums = live.aggregate(
        count=Count("id"),
        amount=Coalesce(Sum("subsidy"), ZERO),
        approved=Coalesce(
            Sum("subsidy", filter=Q(status__in=[SiteStatus.APPROVED, SiteStatus.PAID])), ZERO
        ),
        paid=Coalesce(Sum("subsidy", filter=Q(status=SiteStatus.PAID)), ZERO),
    )
    sums["revoked"] = sites.filter(status=SiteStatus.REVOKED).order_by().count()
    return sums


def budget_used(budget: Budget) -> Decimal:
    """What the budget line holds for sites not revoked (designated, approved or paid)."""
    used = (
        DemoSite.objects.filter(budget=budget)
        .exclude(status=SiteStatus.REVOKED)
        .aggregate(s=Sum("subsidy"))["s"]
    )
    return used or ZERO


def budgets_for(*, user: User, year: int | None = None) -> QuerySet[Budget]:
    """Budget lines of the subtree (of `year`), with what their sites hold and have paid."""
    live = ~Q(sites__status=SiteStatus.REVOKED)
    qs = scoped(Budget.objects.select_related("org"), user).annotate(
        used=Coalesce(Sum("sites__subsidy", filter=live), ZERO),
        paid=Coalesce(Sum("sites__subsidy", filter=Q(sites__status=SiteStatus.PAID)), ZERO),
    )
    qs = qs.annotate(remaining=ExpressionWrapper(F("amount") - F("used"), output_field=MONEY))
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "org__path", "line")


def budget_choices(*, user: User) -> QuerySet[Budget]:
    return scoped(Budget.objects.select_related("org"), user).order_by("-year", "org__path", "line")
