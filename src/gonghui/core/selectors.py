"""Reads for a user: every queryset is already limited to the user's scope."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.apps import apps
from django.db.models import Count, Q, QuerySet

from gonghui.core.crypto import lookup_hash
from gonghui.core.models import (
    AuditAction,
    AuditLog,
    Employer,
    Job,
    Membership,
    MembershipStatus,
    Organization,
    Person,
    Role,
    User,
)
from gonghui.core.permissions import can
from gonghui.core.scope import organizations_for, scoped
from gonghui.core.validators import normalize_text

_ID_LIKE = re.compile(r"^\d{17}[\dXx]$")
_PHONE_LIKE = re.compile(r"^1\d{10}$")
_ASCII = re.compile(r"^[a-zA-Z]+$")


def organization_list(*, user: User, q: str = "", kind: str = "") -> QuerySet[Organization]:
    """Organizations in the user's subtree, optionally filtered by name/code and kind."""
    qs = organizations_for(user).select_related("parent")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code=q))
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def organization_counts(*, user: User) -> list[dict[str, Any]]:
    """Per child organization of the user's own: persons, employers and members in its subtree."""
    root = user.organization
    if root is None or user.role == Role.MEMBER:
        return []
    rows = []
    for child in [root, *root.children.order_by("path")]:
        subtree = Q(org__path__startswith=child.path) if child != root else Q(org=root)
        rows.append(
            {
                "org": child,
                "persons": Person.objects.filter(subtree).count(),
                "employers": Employer.objects.filter(subtree).count(),
                "members": Membership.objects.filter(
                    Q(union__path__startswith=child.path) if child != root else Q(union=root),
                    status="active",
                ).count(),
            }
        )
    return rows


def employer_list(
    *,
    user: User,
    q: str = "",
    kind: str = "",
    has_union: str = "",
    sanxin: str = "",
    org: str = "",
) -> QuerySet[Employer]:
    """Employers recorded under the user's subtree."""
    qs = scoped(Employer.objects.select_related("org"), user)
    if q:
        text = normalize_text(q).upper()
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code=text))
    if kind:
        qs = qs.filter(kind=kind)
    if has_union in {"1", "0"}:
        qs = qs.filter(has_union=has_union == "1")
    if sanxin == "1":
        qs = qs.filter(Q(is_new_economy=True) | Q(is_new_social=True))
    if org:
        qs = qs.filter(org__path__startswith=_org_path(org))
    return qs


def _org_path(org_id: str) -> str:
    found = Organization.objects.filter(pk=org_id).values_list("path", flat=True).first()
    return found or "/nonexistent/"


PINYIN_ORDER = ("name_pinyin", "id")
_VOWELS = set("aeiouv")


def person_search(q: str) -> tuple[Q, tuple[str, ...], Q | None]:
    """The filter for a search, the index order that serves it, and a fallback filter.

    Each kind of search is a prefix on one indexed column ordered by that column, so the first
    page is an index range scan even at a million persons: ASCII with a vowel is full pinyin
    (`zhangwei`), without one initials (`zw`); if pinyin finds nobody, initials are tried
    (欧阳娜 → `oyn`). Chinese text matches the start of the name.
    """
    text = normalize_text(q).replace(" ", "")
    if not text:
        return Q(), PINYIN_ORDER, None
    if _ID_LIKE.match(text):
        return Q(id_hash=lookup_hash(text.upper(), purpose="person.id_number")), PINYIN_ORDER, None
    if _PHONE_LIKE.match(text):
        return Q(phone_hash=lookup_hash(text, purpose="person.phone")), PINYIN_ORDER, None
    if _ASCII.match(text):
        low = text.lower()
        initials = Q(name_initials__startswith=low)
        if _VOWELS & set(low):
            return Q(name_pinyin__startswith=low), PINYIN_ORDER, initials
        return initials, ("name_initials", "id"), None
    return Q(name__startswith=text), ("name", "id"), None


def person_search_q(q: str) -> Q:
    """Name prefix, full pinyin or initials prefix, exact ID number or phone number."""
    cond, _order, fallback = person_search(q)
    return cond | fallback if fallback is not None else cond


