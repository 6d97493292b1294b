"""Reads of 金秋助学, 夏送清凉 and 春送岗位, already limited to the user's subtree, and the
campaigns a user may record under."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gonghui.core import crypto
from gonghui.core.errors import DomainError
from gonghui.core.models import Employer, Organization, Person, Role, User
from gonghui.core.scope import scoped
from gonghui.core.validators import normalize_text, parse_credit_code, parse_id_number
from gonghui.relief.models import (
    Campaign,
    CampaignStatus,
    Case,
    CaseStatus,
    CoolingSite,
    JobFair,
    StudentGrant,
)


def campaign_covers(campaign: Campaign, org: Organization) -> bool:
    """A campaign covers its organization's subtree."""
    return org.path.startswith(campaign.org.path)


def recording_org(user: User, campaign: Campaign) -> Organization | None:
    """The organization a staff user's site or fair under `campaign` belongs to: the user's own
    when the campaign covers it, the campaign's when it lies in the user's subtree, else None."""
    own = user.organization
    if own is None:
        return None
    if campaign_covers(campaign, own):
        return own
    if campaign.org.path.startswith(own.path):
        return campaign.org
    return None


def _paths_above(org: Organization) -> list[str]:
    """The paths of the organization and its ancestors, read off its own path."""
    parts = [p for p in org.path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts))]


def campaigns_open(*, user: User, kind: str) -> QuerySet[Campaign]:
    """Open campaigns of `kind` the user may record under: run above, at or below the user's
    organization (职工本人: covering their union)."""
    qs = Campaign.objects.filter(kind=kind, status=CampaignStatus.OPEN).select_related("org")
    if user.role == Role.MEMBER:
        org = user.person.org if user.person is not None else None
    else:
        org = user.organization
    if org is None:
        return qs.none()
    covering = Q(org__path__in=_paths_above(org))
    if user.role == Role.MEMBER:
        return qs.filter(covering)
    return qs.filter(covering | Q(org__path__startswith=org.path))


def campaigns_seen(*, user: User, kind: str = "") -> QuerySet[Campaign]:
    """Campaigns whose figures the user may read: run above, at or below their organization."""
    org = user.organization
    qs = Campaign.objects.select_related("org")
    if kind:
        qs = qs.filter(kind=kind)
    if org is None or user.role == Role.MEMBER:
        return qs.none()
    return qs.filter(Q(org__path__in=_paths_above(org)) | Q(org__path__startswith=org.path))


def person_by_id_number(*, user: User, id_number: str) -> Person:
    """The person of a typed ID number in the user's subtree, else a Chinese error."""
    number = parse_id_number(id_number).number
    found = (
        scoped(Person.objects.select_related("org"), user)
        .filter(id_hash=crypto.lookup_hash(str(number), purpose="person.id_number"))
        .first()
    )
    if found is None:
        raise DomainError(
            "您的管辖范围内没有此身份证号码的职工，请先登记人员", column="职工身份证号码"
        )
    return found


def employer_by_code(*, user: User, code: str) -> Employer:
    """The employer of a typed credit code among those of the user's subtree."""
    text = parse_credit_code(normalize_text(code))
    found = scoped(Employer.objects.select_related("org"), user).filter(credit_code=text).first()
    if found is None:
        raise DomainError(
            "您的管辖范围内没有此统一社会信用代码的用人单位", column="统一社会信用代码"
        )
    return found


def filed_case_of(*, person: Person) -> Case | None:
    """The person's filed hardship case, if any (the household a grant is for)."""
    return Case.objects.filter(person=person, status=CaseStatus.FILED).first()


def grant_list(
    *, user: User, q: str = "", status: str = "", year: int | None = None, campaign: str = ""
) -> QuerySet[StudentGrant]:
    """金秋助学 applications of the user's subtree (职工本人: their own)."""
    qs = scoped(
        StudentGrant.objects.select_related("campaign", "org", "person", "created_by"),
        user,
        person_field="person",
    )
    if q:
        qs = qs.filter(
            Q(student_name__icontains=q) | Q(person__name__icontains=q) | Q(university__icontains=q)
        )
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    if campaign:
        qs = qs.filter(campaign_id=campaign)
    return qs


def grant_get(*, user: User, pk: int) -> StudentGrant:
    return grant_list(user=user).get(pk=pk)


def site_list(
    *, user: User, q: str = "", year: int | None = None, campaign: str = ""
) -> QuerySet[CoolingSite]:
    """夏送清凉 sites recorded in the user's subtree."""
    qs = scoped(CoolingSite.objects.select_related("campaign", "org", "employer"), user)
    if q:
        qs = qs.filter(Q(site__icontains=q) | Q(employer__name__icontains=q))
    if year:
        qs = qs.filter(campaign__year=year)
    if campaign:
        qs = qs.filter(campaign_id=campaign)
    return qs


def fair_list(
    *, user: User, q: str = "", year: int | None = None, campaign: str = ""
) -> QuerySet[JobFair]:
    """春送岗位 job fairs held in the user's subtree."""
    qs = scoped(JobFair.objects.select_related("campaign", "org"), user)
    if q:
        qs = qs.filter(place__icontains=q)
    if year:
        qs = qs.filter(campaign__year=year)
    if campaign:
        qs = qs.filter(campaign_id=campaign)
    return qs
