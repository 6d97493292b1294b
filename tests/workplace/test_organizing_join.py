"""集中入会: each joiner is found or registered in the person registry and made a member of the
event's union, their 新就业形态 set; the event counts them. A row that cannot join (already a
member, a bad ID number, a repeat) is named and nothing is written."""

from __future__ import annotations

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog, Membership, MembershipStatus, Person
from gonghui.core.permissions import Denied
from gonghui.workplace.models import JoinEventMember
from gonghui.workplace.selectors_organizing import join_event_get
from gonghui.workplace.services_organizing import JoinerData, join_event_add
from tests import factories
from tests.kit import Unchanged
from tests.workplace.fixtures_organizing import DAY, event, frozen, joiner

pytestmark = pytest.mark.usefixtures("frozen")
__all__ = ["frozen"]


def test_joiners_are_registered_made_members_and_counted(world):
    rows = [joiner("骑手甲"), joiner("快递员乙", form="courier"), joiner("职工丙", form="")]
    e = event(world, rows)
    people = {m.person.name: m for m in JoinEventMember.objects.filter(event=e)}
    assert set(people) == {"骑手甲", "快递员乙", "职工丙"}
    rider = people["骑手甲"].person
    assert rider.new_employment_form == "rider" and rider.org == world.hanbin_union
    membership = Membership.objects.get(person=rider, status=MembershipStatus.ACTIVE)
    assert (membership.union, membership.joined_on) == (world.hanbin_union, DAY)
    counted = join_event_get(user=world.hanbin_officer, pk=e.pk)
    assert (counted.joined, counted.new_form) == (3, 2)
    for model in (
        "workplace.joinevent",
        "workplace.joineventmember",
        "core.person",
        "core.membership",
    ):
        assert AuditLog.objects.filter(
            action=AuditAction.CREATE, model=model, user=world.hanbin_officer
        ).exists(), model


def test_a_registered_non_member_joins_and_gets_the_new_employment_form(world):
    known = factories.person(world.hanbin_union, "王外卖", member=False)
    e = event(world, [JoinerData("王外卖", known.id_number, "", "rider")])
    known.refresh_from_db()
    assert known.new_employment_form == "rider"
    assert Person.objects.filter(name="王外卖").count() == 1
    assert JoinEventMember.objects.get(event=e).person == known


def test_an_active_member_of_the_union_is_refused_by_row_and_nothing_is_written(world):
    member = world.hanbin_person
    rows = [joiner("新人甲"), JoinerData(member.name, member.id_number, "", "courier")]
    state = Unchanged()
    with pytest.raises(DomainError) as refused:
        event(world, rows)
    message = refused.value.message
    assert f"第2行{member.name}" in message and "已是汉滨区第一中学工会的在册会员" in message
    assert "未登记任何人" in message
    assert not state.changes()


def test_a_member_of_another_union_is_told_to_transfer(world):
    other = factories.grassroots(world.hanbin, "汉滨区另一工会")
    someone = factories.person(other, "赵会员")
    with pytest.raises(DomainError, match=r"第1行赵会员.*已是汉滨区另一工会的在册会员，请办理转会"):
        event(world, [JoinerData("赵会员", someone.id_number)])


def test_bad_rows_are_all_named_at_once(world):
    good = joiner("好人")
    rows = [
        good,
        JoinerData("坏号码", "610902198503141234"),
        JoinerData("", factories.id_number()),
        JoinerData("重复", good.id_number),
        JoinerData("坏手机", factories.id_number(), "12345"),
    ]
    state = Unchanged()
    with pytest.raises(DomainError) as refused:
        event(world, rows)
    message = refused.value.message
    for part in (
        "第2行坏号码：身份证号码校验位错误",
        "第3行：姓名不能为空",
        "第4行重复：与第1行身份证号码重复",
        "第5行坏手机",
    ):
        assert part in message, part
    assert not state.changes()


def test_a_person_registered_elsewhere_is_refused_without_saying_where(world):
    theirs = world.shiquan_person
    theirs_id = theirs.id_number
    state = Unchanged()
    with pytest.raises(DomainError) as refused:
        event(world, [JoinerData(theirs.name, theirs_id)])
    assert "已在其他地区登记" in refused.value.message
    assert "石泉" not in refused.value.message
    assert not state.changes()


def test_a_name_that_differs_from_the_registry_is_refused(world):
    known = factories.person(world.hanbin_union, "钱真名", member=False)
    with pytest.raises(DomainError, match="姓名与档案中的“钱真名”不一致"):
        event(world, [JoinerData("钱假名", known.id_number)])


def test_more_joiners_are_added_to_the_event(world):
    e = event(world, [joiner("首批")])
    added = join_event_add(
        user=world.hanbin_officer, event=e, joiners=[joiner("追加甲"), joiner("追加乙", form="")]
    )
    assert len(added) == 2
    counted = join_event_get(user=world.hanbin_officer, pk=e.pk)
    assert (counted.joined, counted.new_form) == (3, 2)
    with pytest.raises(DomainError, match="请至少填写一名入会人员"):
        join_event_add(user=world.hanbin_officer, event=e, joiners=[])


def test_the_union_must_take_members_and_lie_in_the_organizers_area(world):
    with pytest.raises(DomainError, match="会员只能加入基层工会或工会联合会"):
        event(world, [joiner()], union=world.hanbin)
    with pytest.raises(Denied):
        event(world, [joiner()], user=world.shiquan_officer)
    with pytest.raises(Denied):
        event(world, [joiner()], user=world.hanbin_chair)
