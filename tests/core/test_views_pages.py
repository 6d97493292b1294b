"""Every core page renders for a role allowed to see it, and hides what lies outside scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


LIST_PAGES = ["organization_list", "employer_list", "person_list", "membership_list"]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_render_for_a_county_officer(world, as_user, name):
    response = as_user(world.hanbin_officer).get(reverse(f"core:{name}"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "第 1 / 1 页" in body
    assert "导出 Excel" in body


def test_home_shows_counts_per_county_for_the_city(world, as_user):
    body = as_user(world.city_admin).get(reverse("core:home")).content.decode()
    assert "汉滨区总工会" in body and "石泉县总工会" in body
    assert "安康市总工会·工会服务平台" in body


def test_home_shows_own_summary_to_a_member(world, as_user):
    body = as_user(world.hanbin_member).get(reverse("core:home")).content.decode()
    assert world.hanbin_person.id_masked in body
    assert "汉滨区第一中学工会会员" in body
    assert "石泉县总工会" not in body


def test_top_bar_shows_user_role_and_organization(world, as_user):
    body = as_user(world.hanbin_chair).get(reverse("core:home")).content.decode()
    assert "hanbin_chair" in body and "基层工会主席" in body and "汉滨区第一中学工会" in body
    assert "退出" in body


def test_menu_hides_audit_log_from_a_county_officer_and_shows_it_to_the_auditor(
    world, as_user, client
):
    officer = as_user(world.hanbin_officer).get(reverse("core:home")).content.decode()
    assert "人员档案" in officer and "审计日志" not in officer
    client.logout()
    auditor = as_user(world.auditor).get(reverse("core:home")).content.decode()
    assert "审计日志" in auditor


def test_menu_skips_entries_whose_page_does_not_exist(world, rf):
    from gonghui.core import context_processors as cp

    cp.register_menu("测试模块", "尚未实现的页面", "core:no_such_page", "any")
    try:
        request = rf.get("/")
        request.user = world.city_admin
        labels = [i["label"] for _, items in cp.menu(request)["menu"] for i in items]
    finally:
        for title, items in list(cp.MENU):
            if title == "测试模块":
                cp.MENU.remove((title, items))
    assert "尚未实现的页面" not in labels
    assert "人员档案" in labels


def test_page_loads_vendored_htmx_and_sends_csrf_header(world, as_user):
    body = as_user(world.hanbin_officer).get(reverse("core:home")).content.decode()
    assert "/static/vendor/htmx-2.0.11/htmx.min.js" in body
    assert 'hx-headers=\'{"X-CSRFToken": "' in body
    assert "cdn" not in body.lower()


def test_person_detail_shows_masked_numbers_and_membership_history(world, as_user):
    p = world.hanbin_person
    body = (
        as_user(world.hanbin_officer)
        .get(reverse("core:person_detail", args=[p.pk]))
        .content.decode()
    )
    assert p.id_masked in body and p.phone_masked in body
    assert p.id_number not in body and "13800135678" not in body
    assert "汉滨区第一中学工会" in body and "1985-03" in body


@pytest.mark.parametrize(
    ("name", "attr"),
    [
        ("person_detail", "shiquan_person"),
        ("organization_detail", "shiquan_union"),
    ],
)
def test_detail_outside_scope_is_404(world, as_user, name, attr):
    obj = getattr(world, attr)
    response = as_user(world.hanbin_officer).get(reverse(f"core:{name}", args=[obj.pk]))
    assert response.status_code == 404


def test_employer_detail_outside_scope_is_404(world, as_user):
    other = factories.employer(world.shiquan, "石泉某公司")
    response = as_user(world.hanbin_officer).get(reverse("core:employer_detail", args=[other.pk]))
    assert response.status_code == 404


def test_employer_detail_renders_in_scope(world, as_user):
    mine = factories.employer(world.hanbin, "汉滨某物流公司", has_union=True)
    body = (
        as_user(world.hanbin_officer)
        .get(reverse("core:employer_detail", args=[mine.pk]))
        .content.decode()
    )
    assert "汉滨某物流公司" in body and mine.credit_code in body


def test_member_sees_only_their_own_record(world, as_user):
    client = as_user(world.hanbin_member)
    own = client.get(reverse("core:person_detail", args=[world.hanbin_person.pk]))
    assert own.status_code == 200
    assert (
        client.get(reverse("core:person_detail", args=[world.shiquan_person.pk])).status_code == 404
    )
    lists = client.get(reverse("core:person_list"))
    assert lists.status_code == 403
    assert "您的账号无权查看人员档案" in lists.content.decode()


def test_me_page_shows_own_masked_record(world, as_user):
    body = as_user(world.hanbin_member).get(reverse("core:me")).content.decode()
    assert "我的信息" in body and world.hanbin_person.id_masked in body
    assert world.hanbin_person.id_number not in body


def test_organization_detail_shows_children_members_and_history(world, as_user):
    body = (
        as_user(world.hanbin_officer)
        .get(reverse("core:organization_detail", args=[world.hanbin.pk]))
        .content.decode()
    )
    assert "汉滨区第一中学工会" in body
    assert "变更记录" in body and "新增" in body


def test_audit_log_page_for_the_auditor_only(world, as_user, client):
    assert as_user(world.auditor).get(reverse("core:audit_list")).status_code == 200
    client.logout()
    refused = as_user(world.hanbin_officer).get(reverse("core:audit_list"))
    assert refused.status_code == 403
    assert "您的账号无权查看审计日志" in refused.content.decode()


def test_anonymous_user_is_sent_to_login(client, world):
    response = client.get(reverse("core:person_list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_htmx_filter_request_returns_only_the_results_with_export_keeping_filters(world, as_user):
    response = as_user(world.hanbin_officer).get(
        reverse("core:person_list"),
        {"q": "zw", "status": "active"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="list-results",
    )
    body = response.content.decode()
    assert "<html" not in body and "张伟" in body
    assert 'action="?q=zw&amp;status=active"' in body


def test_breadcrumb_of_a_county_officer_starts_at_the_county(world, as_user):
    body = (
        as_user(world.hanbin_officer)
        .get(reverse("core:organization_detail", args=[world.hanbin_union.pk]))
        .content.decode()
    )
    assert f'href="{reverse("core:organization_detail", args=[world.city.pk])}"' not in body
    assert f'href="{reverse("core:organization_detail", args=[world.hanbin.pk])}"' in body
