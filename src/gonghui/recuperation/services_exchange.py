"""Writes for 互派与接待: exchange agreements with other cities' unions, the groups received
under them (接待) and the groups sent (互派外出), whose people's trips enter their history."""

from __future__ import annotations

import datetime as dt
from typing import Any, NotRequired, TypedDict, Unpack

from django.db import transaction

from gonghui.core.db import lock_row
from gonghui.core.models import Person, PersonStatus, User
from gonghui.core.money import to_money
from gonghui.core.permissions import authorize, requires
from gonghui.recuperation.models import (
    ExchangeAgreement,
    InboundGroup,
    OutboundGroup,
    Trip,
    TripSource,
)
from gonghui.recuperation.services_common import (
    RecuperationError,
    check_trip_dates,
    creator_org,
    trip_level,
)


class ExchangeFields(TypedDict):
    """What the agreement form gives."""

    partner: str
    city: str
    signed_on: dt.date
    valid_until: NotRequired[dt.date | None]
    terms: NotRequired[str]


def _clean_exchange(
    partner: str, city: str, signed_on: dt.date | None, valid_until: dt.date | None
) -> tuple[str, str]:
    partner, city = (partner or "").strip(), (city or "").strip()
    if not partner or not city:
        raise RecuperationError("合作工会和所在城市不能为空")
    if signed_on is None:
        raise RecuperationError("请填写签订日期")
    if valid_until is not None and valid_until < signed_on:
        raise RecuperationError(f"有效期至{valid_until}早于签订日期{signed_on}")
    return partner, city


@requires("recuperation.exchange.create")
def exchange_create(*, user: User, **fields: Unpack[ExchangeFields]) -> ExchangeAgreement:
    """Record a 互派协议 with another city's union, signed by the user's organization."""
    return _exchange_save(user=user, agreement=None, **fields)


@requires("recuperation.exchange.change", on="agreement")
def exchange_update(
    *, user: User, agreement: ExchangeAgreement, **fields: Unpack[ExchangeFields]
) -> ExchangeAgreement:
    """Change a 互派协议 (partner, dates, terms); groups received under it keep pointing to it."""
    return _exchange_save(user=user, agreement=agreement, **fields)


def _exchange_save(
    *,
    user: User,
    agreement: ExchangeAgreement | None,
    partner: str,
    city: str,
    signed_on: dt.date,
    valid_until: dt.date | None = None,
    terms: str = "",
) -> ExchangeAgreement:
    partner, city = _clean_exchange(partner, city, signed_on, valid_until)
    with transaction.atomic():
        if agreement is None:
            agreement = ExchangeAgreement(org=creator_org(user))
        else:
            agreement = lock_row(agreement)
        agreement.partner, agreement.city = partner, city
        agreement.signed_on, agreement.valid_until = signed_on, valid_until
        agreement.terms = terms.strip()
        agreement.save()
    return agreement


# ---------------------------------------------------------------- inbound groups


@requires("recuperation.inbound.create")
def inbound_create(
    *,
    user: User,
    partner: str,
    size: int,
    start_date: dt.date,
    end_date: dt.date,
    sites: str = "",
    local_spending: Any = "0",
    agreement: ExchangeAgreement | None = None,
    note: str = "",
) -> InboundGroup:
    """Record a group received by the user's organization (接待), under one of its agreements."""
    if agreement is not None:
        # Only under an agreement the user's organization (or one below it) signed.
        authorize(user, "recuperation.inbound.create", agreement)
    if not partner.strip():
        raise RecuperationError("来访单位不能为空")
    if size < 1:
        raise RecuperationError("人数至少为1人")
    if end_date < start_date:
        raise RecuperationError(f"离开日期{end_date}早于抵达日期{start_date}")
    with transaction.atomic():
        return InboundGroup.objects.create(
            org=creator_org(user),
            agreement=agreement,
            partner=partner.strip(),
            size=size,
            start_date=start_date,
            end_date=end_date,
            sites=sites.strip(),
            local_spending=to_money(local_spending, field="当地消费"),
            note=note.strip(),
        )


# ---------------------------------------------------------------- outbound 互派 groups


@requires("recuperation.outbound.create", on="agreement")
def outbound_create(
    *,
    user: User,
    agreement: ExchangeAgreement,
    destination: str,
    start_date: dt.date,
    end_date: dt.date,
    note: str = "",
) -> OutboundGroup:
    """Record a group the user's organization sends to a partner under one of its (or its
    subtree's) 互派协议; participants are added one by one (outbound_add_person)."""
    destination = (destination or "").strip()
    if not destination:
        raise RecuperationError("目的地不能为空")
    check_trip_dates(start_date, end_date)
    if start_date < agreement.signed_on or (
        agreement.valid_until is not None and start_date > agreement.valid_until
    ):
        raise RecuperationError(f"出发日期{start_date}不在互派协议“{agreement}”的有效期内")
    with transaction.atomic():
        return OutboundGroup.objects.create(
            agreement=agreement,
            destination=destination,
            start_date=start_date,
            end_date=end_date,
            note=note.strip(),
            org=creator_org(user),
            created_by=user,
        )


@requires("recuperation.outbound.change", on="group")
def outbound_add_person(*, user: User, group: OutboundGroup, person: Person) -> Trip:
    """Add a participant to an outbound group: the trip enters their history (互派外出) and
    counts for the no-repeat rule like a trip of any plan."""
    authorize(user, "recuperation.outbound.change", person)  # a person of the user's subtree
    with transaction.atomic():
        group = (
            OutboundGroup.objects.select_for_update()
            .select_related("org", "agreement")
            .get(pk=group.pk)
        )
        person = Person.objects.select_related("org").get(pk=person.pk)
        if not person.org.is_within(group.org):
            raise RecuperationError(f"{person.name}不属于派出单位“{group.org.name}”")
        if person.status == PersonStatus.DECEASED:
            raise RecuperationError(f"{person.name}已故，不能派出")
        if Trip.objects.filter(person=person, outbound=group).exists():
            raise RecuperationError(f"{person.name}已在该团组中")
        return Trip.objects.create(
            person=person,
            year=group.start_date.year,
            level=trip_level(group.org),
            source=TripSource.EXCHANGE,
            outbound=group,
            destination=f"{group.agreement.city}·{group.destination}"[:100],
            start_date=group.start_date,
        )


@requires("recuperation.outbound.change", on="group")
def outbound_remove_person(*, user: User, group: OutboundGroup, person: Person) -> None:
    """Take a participant out of an outbound group (entered by mistake, did not go)."""
    with transaction.atomic():
        trip = Trip.objects.select_for_update().filter(person=person, outbound=group).first()
        if trip is None:
            raise RecuperationError(f"{person.name}不在该团组中")
        trip.delete()
