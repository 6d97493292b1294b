"""Fixtures of the hardship ledger: the city's 2026 thresholds, a frozen date, helpers that
file a case and take it through the workflow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from gonghui.core.models import Organization, Person, Role, User
from gonghui.relief import services_cases as services
from gonghui.relief.models.cases import Case, Cause, ReliefSetting
from tests import factories
from tests.conftest import World

YEAR = 2026
# A working day of the year, after the city's re-check due date of last year.
NOW = dt.datetime(YEAR, 6, 15, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
# 城市低保标准 700 元: 深度困难 ≤ 700 元/人·月, 相对困难 ≤ 1,050 元/人·月.
DIBAO = Decimal("700.00")


@pytest.fixture
def ledger_clock() -> Iterator[None]:
    """The ledger's tests run on NOW (asked for by `ledger`; other tests here keep the clock)."""
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Ledger:
    world: World
    setting: ReliefSetting
    # A second county officer of 汉滨 (approves what hanbin_chair reviewed, or the other way).
    hanbin_officer2: User

    def person(self, org: Organization | None = None, name: str = "王芳") -> Person:
        return factories.person(org or self.world.hanbin_union, name)

    def apply(self, person: Person | None = None, **kw: Any) -> Case:
        """A 深度困难 household of three (income 1,800 元 → 600 元/人·月) with two members."""
        person = person or self.person()
        data: dict[str, Any] = {
            "causes": [Cause.ILLNESS],
            "household_size": 3,
            "household_income": "1800",
            "members": [
                member("李强", "spouse", person.org),
                member("王小明", "child", person.org, birth=dt.date(2012, 5, 1)),
            ],
            "address": "汉滨区新城街道100号",
            "situation": "本人患尿毒症，长期透析",
        }
        data.update(kw)
        user = data.pop("user", self.world.hanbin_chair)
        return services.case_apply(user=user, person=person, **data)

    def filed(self, person: Person | None = None, **kw: Any) -> Case:
        """A case applied by the chair, reviewed by the chair, approved by the county officer."""
        case = self.apply(person, **kw)
        case = services.case_review(user=self.world.hanbin_chair, case=case)
        return services.case_approve(user=self.world.hanbin_officer, case=case)


def member(
    name: str,
    relation: str,
    org: Organization | None = None,
    *,
    birth: dt.date = dt.date(1986, 2, 3),
    income: str = "0",
) -> dict[str, Any]:
    region = (org.code if org is not None and org.code else "") or "610902"
    return {
        "name": name,
        "relation": relation,
        "id_number": factories.id_number(region, birth=birth),
        "monthly_income": income,
    }


@pytest.fixture
def ledger(world: World, ledger_clock: None) -> Ledger:
    setting = services.setting_save(
        user=world.city_admin,
        org=world.city,
        year=YEAR,
        dibao=DIBAO,
        deep_multiple="1.00",
        relative_multiple="1.50",
        recheck_due=dt.date(YEAR, 9, 30),
    )
    officer2 = factories.user(Role.COUNTY_OFFICER, world.hanbin, "hanbin_officer2")
    return Ledger(world=world, setting=setting, hanbin_officer2=officer2)


def shiquan_ledger_records(world: World) -> dict[str, str]:
    """石泉 records of the ledger for the scope walk (tests/core/test_scope_walk.py): a filed case
    with a household member, a re-check task and a 帮扶 record; marker → description. Meant to
    be called from tests/relief/scope_samples.py's shiquan_records(world)."""
    from gonghui.core import clock
    from gonghui.relief.services_rechecks import aid_create, rechecks_generate

    year = clock.today().year
    for y in (year, year + 1):
        if not ReliefSetting.objects.filter(org=world.city, year=y).exists():
            services.setting_save(
                user=world.city_admin,
                org=world.city,
                year=y,
                dibao=DIBAO,
                recheck_due=dt.date(y, 9, 30),
            )
    person = factories.person(world.shiquan_union, "石泉困难户甲")
    case = services.case_apply(
        user=world.shiquan_officer,
        person=person,
        causes=[Cause.DISABILITY],
        household_size=2,
        household_income="1000",
        members=[member("石泉家属乙", "spouse", world.shiquan_union)],
        situation="石泉困难情况丙",
    )
    case = services.case_review(user=world.shiquan_officer, case=case)
    case = services.case_approve(user=world.city_admin, case=case)
    rechecks_generate(user=world.city_admin, year=year + 1)
    aid_create(
        user=world.shiquan_officer,
        case=case,
        kind="goods",
        description="石泉帮扶物资丁",
        given_on=clock.today(),
    )
    return {
        case.number: "石泉's case number",
        "石泉困难户甲": "石泉's applicant",
        "石泉家属乙": "石泉's household member",
        "石泉困难情况丙": "石泉's case situation",
        "石泉帮扶物资丁": "石泉's 帮扶 record",
    }
