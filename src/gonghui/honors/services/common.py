"""What the honors services share: the date, and a change that names its cause in the audit log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from gonghui.core import audit, clock
from gonghui.core.audit import snapshot
from gonghui.core.models import AuditAction, Person
from gonghui.honors.models import PaymentStatus, SubsidyPayment

OPEN_PAYMENT = (PaymentStatus.PENDING, PaymentStatus.APPROVED)


def _today() -> dt.date:
    return clock.today()


def _update_noted(
    obj: models.Model, *, note: str, person: Person | None = None, **fields: Any
) -> None:
    """Change fields of a row with ONE audit entry whose note says why (the cause).

    A plain save() would be audited by core.signals without a note; downstream changes (a task
    cancelled because the person died …) must name their cause on the person's 关联变动 list.
    """
    before = snapshot(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    type(obj)._default_manager.filter(pk=obj.pk).update(**fields)
    audit.record(
        action=AuditAction.UPDATE,
        instance=obj,
        before=before,
        after=snapshot(obj),
        note=note,
        person=person,
    )


def _payment_cancel(pay: SubsidyPayment, *, why: str, person: Person) -> None:
    """Cancel an unpaid subsidy line; its history and the line itself say why."""
    _update_noted(
        pay,
        note=f"{why}：取消未发放的补助",
        person=person,
        status=PaymentStatus.CANCELLED,
        cancel_reason=why[:200],
    )


def _payment_reprice(
    pay: SubsidyPayment,
    *,
    amount: Decimal,
    cause: str,
    none_cause: str,
    person: Person,
    **also: Any,
) -> None:
    """A line not yet approved takes a new amount (and the fields in `also`, e.g. a new level);
    with no amount left it is cancelled. Each change names its cause."""
    if amount <= 0:
        _payment_cancel(pay, why=none_cause, person=person)
    else:
        _update_noted(
            pay, note=f"{cause}：补助金额调整为{amount}元", person=person, **also, amount=amount
        )
