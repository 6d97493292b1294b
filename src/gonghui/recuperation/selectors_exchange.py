"""Reads of 互派与接待: agreements, the groups received and sent, and who may join a group.
Agreements and groups follow the subtree of the organization that recorded them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from gonghui.core.models import Person, User
from gonghui.core.scope import scoped
from gonghui.honors import registry
from gonghui.recuperation.models import ExchangeAgreement, InboundGroup, OutboundGroup, Trip
from gonghui.recuperation.selectors_plans import found, person_among


def exchange_list(*, user: User) -> QuerySet[ExchangeAgreement]:
    """Agreements signed by the user's organization or one below it."""
    qs = ExchangeAgreement.objects.select_related("org").annotate(inbound_count=Count("inbound"))
    return scoped(qs, user)


def exchange_get(*, user: User, pk: int) -> ExchangeAgreement:
    return found(exchange_list(user=user), pk, "互派协议不存在或不在您的管辖范围内")


def inbound_list(*, user: User, year: int | None = None) -> QuerySet[InboundGroup]:
    """Groups received by the user's organization or one below it (in `year`)."""
    qs = scoped(InboundGroup.objects.select_related("agreement", "org"), user)
    return qs.filter(start_date__year=year) if year else qs


def outbound_list(*, user: User, year: int | None = None) -> QuerySet[OutboundGroup]:
    """Groups sent by the user's organization or one below it (leaving in `year`)."""
    qs = scoped(
        OutboundGroup.objects.select_related("agreement", "org").annotate(size=Count("trips")),
        user,
    )
    return qs.filter(start_date__year=year) if year else qs


def outbound_get(*, user: User, pk: int) -> OutboundGroup:
    return found(outbound_list(user=user), pk, "互派外出团组不存在或不在您的管辖范围内")


def outbound_participants(group: OutboundGroup) -> QuerySet[Trip]:
    """The people of an outbound group (the group's organization lies in the viewer's scope)."""
    return group.trips.select_related("person__org").order_by("person__name_pinyin", "pk")


def outbound_candidates(*, user: User, group: OutboundGroup) -> QuerySet[Any]:
    """Model workers the group may take (the sending organization's subtree, in the user's
    scope), not yet in it."""
    qs = registry.model_workers(within=group.org).exclude(
        person__recuperation_trips__outbound=group
    )
    return scoped(qs, user, org_field="person__org").order_by("person__name_pinyin")


def outbound_candidate(*, user: User, group: OutboundGroup, person_id: int | None) -> Person | None:
    """One person the group may take (outbound_candidates), by person id; None if not."""
    return person_among(outbound_candidates(user=user, group=group), person_id)


def outbound_participant(group: OutboundGroup, person_id: int | None) -> Person | None:
    """One person of the group, by person id; None if not in it."""
    return person_among(outbound_participants(group), person_id)


@dataclass
class YearExchanges:
    """互派与接待 of a year in the user's subtree."""

    agreements: QuerySet[ExchangeAgreement]
    inbound: list[InboundGroup]
    outbound: list[OutboundGroup]
    outbound_people: int

    @property
    def inbound_people(self) -> int:
        return sum(g.size for g in self.inbound)


def year_exchanges(*, user: User, year: int) -> YearExchanges:
    """The agreements, and the groups received and sent in `year`, in the user's subtree."""
    sent = Trip.objects.filter(outbound__start_date__year=year)
    return YearExchanges(
        agreements=exchange_list(user=user),
        inbound=list(inbound_list(user=user, year=year)),
        outbound=list(outbound_list(user=user, year=year)),
        outbound_people=scoped(sent, user, org_field="outbound__org").count(),
    )
