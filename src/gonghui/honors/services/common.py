"""What the honors services share: the date, and the subsidy lines a change cancels or reprices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gonghui.core import clock
from gonghui.core.audit import update_noted
from gonghui.core.models import Person
from gonghui.honors.models import PaymentStatus, SubsidyPayment

OPEN_PAYMENT = (PaymentStatus.PENDING, PaymentStatus.APPROVED)


def _today() -> dt.date:
    return clock.today()


def _payment_cancel(pay: SubsidyPayment, *, why: str, person: Person) -> None:
    """Cancel an unpaid subsidy line; its history and the line itself say why."""
    update_noted(
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
        update_noted(
            pay, note=f"{cause}：补助金额调整为{amount}元", person=person, **also, amount=amount
        )
