"""What every recuperation service shares: the domain error, the date the services take as
today (`as_of` for events recorded after the fact), the owner of new records, notifications."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.utils import timezone

from gonghui.core import clock
from gonghui.core.errors import DomainError
from gonghui.core.models import Organization, OrgKind, Person, User
from gonghui.core.money import format_money
from gonghui.core.sms import get_sms_sender
from gonghui.recuperation.models import Notification, TripLevel


class RecuperationError(DomainError):
    """A recuperation rule was broken; the message is Chinese and shown to the user."""


# A past date the services take as "today" while recording events after the fact (see as_of).
_as_of: ContextVar[dt.date | None] = ContextVar("recuperation_as_of", default=None)


def today() -> dt.date:
    """The date the rules look at: the real date, or the one of an `as_of` block."""
    return _as_of.get() or clock.today()


def now() -> dt.datetime:
    """The moment an event is stamped with (9:00 on the `as_of` date inside such a block)."""
    day = _as_of.get()
    if day is None:
        return clock.now()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


@contextmanager
def as_of(day: dt.date) -> Iterator[None]:
    """Record events on the date they happened (demo data, entering last year's trips): inside
    the block every rule that looks at today's date (deadlines, roster lock, attendance) uses
    `day`. The context variable keeps it to this thread."""
    token = _as_of.set(day)
    try:
        yield
    finally:
        _as_of.reset(token)


def creator_org(creator: User) -> Organization:
    """The organization of the user creating a record, which owns it (the table lets no role
    without one write here)."""
    if creator.organization is None:
        raise RecuperationError("您的账号未设置所属组织")
    return creator.organization


def yuan(amount: Decimal) -> str:
    return f"{format_money(amount)}元"


def check_trip_dates(start: dt.date | None, end: dt.date | None, *, what: str = "") -> None:
    """Both dates are given and the return is not before the departure (`what` names the trip
    in the message, e.g. “批次B1的”)."""
    if start is None or end is None:
        raise RecuperationError("请填写出发日期和返回日期")
    if end < start:
        raise RecuperationError(f"{what}返回日期{end}早于出发日期{start}")


def trip_level(org: Organization) -> str:
    """A trip arranged by a county federation (its own plan or group) is county level."""
    return TripLevel.COUNTY if org.kind == OrgKind.COUNTY else TripLevel.CITY


def send_sms(person: Person, body: str) -> None:
    """The text message of a notice, when the person has a readable phone number."""
    try:
        phone = person.phone
    except Exception:  # a record without a readable phone still gets the in-app notice
        phone = ""
    if phone:
        get_sms_sender().send(phone, f"【安康市总工会】{body}")


def notify(person: Person, title: str, body: str, *, sms: bool = True) -> None:
    """An in-app notice to the person, and (unless `sms` is off) the same as a text message."""
    Notification.objects.create(person=person, title=title, body=body)
    if sms:
        send_sms(person, body)


def random_seed() -> int:
    return random.SystemRandom().randint(10**7, 10**9)
