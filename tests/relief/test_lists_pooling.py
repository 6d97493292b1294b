"""报送汇总: a person is pooled once per campaign city-wide; duplicates across counties are
shown and resolved before approval; approval by a second user; 退回 un-pools."""

from __future__ import annotations

import pytest

from gonghui.core.errors import DomainError
from gonghui.relief.models import Distribution, ListStatus
from gonghui.relief.models.campaigns import DuplicateResolution
from gonghui.relief.services_lists import (
    duplicate_resolve,
    list_add,
    list_approve,
    list_create,
    list_return,
    list_submit,
)
from tests.relief.fixtures_campaigns import (
    add,
    approved,
    county_list,
    person_in,
    submitted,
    warmth,
)


def two_county_lists(world):
    """汉滨 and the city's own list both hold 张伟 (the city may list anyone in the city)."""
    campaign = warmth(world)
    hanbin = county_list(world, campaign)
    add(world, hanbin, world.hanbin_person)
    add(world, hanbin, person_in(world.hanbin_union, "王芳"))
    city = list_create(
        user=world.city_admin, campaign=campaign, org=world.city, budget_line=hanbin.budget_line
    )
    list_add(user=world.city_admin, dlist=city, person=world.hanbin_person, group="relative")
    return hanbin, city


def test_submit_pools_the_lists_people(world):
    campaign = warmth(world)
    dlist = county_list(world, campaign)
    add(world, dlist, world.hanbin_person)
    submitted(world, dlist)
    dlist.refresh_from_db()
    assert dlist.status == ListStatus.SUBMITTED
    assert dlist.submitted_by == world.hanbin_officer
    assert list(dlist.items.values_list("pooled", flat=True)) == [True]


def test_an_empty_list_cannot_be_submitted(world):
    dlist = county_list(world, warmth(world))
    with pytest.raises(DomainError, match="名单中还没有人员"):
        submitted(world, dlist)


def test_a_person_pooled_by_another_list_is_refused_naming_the_other_organization(world):
    hanbin, city = two_county_lists(world)
    list_submit(user=world.city_admin, dlist=city)
    with pytest.raises(DomainError, match=r"张伟（已在安康市总工会的名单中）"):
        submitted(world, hanbin)
    hanbin.refresh_from_db()
    assert hanbin.status == ListStatus.DRAFT
    assert not hanbin.items.filter(pooled=True).exists()


def test_the_constraint_backstop_gives_the_same_chinese_refusal(world, monkeypatch):
    """Even when the check before the update misses the other list (two submits racing), the
    partial unique constraint refuses and the refusal is the same."""
    from gonghui.relief import services_lists

    hanbin, city = two_county_lists(world)
    list_submit(user=world.city_admin, dlist=city)
    real = services_lists._others
    calls = []

    def blind(dlist, person_ids, *, pooled):
        calls.append(1)
        return [] if len(calls) == 1 else real(dlist, person_ids, pooled=pooled)

    monkeypatch.setattr(services_lists, "_others", blind)
    with pytest.raises(DomainError, match="张伟（已在安康市总工会的名单中）"):
        submitted(world, hanbin)
    assert not hanbin.items.filter(pooled=True).exists()


def test_approval_needs_another_user_than_the_submitter(world):
    dlist = county_list(world, warmth(world))
    add(world, dlist, world.hanbin_person)
    list_submit(user=world.city_admin, dlist=dlist)
    with pytest.raises(DomainError, match="审批人须不同于报送人"):
        list_approve(user=world.city_admin, dlist=dlist)
    list_approve(user=world.hanbin_officer, dlist=dlist)
    dlist.refresh_from_db()
    assert (dlist.status, dlist.approved_by) == (ListStatus.APPROVED, world.hanbin_officer)


def test_approval_is_refused_while_a_person_is_on_another_list_even_a_draft(world):
    hanbin, _city = two_county_lists(world)
    submitted(world, hanbin)  # the city's list is still a draft
    with pytest.raises(DomainError, match="张伟（已在安康市总工会的名单中）"):
        list_approve(user=world.city_admin, dlist=hanbin)
    hanbin.refresh_from_db()
    assert hanbin.status == ListStatus.SUBMITTED


def test_resolving_a_duplicate_removes_one_item_and_records_who_and_why(world):
    hanbin, city = two_county_lists(world)
    submitted(world, hanbin)
    city_item = city.items.get()
    resolution = duplicate_resolve(user=world.city_admin, item=city_item, note="由汉滨区慰问")
    assert not Distribution.objects.filter(pk=city_item.pk).exists()
    assert (
        resolution.person,
        resolution.kept_list,
        resolution.removed_list,
        resolution.by,
        resolution.note,
    ) == (world.hanbin_person, hanbin, city, world.city_admin, "由汉滨区慰问")
    list_approve(user=world.city_admin, dlist=hanbin)  # no duplicate left


def test_a_resolution_needs_a_note_and_a_real_duplicate(world):
    hanbin, city = two_county_lists(world)
    item = city.items.get()
    with pytest.raises(DomainError, match="请填写处理说明"):
        duplicate_resolve(user=world.city_admin, item=item, note=" ")
    lone = hanbin.items.get(person__name="王芳")
    with pytest.raises(DomainError, match="王芳不在本活动的其他名单中"):
        duplicate_resolve(user=world.city_admin, item=lone, note="误操作")
    assert not DuplicateResolution.objects.exists()
    assert Distribution.objects.count() == 3


def test_return_needs_a_reason_and_unpools_so_another_list_can_take_the_person(world):
    hanbin, city = two_county_lists(world)
    submitted(world, hanbin)
    with pytest.raises(DomainError, match="请填写退回原因"):
        list_return(user=world.city_admin, dlist=hanbin, reason="")
    list_return(user=world.city_admin, dlist=hanbin, reason="张伟由市总直接慰问")
    hanbin.refresh_from_db()
    assert (hanbin.status, hanbin.returned_reason) == (ListStatus.RETURNED, "张伟由市总直接慰问")
    assert not hanbin.items.filter(pooled=True).exists()
    list_submit(user=world.city_admin, dlist=city)  # now accepted
    assert city.items.get().pooled


def test_a_returned_list_can_be_changed_and_submitted_again(world):
    dlist = county_list(world, warmth(world))
    add(world, dlist, world.hanbin_person)
    approved(world, dlist)
    list_return(user=world.city_admin, dlist=dlist, reason="补充人员")
    add(world, dlist, person_in(world.hanbin_union, "王芳"))
    submitted(world, dlist)
    dlist.refresh_from_db()
    assert dlist.status == ListStatus.SUBMITTED
    assert dlist.items.filter(pooled=True).count() == 2
