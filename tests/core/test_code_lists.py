"""民族, 政治面貌 and 学历 on person records follow the national code lists (core.codes): the person
form offers them as dropdowns, the service stores the standard name of a short form or code and
refuses anything else in Chinese, and the API answers such a value with a documented 400."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.codes import EDUCATION, ETHNICITY, POLITICAL_STATUS
from gonghui.core.errors import DomainError
from gonghui.core.models import Person
from gonghui.core.models_api import ApiToken
from gonghui.core.services import PersonData, person_create, person_update
from gonghui.core.validators import build_id_number

API = "/api/core"


def _data(world, **fields: str) -> PersonData:
    number = build_id_number("610902", dt.date(1990, 5, 1), 123)
    return PersonData(name="孙悟空", id_number=number, org=world.hanbin_union, **fields)  # type: ignore[arg-type]


def _api_post(user, data: dict) -> object:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}")
    body = json.dumps(data, default=str)
    return client.post(f"{API}/persons", data=body, content_type="application/json")


def _old_value(person: Person, **fields: str) -> None:
    """A value entered before the code lists (written around the service, as old data was)."""
    Person.objects.filter(pk=person.pk).update(**fields)


# ---------------------------------------------------------------- the form


def test_the_person_form_offers_the_three_lists_as_dropdowns(world, client):
    client.force_login(world.hanbin_officer)
    response = client.get(reverse("core:person_create"))
    form = response.context["form"]
    assert form.fields["ethnicity"].choices == ETHNICITY.choices
    assert form.fields["political_status"].choices == POLITICAL_STATUS.choices
    assert form.fields["education"].choices == EDUCATION.choices
    html = response.content.decode()
    assert '<select name="ethnicity"' in html and '<option value="汉族">汉族</option>' in html
    assert '<option value="大学本科">大学本科</option>' in html


def test_the_form_stores_the_chosen_standard_names(world, client):
    client.force_login(world.hanbin_officer)
    data = {
        "name": "孙悟空",
        "id_number": build_id_number("610902", dt.date(1990, 5, 1), 123),
        "org": world.hanbin.pk,
        "ethnicity": "回族",
        "political_status": "中共党员",
        "education": "大学专科",
        "new_employment_form": "",
    }
    assert client.post(reverse("core:person_create"), data).status_code == 302
    person = Person.objects.get(name="孙悟空")
    assert (person.ethnicity, person.political_status, person.education) == (
        "回族",
        "中共党员",
        "大学专科",
    )


def test_an_old_nonstandard_value_stays_selectable_as_the_original(world, client):
    person = world.hanbin_person
    _old_value(person, education="高中/中专")
    client.force_login(world.hanbin_officer)
    form = client.get(reverse("core:person_edit", args=[person.pk])).context["form"]
    assert ("高中/中专", "（原值）高中/中专") in form.fields["education"].choices
    assert form["education"].value() == "高中/中专"
    data = {"name": "张伟", "education": "高中/中专", "post": "教师", "new_employment_form": ""}
    assert client.post(reverse("core:person_edit", args=[person.pk]), data).status_code == 302
    person.refresh_from_db()
    assert (person.education, person.post) == ("高中/中专", "教师")


def test_an_old_short_form_is_offered_as_its_standard_name(world, client):
    person = world.hanbin_person
    _old_value(person, ethnicity="汉", political_status="党员")
    client.force_login(world.hanbin_officer)
    form = client.get(reverse("core:person_edit", args=[person.pk])).context["form"]
    assert form["ethnicity"].value() == "汉族"
    assert form["political_status"].value() == "中共党员"
    assert not any(label.startswith("（原值）") for _, label in form.fields["ethnicity"].choices)


def test_a_value_outside_the_list_is_refused_on_its_field(world, client):
    client.force_login(world.hanbin_officer)
    data = {"name": "张伟", "ethnicity": "火星族", "new_employment_form": ""}
    response = client.post(reverse("core:person_edit", args=[world.hanbin_person.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["ethnicity"]
    world.hanbin_person.refresh_from_db()
    assert world.hanbin_person.ethnicity == ""


# ---------------------------------------------------------------- the service


@pytest.mark.parametrize(
    ("field", "given", "stored"),
    [
        ("ethnicity", "汉", "汉族"),
        ("ethnicity", "03", "回族"),
        ("ethnicity", "维族", "维吾尔族"),
        ("political_status", "党员", "中共党员"),
        ("political_status", "团员", "共青团员"),
        ("political_status", "13", "群众"),
        ("education", "本科", "大学本科"),
        ("education", "大专", "大学专科"),
        ("education", "21", "大学本科"),
    ],
)
def test_the_service_stores_short_forms_and_codes_as_standard_names(world, field, given, stored):
    person = person_create(data=_data(world, **{field: given}), user=world.hanbin_officer)
    assert getattr(person, field) == stored


@pytest.mark.parametrize(
    ("field", "codes", "given"),
    [
        ("ethnicity", ETHNICITY, "火星族"),
        ("political_status", POLITICAL_STATUS, "民主党派"),
        ("education", EDUCATION, "高中/中专"),
    ],
)
def test_the_service_refuses_an_unknown_value_in_chinese(world, field, codes, given):
    with pytest.raises(DomainError) as refused:
        person_create(data=_data(world, **{field: given}), user=world.hanbin_officer)
    assert refused.value.message == codes.error(given)
    assert refused.value.column == codes.label
    assert "不在标准代码表中" in refused.value.message
    assert not Person.objects.filter(name="孙悟空").exists()


def test_an_update_keeps_the_old_value_but_refuses_a_new_unknown_one(world):
    person = world.hanbin_person
    _old_value(person, political_status="民主党派")
    person.refresh_from_db()
    data = PersonData(
        name=person.name,
        id_number=person.id_number,
        org=person.org,
        political_status="民主党派",
        post="教师",
    )
    assert person_update(person=person, data=data, user=world.hanbin_officer).post == "教师"
    data.political_status = "无党派民主人士"
    with pytest.raises(DomainError, match="政治面貌“无党派民主人士”不在标准代码表中"):
        person_update(person=person, data=data, user=world.hanbin_officer)
    person.refresh_from_db()
    assert person.political_status == "民主党派"


# ---------------------------------------------------------------- the API


def test_the_api_answers_an_unknown_value_with_400_in_chinese(world):
    data = {
        "name": "孙悟空",
        "id_number": build_id_number("610902", dt.date(1990, 5, 1), 123),
        "org_id": world.hanbin_union.pk,
        "education": "高中/中专",
    }
    response = _api_post(world.hanbin_officer, data)
    assert response.status_code == 400
    assert response.json()["detail"] == EDUCATION.error("高中/中专")
    assert not Person.objects.filter(name="孙悟空").exists()


def test_the_api_stores_short_forms_as_standard_names_on_create_and_update(world):
    number = build_id_number("610902", dt.date(1990, 5, 1), 123)
    data = {"name": "孙悟空", "id_number": number, "org_id": world.hanbin_union.pk}
    created = _api_post(world.hanbin_officer, {**data, "ethnicity": "汉", "education": "本科"})
    assert created.status_code == 201
    assert created.json()["person"]["ethnicity"] == "汉族"
    updated = _api_post(world.hanbin_officer, {**data, "ethnicity": "回", "education": "大专"})
    assert updated.status_code == 200
    person = Person.objects.get(name="孙悟空")
    assert (person.ethnicity, person.education) == ("回族", "大学专科")
    refused = _api_post(world.hanbin_officer, {**data, "ethnicity": "火星族"})
    assert refused.status_code == 400
    assert refused.json()["detail"] == ETHNICITY.error("火星族")


def test_the_api_schema_documents_the_400_and_the_lists(world):
    client = Client()
    client.force_login(world.city_admin)
    operation = client.get("/api/openapi.json").json()["paths"][f"{API}/persons"]["post"]
    assert "400" in operation["responses"]
    assert "代码表" in operation["description"] and "400" in operation["description"]
