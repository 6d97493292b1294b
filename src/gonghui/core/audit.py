"""The audit log: every create, update and delete of a domain record, with before and after.

The one place that writes AuditLog rows. Row saves and deletes of a domain app's models are
logged by core.signals through `record`; bulk writes and business events call `record` /
`record_many` themselves, and a change caused by another one names its cause with
`update_noted` (DEVELOPERS.md, "Audit").
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
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


def _entry(
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
    object_id: str = "",
    object_repr: str = "",
    org_id: int | None = None,
    org_path: str = "",
    person_id: int | None = None,
) -> AuditLog:
    """One unsaved entry; the acting user defaults to the request's (or acting_as) user."""
    actor = user if user is not None else get_current_user()
    if instance is not None:
        org = org or _org_of(instance)
        person = person or _person_of(instance)
        model = model or instance._meta.label_lower
        object_id = object_id or (str(instance.pk) if instance.pk is not None else "")
        object_repr = object_repr or str(instance)
        if action == AuditAction.DELETE:
            # The row is gone: keep only references that still exist.
            if isinstance(instance, Person):
                person = None
            if isinstance(instance, Organization):
                org = instance.parent
    if org is not None:
        org_id, org_path = org.pk, org.path
    if person is not None:
        person_id = person.pk
    return AuditLog(
        user=actor if getattr(actor, "pk", None) else None,
        action=action,
        model=model,
        object_id=object_id,
        object_repr=object_repr[:200],
        org_id=org_id,
        org_path=org_path,
        person_id=person_id,
        before=before,
        after=after,
        note=note[:200],
    )


def record(**fields: Any) -> AuditLog:
    """Write one audit entry (see `_entry` for the fields); returns it.

    Saves done through the ORM are logged by the signals (core.signals) already: call this for a
    business event that is not a row save (an import, a lottery, a login-free action), or where
    the signal is bypassed.
    """
    entry = _entry(**fields)
    entry.save()
    return entry


def record_many(entries: Iterable[dict[str, Any]], **common: Any) -> int:
    """Write many entries in one statement: for bulk writes (update(), bulk_create) that bypass
    the signals. Each dict gives one entry's fields; `common` gives fields shared by all."""
    rows = [_entry(**{**common, **fields}) for fields in entries]
    AuditLog.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def record_rows(rows: list[dict[str, Any]]) -> None:
    """Write entries given as raw rows ({AuditLog attname: value}) in one fast INSERT.

    For imports only: a 100,000-row file writes some 200,000 entries, and building an AuditLog
    instance per entry (as record_many does) was most of the import's time. The rows go to the
    database as they are (executemany on SQLite, COPY on PostgreSQL), so the caller fills in
    what _entry would: user_id, org_id/org_path, person_id, and before/after from snapshot().
    """
    # Imported here: the import framework imports this module.
    from gonghui.core.importing.rows import insert_rows

    insert_rows(AuditLog, rows)


def update_noted(
    obj: models.Model, *, note: str, person: Person | None = None, user: Any = None, **fields: Any
) -> None:
    """Change fields of a row with ONE audit entry whose note says why (the cause).

    A plain save() would be audited by core.signals without a note; downstream changes (a task
    cancelled because the person died, a seat withdrawn …) must name their cause on the person's
    关联变动 list. `user`: who caused it, when it is not the request's (or acting_as) user.
    """
    before = snapshot(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    type(obj)._default_manager.filter(pk=obj.pk).update(**fields)
    record(
        action=AuditAction.UPDATE,
        instance=obj,
        before=before,
        after=snapshot(obj),
        user=user,
        note=note,
        person=person,
    )


def changed(before: dict[str, Any] | None, after: dict[str, Any]) -> bool:
    return before is None or before != after


__all__ = [
    "AuditAction",
    "changed",
    "record",
    "record_many",
    "record_rows",
    "snapshot",
    "update_noted",
]