def person_list(
    *,
    user: User,
    q: str = "",
    status: str = "",
    org: str = "",
    frontline: str = "",
    new_form: str = "",
) -> QuerySet[Person]:
    """Persons in scope; 职工本人 sees only their own record."""
    qs = scoped(Person.objects.select_related("org", "employer"), user, person_field="pk")
    cond, order, fallback = person_search(q)
    if fallback is not None and not qs.filter(cond).exists():
        cond, order = fallback, ("name_initials", "id")
    qs = qs.filter(cond).order_by(*order)
    if status:
        qs = qs.filter(status=status)
    if org:
        qs = qs.filter(org__path__startswith=_org_path(org))
    if frontline in {"1", "0"}:
        qs = qs.filter(frontline=frontline == "1")
    if new_form == "any":
        qs = qs.exclude(new_employment_form="")
    elif new_form:
        qs = qs.filter(new_employment_form=new_form)
    return qs


def person_get(*, user: User, pk: int) -> Person:
    """One person in scope (404 in views when absent)."""
    return person_list(user=user).get(pk=pk)


def person_memberships(*, person: Person) -> list[Membership]:
    """A person's memberships, newest first, with their unions (the person was found in scope;
    the unions of their history may lie elsewhere)."""
    return list(person.memberships.select_related("union").order_by("-joined_on", "-id"))


def person_active_membership(*, person: Person) -> Membership | None:
    """The person's membership in force (在册), if any."""
    return person.memberships.filter(status=MembershipStatus.ACTIVE).first()


def membership_list(*, user: User, q: str = "", status: str = "") -> QuerySet[Membership]:
    qs = scoped(
        Membership.objects.select_related("person", "union"),
        user,
        org_field="union",
        person_field="person",
    )
    if q:
        qs = qs.filter(
            Q(person__in=Person.objects.filter(person_search_q(q))) | Q(union__name__icontains=q)
        )
    if status:
        qs = qs.filter(status=status)
    return qs


def within_days(
    qs: QuerySet[AuditLog], date_from: dt.date | None, date_to: dt.date | None
) -> QuerySet[AuditLog]:
    """Entries made from `date_from` to `date_to` (local days, both included; None: open)."""
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs


def audit_list(
    *,
    user: User,
    person: str = "",
    org: str = "",
    actor: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    action: str = "",
) -> QuerySet[AuditLog]:
    """The audit log for 审计员 and 市总管理员, limited to their subtree."""
    if not can(user, "core.audit.view") or user.organization is None:
        return AuditLog.objects.none()
    qs = AuditLog.objects.select_related("user", "person", "org").filter(
        Q(org_path__startswith=user.organization.path)
        | Q(org_path="", user__organization__path__startswith=user.organization.path)
    )
    if person:
        qs = qs.filter(person__in=Person.objects.filter(person_search_q(person)))
    if org:
        qs = qs.filter(org_path__startswith=_org_path(org))
    if actor:
        qs = qs.filter(user__username__icontains=actor)
    qs = within_days(qs, date_from, date_to)
    if action:
        qs = qs.filter(action=action)
    return qs


def job_list(*, user: User) -> QuerySet[Job]:
    if user.role == Role.MEMBER:
        return Job.objects.filter(created_by=user)
    return scoped(Job.objects.all(), user)


def annotate_member_counts(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    return qs.annotate(member_count=Count("memberships", filter=Q(memberships__status="active")))


# A downstream change names its cause first: "人员已故：撤回疗休养邀请" (cause：change).
LINKED_CHANGE_SEPARATOR = "："


def person_linked_changes(*, user: User, person: Person, limit: int = 50) -> list[AuditLog]:
    """关联变动: changes other modules made to a person's records because of something else
    (a death, a revoked honor, a move …), newest first, each with its cause (the entry's note).

    Every module writes such a change with `audit.record(..., note="原因：变动")` naming the
    person; entries outside the user's subtree are not shown."""
    qs = scoped(
        AuditLog.objects.filter(
            person=person,
            action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE],
            note__contains=LINKED_CHANGE_SEPARATOR,
        ).exclude(model__startswith="core."),
        user,
        org_field="org",
        person_field="person",
    )
    entries = list(qs.select_related("user").order_by("-at", "-id")[:limit])
    for entry in entries:
        try:
            label = apps.get_model(entry.model)._meta.verbose_name
        except (LookupError, ValueError):
            label = entry.model
        entry.kind_label = str(label)  # type: ignore[attr-defined]
    return entries


def organization_history(*, org_id: int, limit: int = 50) -> QuerySet[AuditLog]:
    """The change log of one organization (create, rename, move), newest first."""
    return AuditLog.objects.select_related("user").filter(
        model="core.organization", object_id=str(org_id)
    )[:limit]


def employer_by_credit_code(code: str) -> Employer | None:
    """Any employer with this credit code, in scope or not (to refuse overwriting others')."""
    return Employer.objects.select_related("org").filter(credit_code=code).first()
