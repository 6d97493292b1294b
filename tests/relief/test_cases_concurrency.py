"""Races on PostgreSQL row locks: two unions filing the same worker at the same moment end with
one case and one Chinese refusal naming the first case's organization; two filings of different
workers get consecutive numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from gonghui.core import clock
from gonghui.core.models import Person
from gonghui.relief import services_cases as services
from gonghui.relief.models.cases import Case, Cause
from tests import factories
from tests.kit import race

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")


@pytest.fixture
def city_setting(world):
    year = clock.today().year
    return services.setting_save(
        user=world.city_admin,
        org=world.city,
        year=year,
        dibao="700",
        recheck_due=dt.date(year, 12, 31),
    )


def _apply(user: Any, person: Person) -> Callable[[], Any]:
    return lambda: services.case_apply(
        user=user,
        person=person,
        causes=[Cause.ILLNESS],
        household_size=1,
        household_income="600",
    )


def test_two_filings_for_the_same_person_at_once_give_one_case(world, city_setting):
    person = world.hanbin_person
    outcomes = race([_apply(world.hanbin_chair, person), _apply(world.city_admin, person)])
    assert outcomes.count("ok") == 1, outcomes
    refusal = next(o for o in outcomes if o != "ok")
    assert "张伟已有在档的困难职工档案KN" in refusal
    assert "汉滨区第一中学工会" in refusal and "全市同一人只能有一份在档档案" in refusal
    assert Case.objects.filter(person=person).count() == 1


def test_filings_of_different_people_at_once_get_consecutive_numbers(world, city_setting):
    people = [factories.person(world.hanbin_union, f"工人{i}") for i in range(4)]
    outcomes = race([_apply(world.hanbin_chair, p) for p in people])
    assert outcomes == ["ok"] * 4
    year = clock.today().year
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == [f"KN{year}-{n:06d}" for n in range(1, 5)]
