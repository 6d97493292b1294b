"""The three squads suggested for a need: most members skilled in the need's field first, then
squads serving the field, then the lightest open load, then the highest 劳模 level — only
active squads with members in the assigner's subtree, each with its reason."""

from __future__ import annotations

import pytest

from gonghui.workplace import services_service as services
from gonghui.workplace.selectors_service import suggest_squads
from tests.workplace.fixtures_service import (
    NATION_HONOR,
    PROVINCE_HONOR,
    advance,
    enterprise,
    file_need,
    frozen,
    model_worker,
    squad,
)

pytestmark = pytest.mark.usefixtures("frozen")
__all__ = ["enterprise", "frozen"]


def _workers(world, n, honor="安康市劳动模范", org=None):
    return [
        model_worker(world, org or world.hanbin_union, f"劳模{name}", honor)
        for name in "甲乙丙丁戊己庚辛壬癸"[:n]
    ]


def test_suggestions_rank_by_skill_match_then_field_then_open_load(world, enterprise):
    w = _workers(world, 8)
    skilled = ["machinery"]
    a = squad(world, name="甲队", fields=["machinery"], members=[(w[0], skilled), (w[1], skilled)])
    b = squad(world, name="乙队", fields=["it"], members=[(w[2], skilled), (w[3], skilled)])
    c = squad(world, name="丙队", fields=["machinery"], members=[(w[4], skilled), (w[5], skilled)])
    squad(world, name="丁队", fields=["machinery"], members=[(w[6], skilled), (w[7], ["it"])])
    # 丙队 holds an open need (load 1); 甲队's served need is not open (load 0).
    services.need_assign(user=world.city_admin, need=file_need(world, enterprise), squad=c)
    advance(world, file_need(world, enterprise), "done", squad_=a)
    need = file_need(world, enterprise, field="machinery")
    found = suggest_squads(need, world.city_admin)
    assert [s.squad.name for s in found] == ["甲队", "丙队", "乙队"]
    assert [s.reason for s in found] == [
        "2名成员专长为机械制造（最高为市级劳模）；服务领域含机械制造；在办点单0件",
        "2名成员专长为机械制造（最高为市级劳模）；服务领域含机械制造；在办点单1件",
        "2名成员专长为机械制造（最高为市级劳模）；服务领域不含机械制造；在办点单0件",
    ]
    assert b in [s.squad for s in found]


def test_a_squad_serving_the_field_without_skilled_members_comes_after_skilled_ones(
    world, enterprise
):
    w = _workers(world, 2)
    squad(world, name="领域对口队", fields=["safety"], members=[(w[0], ["it"])])
    squad(world, name="专长对口队", fields=["it"], members=[(w[1], ["safety"])])
    need = file_need(world, enterprise, field="safety")
    found = suggest_squads(need, world.city_admin)
    assert [s.squad.name for s in found] == ["专长对口队", "领域对口队"]
    assert found[1].reason == "成员中无安全生产专长；服务领域含安全生产；在办点单0件"


def test_at_equal_match_and_load_the_higher_honor_comes_first(world, enterprise):
    (city,) = _workers(world, 1)
    nation = model_worker(world, world.hanbin_union, "全国劳模", NATION_HONOR)
    province = model_worker(world, world.hanbin_union, "省劳模", PROVINCE_HONOR)
    squad(world, name="市级队", members=[(city, ["machinery"])])
    squad(world, name="国家级队", members=[(nation, ["machinery"])])
    squad(world, name="省级队", members=[(province, ["machinery"])])
    found = suggest_squads(file_need(world, enterprise), world.city_admin)
    assert [s.squad.name for s in found] == ["国家级队", "省级队", "市级队"]
    assert "（最高为国家级劳模）" in found[0].reason


def test_only_active_squads_with_members_in_the_users_subtree_are_suggested(world, enterprise):
    w = _workers(world, 3)
    far = model_worker(world, world.shiquan_union, "石泉劳模")
    squad(world, world.hanbin, name="汉滨队", members=[(w[0], ["it"])])
    resting = squad(world, name="休整队", members=[(w[1], ["machinery"])])
    services.squad_edit(
        user=world.city_admin, squad=resting, name="休整队", fields=["machinery"], is_active=False
    )
    squad(world, name="空队", fields=["machinery"])
    squad(world, world.shiquan, name="石泉队", members=[(far, ["machinery"])])
    need = file_need(world, enterprise)
    assert [s.squad.name for s in suggest_squads(need, world.city_admin)] == ["石泉队", "汉滨队"]
    assert [s.squad.name for s in suggest_squads(need, world.hanbin_officer)] == ["汉滨队"]


def test_no_more_than_three_and_a_squad_that_declined_says_so(world, enterprise):
    w = _workers(world, 5)
    squads = [
        squad(world, name=f"{n}队", members=[(w[i], ["machinery"])])
        for i, n in enumerate("一二三四五")
    ]
    need = file_need(world, enterprise)
    need = services.need_assign(user=world.city_admin, need=need, squad=squads[0])
    need = services.need_decline(user=world.hanbin_officer, need=need, reason="人手不足")
    found = suggest_squads(need, world.city_admin)
    assert len(found) == 3
    assert found[0].squad.name == "一队"
    assert found[0].reason.endswith("；曾退回本单")
