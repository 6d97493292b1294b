"""组织机构 and 用人单位 pages: writes by allowed roles, refusals, Chinese errors."""

from __future__ import annotations

from django.urls import reverse

from gonghui.core.models import AuditAction, AuditLog, Employer, Organization
from gonghui.core.validators import build_credit_code
from tests import factories


def test_officer_adds_a_grassroots_union_under_the_county(world, client):
    client.force_login(world.hanbin_officer)
    response = client.post(
        reverse("core:organization_create", args=[world.hanbin.pk]),
        {"name": "汉滨区人民医院工会", "kind": "grassroots", "code": ""},
    )
    org = Organization.objects.get(name="汉滨区人民医院工会")
    assert response.status_code == 302 and org.parent == world.hanbin
    assert org.path.startswith(world.hanbin.path)


def test_duplicate_child_name_is_shown_on_the_name_field(world, client):
    client.force_login(world.hanbin_officer)
    response = client.post(
        reverse("core:organization_create", args=[world.hanbin.pk]),
        {"name": "汉滨区第一中学工会", "kind": "grassroots"},
    )
    assert "已有同名组织" in response.context["form"].errors["name"][0]


def test_rename_shows_in_the_change_history(world, client):
    client.force_login(world.hanbin_officer)
    url = reverse("core:organization_rename", args=[world.hanbin_union.pk])
    assert client.post(url, {"name": "汉滨中学工会"}).status_code == 302
    detail = client.get(reverse("core:organization_detail", args=[world.hanbin_union.pk]))
    body = detail.content.decode()
    assert "名称由“汉滨区第一中学工会”改为“汉滨中学工会”" in body


def test_move_offers_only_parents_in_scope_and_asks_for_confirmation(world, client):
    industry = factories.grassroots(world.hanbin, "汉滨区快递行业工会联合会")
    client.force_login(world.hanbin_officer)
    page = client.get(reverse("core:organization_move", args=[world.hanbin_union.pk]))
    body = page.content.decode()
    assert "data-confirm=" in body
    choices = [str(label) for _, label in page.context["form"].fields["new_parent"].choices]
    assert any("快递行业" in c for c in choices)
    assert not any("石泉" in c for c in choices)
    response = client.post(
        reverse("core:organization_move", args=[world.hanbin_union.pk]), {"new_parent": industry.pk}
    )
    assert response.status_code == 302
    world.hanbin_union.refresh_from_db()
    assert world.hanbin_union.parent == industry
    assert AuditLog.objects.filter(
        action=AuditAction.MOVE, object_id=str(world.hanbin_union.pk)
    ).exists()


def test_move_to_a_parent_outside_scope_is_refused(world, client):
    client.force_login(world.hanbin_officer)
    response = client.post(
        reverse("core:organization_move", args=[world.hanbin_union.pk]),
        {"new_parent": world.shiquan.pk},
    )
    assert response.status_code == 200
    assert "不在您的管辖范围内" in response.context["form"].errors["new_parent"][0]
    world.hanbin_union.refresh_from_db()
    assert world.hanbin_union.parent == world.hanbin


def test_auditor_sees_no_write_buttons_and_writes_are_refused(world, client):
    client.force_login(world.auditor)
    detail = client.get(
        reverse("core:organization_detail", args=[world.hanbin.pk])
    ).content.decode()
    assert "新增下级组织" not in detail and "更名" not in detail
    response = client.post(
        reverse("core:organization_rename", args=[world.hanbin.pk]), {"name": "改名了"}
    )
    assert response.status_code == 403
    assert "您的账号无权修改组织名称" in response.content.decode()
    world.hanbin.refresh_from_db()
    assert world.hanbin.name == "汉滨区总工会"


def test_organization_list_filters_by_kind_and_search(world, client):
    client.force_login(world.city_admin)
    rows = client.get(reverse("core:organization_list"), {"kind": "grassroots"}).context["rows"]
    assert {r.obj.name for r in rows} == {"汉滨区第一中学工会", "石泉县供电公司工会"}
    rows = client.get(reverse("core:organization_list"), {"q": "610922"}).context["rows"]
    assert [r.obj.name for r in rows] == ["石泉县总工会"]


