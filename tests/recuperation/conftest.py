"""Recuperation test helpers: model workers in 汉滨 and 石泉, an approved plan with batches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from gonghui.core.models import Person, Role, User
from gonghui.honors.models import HonorType
from gonghui.honors.services import honor_create
from gonghui.recuperation import services, services_common
from gonghui.recuperation.models import Base, Batch, Plan
from tests import factories
from tests.conftest import World

YEAR = 2026
TODAY = dt.date(2026, 11, 23)  # a Monday


def give(user: User, person: Person, name: str = "安康市劳动模范", year: int = 2020) -> None:
    honor_create(
        user=user,
        person=person,
        honor_type=HonorType.objects.get(name=name),
        year=year,
        authority="安康市人民政府",
        doc_number=f"安政发〔{year}〕1号",
    )


@dataclass
class RW:
    w: World
    people: list[Person]  # model workers: 6 in 汉滨 (incl. the member's person), 3 in 石泉
    base: Base
    base2: Base

    def plan(self, *, budget: str = "100000.00", approve: bool = False) -> Plan:
        plan = services.plan_create(
            user=self.w.city_admin,
            year=YEAR,
            title="2026年劳模疗休养工作方案",
            budget=budget,
            budget_line="工会经费·职工疗休养",
        )
        return plan

    def batch(
        self,
        plan: Plan,
        code: str = "B1",
        *,
        start: dt.date = dt.date(2026, 12, 14),
        days: int = 5,
        min_size: int = 1,
        max_size: int = 3,
        cost: str = "3000.00",
        base: Base | None = None,
    ) -> Batch:
        return services.batch_add(
            user=self.w.city_admin,
            plan=plan,
            code=code,
            base=base or self.base,
            start_date=start,
            end_date=start + dt.timedelta(days=days - 1),
            min_size=min_size,
            max_size=max_size,
            cost_per_person=cost,
            travel_cost={"610902": "500.00", "*": "800.00"},
        )

    def approve(self, plan: Plan) -> Plan:
        return services.plan_approve(
            user=self.w.city_admin,
            plan=plan,
            meeting_date=dt.date(2026, 3, 2),
            minute_no="党组会纪要〔2026〕3号",
        )


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests (live_server, races) flush the migrated catalog and bases; restore."""
    marker = request.node.get_closest_marker("django_db")
    live = "live_server" in request.fixturenames
    transactional = live or bool(marker and marker.kwargs.get("transaction"))
    # A flush by an earlier transactional test empties them for the plain tests that follow too.
    request.getfixturevalue("transactional_db" if transactional else "db")
    from gonghui.honors.services import honor_types_ensure
    from gonghui.recuperation.rules import bases_ensure

    honor_types_ensure()
    bases_ensure()


@pytest.fixture
def today(monkeypatch):
    """Pin 'today' for the services; returns a setter to move time."""
    state = {"day": TODAY}
    monkeypatch.setattr(services_common, "today", lambda: state["day"])

    def move(day: dt.date) -> dt.date:
        state["day"] = day
        return day

    move.day = state  # type: ignore[attr-defined]
    return move


@pytest.fixture
def rw(world: World, today, settings) -> RW:
    settings.JOBS_BACKEND = "sync"
    people = [world.hanbin_person]
    for i in range(5):
        people.append(
            factories.person(
                world.hanbin_union, f"汉滨劳模{i}", phone=f"1370000000{i}", frontline=i % 2 == 0
            )
        )
    people.append(world.shiquan_person)
    for i in range(2):
        people.append(
            factories.person(
                world.shiquan_union, f"石泉劳模{i}", phone=f"1360000000{i}", region="610922"
            )
        )
    for p in people:
        give(world.city_admin, p)
    base = Base.objects.get(name="宁波工人疗养院")
    base2 = Base.objects.get(name="上坝河劳模疗休养基地")
    return RW(w=world, people=people, base=base, base2=base2)


@pytest.fixture
def member2(rw: RW) -> User:
    return factories.user(Role.MEMBER, rw.w.hanbin_union, "member2", person=rw.people[1])
