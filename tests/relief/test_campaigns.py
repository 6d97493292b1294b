"""新建四送活动: standards, funds and budget lines in one write; bad input refused in Chinese."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.permissions import Denied
from gonghui.relief.models import Campaign, CampaignStandard
from gonghui.relief.services_campaigns import (
    BudgetData,
    FundData,
    StandardData,
    campaign_create,
)

STANDARDS = [
    StandardData("deep", "深度困难", "1000", goods="米面油"),
    StandardData("relative", "相对困难", "500"),
]


def test_an_officer_creates_a_campaign_with_standards_funds_and_budgets(world):
    campaign = campaign_create(
        user=world.hanbin_officer,
        kind="warmth",
        name="2025年冬送温暖",
        year=2025,
        org=world.hanbin,
        standards=STANDARDS,
        funds=[FundData("上级拨付", "200000"), FundData("社会捐赠", "5,000.50")],
        budgets=[BudgetData("两节送温暖", "150000")],
    )
    assert campaign.created_by == world.hanbin_officer
    assert {(s.group, s.label, s.amount, s.goods) for s in campaign.standards.all()} == {
        ("deep", "深度困难", Decimal("1000.00"), "米面油"),
        ("relative", "相对困难", Decimal("500.00"), ""),
    }
    assert [(f.source, f.amount, f.org) for f in campaign.funds.all()] == [
        ("上级拨付", Decimal("200000.00"), world.hanbin),
        ("社会捐赠", Decimal("5000.50"), world.hanbin),
    ]
    assert [(b.line, b.amount) for b in campaign.budgets.all()] == [
        ("两节送温暖", Decimal("150000.00"))
    ]


@pytest.mark.parametrize(
    ("standards", "message"),
    [
        ([], "请至少填写一条慰问标准"),
        ([StandardData("deep", "深度困难", "abc")], "第1条慰问标准的慰问金标准“abc”不是有效的金额"),
        (
            [StandardData("deep", "深度困难", "1"), StandardData("deep", "深度", "2")],
            "第2条慰问标准：对象类别“深度”重复",
        ),
        ([StandardData("", "x", "1")], "第1条慰问标准：请填写对象类别"),
    ],
)
def test_bad_standards_are_refused_and_nothing_is_written(world, standards, message):
    with pytest.raises(DomainError, match=message):
        campaign_create(
            user=world.city_admin,
            kind="warmth",
            name="冬送温暖",
            year=2025,
            org=world.city,
            standards=standards,
        )
    assert not Campaign.objects.exists()
    assert not CampaignStandard.objects.exists()


def test_a_bad_fund_refuses_the_whole_campaign(world):
    with pytest.raises(DomainError, match="第2项筹集资金：金额必须大于0"):
        campaign_create(
            user=world.city_admin,
            kind="warmth",
            name="冬送温暖",
            year=2025,
            org=world.city,
            standards=STANDARDS,
            funds=[FundData("上级拨付", "10"), FundData("社会捐赠", "0")],
        )
    assert not Campaign.objects.exists()


def test_the_same_name_twice_in_a_year_is_refused(world):
    kwargs = dict(kind="warmth", name="冬送温暖", year=2025, org=world.city, standards=STANDARDS)
    campaign_create(user=world.city_admin, **kwargs)
    with pytest.raises(DomainError, match="已有名为“冬送温暖”的活动"):
        campaign_create(user=world.city_admin, **kwargs)
    assert Campaign.objects.count() == 1


def test_a_grassroots_chair_or_another_county_cannot_create_one(world):
    with pytest.raises(Denied):
        campaign_create(
            user=world.hanbin_chair,
            kind="warmth",
            name="冬送温暖",
            year=2025,
            org=world.hanbin_union,
            standards=STANDARDS,
        )
    with pytest.raises(Denied):
        campaign_create(
            user=world.shiquan_officer,
            kind="warmth",
            name="冬送温暖",
            year=2025,
            org=world.hanbin,
            standards=STANDARDS,
        )
    assert not Campaign.objects.exists()


def test_a_closed_campaign_takes_no_lists_until_reopened(world):
    from gonghui.relief.services_campaigns import campaign_set_status
    from gonghui.relief.services_lists import list_add, list_create

    campaign = campaign_create(
        user=world.city_admin,
        kind="warmth",
        name="冬送温暖",
        year=2025,
        org=world.city,
        standards=STANDARDS,
    )
    dlist = list_create(user=world.hanbin_officer, campaign=campaign, org=world.hanbin)
    campaign_set_status(user=world.city_admin, campaign=campaign, status="closed")
    with pytest.raises(DomainError, match="“冬送温暖”已结束，不能再报送名单"):
        list_create(user=world.hanbin_officer, campaign=campaign, org=world.hanbin)
    with pytest.raises(DomainError, match="“冬送温暖”已结束，不能再修改名单"):
        list_add(user=world.hanbin_officer, dlist=dlist, person=world.hanbin_person, group="deep")
    with pytest.raises(Denied):  # a county cannot reopen the city's campaign
        campaign_set_status(user=world.hanbin_officer, campaign=campaign, status="open")
    campaign_set_status(user=world.city_admin, campaign=campaign, status="open")
    list_add(user=world.hanbin_officer, dlist=dlist, person=world.hanbin_person, group="deep")
    assert dlist.items.count() == 1
