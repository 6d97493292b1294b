"""Scope: a user sees only their organization's subtree; 职工本人 sees only their own record."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from gonghui.core.errors import ScopeError
from gonghui.core.models import Organization, Person, Role, User
from gonghui.core.permissions import can

M = TypeVar("M", bound=Model)

# Roles that may change records (the auditor is read-only; 职工本人 only files their own things).
# Kept for the apps whose views do not ask the permission table yet; core asks the table.
WRITE_ROLES = {Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.GRASSROOTS_CHAIR}


def can_see_full_pii(user: Any) -> bool:
    """Full ID and phone numbers (each full view is logged): the table's core.person.reveal."""
    return can(user, "core.person.reveal")


def can_write(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.role in WRITE_ROLES)


def can_audit(user: Any) -> bool:
    """The audit log: the table's core.audit.view."""
    return can(user, "core.audit.view")


def org_path(user: User) -> str | None:
    """The path prefix a user may see, or None when they see no organization subtree."""
    if not user.is_authenticated or user.role == Role.MEMBER or user.organization is None:
        return None
    return user.organization.path


def scope_q(user: User, org_field: str = "org", person_field: str | None = None) -> Q:
    """A filter limiting a queryset to the user's subtree (or their own person record)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.role == Role.MEMBER:
        if user.person_id is None or person_field is None:
            return Q(pk__in=[])
        return Q(**{person_field: user.person_id})
    path = org_path(user)
    if path is None:
        return Q(pk__in=[])
    return Q(**{f"{org_field}__path__startswith": path})


def scoped(
    qs: QuerySet[M], user: User, org_field: str = "org", person_field: str | None = None
) -> QuerySet[M]:
    return qs.filter(scope_q(user, org_field, person_field))


def organizations_for(user: User) -> QuerySet[Organization]:
    path = org_path(user)
    if path is None:
        return Organization.objects.none()
    return Organization.objects.filter(path__startswith=path)


def ensure_org_in_scope(user: User, org: Organization) -> None:
    """Raise when `org` lies outside the user's subtree (never naming it: that would tell where)."""
    path = org_path(user)
    if path is None or not org.path.startswith(path):
        raise ScopeError("无权操作该组织的记录：不在您所属组织的管辖范围内")


def ensure_person_in_scope(user: User, person: Person) -> None:
    if user.role == Role.MEMBER:
        if user.person_id != person.pk:
            raise ScopeError("只能查看本人的信息")
        return
    ensure_org_in_scope(user, person.org)
