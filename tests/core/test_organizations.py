"""The organization tree: materialized paths, rename and move with history, subtree queries."""

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.middleware import acting_as
from gonghui.core.models import AuditAction, AuditLog, Organization, OrgKind
from gonghui.core.services import organization_create, organization_move, organization_rename
from tests import factories


def group(parent, name):
    return organization_create(name=name, kind=OrgKind.GROUP, parent=parent)


def test_created_union_gets_its_parents_path_plus_its_own_id(world):
    union = world.hanbin_union
    assert union.path == f"{world.hanbin.path}{union.pk:08d}/"
    assert union.depth == 2
    assert Organization.objects.get(pk=union.pk).path == union.path


def test_subtree_is_the_node_and_all_its_descendants_only(world):
    team = group(world.hanbin_union, "一中教工小组")
    subtree = set(world.hanbin.subtree())
    assert subtree == {world.hanbin, world.hanbin_union, team}
    assert world.shiquan_union not in subtree
    assert team.is_within(world.hanbin) and not team.is_within(world.shiquan)
    assert list(team.ancestors()) == [world.city, world.hanbin, world.hanbin_union, team]


def test_only_the_city_federation_may_have_no_parent(db):
    with pytest.raises(DomainError, match="只有市总工会可以没有上级组织"):
        organization_create(name="孤立工会", kind=OrgKind.GRASSROOTS, parent=None)


def test_same_name_twice_under_one_parent_is_refused(world):
    with pytest.raises(DomainError, match="已有同名组织“汉滨区第一中学工会”"):
        factories.grassroots(world.hanbin, "汉滨区第一中学工会")


def test_rename_keeps_the_old_name_in_the_audit_log(world):
    with acting_as(world.hanbin_officer):
        organization_rename(org=world.hanbin_union, name="汉滨区第一中学教职工工会")
    entry = AuditLog.objects.filter(model="core.organization", action=AuditAction.UPDATE).latest(
        "pk"
    )
    assert entry.before["name"] == "汉滨区第一中学工会"
    assert entry.after["name"] == "汉滨区第一中学教职工工会"
    assert entry.user == world.hanbin_officer


def test_move_rewrites_the_paths_of_the_whole_subtree(world):
    team = group(world.hanbin_union, "一中教工小组")
    with acting_as(world.city_admin):
        moved = organization_move(org=world.hanbin_union, new_parent=world.shiquan)
    team.refresh_from_db()
    assert moved.path == f"{world.shiquan.path}{moved.pk:08d}/"
    assert team.path == f"{moved.path}{team.pk:08d}/"
    assert (moved.depth, team.depth) == (2, 3)
    assert set(world.shiquan.subtree()) >= {moved, team}
    assert team not in set(world.hanbin.subtree())


def test_move_is_recorded_with_old_and_new_parent(world):
    with acting_as(world.city_admin):
        organization_move(org=world.hanbin_union, new_parent=world.shiquan)
    entry = AuditLog.objects.get(action=AuditAction.MOVE)
    assert entry.before["parent"] == "汉滨区总工会"
    assert entry.after["parent"] == "石泉县总工会"
    assert entry.user == world.city_admin
    assert "由“汉滨区总工会”迁移至“石泉县总工会”" in entry.note


def test_moving_under_own_descendant_is_refused(world):
    team = group(world.hanbin_union, "一中教工小组")
    with pytest.raises(DomainError, match="不能把组织移动到它自己或它的下级组织之下"):
        organization_move(org=world.hanbin_union, new_parent=team)
    with pytest.raises(DomainError):
        organization_move(org=world.hanbin_union, new_parent=world.hanbin_union)
    assert Organization.objects.get(pk=team.pk).path.startswith(world.hanbin.path)


def test_moving_next_to_a_same_named_union_is_refused_in_chinese(world):
    factories.grassroots(world.shiquan, "汉滨区第一中学工会")
    with pytest.raises(DomainError, match="同名"):
        organization_move(org=world.hanbin_union, new_parent=world.shiquan)
    assert Organization.objects.get(pk=world.hanbin_union.pk).parent == world.hanbin


def test_the_city_federation_cannot_be_moved(world):
    with pytest.raises(DomainError, match="市总工会不能移动"):
        organization_move(org=world.city, new_parent=world.hanbin)


def test_persons_follow_their_union_when_it_moves(world):
    organization_move(org=world.hanbin_union, new_parent=world.shiquan)
    from gonghui.core.selectors import person_list

    assert world.hanbin_person in person_list(user=world.shiquan_officer)
    assert world.hanbin_person not in person_list(user=world.hanbin_officer)
