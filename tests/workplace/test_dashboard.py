"""企业工作 on the 工作台: each role's to-dos (only what the permission table lets it act on),
counted in its own subtree, overdue by the frozen date; the year's key figures."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.urls import NoReverseMatch, reverse

from gonghui.core import dashboard as board
from gonghui.workplace import dashboard
from gonghui.workplace.models import DemoSite, Letter, LetterStatus, NeedStatus, SiteStatus
from tests.kit import signed_in
from tests.workplace.figures_scene import NEXT, YEAR, build, officer2

# 10:00 in Shanghai on the first day of the next year, and ten days later.
ON_NEXT = dt.datetime(YEAR + 1, 1, 1, 2, 0, tzinfo=dt.UTC)
ON_ELEVENTH = dt.datetime(YEAR + 1, 1, 11, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def scene(world):
    """figures_scene plus the review queue: two pending in 汉滨 (and one decided), one pending
    in 石泉; 汉滨's designated 示范点 was designated by hanbin_officer."""
    s = build(world)
    e = s.employers
    s.review(e["汉滨甲"], world.hanbin)
    s.review(e["汉滨乙"], world.hanbin_union)
    s.review(e["汉滨丙"], world.hanbin, status="merged")
    s.review(e["石泉甲"], world.shiquan)
    DemoSite.objects.filter(status=SiteStatus.DESIGNATED).update(created_by=world.hanbin_officer)
    return s


def todos(user: Any, when: dt.datetime = ON_NEXT) -> dict[str, int]:
    with time_machine.travel(when, tick=False):
        return {t.label: t.count for t in dashboard.todos(user)}


def test_the_city_sees_every_to_do_of_the_city(world, scene):
    assert todos(world.city_admin) == {
        "待核对企业": 3,
        "待派单企业点单": 1,  # 汉滨's need filed in March
        "已派单待接单": 1,
        "待审批示范点补助": 1,
        "逾期未整改文书": 3,  # 汉滨's notices of 03-01 and 12-31, 石泉's
        "逾期隐患": 2,  # 石泉's two open hazards of June
    }


def test_a_county_officer_sees_their_county_and_never_assigns(world, scene):
    county = todos(world.hanbin_officer)
    assert "待派单企业点单" not in county  # the city's 总队 assigns
    assert county["待核对企业"] == 2
    assert county["已派单待接单"] == 1
    assert county["逾期未整改文书"] == 2
    assert county["逾期隐患"] == 0
    shiquan = todos(world.shiquan_officer)
    assert (shiquan["待核对企业"], shiquan["已派单待接单"], shiquan["逾期隐患"]) == (1, 0, 2)


def test_whoever_designated_a_site_does_not_approve_its_subsidy(world, scene):
    assert todos(world.hanbin_officer)["待审批示范点补助"] == 0
    assert todos(officer2(world))["待审批示范点补助"] == 1
    assert todos(world.shiquan_officer)["待审批示范点补助"] == 0


def test_a_chair_is_offered_hazards_only_and_an_auditor_or_member_nothing(world, scene):
    assert todos(world.hanbin_chair) == {"逾期隐患": 0}
    assert todos(world.auditor) == {}
    assert todos(world.hanbin_member) == {}


def test_a_deadline_is_overdue_from_the_day_after(world, scene):
    # 汉滨's 12-31 inspection gave a hazard due 01-10: not overdue on 01-10, overdue on 01-11.
    assert todos(world.hanbin_officer, ON_NEXT)["逾期隐患"] == 0
    assert todos(world.hanbin_officer, ON_ELEVENTH)["逾期隐患"] == 1
    # The notice issued (and due) on 01-01 is not overdue that day.
    assert todos(world.hanbin_officer, ON_NEXT)["逾期未整改文书"] == 2
    assert todos(world.hanbin_officer, ON_ELEVENTH)["逾期未整改文书"] == 3
    assert NEXT == ON_NEXT.date()


