"""Memberships: one active membership at a time; a transfer keeps the history."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from gonghui.core.errors import DomainError
from gonghui.core.models import Membership, MembershipStatus
from gonghui.core.services import membership_join, membership_transfer, membership_upsert
from tests import factories


@pytest.fixture
def hospital(world):
    return factories.grassroots(world.hanbin, "汉滨区人民医院工会")


def test_transfer_closes_the_old_membership_and_opens_a_new_one(world, hospital):
    person = world.hanbin_person
    new = membership_transfer(person=person, to_union=hospital, on=dt.date(2025, 6, 1))
    history = list(Membership.objects.filter(person=person).order_by("joined_on"))
    assert [(m.union, m.status, m.joined_on, m.left_on) for m in history] == [
        (
            world.hanbin_union,
            MembershipStatus.TRANSFERRED,
            dt.date(2020, 1, 1),
            dt.date(2025, 6, 1),
        ),
        (hospital, MembershipStatus.ACTIVE, dt.date(2025, 6, 1), None),
    ]
    assert new.note == "由汉滨区第一中学工会转入"
    person.refresh_from_db()
    assert person.org == hospital


def test_two_transfers_leave_exactly_one_active_membership(world, hospital):
    person = world.hanbin_person
    membership_transfer(person=person, to_union=hospital, on=dt.date(2024, 1, 1))
    membership_transfer(person=person, to_union=world.hanbin_union, on=dt.date(2025, 1, 1))
    assert Membership.objects.filter(person=person).count() == 3
    assert Membership.objects.filter(person=person, status="active").count() == 1


def test_joining_twice_is_refused(world, hospital):
    with pytest.raises(DomainError, match="已是会员，请办理转会"):
        membership_join(person=world.hanbin_person, union=hospital, joined_on=dt.date(2025, 1, 1))


def test_database_refuses_a_second_active_membership(world, hospital):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            person=world.hanbin_person, union=hospital, joined_on=dt.date(2025, 1, 1)
        )


def test_transfer_to_the_same_union_is_refused(world):
    with pytest.raises(DomainError, match="已在“汉滨区第一中学工会”"):
        membership_transfer(
            person=world.hanbin_person, to_union=world.hanbin_union, on=dt.date(2025, 1, 1)
        )


def test_transfer_without_active_membership_is_refused(world, hospital):
    loner = factories.person(world.hanbin, "独行者", member=False)
    with pytest.raises(DomainError, match="没有在册的会员关系"):
        membership_transfer(person=loner, to_union=hospital, on=dt.date(2025, 1, 1))


def test_only_grassroots_level_organizations_take_members(world):
    loner = factories.person(world.hanbin, "独行者", member=False)
    with pytest.raises(DomainError, match="不是基层工会"):
        membership_join(person=loner, union=world.hanbin, joined_on=dt.date(2025, 1, 1))


def test_import_upsert_keeps_same_union_and_transfers_on_change(world, hospital):
    person = world.hanbin_person
    same = membership_upsert(person=person, union=world.hanbin_union, joined_on=dt.date(2023, 1, 1))
    assert Membership.objects.filter(person=person).count() == 1
    assert same.joined_on == dt.date(2020, 1, 1)
    moved = membership_upsert(person=person, union=hospital, joined_on=dt.date(2023, 1, 1))
    assert moved.union == hospital
    assert Membership.objects.filter(person=person).count() == 2
