"""夏送清凉 sites and 春送岗位 job fairs: recorded under a campaign of their kind, inside its year,
by the unions the campaign covers; every refusal in Chinese with nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.permissions import Denied
from gonghui.relief.services_activities import fair_record, site_record
from tests import factories
from tests.kit import Unchanged
from tests.relief.fixtures_activities import YEAR, campaign, fair, frozen, site

pytestmark = pytest.mark.usefixtures("frozen")
__all__ = ["frozen"]


def test_a_site_is_recorded_for_an_employer_of_ones_subtree(world):
    camp = campaign(world, "coolness")
    s = site(world, camp, user=world.hanbin_chair)
    assert (s.org, s.workers, s.amount) == (world.hanbin_union, 40, Decimal("2000.00"))
    assert AuditLog.objects.filter(
        action=AuditAction.CREATE, model="relief.coolingsite", user=world.hanbin_chair
    ).exists()


def test_a_city_officer_recording_under_a_county_campaign_files_it_to_the_county(world):
    camp = campaign(world, "coolness", org=world.hanbin)
    s = site(world, camp, user=world.city_admin)
    assert s.org == world.hanbin


def test_shiquan_cannot_record_a_site_at_a_hanbin_employer(world):
    camp = campaign(world, "coolness")
    with pytest.raises(Denied):
        site(world, camp, user=world.shiquan_officer)


def test_a_county_campaign_is_not_open_to_another_county(world):
    camp = campaign(world, "coolness", org=world.hanbin)
    employer = factories.employer(world.shiquan_union)
    state = Unchanged()
    with pytest.raises(DomainError, match="不在您的管辖范围内"):
        site_record(
            user=world.shiquan_officer,
            campaign=camp,
            employer=employer,
            site="工地",
            workers=3,
            amount="10",
            visited_on=dt.date(YEAR, 7, 1),
        )
    assert not state.changes()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"site": ""}, "请填写慰问点位"),
        ({"workers": 0}, "高温一线职工人数不能小于1"),
        ({"workers": "许多"}, "高温一线职工人数“许多”不是整数"),
        ({"goods": "", "amount": "0"}, "请填写慰问物资或慰问金额"),
        ({"amount": "-5"}, "慰问金额不能为负数"),
        ({"visited_on": dt.date(YEAR - 1, 7, 1)}, r"不在活动“.*”的年度（2026年）内"),
        ({"visited_on": dt.date(YEAR, 9, 16)}, "慰问日期2026-09-16晚于今天"),
    ],
)
def test_bad_site_input_is_refused(world, changes, message):
    camp = campaign(world, "coolness")
    data = {
        "user": world.hanbin_officer,
        "campaign": camp,
        "employer": factories.employer(world.hanbin_union),
        "site": "一号工地",
        "workers": 10,
        "goods": "绿豆汤",
        "amount": "100",
        "visited_on": dt.date(YEAR, 7, 1),
        **changes,
    }
    state = Unchanged()
    with pytest.raises(DomainError, match=message):
        site_record(**data)
    assert not state.changes()


def test_a_site_needs_a_cooling_campaign(world):
    with pytest.raises(DomainError, match="是春送岗位活动，不能登记夏送清凉"):
        site(world, campaign(world, "jobs"))


def test_a_fair_is_recorded_and_its_figures_kept(world):
    f = fair(world, campaign(world, "jobs"), user=world.hanbin_chair)
    assert (f.org, f.positions, f.placed) == (world.hanbin_union, 300, 120)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"place": " "}, "请填写地点"),
        ({"employers": 0}, "参会企业数不能小于1"),
        ({"positions": 10, "placed": 11}, "达成就业意向人数11超过提供岗位数10"),
        ({"held_on": dt.date(YEAR + 1, 1, 1)}, "晚于今天"),
    ],
)
def test_bad_fair_input_is_refused(world, changes, message):
    camp = campaign(world, "jobs")
    data = {
        "user": world.hanbin_officer,
        "campaign": camp,
        "held_on": dt.date(YEAR, 3, 1),
        "place": "人才市场",
        "employers": 5,
        "positions": 50,
        "placed": 20,
        **changes,
    }
    state = Unchanged()
    with pytest.raises(DomainError, match=message):
        fair_record(**data)
    assert not state.changes()


def test_a_fair_needs_a_jobs_campaign_and_roles_that_write(world):
    with pytest.raises(DomainError, match="是金秋助学活动"):
        fair(world, campaign(world, "schooling"))
    with pytest.raises(Denied):
        fair(world, campaign(world, "jobs"), user=world.auditor)
