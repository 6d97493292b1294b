"""Builders for the 一函两书 tests: employers from tests/factories.py, letters and recoveries
made through our services. Plain functions (not fixtures), so each test says what it builds;
`frozen` (the clock at TODAY, a Monday before 国庆) is the fixture, imported by name."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from gonghui.core.models import Employer, Organization, Person, User
from gonghui.workplace.models import Letter, LetterKind, Recovery, Violation, WorkplaceSetting
from gonghui.workplace.services_letters import letter_issue, recovery_record
from tests import factories
from tests.conftest import World

YEAR = 2026
# Monday 28 September 2026, 10:00 in 安康: 15 working days later is 23 October, across 国庆
# (1–7 October off, Saturday 10 October worked).
TODAY = dt.datetime(2026, 9, 28, 2, 0, tzinfo=dt.UTC)
DEADLINE = dt.date(2026, 10, 23)


@pytest.fixture
def frozen() -> Any:
    """The clock at TODAY."""
    with time_machine.travel(TODAY, tick=False):
        yield


def employer(org: Organization, name: str | None = None) -> Employer:
    return factories.employer(org, name, employee_count=60)


def officer_of(world: World, org: Organization) -> User:
    """The county officer of the world whose county holds `org` (汉滨's or 石泉's)."""
    return (
        world.shiquan_officer if org.path.startswith(world.shiquan.path) else world.hanbin_officer
    )


def issue(
    world: World,
    *,
    user: User | None = None,
    to: Employer | None = None,
    kind: str = LetterKind.NOTICE,
    follows: Letter | None = None,
    violation: str = Violation.WAGE_ARREARS,
    arrears: str = "50000.00",
    workers: int = 5,
    facts: str = "2026年7月至8月拖欠一线职工工资",
    demand: str = "立即足额支付所欠工资",
    issued_on: dt.date | None = None,
    deadline: dt.date | None = None,
) -> Letter:
    """A letter issued by `user` (汉滨's officer) to `to` (a new 汉滨 employer)."""
    user = user or world.hanbin_officer
    if to is None:
        to = follows.employer if follows is not None else employer(world.hanbin_union)
    return letter_issue(
        user=user,
        kind=kind,
        employer=to,
        violation=violation,
        facts=facts,
        demand=demand,
        follows=follows,
        issued_on=issued_on,
        deadline=deadline,
        arrears_claimed=arrears if violation == Violation.WAGE_ARREARS else "0",
        workers_involved=workers,
    )


def recover(
    world: World,
    letter: Letter,
    *,
    name: str = "王强",
    claimed: str = "8000.00",
    recovered: str = "8000.00",
    on: dt.date | None = None,
    person: Person | None = None,
    user: User | None = None,
) -> Recovery:
    return recovery_record(
        user=user or world.hanbin_officer,
        letter=letter,
        worker_name=name,
        person=person,
        claimed=claimed,
        recovered=recovered,
        recovered_on=on or letter.issued_on,
    )


def setting(org: Organization, **values: Any) -> WorkplaceSetting:
    """The organization's own setting for YEAR (the settings page's service is another part's)."""
    return WorkplaceSetting.objects.create(org=org, year=YEAR, **values)


def shiquan_letter_records(world: World) -> dict[str, str]:
    """石泉 records of 一函两书 with marker texts (marker → description), for the scope walk: a
    提示函 and the 意见书 that followed it, to a 石泉 employer, and a worker's recovered wages."""
    officer = world.shiquan_officer
    firm = employer(world.shiquan_union, "石泉追薪企业甲")
    notice = issue(world, user=officer, to=firm, facts="石泉查明事实甲", demand="石泉整改要求甲")
    opinion = issue(
        world,
        user=officer,
        kind=LetterKind.OPINION,
        follows=notice,
        facts="石泉查明事实乙",
        demand="石泉整改要求乙",
    )
    recover(world, opinion, name="石泉追薪职工甲", user=officer)
    return {
        notice.number: "石泉的提示函（编号）",
        opinion.number: "石泉的意见书（编号）",
        "石泉追薪企业甲": "石泉的一函两书所涉用人单位",
        "石泉查明事实甲": "石泉提示函的查明事实",
        "石泉整改要求乙": "石泉意见书的整改要求",
        "石泉追薪职工甲": "石泉的追回欠薪",
    }
