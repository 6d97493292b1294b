"""What the importers of every domain share: a cell read through a validator, the registered
persons a batch names by ID number (and the check of each row's), and the bulk save of new and
changed records with their audit entries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db.models import Model

from gonghui.core import clock
from gonghui.core.audit import snapshot
from gonghui.core.crypto import lookup_hash
from gonghui.core.errors import DomainError
from gonghui.core.importing import ImportContext, Item
from gonghui.core.models import AuditAction, Person

T = TypeVar("T")


def checked(item: Item, key: str, check: Callable[[Any], T], *, optional: bool = False) -> T | None:
    """The cell `key` through `check` (a validator, or ImportContext.resolve_org); its
    DomainError becomes the cell's error. None when the cell has failed already, is refused now
    or (`optional`) is blank."""
    value = item.values.get(key)
    if key in item.failed or (optional and not value):
        return None
    try:
        return check(value)
    except DomainError as exc:
        item.fail(key, exc.message)
        return None


def id_hash(number: str) -> str:
    """The lookup hash of a (normalized) ID number, as Person.id_hash stores it."""
    return lookup_hash(number, purpose="person.id_number")


def persons_by_hash(hashes: Iterable[str]) -> dict[str, Person]:
    """The registered persons of these ID-number hashes (with their organization), one SELECT."""
    return {
        p.id_hash: p for p in Person.objects.filter(id_hash__in=list(hashes)).select_related("org")
    }


def merged(data: T, stored: Any, keys: Iterable[str], given: dict[str, Any]) -> T:
    """What a row leaves of a record: `data` with the stored record's `keys` (when there is one),
    then the cells the row filled in (a blank cell keeps the stored value)."""
    if stored is not None:
        for key in keys:
            setattr(data, key, getattr(stored, key))
    for key, value in given.items():
        setattr(data, key, value)
    return data


def registered_person(
    item: Item,
    ctx: ImportContext,
    persons: dict[str, Person],
    id_hash: str,
    name: str,
    *,
    missing: str = "此人尚未登记，请先通过“人员及会员”导入",
    foreign: str = "此人已在其他组织登记，不在您的管辖范围内",
) -> Person | None:
    """The registered person the row names, in the importer's scope and under the row's name;
    else None and the row fails: `missing`, `foreign` (scope first: the file's author learns
    nothing of a person outside it, not even the name on file, nor where they are registered),
    or the name on file."""
    person = persons.get(id_hash)
    if person is None:
        item.fail("id_number", missing)
        return None
    if not ctx.in_scope(person.org):
        item.fail("id_number", foreign)
        return None
    if person.name != name:
        item.fail("name", f"姓名与人员档案不一致（档案为“{person.name}”）")
        return None
    return person


def save_rows(
    model: type[Model], created: list[Any], changed: list[Any], fields: list[str]
) -> None:
    """Insert the new records and write `fields` of the changed ones (stamped now), in bulk."""
    now = clock.now()
    model._default_manager.bulk_create(created, batch_size=1000)
    for obj in changed:
        obj.updated_at = now
    if changed:
        model._default_manager.bulk_update(changed, fields, batch_size=500)


def log_rows(
    ctx: ImportContext,
    model_label: str,
    created: list[Any],
    changed: list[tuple[Any, Any]],
    *,
    of_person: bool = False,
) -> None:
    """The audit entries of save_rows: each new record, and each changed one with its snapshot
    from before (`changed` holds (record, before) pairs); `of_person`: the records are persons."""
    entries = [(AuditAction.CREATE, obj, None) for obj in created] + [
        (AuditAction.UPDATE, obj, before) for obj, before in changed
    ]
    for action, obj, before in entries:
        ctx.log(
            action=action,
            model=model_label,
            obj=obj,
            org=obj.org,
            person=obj if of_person else None,
            before=before,
            after=snapshot(obj),
            note="批量导入",
        )
