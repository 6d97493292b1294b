"""Builders for the 金秋助学 / 夏送清凉 / 春送岗位 tests: campaigns made through the campaign
service, applications and records made through ours. Plain functions (not fixtures), so each
test says what it builds; `media` (uploads
in a temporary folder) and `frozen` (the clock at TODAY) are the fixtures, imported by name."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.models import Organization, Person, User
from gonghui.relief.models import Campaign, CoolingSite, DistributionList, JobFair, StudentGrant
from gonghui.relief.services_activities import fair_record, grant_apply, site_record
from gonghui.relief.services_campaigns import FundData, StandardData, campaign_create
from gonghui.relief.services_lists import list_add, list_approve, list_create, list_submit
from tests import factories
from tests.conftest import World

YEAR = 2026
# Inside the campaigns' year, after the 金秋 applications open; tests freeze the clock here.
TODAY = dt.datetime(2026, 9, 15, 10, 0, tzinfo=dt.UTC)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def frozen() -> Any:
    """The clock at TODAY (inside the campaigns' year)."""
    with time_machine.travel(TODAY, tick=False):
        yield


def letter(name: str = "录取通知书.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def campaign(
    world: World,
    kind: str,
    *,
    org: Organization | None = None,
    name: str | None = None,
    standard: str = "5000",
    funds: tuple[tuple[str, str], ...] = (),
) -> Campaign:
    """A campaign of the city (or `org`) made by the city admin or the county officer."""
    org = org or world.city
    user = world.city_admin if org == world.city else world.hanbin_officer
    if org == world.shiquan:
        user = world.shiquan_officer
    return campaign_create(
        user=user,
        kind=kind,
        name=name or f"{YEAR}年{org.name}{kind}",
        year=YEAR,
        org=org,
        standards=[StandardData("student", "大学新生", standard)],
        funds=[FundData(s, a) for s, a in funds],
    )


def child_id(region: str = "610902") -> str:
    """A valid ID number of someone born in 2008 (a university freshman in 2026)."""
    return factories.id_number(region, birth=dt.date(2008, 5, 1))


def apply(
    world: World,
    camp: Campaign,
    *,
    user: User | None = None,
    person: Person | None = None,
    student_id: str | None = None,
    amount: str = "3000",
    name: str = "张小明",
) -> StudentGrant:
    return grant_apply(
        user=user or world.hanbin_chair,
        campaign=camp,
        person=person or world.hanbin_person,
        student_name=name,
        student_id=student_id or child_id(),
        university="西北大学",
        amount=amount,
        upload=letter(),
    )


def site(
    world: World,
    camp: Campaign,
    *,
    user: User | None = None,
    org: Organization | None = None,
    workers: int = 40,
    amount: str = "2000",
    name: str = "一号工地",
) -> CoolingSite:
    user = user or world.hanbin_officer
    employer = factories.employer(org or world.hanbin_union)
    return site_record(
        user=user,
        campaign=camp,
        employer=employer,
        site=name,
        workers=workers,
        goods="绿豆汤、藿香正气水",
        amount=amount,
        visited_on=dt.date(YEAR, 7, 20),
    )


def fair(
    world: World,
    camp: Campaign,
    *,
    user: User | None = None,
    place: str = "汉滨区人才市场",
    positions: int = 300,
    placed: int = 120,
) -> JobFair:
    return fair_record(
        user=user or world.hanbin_officer,
        campaign=camp,
        held_on=dt.date(YEAR, 3, 10),
        place=place,
        employers=25,
        positions=positions,
        placed=placed,
    )


def warmth(world: World, *, org: Organization | None = None, name: str = "") -> Campaign:
    """A 冬送温暖 campaign (深度困难 1,000 元 and 米面油) with money raised from two sources."""
    org = org or world.city
    user = world.city_admin if org == world.city else world.hanbin_officer
    return campaign_create(
        user=user,
        kind="warmth",
        name=name or f"{YEAR}年{org.name}冬送温暖",
        year=YEAR,
        org=org,
        standards=[StandardData("deep", "深度困难", "1000", goods="米面油")],
        funds=[FundData("上级拨付", "200000"), FundData("社会捐赠", "5000.50")],
    )


def approved_list(
    world: World,
    camp: Campaign,
    org: Organization,
    people: list[Person],
    *,
    submitter: User,
    approver: User,
    amount: Any = None,
    reason: str = "",
) -> DistributionList:
    """A list of `org` with `people` at the standard (or `amount` with `reason`), submitted by
    `submitter` and approved by `approver`."""
    dlist = list_create(user=submitter, campaign=camp, org=org)
    for person in people:
        list_add(
            user=submitter,
            dlist=dlist,
            person=person,
            group="deep",
            amount=amount,
            override_reason=reason,
        )
    list_submit(user=submitter, dlist=dlist)
    return list_approve(user=approver, dlist=dlist)


def shiquan_activity_records(world: World) -> dict[str, str]:
    """石泉 records of 金秋助学, 夏送清凉 and 春送岗位 with marker texts (marker → description),
    for tests/relief/scope_samples.py: the scope walk looks for the markers everywhere."""
    camps = {k: campaign(world, k, org=world.shiquan) for k in ("schooling", "coolness", "jobs")}
    grant = apply(
        world,
        camps["schooling"],
        user=world.shiquan_officer,
        person=world.shiquan_person,
        student_id=child_id("610922"),
        name="石泉学生甲",
    )
    site(
        world,
        camps["coolness"],
        user=world.shiquan_officer,
        org=world.shiquan_union,
        name="石泉清凉点位甲",
    )
    fair(world, camps["jobs"], user=world.shiquan_officer, place="石泉招聘会场甲")
    return {
        grant.student_name: "石泉的金秋助学申报",
        "石泉清凉点位甲": "石泉的夏送清凉点位",
        "石泉招聘会场甲": "石泉的春送岗位招聘会",
    }
