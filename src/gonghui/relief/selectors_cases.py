"""Reads of the hardship ledger (困难职工档案): the thresholds in force for a unit, cases, their
re-checks and documents, and everything the platform gave a household. Every list is limited to
the user's subtree (职工本人: their own cases)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from gonghui.core import clock
from gonghui.core.models import Organization, Person, User
from gonghui.core.scope import organizations_for, scoped
from gonghui.core.selectors import person_search_q
from gonghui.core.validators import normalize_text
from gonghui.relief.models.activities import GrantStatus, StudentGrant
from gonghui.relief.models.campaigns import Distribution, ListStatus
from gonghui.relief.models.cases import (
    Aid,
    Case,
    CaseDocument,
    CaseStatus,
    HouseholdMember,
    Recheck,
    ReliefSetting,
)


def _ancestor_ids(org: Organization) -> list[int]:
    """The organization and its ancestors, nearest first (read from the materialized path)."""
    ids = [int(part) for part in org.path.strip("/").split("/") if part]
    return list(reversed(ids)) or [org.pk]


def setting_for(org: Organization, year: int) -> ReliefSetting | None:
    """The year's 困难认定标准 in force for `org`: its own, else its nearest ancestor's."""
    ids = _ancestor_ids(org)
    found = {
        s.org_id: s
        for s in ReliefSetting.objects.filter(org_id__in=ids, year=year).select_related("org")
    }
    return next((found[i] for i in ids if i in found), None)


def setting_list(*, user: User, year: int | None = None) -> QuerySet[ReliefSetting]:
    """The settings a user sees: those of their subtree and of the organizations above them
    (a county works under the city's standard until it sets its own)."""
    org = user.organization
    if org is None:
        return ReliefSetting.objects.none()
    qs = ReliefSetting.objects.filter(
        Q(org__path__startswith=org.path) | Q(org_id__in=_ancestor_ids(org))
    ).select_related("org")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "org__path")


def _org_path(org: Any) -> str:
    found = Organization.objects.filter(pk=org).values_list("path", flat=True).first()
    return found or "/nonexistent/"


def case_list(
    *,
    user: User,
    q: str = "",
    status: str = "",
    category: str = "",
    org: Any = None,
    year: Any = None,
) -> QuerySet[Case]:
    """Cases in scope (职工本人: their own), newest first; `q` is a 档案编号, a name (prefix,
    pinyin or initials) or an ID number."""
    qs = scoped(
        Case.objects.select_related("person", "org", "reviewed_by", "approved_by"),
        user,
        person_field="person",
    )
    text = normalize_text(q).replace(" ", "")
    if text.upper().startswith("KN"):
        qs = qs.filter(number__istartswith=text.upper())
    elif text:
        qs = qs.filter(person__in=Person.objects.filter(person_search_q(text)).values("pk"))
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if org:
        qs = qs.filter(org__path__startswith=_org_path(org))
    if year:
        qs = qs.filter(applied_on__year=year)
    return qs.order_by("-applied_on", "-id")


def case_get(*, user: User, pk: int) -> Case:
    """One case in scope, or Case.DoesNotExist."""
    return case_list(user=user).get(pk=pk)


def open_case_of(person: Person) -> Case | None:
    """The person's open case anywhere in the city (for the refusal that names it)."""
    return (
        Case.objects.filter(person=person, status__in=[s.value for s in _OPEN])
        .select_related("org")
        .first()
    )


_OPEN = (CaseStatus.APPLIED, CaseStatus.REVIEWED, CaseStatus.FILED)


def case_history(*, case: Case) -> list[Case]:
    """The earlier cases of the same household, newest first (re-entry keeps history)."""
    out: list[Case] = []
    seen = {case.pk}
    prev_id = case.previous_id
    while prev_id and prev_id not in seen:
        prev = Case.objects.select_related("org").filter(pk=prev_id).first()
        if prev is None:
            break
        out.append(prev)
        seen.add(prev.pk)
        prev_id = prev.previous_id
    return out


def case_document_get(*, user: User, pk: int) -> CaseDocument:
    """One uploaded document whose case is in scope, or CaseDocument.DoesNotExist."""
    return scoped(
        CaseDocument.objects.select_related("case__org", "case__person"),
        user,
        org_field="case__org",
        person_field="case__person",
    ).get(pk=pk)


# ---------------------------------------------------------------- re-checks


def recheck_list(
    *,
    user: User,
    q: str = "",
    year: Any = None,
    state: str = "",
    org: Any = None,
) -> QuerySet[Recheck]:
    """年度复核 tasks in scope, earliest due first. `state`: "pending" (not done), "overdue"
    (not done and due before today), "done"."""
    qs = scoped(
        Recheck.objects.select_related("case__person", "case__org", "done_by"),
        user,
        org_field="case__org",
        person_field="case__person",
    )
    text = normalize_text(q).replace(" ", "")
    if text.upper().startswith("KN"):
        qs = qs.filter(case__number__istartswith=text.upper())
    elif text:
        qs = qs.filter(case__person__in=Person.objects.filter(person_search_q(text)).values("pk"))
    if year:
        qs = qs.filter(year=year)
    pending = Q(done_on__isnull=True, case__status=CaseStatus.FILED)
    if state == "pending":
        qs = qs.filter(pending)
    elif state == "overdue":
        qs = qs.filter(pending, due__lt=clock.today())
    elif state == "done":
        qs = qs.filter(done_on__isnull=False)
    if org:
        qs = qs.filter(case__org__path__startswith=_org_path(org))
    return qs.order_by("due", "id")


