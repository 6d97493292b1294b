"""Builders for the 维权 tests (mediation cases, safety inspections, consultations), made through
the services as an officer of the record's county would. Plain functions, so each test says what
it builds; `media` (uploads in a temporary folder) and `frozen` (the clock at NOW) are the
fixtures, imported by name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core import clock
from gonghui.core.models import Employer, Organization, User
from gonghui.workplace.models import Consultation, Hazard, Inspection, Mediation
from gonghui.workplace.services_rights import (
    consultation_log,
    hazard_close,
    inspection_record,
    mediation_intake,
)
from tests import factories
from tests.conftest import World

YEAR = 2026
# 2026-06-30 10:00 in 安康, a Tuesday after the 端午 holiday (2026-06-19).
NOW = dt.datetime(2026, 6, 30, 2, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 30)
# An inspection on this Wednesday is due 10 working days later: 2026-06-25 (端午 skipped).
INSPECTED = dt.date(2026, 6, 10)
DUE = dt.date(2026, 6, 25)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def frozen() -> Iterator[None]:
    """The clock at NOW."""
    with time_machine.travel(NOW, tick=False):
        yield


def photo(name: str = "整改后.png", content: bytes = PNG) -> SimpleUploadedFile:
    kind = "application/pdf" if name.endswith(".pdf") else "image/png"
    return SimpleUploadedFile(name, content, content_type=kind)


def county_of(world: World, org: Organization) -> Organization:
    """The county a grassroots union lies in (the union that records 维权 for it)."""
    return world.shiquan if org.path.startswith(world.shiquan.path) else world.hanbin


def officer_for(world: World, org: Organization) -> User:
    return (
        world.shiquan_officer if org.path.startswith(world.shiquan.path) else world.hanbin_officer
    )


def mediation(
    world: World,
    *,
    org: Organization | None = None,
    applicant: str = "王强",
    employer: Employer | None = None,
    respondent: str = "",
    bodies: Sequence[str] = ("court", "hrss"),
    amount: str = "36000",
    summary: str = "拖欠三个月工资",
    received_on: dt.date | None = None,
) -> Mediation:
    """A case taken in by the county of `org` (汉滨's union by default)."""
    org = org or world.hanbin_union
    county = county_of(world, org)
    return mediation_intake(
        user=officer_for(world, org),
        org=county,
        applicant=applicant,
        employer=employer,
        respondent=respondent or ("" if employer else "安康某建筑公司"),
        dispute="wage_arrears",
        bodies=bodies,
        applicants=3,
        amount_claimed=amount,
        received_on=received_on,
        summary=summary,
    )


def inspection(
    world: World,
    *,
    org: Organization | None = None,
    employer: Employer | None = None,
    hazards: Sequence[Any] = ("消防通道堵塞", "配电箱未上锁"),
    inspected_on: dt.date | None = None,
    inspectors: str = "李明、赵刚",
) -> Inspection:
    """An inspection by the county of `org` of an employer of `org` (a new one by default)."""
    org = org or world.hanbin_union
    return inspection_record(
        user=officer_for(world, org),
        org=county_of(world, org),
        employer=employer or factories.employer(org),
        inspected_on=inspected_on or clock.today(),
        inspectors=inspectors,
        hazards=list(hazards),
    )


def consultation(
    world: World,
    *,
    org: Organization | None = None,
    user: User | None = None,
    question: str = "公司不签劳动合同怎么办",
    channel: str = "phone",
    topic: str = "contract",
    consulted_on: dt.date | None = None,
) -> Consultation:
    org = org or world.hanbin
    return consultation_log(
        user=user or officer_for(world, org),
        org=org,
        consulted_on=consulted_on,
        channel=channel,
        topic=topic,
        asker="刘女士",
        question=question,
        answer="可要求签订书面劳动合同，并主张二倍工资",
    )


def shiquan_rights_records(world: World) -> dict[str, str]:
    """石泉 mediation cases, inspections (a hazard closed with evidence) and consultations with
    marker texts (marker → description): the scope walk looks for the markers everywhere."""
    union = world.shiquan_union
    case = mediation(
        world,
        org=union,
        applicant="石泉调解申请人甲",
        respondent="石泉被申请单位甲",
        summary="石泉调解案情甲",
    )
    employer = factories.employer(union, "石泉受检企业甲")
    found = inspection(world, org=union, employer=employer, hazards=["石泉隐患甲", "石泉隐患乙"])
    hazard = Hazard.objects.filter(inspection=found).order_by("id").first()
    assert hazard is not None
    hazard_close(
        user=world.shiquan_officer,
        hazard=hazard,
        fixed_on=found.inspected_on,
        evidence=[photo("石泉整改佐证甲.png")],
    )
    consultation(world, org=world.shiquan, question="石泉法律咨询甲")
    return {
        case.applicant: "石泉的调解案件（申请人）",
        "石泉被申请单位甲": "石泉的调解案件（被申请人）",
        "石泉受检企业甲": "石泉的安全检查（被检查单位）",
        "石泉隐患甲": "石泉的安全隐患",
        "石泉整改佐证甲.png": "石泉的整改佐证",
        "石泉法律咨询甲": "石泉的法律咨询",
    }
