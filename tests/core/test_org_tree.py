"""The organization tree: scoped to the user's subtree, members counted per branch, children
loaded on demand, a search by name or pinyin, and the picker that filters lists at any depth."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.core import widgets
from gonghui.core.filters import PersonFilterSet
from gonghui.core.widgets import OrgTreeField, OrgTreePicker
from tests import factories


def _names(nodes) -> list[str]:
    return [n.org.name for n in nodes]


# ---------------------------------------------------------------- reads


def test_the_tree_starts_at_the_users_organization_with_its_children_open(world):
    [city] = widgets.tree_for(world.city_admin, counts=True)
    assert city.org == world.city and city.open
    assert {"汉滨区总工会", "石泉县总工会"} <= set(_names(city.children))
    [county] = widgets.tree_for(world.hanbin_officer, counts=True)
    assert county.org == world.hanbin
    assert _names(county.children) == ["汉滨区第一中学工会"]


def test_members_are_counted_over_each_branch(world):
    factories.person(world.hanbin_union, "王芳", phone="13700001111")
    [city] = widgets.tree_for(world.city_admin, counts=True)
    by_name = {n.org.name: n for n in city.children}
    assert city.members == 3
    assert by_name["汉滨区总工会"].members == 2 and by_name["石泉县总工会"].members == 1
    assert by_name["汉滨区总工会"].child_count == 1


def test_the_branch_down_to_the_chosen_organization_is_open(world):
    deep = factories.grassroots(world.hanbin_union, "汉滨区第一中学教工分会")
    [city] = widgets.tree_for(world.city_admin, selected=deep, counts=False)
    hanbin = next(n for n in city.children if n.org == world.hanbin)
    assert _names(hanbin.children) == ["汉滨区第一中学工会"]
    assert hanbin.children[0].open and _names(hanbin.children[0].children) == [deep.name]
    shiquan = next(n for n in city.children if n.org == world.shiquan)
    assert not shiquan.open


def test_unions_of_unions_come_before_grassroots_unions(world):
    street = factories.grassroots(world.hanbin, "汉滨区江北街道工会联合会")
    street.kind = "regional"
    street.save()
    names = [o.name for o in widgets.tree_children(world.hanbin_officer, world.hanbin)]
    assert names == ["汉滨区江北街道工会联合会", "汉滨区第一中学工会"]


@pytest.mark.parametrize("q", ["第一中学", "diyizhongxue", "dyzx", "HBQ"])
def test_search_finds_by_name_pinyin_or_initials(world, q):
    found = widgets.tree_search(world.city_admin, q)
    assert world.hanbin_union in [org for org, _ in found]
    trail = dict(found)[world.hanbin_union]
    assert trail == "安康市总工会 › 汉滨区总工会"


def test_search_stays_inside_the_users_subtree(world):
    assert widgets.tree_search(world.hanbin_officer, "石泉") == []
    assert widgets.tree_search(world.hanbin_officer, "sqx") == []
    assert widgets.tree_search(world.hanbin_officer, "   ") == []
    [(org, trail)] = widgets.tree_search(world.hanbin_officer, "第一中学")
    assert org == world.hanbin_union and trail == "汉滨区总工会"


# ---------------------------------------------------------------- fragments


def test_children_fragment_lists_a_nodes_children_with_counts(world, client):
    client.force_login(world.city_admin)
    url = reverse("core:org_tree_children")
    body = client.get(url, {"parent": world.hanbin.pk}).content.decode()
    assert "汉滨区第一中学工会" in body and "1 人" in body and "石泉" not in body
    picker = client.get(url, {"parent": world.hanbin.pk, "picker": "1"}).content.decode()
    assert f'data-org-id="{world.hanbin_union.pk}"' in picker and " 人" not in picker


def test_children_fragment_without_a_parent_is_the_users_top(world, client):
    client.force_login(world.hanbin_officer)
    body = client.get(reverse("core:org_tree_children"), {"picker": "1"}).content.decode()
    assert 'data-org-name="汉滨区总工会"' in body and "汉滨区第一中学工会" in body
    assert "安康市总工会" not in body


def test_children_of_an_organization_outside_the_subtree_are_a_404(world, client):
    client.force_login(world.hanbin_officer)
    url = reverse("core:org_tree_children")
    response = client.get(url, {"parent": world.shiquan.pk})
    assert response.status_code == 404 and "石泉县供电公司工会" not in response.content.decode()
    assert client.get(url, {"parent": "abc"}).status_code == 400


def test_search_fragment_for_the_picker(world, client):
    client.force_login(world.hanbin_officer)
    url = reverse("core:org_tree_search")
    body = client.get(url, {"q": "dyzx", "picker": "1"}).content.decode()
    assert f'data-org-id="{world.hanbin_union.pk}"' in body
    assert "没有找到名称含“石泉”的组织" in client.get(url, {"q": "石泉"}).content.decode()


def test_tree_fragments_need_the_organization_view(world, client):
    client.force_login(world.hanbin_member)
    assert client.get(reverse("core:org_tree_children")).status_code == 403
    assert client.get(reverse("core:org_tree_search"), {"q": "hb"}).status_code == 403


# ---------------------------------------------------------------- the picker in filters


def test_the_org_filter_is_a_tree_picker_reaching_any_depth(world, client):
    factories.person(world.hanbin, "王芳", phone="13700001111")  # directly under the county
    client.force_login(world.city_admin)
    response = client.get(reverse("core:person_list"), {"org": world.hanbin_union.pk})
    assert [r.obj.name for r in response.context["rows"]] == ["张伟"]
    field = response.context["form"].fields["org"]
    assert isinstance(field, OrgTreeField) and isinstance(field.widget, OrgTreePicker)
    body = response.content.decode()
    assert 'class="gh-orgpicker dropdown"' in body
    assert f'<input type="hidden" name="org" value="{world.hanbin_union.pk}">' in body
    assert ">汉滨区第一中学工会</button>" in body  # the choice is shown on the button


def test_an_organization_outside_the_subtree_is_not_applied_nor_named(world, client):
    client.force_login(world.hanbin_officer)
    response = client.get(reverse("core:person_list"), {"org": world.shiquan_union.pk})
    assert response.status_code == 200
    assert [r.obj.name for r in response.context["rows"]] == ["张伟"]
    assert "石泉县供电公司工会" not in response.content.decode()


def test_the_export_names_the_chosen_organization(world):
    fs = PersonFilterSet({"org": str(world.hanbin_union.pk)}, user=world.city_admin)
    assert fs.describe() == "所属工会=汉滨区第一中学工会"


def test_the_picker_on_a_model_choice_field_shows_the_choice_from_its_queryset(world):
    from django import forms

    from gonghui.core.scope import organizations_for

    class Form(forms.Form):
        org = forms.ModelChoiceField(
            queryset=organizations_for(world.hanbin_officer), widget=OrgTreePicker()
        )

    chosen = Form({"org": world.hanbin_union.pk})
    assert chosen.is_valid() and chosen.cleaned_data["org"] == world.hanbin_union
    assert ">汉滨区第一中学工会</button>" in str(chosen["org"])
    outside = Form({"org": world.shiquan_union.pk})
    assert not outside.is_valid() and "石泉县供电公司工会" not in str(outside["org"])


# ---------------------------------------------------------------- the picker on forms


@pytest.mark.parametrize(
    ("url", "field", "arg"),
    [
        ("core:person_create", "org", None),
        ("core:employer_create", "org", None),
        ("core:user_create", "organization", None),
        ("core:organization_move", "new_parent", "hanbin_union"),
        ("honors:standards", "region", None),
    ],
)
def test_every_organization_field_of_a_form_is_the_tree_picker(world, client, url, field, arg):
    client.force_login(world.city_admin)
    args = [getattr(world, arg).pk] if arg else []
    response = client.get(reverse(url, args=args))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<input type="hidden" name="{field}"' in body
    assert f'<select name="{field}"' not in body
    assert isinstance(response.context["form"].fields[field].widget, OrgTreePicker)


def test_a_form_keeps_the_chosen_organization_when_it_is_shown_again(world, client):
    client.force_login(world.hanbin_officer)
    response = client.post(
        reverse("core:employer_create"),
        {"name": "", "credit_code": "", "kind": "enterprise", "org": world.hanbin_union.pk},
    )
    assert response.status_code == 200  # shown again with its errors
    body = response.content.decode()
    assert f'<input type="hidden" name="org" value="{world.hanbin_union.pk}">' in body
    assert f">{world.hanbin_union.name}</button>" in body
