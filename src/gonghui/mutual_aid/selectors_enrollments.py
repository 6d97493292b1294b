"""Reads of plans, enrollments and bills, and the lookups of persons and units the pages need."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from gonghui.core.crypto import lookup_hash
from gonghui.core.errors import DomainError
from gonghui.core.models import Employer, Organization, Person, User
from gonghui.core.scope import org_path, scoped
from gonghui.core.validators import normalize_text
from gonghui.mutual_aid.models import (
    AidPlan,
    Claim,
    Contribution,
    ContributionPayment,
    Enrollment,
    EnrollmentStatus,
)


def plan_list(*, user: User, year: int | None = None) -> QuerySet[AidPlan]:
    """The plans (city-wide settings, visible to every signed-in user)."""
    qs = AidPlan.objects.all()
    return qs.filter(year=year) if year else qs


def plan_overview(*, user: User) -> QuerySet[AidPlan]:
    """The plans with how many enrollments each has (the plans page)."""
    return plan_list(user=user).annotate(enrolled=Count("enrollments"))


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


def enrollment_claims(*, enrollment: Enrollment) -> QuerySet[Claim]:
    """The claims filed under an enrollment (already in the user's scope), newest first."""
    return enrollment.claims.select_related("plan").order_by("-id")


def bill_list(*, user: User, status: str = "", plan: Any = None) -> QuerySet[Contribution]:
    """Contribution bills in scope."""
    qs = scoped(Contribution.objects.select_related("plan", "employer", "org"), user)
    if status:
        qs = qs.filter(status=status)
    if plan:
        qs = qs.filter(plan_id=plan)
    return qs.order_by("-id")


def bill_payments(*, bill: Contribution) -> QuerySet[ContributionPayment]:
    """The money received on a bill (already in the user's scope), in the order it came."""
    return bill.payments.select_related("recorded_by").order_by("paid_on", "id")


def person_by_id_number(*, user: User, id_number: str) -> Person | None:
    """A person in the user's scope by full ID number, or None."""
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


def member_enrollments(*, user: User) -> QuerySet[Enrollment]:
    if user.person_id is None:
        return Enrollment.objects.none()
    return Enrollment.objects.select_related("plan").filter(person_id=user.person_id)
