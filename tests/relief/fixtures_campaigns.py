"""Shared helpers of the 四送 campaign tests: a 冬送温暖 campaign of the city, filed cases and
lists of 汉滨 and 石泉 (not fixtures of conftest.py: plain functions the tests call)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from gonghui.core.models import Organization, Person, User
from gonghui.relief.models import Campaign, Case, CaseStatus, Distribution, DistributionList
from gonghui.relief.services_campaigns import (
    BudgetData,
    FundData,
    StandardData,
    campaign_create,
)
from gonghui.relief.services_lists import (
    duplicate_resolve,
    list_add,
    list_approve,
    list_create,
    list_return,
    list_submit,
)
from tests import factories

YEAR = 2025
BUDGET = "两节送温暖"
_numbers = itertools.count(1)


def warmth(world: Any, *, org: Organization | None = None, name: str = "") -> Campaign:
    """The city's 冬送温暖: 深度困难 1,000 元 with 米面油, 相对困难 500 元, 意外致困 800 元."""
    return campaign_create(
        user=world.city_admin,
        kind="warmth",
        name=name or f"{YEAR}年冬送温暖",
        year=YEAR,
        org=org or world.city,
        standards=[
            StandardData("deep", "深度困难", "1000", goods="米面油"),
            StandardData("relative", "相对困难", "500"),
            StandardData("accident", "意外致困", "800"),
        ],
        funds=[FundData("上级拨付", "100000"), FundData("社会捐赠", "20000")],
        budgets=[BudgetData(BUDGET, "100000"), BudgetData("本级经费", "20000")],
    )


def filed_case(person: Person, category: str = "deep", *, org: Organization | None = None) -> Case:
    """A 已建档 case of the ledger (written directly: the ledger's services are another part)."""
    return Case.objects.create(
        number=f"KN{YEAR}{next(_numbers):06d}",
        person=person,
        org=org or person.org,
        category=category,
        status=CaseStatus.FILED,
        applied_on=dt.date(YEAR, 3, 1),
        filed_on=dt.date(YEAR, 4, 1),
    )


def county_list(world: Any, campaign: Campaign, county: str = "hanbin") -> DistributionList:
    """A draft list of 汉滨 (or 石泉) written by that county's officer."""
    officer: User = getattr(world, f"{county}_officer")
    org: Organization = getattr(world, county)
    return list_create(user=officer, campaign=campaign, org=org, budget_line=BUDGET)


def person_in(org: Organization, name: str = "王芳") -> Person:
    return factories.person(org, name)


def add(
    world: Any, dlist: DistributionList, person: Person, group: str = "deep", **kw: Any
) -> Distribution:
    return list_add(user=officer_of(world, dlist), dlist=dlist, person=person, group=group, **kw)


def officer_of(world: Any, dlist: DistributionList) -> User:
    hanbin = dlist.org.path.startswith(world.hanbin.path)
    return world.hanbin_officer if hanbin else world.shiquan_officer


def submitted(world: Any, dlist: DistributionList) -> DistributionList:
    """Submitted by the county's officer."""
    return list_submit(user=officer_of(world, dlist), dlist=dlist)


def approved(world: Any, dlist: DistributionList) -> DistributionList:
    """Submitted by the county's officer and approved by the city's administrator."""
    submitted(world, dlist)
    return list_approve(user=world.city_admin, dlist=dlist)


def shiquan_campaign_records(world: Any) -> dict[str, str]:
    """石泉 records of every campaign model, each carrying a marker no 汉滨 page may show (for
    tests/relief/scope_samples.py: the scope walk tries their pks and looks for the markers)."""
    campaign = warmth(world, org=world.shiquan, name="石泉标记活动冬送")
    officer = world.shiquan_officer
    returned = list_create(
        user=officer, campaign=campaign, org=world.shiquan_union, budget_line=BUDGET
    )
    list_add(
        user=officer,
        dlist=returned,
        person=person_in(world.shiquan_union, "石泉标记人员"),
        group="deep",
        amount="1500",
        override_reason="石泉标记调整原因",
    )
    list_submit(user=officer, dlist=returned)
    list_return(user=world.city_admin, dlist=returned, reason="石泉标记退回原因")
    dup_person = person_in(world.shiquan_union, "石泉标记重复人员")
    first = list_create(user=officer, campaign=campaign, org=world.shiquan, budget_line=BUDGET)
    list_add(user=officer, dlist=first, person=dup_person, group="deep")
    second = list_create(user=officer, campaign=campaign, org=world.shiquan, budget_line=BUDGET)
    dup = list_add(user=officer, dlist=second, person=dup_person, group="relative")
    duplicate_resolve(user=officer, item=dup, note="石泉标记处理说明")
    list_add(user=officer, dlist=first, person=world.shiquan_person, group="relative")
    list_submit(user=officer, dlist=first)
    list_approve(user=world.city_admin, dlist=first)
    return {
        "石泉标记活动冬送": "a campaign of 石泉",
        "石泉标记人员": "a person on a 石泉 list",
        "石泉标记调整原因": "an override reason on a 石泉 list",
        "石泉标记退回原因": "the return reason of a 石泉 list",
        "石泉标记重复人员": "a duplicate resolved in 石泉",
        "石泉标记处理说明": "the note of a 石泉 duplicate resolution",
    }