def test_a_recorded_rectification_or_unrectified_letter_leaves_the_to_dos(world, scene):
    overdue = Letter.objects.filter(
        org=world.hanbin, status=LetterStatus.ISSUED, deadline__lt=NEXT
    ).order_by("pk")
    first, second = overdue
    Letter.objects.filter(pk=first.pk).update(status=LetterStatus.RECTIFIED, rectified_on=NEXT)
    assert todos(world.hanbin_officer)["逾期未整改文书"] == 1
    Letter.objects.filter(pk=second.pk).update(status=LetterStatus.UNRECTIFIED)
    assert todos(world.hanbin_officer)["逾期未整改文书"] == 0


def test_the_home_page_shows_the_to_dos_that_have_something(world, scene):
    with time_machine.travel(ON_NEXT, tick=False):
        body = signed_in(world.city_admin).get("/").content.decode()
        labels = {t.label for t in board.board(world.hanbin_chair).todos}
    assert 'data-todo="待核对企业" data-count="3"' in body
    assert 'data-todo="逾期隐患" data-count="2"' in body
    assert not any(label in labels for label in ("逾期隐患", "待核对企业"))  # nothing to do


LINKS = {
    "待核对企业": ("workplace:review_list", "status=pending"),
    "待派单企业点单": ("workplace:need_list", f"status={NeedStatus.FILED}"),
    "已派单待接单": ("workplace:need_list", f"status={NeedStatus.ASSIGNED}"),
    "待审批示范点补助": ("workplace:site_list", "status=designated"),
    "逾期未整改文书": ("workplace:letter_list", "overdue=1"),
    "逾期隐患": ("workplace:inspection_list", "hazards=overdue"),
}


def _exists(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def test_each_to_do_links_to_its_filtered_list_once_that_page_exists(world, scene):
    """A list page another part of the domain has not mounted yet leaves the link empty."""
    with time_machine.travel(ON_NEXT, tick=False):
        found = {t.label: t.url for t in dashboard.todos(world.city_admin)}
    assert set(found) == set(LINKS)
    for label, (name, query) in LINKS.items():
        expected = f"{reverse(name)}?{query}" if _exists(name) else ""
        assert found[label] == expected, label


@pytest.mark.parametrize(
    "label", ["待核对企业", "待派单企业点单", "已派单待接单", "待审批示范点补助", "逾期未整改文书"]
)
def test_a_to_do_counts_what_its_list_shows(world, scene, label):
    name, _ = LINKS[label]
    if not _exists(name):
        pytest.skip(f"{name} is not mounted yet")
    with time_machine.travel(ON_NEXT, tick=False):
        todo = next(t for t in dashboard.todos(world.city_admin) if t.label == label)
        response = signed_in(world.city_admin).get(todo.url)
    assert response.status_code == 200
    listed = re.search(r"共 (\d+) 条", response.content.decode())
    assert listed, todo.url
    assert int(listed.group(1)) == todo.count


def test_the_years_key_figures_are_the_figures_pages(world, scene):
    figures = {f.label: f for f in dashboard.figures(world.hanbin_officer, YEAR)}
    assert {k: f.value for k, f in figures.items()} == {
        "需推动建会": 4,
        f"{YEAR}年新建工会": 1,
        f"{YEAR}年集中入会新会员": 3,
        f"{YEAR}年解决难题": 1,
        f"{YEAR}年追回欠薪": Decimal("30000.50"),
        f"{YEAR}年隐患整改销号": 2,
    }
    assert figures[f"{YEAR}年追回欠薪"].text == "30,000.50"
    assert figures[f"{YEAR}年追回欠薪"].url == reverse("workplace:figures") + f"?year={YEAR}"
    city = {f.label: f.value for f in dashboard.figures(world.city_admin, YEAR)}
    assert city[f"{YEAR}年追回欠薪"] == Decimal("165000.50")
    assert dashboard.figures(world.hanbin_member, YEAR) == []
    assert dashboard.figures(world.auditor, YEAR)  # auditors read the figures