def test_organization_page_shows_the_tree_beside_the_list(world, client):
    client.force_login(world.city_admin)
    response = client.get(reverse("core:organization_list"))
    body = response.content.decode()
    assert 'id="org-tree"' in body and "组织架构" in body
    assert [n.org for n in response.context["tree"]] == [world.city]
    assert "第 1 / 1 页" in body  # the list is still there, beside the tree


def test_a_county_officers_tree_starts_at_the_county(world, client):
    client.force_login(world.hanbin_officer)
    response = client.get(reverse("core:organization_list"))
    body = response.content.decode()
    assert [n.org for n in response.context["tree"]] == [world.hanbin]
    assert "汉滨区第一中学工会" in body
    assert "石泉县总工会" not in body and "安康市总工会</a>" not in body


def test_choosing_a_node_lists_that_branch_and_marks_it(world, client):
    client.force_login(world.city_admin)
    response = client.get(reverse("core:organization_list"), {"org": world.hanbin.pk})
    assert [r.obj.name for r in response.context["rows"]] == ["汉滨区总工会", "汉滨区第一中学工会"]
    assert response.context["selected_org"] == world.hanbin.pk
    assert "gh-tree-row active" in response.content.decode()


def test_organization_rows_offer_add_and_rename_to_officers_only(world, client):
    client.force_login(world.hanbin_officer)
    rows = client.get(reverse("core:organization_list")).context["rows"]
    assert [a.label for a in rows[0].actions] == ["新增下级", "更名"]
    client.force_login(world.auditor)
    rows = client.get(reverse("core:organization_list")).context["rows"]
    assert all(r.actions == [] for r in rows)


# ---------------------------------------------------------------- employers


def employer_form(**overrides):
    data = {
        "credit_code": build_credit_code("91610902MA7000001"),
        "name": "安康某快递有限公司",
        "kind": "private",
        "employee_count": "30",
        "industry": "快递",
        "is_new_economy": "on",
    }
    data.update(overrides)
    return data


def test_create_employer(world, client):
    client.force_login(world.hanbin_officer)
    response = client.post(reverse("core:employer_create"), employer_form(org=world.hanbin.pk))
    assert response.status_code == 302
    employer = Employer.objects.get(name="安康某快递有限公司")
    assert (
        employer.is_new_economy and employer.employee_count == 30 and employer.org == world.hanbin
    )


def test_wrong_credit_code_names_the_expected_check_character(world, client):
    client.force_login(world.hanbin_officer)
    good = build_credit_code("91610902MA7000001")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    response = client.post(
        reverse("core:employer_create"), employer_form(credit_code=wrong, org=world.hanbin.pk)
    )
    error = response.context["form"].errors["credit_code"][0]
    assert f"最后一位应为{good[17]}" in error
    assert not Employer.objects.exists()


def test_credit_code_of_another_countys_employer_is_not_overwritten(world, client):
    other = factories.employer(world.shiquan, "石泉某公司")
    client.force_login(world.hanbin_officer)
    response = client.post(
        reverse("core:employer_create"),
        employer_form(credit_code=other.credit_code, org=world.hanbin.pk),
    )
    assert "其他组织管辖" in response.context["form"].errors["credit_code"][0]
    other.refresh_from_db()
    assert other.name == "石泉某公司"


def test_edit_employer_keeps_the_credit_code(world, client):
    employer = factories.employer(world.hanbin, "汉滨某公司")
    client.force_login(world.hanbin_officer)
    data = employer_form(
        credit_code="X", name="汉滨某公司（更名）", org=world.hanbin.pk, has_union="on"
    )
    response = client.post(reverse("core:employer_edit", args=[employer.pk]), data)
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.name == "汉滨某公司（更名）" and employer.has_union
    assert Employer.objects.count() == 1


def test_employer_list_filters(world, client):
    factories.employer(world.hanbin, "有工会的公司", has_union=True)
    factories.employer(world.hanbin, "三新公司", is_new_social=True)
    factories.employer(world.shiquan, "石泉公司")
    client.force_login(world.hanbin_officer)
    url = reverse("core:employer_list")
    assert [r.obj.name for r in client.get(url, {"has_union": "1"}).context["rows"]] == [
        "有工会的公司"
    ]
    assert [r.obj.name for r in client.get(url, {"sanxin": "1"}).context["rows"]] == ["三新公司"]
    assert len(client.get(url).context["rows"]) == 2
