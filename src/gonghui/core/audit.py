"""The audit log: every create, update and delete of a domain record, with before and after."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.db import models

from gonghui.core.middleware import get_current_user
from gonghui.core.models import AuditAction, AuditLog, Organization, Person

# Fields never copied into the log (ciphertext and lookup hashes); masked copies are kept instead.
_SKIP_SUFFIXES = ("_enc", "_hash")
# Never logged at all: a password hash is a secret even when salted.
_SKIP_FIELDS = {"password"}


def snapshot(instance: models.Model) -> dict[str, Any]:
    """A JSON-safe dict of the instance's concrete fields, PII masked."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        name = field.attname
        if name.endswith(_SKIP_SUFFIXES) or name in _SKIP_FIELDS:
            continue
        value = getattr(instance, name)
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        elif isinstance(value, decimal.Decimal):
            value = str(value)
        elif isinstance(value, bytes | memoryview):
            continue
        data[name] = value
    return data


def _org_of(instance: models.Model) -> Organization | None:
    if isinstance(instance, Organization):
        return instance
    org = getattr(instance, "org", None) or getattr(instance, "union", None)
    if isinstance(org, Organization):
        return org
    person = getattr(instance, "person", None)
    if isinstance(person, Person):
        return person.org
    return None


def _person_of(instance: models.Model) -> Person | None:
    if isinstance(instance, Person):
        return instance
    person = getattr(instance, "person", None)
    return person if isinstance(person, Person) else None


def audit_log(
    *,
    action: str,
    instance: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    user: Any = None,
    note: str = "",
    model: str = "",
    org: Organization | None = None,
    person: Person | None = None,
) -> AuditLog:
    """Write one audit entry; the acting user defaults to the request's user."""
    actor = user if user is not None else get_current_user()
    if instance is not None:
        org = org or _org_of(instance)
        person = person or _person_of(instance)
        model = model or instance._meta.label_lower
        if action == AuditAction.DELETE:
            # The row is gone: keep only references that still exist.
            if isinstance(instance, Person):
                person = None
            if isinstance(instance, Organization):
                org = instance.parent
    entry = AuditLog(
        user=actor if getattr(actor, "pk", None) else None,
        action=action,
        model=model,
        object_id=str(instance.pk) if instance is not None and instance.pk is not None else "",
        object_repr=str(instance)[:200] if instance is not None else "",
        org=org,
        org_path=org.path if org is not None else "",
        person=person if person is not None and person.pk else None,
        before=before,
        after=after,
        note=note[:200],
    )
    entry.save()
    return entry


def changed(before: dict[str, Any] | None, after: dict[str, Any]) -> bool:
    return before is None or before != after


__all__ = ["AuditAction", "audit_log", "changed", "snapshot"]
