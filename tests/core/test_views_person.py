"""人员档案 pages: search, full-value reveal, create/edit with Chinese errors, status, transfer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gonghui.core.models import AuditAction, AuditLog, Membership, Person
from gonghui.core.validators import build_id_number
from tests import factories


def names_found(client, q: str) -> list[str]:
    response = client.get(reverse("core:person_list"), {"q": q})
    assert response.status_code == 200
    return [row.obj.name for row in response.context["rows"]]


@pytest.mark.parametrize("query", ["张伟", "zhangwei", "zw", "ZW", "13800135678"])
def test_search_finds_person_by_name_pinyin_initials_and_phone(world, client, query):
    factories.person(world.hanbin_union, "王芳")
    client.force_login(world.hanbin_officer)
    assert names_found(client, query) == ["张伟"]


def test_search_finds_person_by_full_id_number(world, client):
    client.force_login(world.city_admin)
    assert names_found(client, world.shiquan_person.id_number) == ["李娜"]
    assert names_found(client, world.shiquan_person.id_number.lower()) == ["李娜"]


def test_search_does_not_reach_outside_scope(world, client):
    client.force_login(world.hanbin_officer)
    assert names_found(client, world.shiquan_person.id_number) == []
    assert names_found(client, "lina") == []


def test_list_filters_by_status_and_new_employment_form(world, client):
    factories.person(world.hanbin_union, "赵六", new_employment_form="rider")
    retired = factories.person(world.hanbin_union, "钱七")
    retired.status = "retired"
    retired.save()
    client.force_login(world.hanbin_officer)
    rows = client.get(reverse("core:person_list"), {"new_form": "any"}).context["rows"]
    assert [r.obj.name for r in rows] == ["赵六"]
    rows = client.get(reverse("core:person_list"), {"status": "retired"}).context["rows"]
    assert [r.obj.name for r in rows] == ["钱七"]


def test_list_pages_twenty_per_page(world, client):
    for i in range(23):
        factories.person(world.hanbin_union, f"测试{i:02d}", member=False)
    client.force_login(world.hanbin_officer)
    first = client.get(reverse("core:person_list"))
    assert len(first.context["rows"]) == 20
    assert "第 1 / 2 页 共 24 条" in first.content.decode()
    second = client.get(reverse("core:person_list"), {"page": 2})
    assert len(second.context["rows"]) == 4


def test_reveal_shows_full_numbers_and_logs_who_saw_them(world, client):
    person = world.hanbin_person
    client.force_login(world.hanbin_officer)
    response = client.post(reverse("core:person_reveal", args=[person.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert person.id_number in body and "13800135678" in body
    entry = AuditLog.objects.get(action=AuditAction.VIEW_PII)
    assert entry.user == world.hanbin_officer and entry.person == person


@pytest.mark.parametrize("role", ["hanbin_chair", "auditor"])
def test_reveal_is_refused_for_chair_and_auditor(world, client, role):
    person = world.hanbin_person
    client.force_login(getattr(world, role))
    detail = client.get(reverse("core:person_detail", args=[person.pk])).content.decode()
    assert "显示完整信息" not in detail
    response = client.post(reverse("core:person_reveal", args=[person.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert "无权查看完整身份证号和手机号" in response.content.decode()
    assert person.id_number not in response.content.decode()
    assert not AuditLog.objects.filter(action=AuditAction.VIEW_PII).exists()


def test_reveal_requires_post(world, client):
    client.force_login(world.hanbin_officer)
    response = client.get(reverse("core:person_reveal", args=[world.hanbin_person.pk]))
    assert response.status_code == 405


def person_form(**overrides):
    data = {
        "name": "孙悟空",
        "id_number": build_id_number("610902", dt.date(1990, 5, 1), 123),
        "phone": "13712345678",
        "sex": "",
        "birth_date": "",
        "new_employment_form": "courier",
        "frontline": "on",
    }
    data.update(overrides)
    return data


def test_create_person_with_membership(world, client):
    client.force_login(world.hanbin_chair)
    data = person_form(org=world.hanbin_union.pk, joined_on="2024-03-01")
    response = client.post(reverse("core:person_create"), data)
    assert response.status_code == 302
    person = Person.objects.get(name="孙悟空")
    assert person.frontline and person.new_employment_form == "courier"
    assert person.sex == "M" and person.birth_date == dt.date(1990, 5, 1)
    assert Membership.objects.get(person=person).union == world.hanbin_union


def test_create_person_shows_check_digit_error_on_the_id_field(world, client):
    client.force_login(world.hanbin_officer)
    good = build_id_number("610902", dt.date(1990, 5, 1), 123)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = client.post(
        reverse("core:person_create"), person_form(id_number=bad, org=world.hanbin.pk)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert f"最后一位应为{good[17]}" in errors["id_number"][0]
    assert not Person.objects.filter(name="孙悟空").exists()


def test_create_person_shows_sex_mismatch_on_the_sex_field(world, client):
    client.force_login(world.hanbin_officer)
    response = client.post(reverse("core:person_create"), person_form(sex="F", org=world.hanbin.pk))
    assert "与身份证号码（男）不一致" in response.context["form"].errors["sex"][0]


def test_create_person_refuses_an_id_registered_in_another_county(world, client):
    client.force_login(world.hanbin_officer)
    data = person_form(id_number=world.shiquan_person.id_number, org=world.hanbin.pk)
    response = client.post(reverse("core:person_create"), data)
    assert "已在其他组织登记" in response.context["form"].errors["id_number"][0]
    world.shiquan_person.refresh_from_db()
    assert world.shiquan_person.name == "李娜"


def test_create_person_refuses_an_organization_outside_scope(world, client):
    client.force_login(world.hanbin_officer)
    response = client.post(reverse("core:person_create"), person_form(org=world.shiquan_union.pk))
    assert "不在您的管辖范围内" in response.context["form"].errors["org"][0]


def test_edit_person_changes_fields_and_keeps_identity(world, client):
    person = world.hanbin_person
    client.force_login(world.hanbin_officer)
    data = {
        "name": "张伟",
        "post": "教师",
        "hardship_post": "on",
        "phone": "",
        "sex": "M",
        "birth_date": person.birth_date.isoformat(),
        "new_employment_form": "",
    }
    response = client.post(reverse("core:person_edit", args=[person.pk]), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.post == "教师" and person.hardship_post
    assert person.phone == "13800135678"


def test_edit_person_with_wrong_birth_date_names_the_field(world, client):
    person = world.hanbin_person
    client.force_login(world.hanbin_officer)
    data = {"name": "张伟", "birth_date": "1999-01-01", "new_employment_form": ""}
    response = client.post(reverse("core:person_edit", args=[person.pk]), data)
    assert "不一致" in response.context["form"].errors["birth_date"][0]


def test_mark_person_retired(world, client):
    person = world.hanbin_person
    client.force_login(world.hanbin_officer)
    detail = client.get(reverse("core:person_detail", args=[person.pk])).content.decode()
    assert "data-confirm=" in detail and "标记为退休" in detail
    response = client.post(
        reverse("core:person_set_status", args=[person.pk]), {"status": "retired"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == "retired"


def test_auditor_cannot_change_a_person(world, client):
    person = world.hanbin_person
    client.force_login(world.auditor)
    response = client.post(
        reverse("core:person_set_status", args=[person.pk]), {"status": "deceased"}
    )
    assert response.status_code == 403
    assert "您的账号无权变更人员状态" in response.content.decode()
    person.refresh_from_db()
    assert person.status == "active"
    assert client.get(reverse("core:person_edit", args=[person.pk])).status_code == 403


def test_transfer_membership_keeps_history(world, client):
    person = world.hanbin_person
    other = factories.grassroots(world.hanbin, "汉滨区第二中学工会")
    client.force_login(world.hanbin_officer)
    response = client.post(
        reverse("core:membership_transfer", args=[person.pk]),
        {"to_union": other.pk, "on": "2025-09-01", "note": ""},
    )
    assert response.status_code == 302
    detail = client.get(reverse("core:person_detail", args=[person.pk])).content.decode()
    assert "已转出" in detail and "汉滨区第二中学工会" in detail
    assert person.memberships.count() == 2


def test_transfer_before_joining_date_shows_chinese_error(world, client):
    person = world.hanbin_person
    other = factories.grassroots(world.hanbin, "汉滨区第二中学工会")
    client.force_login(world.hanbin_officer)
    response = client.post(
        reverse("core:membership_transfer", args=[person.pk]),
        {"to_union": other.pk, "on": "2019-01-01"},
    )
    assert response.status_code == 400
    assert "转会日期不能早于入会日期" in response.content.decode()