def overdue_rechecks(*, user: User) -> QuerySet[Recheck]:
    """The re-checks past their due date and not done (逾期), of cases still filed."""
    return recheck_list(user=user, state="overdue")


def recheck_get(*, user: User, pk: int) -> Recheck:
    return recheck_list(user=user).get(pk=pk)


# ---------------------------------------------------------------- what a household received


@dataclass(frozen=True)
class Given:
    """One thing the platform gave the household, from whichever module gave it."""

    source: str  # 帮扶记录, 劳模补助, 互助保障, or the campaign's name
    what: str
    amount: Decimal | None
    on: dt.date | None
    org: str
    state: str = ""


def given_to(*, person: Person, case: Case | None = None) -> list[Given]:
    """Everything the platform gave this person's household: the 帮扶 records of their cases,
    劳模 subsidies paid, 互助金 claims paid, 四送 distributions of approved lists and 金秋助学
    grants paid for their children; newest first."""
    from gonghui.honors.models import PaymentStatus, SubsidyPayment
    from gonghui.mutual_aid.models import Claim, ClaimStatus

    out: list[Given] = []
    aids = Aid.objects.filter(case__person=person).select_related("org", "case")
    for a in aids:
        out.append(
            Given(
                "帮扶记录",
                f"{a.get_kind_display()}：{a.description}",
                a.amount,
                a.given_on,
                a.org.name,
                a.budget_line,
            )
        )
    subsidies = SubsidyPayment.objects.filter(
        person=person, status=PaymentStatus.PAID
    ).select_related("subsidy_list__org")
    for s in subsidies:
        sl = s.subsidy_list
        out.append(
            Given(
                "劳模补助",
                f"{s.year}年{s.get_level_display()}劳模补助",
                s.amount,
                sl.paid_on,
                sl.org.name,
                "已发放",
            )
        )
    claims = Claim.objects.filter(person=person, status=ClaimStatus.PAID).select_related(
        "plan", "org", "payment"
    )
    for c in claims:
        payment = getattr(c, "payment", None)
        out.append(
            Given(
                "互助保障",
                f"{c.plan.name}互助金（{c.number}）",
                payment.amount if payment is not None else c.amount,
                payment.paid_on if payment is not None else None,
                c.org.name,
                "已支付",
            )
        )
    items = Distribution.objects.filter(
        person=person, dlist__status=ListStatus.APPROVED
    ).select_related("campaign", "dlist__org")
    for d in items:
        what = d.campaign.name + (f"（{d.goods}）" if d.goods else "")
        out.append(
            Given(
                d.campaign.get_kind_display(),
                what,
                d.amount,
                d.signed_on,
                d.dlist.org.name,
                "已签收" if d.signed_on else "未签收",
            )
        )
    grants = StudentGrant.objects.filter(person=person, status=GrantStatus.PAID).select_related(
        "campaign", "org"
    )
    for g in grants:
        out.append(
            Given(
                g.campaign.get_kind_display(),
                f"{g.student_name}（{g.university}）助学金",
                g.amount,
                g.paid_on,
                g.org.name,
                "已发放",
            )
        )
    out.sort(key=lambda g: g.on or dt.date.min, reverse=True)
    return out


def given_total(items: list[Given]) -> Decimal:
    return sum((g.amount for g in items if g.amount is not None), Decimal("0.00"))


# ---------------------------------------------------------------- 职工本人


def my_cases(*, user: User) -> QuerySet[Case]:
    """The signed-in worker's own cases, newest first (none for a user without a person)."""
    if user.person_id is None:
        return Case.objects.none()
    return (
        Case.objects.filter(person_id=user.person_id)
        .select_related("org", "person")
        .order_by("-applied_on", "-id")
    )


def case_orgs(*, user: User) -> QuerySet[Organization]:
    """The organizations a user may pick in the ledger's filters (their subtree)."""
    return organizations_for(user)


def person_by_id_number(*, user: User, id_number: str) -> Person | None:
    """A person of the user's subtree by ID number (an old 15-digit one, lowercase x, spaces or
    full-width digits find the same person), or None."""
    from gonghui.core.crypto import lookup_hash
    from gonghui.core.errors import DomainError
    from gonghui.core.validators import parse_id_number

    try:
        number = str(parse_id_number(id_number).number)
    except DomainError:
        return None
    qs = scoped(Person.objects.select_related("org"), user, person_field="pk")
    return qs.filter(id_hash=lookup_hash(number, purpose="person.id_number")).first()


def member_get(*, user: User, pk: int) -> HouseholdMember:
    """A household member of a case in the user's subtree, or HouseholdMember.DoesNotExist."""
    return scoped(
        HouseholdMember.objects.select_related("case__org", "case__person"),
        user,
        org_field="case__org",
        person_field="case__person",
    ).get(pk=pk)
