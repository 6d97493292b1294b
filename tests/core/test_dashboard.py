"""工作台: each role sees the to-dos it can act on, counted in its own subtree (职工本人: their
own items); every count is what its link lists; the header names the user once."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.core import dashboard
from gonghui.core.models import Role
from gonghui.honors.models import Demand
from gonghui.honors.services import demand_file
from gonghui.mutual_aid import services as aid_services
from gonghui.mutual_aid.models import Category
from gonghui.recuperation import services as recup_services
from gonghui.recuperation.models import Invitation, InvitationStatus
from tests import factories
from tests.kit import signed_in
from tests.mutual_aid.conftest import aid, enroll_paid, file_hospital, woman  # noqa: F401
from tests.recuperation.conftest import _reference_data, rw, today  # noqa: F401

CLAIM_STEPS = {"申领待受理", "申领待审核", "申领待复核", "已复核待支付"}


def labels(user) -> dict[str, int]:
    return {t.label: t.count for t in dashboard.board(user).todos}


def todo(user, label: str) -> dashboard.Todo:
    return next(t for t in dashboard.board(user).todos if t.label.startswith(label))


def listed(client: Client, url: str) -> int:
    """The number a list page says it holds ("共 N 条")."""
    response = client.get(url)
    assert response.status_code == 200, url
    found = re.search(r"共 (\d+) 条", response.content.decode())
    assert found, url
    return int(found.group(1))


@pytest.fixture
def demands(world):
    """Two demands filed in 汉滨 (one past its deadline), one in 石泉."""
    other = factories.person(world.hanbin_union, "王芳")
    late = demand_file(
        user=world.hanbin_officer, person=world.hanbin_person, title="住房", content="x"
    )
    demand_file(user=world.hanbin_officer, person=other, title="子女入学", content="y")
    demand_file(user=world.shiquan_officer, person=world.shiquan_person, title="医疗", content="z")
    Demand.objects.filter(pk=late.pk).update(due_date=dt.date(2026, 1, 5))
    return late


@pytest.fixture
def claims(aid, world):  # noqa: F811
    """Two claims in 汉滨: the member's own waits for 受理, a colleague's for 审核."""
    own = file_hospital(aid, enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL])
    colleague = woman(aid.union)
    other = file_hospital(aid, enroll_paid(aid, colleague)[Category.HOSPITAL], invoice="INV-0002")
    aid_services.claim_accept(claim=other, user=aid.officer)
    return own, other


def test_a_county_officer_counts_only_the_demands_of_their_county(world, demands):
    assert labels(world.hanbin_officer)["待受理诉求"] == 2
    assert labels(world.shiquan_officer)["待受理诉求"] == 1
    assert labels(world.city_admin)["待受理诉求"] == 3
    assert labels(world.hanbin_officer)["逾期诉求"] == 1
    assert labels(world.city_admin)["逾期诉求"] == 1
    assert "逾期诉求" not in labels(world.shiquan_officer)


def test_each_role_sees_the_claim_step_it_takes(world, claims):
    chair, officer = labels(world.hanbin_chair), labels(world.hanbin_officer)
    # The chair accepts claims but does not decide amounts (审核 is for county officers).
    assert chair["申领待受理"] == 1 and "申领待审核" not in chair
    assert officer["申领待受理"] == 1 and officer["申领待审核"] == 1
    assert not CLAIM_STEPS & set(labels(world.shiquan_officer))
    assert labels(world.city_admin)["申领待审核"] == 1


def test_the_auditor_has_nothing_to_do_but_sees_the_figures(world, claims, demands):
    board = dashboard.board(world.auditor)
    assert board.todos == []
    assert {s.title for s in board.figure_sections} >= {"劳模服务", "互助保障"}


def test_a_worker_sees_only_their_own_items(world, claims, demands):
    mine = labels(world.hanbin_member)
    assert mine == {"我的申领办理中": 1, "我的诉求办理中": 1}
    assert dashboard.board(world.hanbin_member).figure_sections == []
    body = signed_in(world.hanbin_member).get("/").content.decode()
    assert 'data-todo="我的申领办理中" data-count="1"' in body
    assert reverse("mutual_aid:mine") in body and "待受理诉求" not in body


@pytest.mark.parametrize("role", ["city_admin", "hanbin_officer", "hanbin_chair"])
def test_each_count_is_what_its_link_lists(world, claims, demands, role):
    user = getattr(world, role)
    client = signed_in(user)
    todos = dashboard.board(user).todos
    assert todos
    for t in todos:
        assert listed(client, t.url) == t.count, t.label


def test_the_home_page_shows_each_todo_with_its_count_and_link(world, demands):
    body = signed_in(world.hanbin_officer).get("/").content.decode()
    t = todo(world.hanbin_officer, "待受理诉求")
    assert f'href="{t.url.replace("&", "&amp;")}"' in body
    assert 'data-todo="待受理诉求" data-count="2"' in body
    assert "劳模服务" in body and "在册劳模" in body


def test_a_draft_plan_waits_for_its_own_federation_only(rw):  # noqa: F811
    plan = rw.plan()
    assert labels(rw.w.city_admin)["工作方案待党组会审定"] == 1
    assert todo(rw.w.city_admin, "工作方案待党组会审定").url == reverse(
        "recuperation:plan_detail", args=[plan.pk]
    )
    # 汉滨 sees the city's plan but the 市总 approves it.
    assert "工作方案待党组会审定" not in labels(rw.w.hanbin_officer)


def test_invitations_are_counted_per_county_as_the_invitation_page_lists_them(rw):  # noqa: F811
    plan = rw.plan()
    rw.batch(plan, "B1", max_size=9)
    rw.approve(plan)
    run = recup_services.selection_run(user=rw.w.city_admin, plan=plan)
    recup_services.selection_publish(user=rw.w.city_admin, run=run)
    invited = Invitation.objects.filter(plan=plan, status=InvitationStatus.INVITED)
    for user, org in ((rw.w.hanbin_officer, rw.w.hanbin), (rw.w.shiquan_officer, rw.w.shiquan)):
        t = todo(user, "2026年疗休养邀请待确认")
        assert t.count == invited.filter(person__org__path__startswith=org.path).count() > 0
        page = signed_in(user).get(t.url).content.decode()
        assert page.count("<tr data-person=") == t.count
    assert todo(rw.w.city_admin, "2026年疗休养邀请待确认").count == invited.count()
    own = invited.filter(person=rw.w.hanbin_person).count()
    assert labels(rw.w.hanbin_member).get("待确认的疗休养邀请", 0) == own


def test_the_header_names_the_user_once(world):
    admin = factories.user(Role.CITY_ADMIN, world.city, "zhang")
    admin.first_name = "市总管理员"
    admin.save()
    body = signed_in(admin).get("/").content.decode()
    header = re.search(r'<span class="gh-user[^"]*">(.*?)</span>\s*<form', body, re.S)
    assert header
    text = " ".join(re.sub(r"<[^>]+>", "", header.group(1)).split())
    assert text == "市总管理员 · 安康市总工会"
    admin.first_name = "张三"
    admin.save()
    body = signed_in(admin).get("/").content.decode()
    header = re.search(r'<span class="gh-user[^"]*">(.*?)</span>\s*<form', body, re.S)
    assert header
    assert " ".join(re.sub(r"<[^>]+>", "", header.group(1)).split()) == (
        "张三 · 市总管理员 · 安康市总工会"
    )


def test_a_worker_header_names_their_union(world):
    body = signed_in(world.hanbin_member).get("/").content.decode()
    assert "hanbin_member</strong>" in body and "职工本人" in body
    assert "汉滨区第一中学工会" in body


def test_the_home_page_reads_as_many_times_for_many_items_as_for_one(world, demands):
    client = signed_in(world.hanbin_officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len(ctx.captured_queries)

    queries()  # the first request also saves the session
    few = queries()
    for i in range(5):
        demand_file(
            user=world.hanbin_officer, person=world.hanbin_person, title=f"诉求{i}", content="x"
        )
    assert queries() == few
