"""发放名单: create, generate from the ledger, add and remove people; each refusal in Chinese,
naming the person or field, and nothing written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditLog
from gonghui.core.permissions import Denied
from gonghui.relief.models import Distribution, DistributionList
from gonghui.relief.services_lists import (
    list_add,
    list_create,
    list_generate_from_ledger,
    list_remove_item,
)
from tests.relief.fixtures_campaigns import (
    BUDGET,
    add,
    county_list,
    filed_case,
    person_in,
    submitted,
    warmth,
)


def test_a_county_creates_a_draft_list_on_a_budget_line_of_the_city_campaign(world):
    campaign = warmth(world)
    dlist = county_list(world, campaign)
    assert (dlist.org, dlist.status, dlist.budget_line) == (world.hanbin, "draft", BUDGET)


def test_a_list_needs_a_budget_line_of_the_campaign(world):
    campaign = warmth(world)
    with pytest.raises(DomainError, match="请选择预算科目"):
        list_create(user=world.hanbin_officer, campaign=campaign, org=world.hanbin)
    with pytest.raises(DomainError, match="没有预算科目“办公费”"):
        list_create(
            user=world.hanbin_officer, campaign=campaign, org=world.hanbin, budget_line="办公费"
        )
    assert not DistributionList.objects.exists()


def test_a_county_cannot_make_a_list_for_another_county(world):
    campaign = warmth(world)
    with pytest.raises(Denied):
        list_create(
            user=world.hanbin_officer, campaign=campaign, org=world.shiquan, budget_line=BUDGET
        )


def test_a_county_campaign_takes_no_list_from_another_county(world):
    campaign = warmth(world, org=world.shiquan, name="石泉冬送温暖")
    with pytest.raises(DomainError, match="不在“石泉冬送温暖”的主办工会"):
        list_create(user=world.city_admin, campaign=campaign, org=world.hanbin, budget_line=BUDGET)


def test_generate_from_ledger_takes_the_filed_cases_of_the_subtree_at_their_standard(world):
    campaign = warmth(world)
    deep = filed_case(person_in(world.hanbin_union, "赵一"), "deep")
    relative = filed_case(person_in(world.hanbin_union, "钱二"), "relative")
    filed_case(person_in(world.hanbin_union, "孙三"), "accident")  # group not chosen
    filed_case(person_in(world.shiquan_union, "李四"), "deep")  # another county
    applied = filed_case(person_in(world.hanbin_union, "周五"), "deep")
    applied.status = "applied"
    applied.save()
    dlist = county_list(world, campaign)

    added, skipped = list_generate_from_ledger(
        user=world.hanbin_officer, dlist=dlist, groups=["deep", "relative"]
    )

    assert (added, skipped) == (2, 0)
    items = {i.person.name: i for i in dlist.items.all()}
    assert set(items) == {"赵一", "钱二"}
    assert (items["赵一"].amount, items["赵一"].goods, items["赵一"].case) == (
        Decimal("1000.00"),
        "米面油",
        deep,
    )
    assert (items["钱二"].group, items["钱二"].amount, items["钱二"].case) == (
        "relative",
        Decimal("500.00"),
        relative,
    )
    # Again: nobody is added twice.
    assert list_generate_from_ledger(user=world.hanbin_officer, dlist=dlist, groups=["deep"]) == (
        0,
        1,
    )
    assert dlist.items.count() == 2
    assert AuditLog.objects.filter(note__contains="从困难职工台账生成2人").exists()


def test_generate_refuses_a_group_without_a_standard(world):
    campaign = warmth(world)
    filed_case(person_in(world.hanbin_union, "赵一"), "deep")
    dlist = county_list(world, campaign)
    with pytest.raises(DomainError, match="对象类别“低保户”没有慰问标准"):
        list_generate_from_ledger(user=world.hanbin_officer, dlist=dlist, groups=["deep", "低保户"])
    assert not Distribution.objects.exists()


def test_add_uses_the_standard_and_links_the_filed_case(world):
    campaign = warmth(world)
    person = person_in(world.hanbin_union)
    case = filed_case(person, "relative")
    item = add(world, county_list(world, campaign), person, "相对困难")
    assert (item.group, item.standard_amount, item.amount, item.case) == (
        "relative",
        Decimal("500.00"),
        Decimal("500.00"),
        case,
    )


def test_an_amount_above_the_standard_needs_a_reason(world):
    campaign = warmth(world)
    dlist = county_list(world, campaign)
    person = person_in(world.hanbin_union, "王芳")
    with pytest.raises(
        DomainError, match=r"金额1,200\.00 元高于“深度困难”的标准1,000\.00 元，须填写调整原因"
    ):
        add(world, dlist, person, "deep", amount="1200")
    assert not dlist.items.exists()
    item = add(world, dlist, person, "deep", amount="1200", override_reason="家属新发重病")
    assert (item.amount, item.override_reason) == (Decimal("1200.00"), "家属新发重病")


def test_an_amount_below_the_standard_needs_no_reason(world):
    item = add(
        world,
        county_list(world, warmth(world)),
        person_in(world.hanbin_union),
        "deep",
        amount="800",
    )
    assert item.amount == Decimal("800.00")


def test_a_person_outside_the_lists_organization_is_refused_by_name(world):
    campaign = warmth(world)
    dlist = county_list(world, campaign)
    with pytest.raises(DomainError, match="李娜不在汉滨区总工会的管辖范围内"):
        list_add(user=world.city_admin, dlist=dlist, person=world.shiquan_person, group="deep")
    assert not dlist.items.exists()


def test_the_same_person_twice_on_one_list_is_refused(world):
    dlist = county_list(world, warmth(world))
    add(world, dlist, world.hanbin_person)
    with pytest.raises(DomainError, match="张伟已在本名单中"):
        add(world, dlist, world.hanbin_person, "relative")
    assert dlist.items.count() == 1


def test_a_group_without_a_standard_is_refused(world):
    dlist = county_list(world, warmth(world))
    with pytest.raises(DomainError, match="对象类别“低保户”没有慰问标准"):
        add(world, dlist, world.hanbin_person, "低保户")
    assert not dlist.items.exists()


def test_remove_takes_a_person_off_a_draft_list_only(world):
    dlist = county_list(world, warmth(world))
    item = add(world, dlist, world.hanbin_person)
    other = add(world, dlist, person_in(world.hanbin_union, "王芳"))
    list_remove_item(user=world.hanbin_officer, item=item)
    assert list(dlist.items.values_list("person__name", flat=True)) == ["王芳"]
    submitted(world, dlist)
    with pytest.raises(DomainError, match="名单已报送，不能再修改"):
        list_remove_item(user=world.hanbin_officer, item=other)
    with pytest.raises(DomainError, match="名单已报送，不能再修改"):
        add(world, dlist, person_in(world.hanbin_union, "赵六"))
    assert dlist.items.count() == 1


def test_a_grassroots_chair_lists_their_own_union_only(world):
    campaign = warmth(world)
    dlist = list_create(
        user=world.hanbin_chair, campaign=campaign, org=world.hanbin_union, budget_line=BUDGET
    )
    list_add(user=world.hanbin_chair, dlist=dlist, person=world.hanbin_person, group="deep")
    county = county_list(world, campaign)
    with pytest.raises(Denied):
        list_add(user=world.hanbin_chair, dlist=county, person=world.hanbin_person, group="deep")
