"""Showing personal information: masked by default, full only for allowed roles, always logged."""

from __future__ import annotations

from typing import Any

from gonghui.core import audit
from gonghui.core.models import AuditAction, Person
from gonghui.core.permissions import requires


@requires("core.person.reveal", on="person")
def person_reveal(*, user: Any, person: Person) -> dict[str, str]:
    """The full ID and phone of a person, for a role that may see them; logs who saw whose."""
    audit.record(
        action=AuditAction.VIEW_PII, instance=person, user=user, note="查看完整身份证号码和手机号"
    )
    return {"id_number": person.id_number, "phone": person.phone}


def log_unmasked_export(*, user: Any, model: str, count: int, note: str = "") -> None:
    """One entry per unmasked export: who exported how many rows of what."""
    audit.record(
        action=AuditAction.EXPORT_PII,
        user=user,
        model=model,
        org=getattr(user, "organization", None),
        note=note or f"导出完整个人信息 {count} 条",
    )
