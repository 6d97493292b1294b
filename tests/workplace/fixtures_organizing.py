"""Builders for the 建会入会 and 示范点 tests: employers through core's factories, drives, visits,
foundings, 集中入会 events and sites through the workplace services. Plain functions (not
fixtures), so each test says what it builds; `frozen` (the clock at TODAY) is the fixture,
imported by name."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from gonghui.core import clock
from gonghui.core.models import Employer, Organization, Role, User
from gonghui.workplace.models import Budget, DemoSite, Drive, Founding, JoinEvent
from gonghui.workplace.services_organizing import (
    JoinerData,
    drive_create,
    join_event_create,
    union_found,
    visit_record,
)
from gonghui.workplace.services_sites import site_approve, site_designate, site_pay
from tests import factories
from tests.conftest import World

YEAR = 2026
# Mid-year, after the drives start; tests freeze the clock here.
TODAY = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 6, 10)


@pytest.fixture
def frozen() -> Any:
    """The clock at TODAY (inside the drives' year)."""
    with time_machine.travel(TODAY, tick=False):
        yield


def county_of(world: World, org: Organization) -> Organization:
    return world.shiquan if org.path.startswith(world.shiquan.path) else world.hanbin


def officer_of(world: World, org: Organization) -> User:
    """The county officer of the county `org` lies in."""
    return world.shiquan_officer if county_of(world, org) == world.shiquan else world.hanbin_officer


def employer(
    org: Organization, name: str | None = None, *, employees: int = 40, **kw: Any
) -> Employer:
    """An employer without a union attached to `org` (its 属地工会)."""
    return factories.employer(org, name, employee_count=employees, **kw)


def drive(
    world: World,
    *,
    org: Organization | None = None,
    user: User | None = None,
    officer: User | None = None,
    employers: list[Employer] | None = None,
    name: str = "2026年非公企业建会攻坚",
) -> Drive:
    """A drive of `org` (汉滨 by default) led by the county's officer, starting on 1 March."""
    org = org or world.hanbin
    return drive_create(
        user=user or officer_of(world, org),
        org=org,
        name=name,
        year=YEAR,
        officer=officer or officer_of(world, org),
        starts_on=dt.date(YEAR, 3, 1),
        ends_on=dt.date(YEAR, 11, 30),
        employers=employers or [],
    )


def visit(
    world: World, target: Employer, *, d: Drive | None = None, user: User | None = None, **kw: Any
) -> Any:
    data = {"visited_on": DAY, "visitors": "王主席、李干事", "outcome": "follow_up", **kw}
    return visit_record(
        user=user or officer_of(world, target.org), employer=target, drive=d, **data
    )


def found(
    world: World,
    target: Employer,
    *,
    user: User | None = None,
    parent: Organization | None = None,
    name: str | None = None,
    d: Drive | None = None,
) -> Founding:
    return union_found(
        user=user or officer_of(world, target.org),
        employer=target,
        parent=parent or target.org,
        name=name or f"{target.name}工会委员会",
        meeting_on=DAY,
        chair_name="赵建国",
        attendees=35,
        members=32,
        drive=d,
    )


def event(
    world: World,
    joiners: list[JoinerData],
    *,
    union: Organization | None = None,
    org: Organization | None = None,
    user: User | None = None,
    title: str = "快递小哥集中入会",
) -> JoinEvent:
    """An event held by `org` (the union's county by default) where `joiners` join `union`."""
    union = union or world.hanbin_union
    org = org or county_of(world, union)
    return join_event_create(
        user=user or officer_of(world, union),
        org=org,
        union=union,
        title=title,
        held_on=DAY,
        place="区工人文化宫",
        joiners=joiners,
    )


def joiner(name: str = "骑手甲", *, region: str = "610902", form: str = "rider") -> JoinerData:
    return JoinerData(name, factories.id_number(region), "13912345678", form)


def budget(org: Organization, amount: str = "20000", *, line: str = "党工共建示范点补助") -> Budget:
    """A budget line of `org`'s year (entered by the settings page, here directly)."""
    found_line = Budget.objects.filter(org=org, year=YEAR, line=line).first()
    if found_line is not None:
        return found_line
    return Budget.objects.create(org=org, year=YEAR, line=line, amount=Decimal(amount))


def unionized(org: Organization, name: str | None = None) -> Employer:
    """An employer that already has a union (a site may be named only there)."""
    return employer(org, name, has_union=True)


def second_officer(world: World, org: Organization) -> User:
    """Another county officer of `org`'s county: the checker of a maker-checker pair."""
    county = county_of(world, org)
    return factories.user(Role.COUNTY_OFFICER, county)


def site(
    world: World,
    *,
    org: Organization | None = None,
    user: User | None = None,
    target: Employer | None = None,
    b: Budget | None = None,
) -> DemoSite:
    org = org or world.hanbin
    return site_designate(
        user=user or officer_of(world, org),
        employer=target or unionized(org),
        budget=b or budget(org),
        year=YEAR,
    )


def paid_site(world: World, *, org: Organization | None = None) -> DemoSite:
    org = org or world.hanbin
    s = site(world, org=org)
    s = site_approve(user=second_officer(world, org), site=s)
    return site_pay(
        user=officer_of(world, org), site=s, paid_on=clock.today(), voucher="记-2026-061"
    )


def shiquan_organizing_records(world: World) -> dict[str, str]:
    """石泉 records of 建会攻坚, 走访, 建会, 集中入会 and 示范点 with marker texts (marker →
    description), for the scope walk: no 汉滨 page may show them."""
    target = employer(world.shiquan, "石泉县攻坚目标秘密企业")
    other = employer(world.shiquan, "石泉县秘密建会企业")
    d = drive(world, org=world.shiquan, employers=[target, other], name="石泉县秘密建会攻坚行动")
    visit(world, target, d=d, note="石泉县秘密走访记录")
    found(world, other, name="石泉县秘密新建工会", d=d)
    event(
        world,
        [joiner("石泉秘密骑手", region="610922")],
        union=world.shiquan_union,
        title="石泉县秘密集中入会",
    )
    s = site(world, org=world.shiquan, target=unionized(world.shiquan, "石泉县秘密示范点企业"))
    s = site_approve(user=second_officer(world, world.shiquan), site=s)
    site_pay(user=world.shiquan_officer, site=s, paid_on=clock.today(), voucher="石泉秘密凭证001")
    return {
        "石泉县攻坚目标秘密企业": "石泉 drive target employer",
        "石泉县秘密建会攻坚行动": "石泉 drive",
        "石泉县秘密走访记录": "石泉 organizing visit",
        "石泉县秘密新建工会": "石泉 founded union",
        "石泉县秘密集中入会": "石泉 join event",
        "石泉秘密骑手": "石泉 joiner",
        "石泉县秘密示范点企业": "石泉 demo site employer",
        "石泉秘密凭证001": "石泉 demo site voucher",
    }
