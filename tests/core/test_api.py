"""The core JSON API: auth, scope, masking, upserts, transfers and the audit log."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from gonghui.core.models import (
    AuditAction,
    AuditLog,
    Employer,
    Membership,
    MembershipStatus,
    Organization,
    Person,
)
from gonghui.core.models_api import ApiToken
from gonghui.core.validators import build_credit_code, build_id_number, credit_code_check_char
from tests import factories

API = "/api/core"


def api_client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}")


def post(client: Client, url: str, data: dict) -> object:
    return client.post(url, data=json.dumps(data, default=str), content_type="application/json")


@pytest.fixture
def officer(world):
    return api_client(world.hanbin_officer)


# ---------------------------------------------------------------- auth


def test_request_without_token_is_unauthorized(world):
    assert Client().get(f"{API}/persons").status_code == 401


def test_unknown_token_is_unauthorized(world):
    client = Client(HTTP_AUTHORIZATION="Bearer not-a-real-token")
    assert client.get(f"{API}/persons").status_code == 401


def test_token_of_deactivated_user_stops_working(world):
    client = api_client(world.hanbin_officer)
    world.hanbin_officer.is_active = False
    world.hanbin_officer.save()
    assert client.get(f"{API}/persons").status_code == 401


def test_api_token_command_prints_a_working_token_stored_only_as_hash(world):
    out = StringIO()
    call_command("api_token", "hanbin_officer", stdout=out, stderr=StringIO())
    raw = out.getvalue().strip()
    assert len(raw) >= 40
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(f"{API}/persons").status_code == 200
    assert ApiToken.objects.get(user=world.hanbin_officer).last_used_at is not None


def test_api_token_command_rejects_unknown_user(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="不存在"):
        call_command("api_token", "nobody", stdout=StringIO())


def test_browser_session_can_read_the_api(world):
    client = Client()
    client.force_login(world.hanbin_officer)
    assert client.get(f"{API}/persons").status_code == 200


def test_session_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.hanbin_officer)
    response = post(
        client,
        f"{API}/organizations",
        {
            "name": "无令牌工会",
            "kind": "grassroots",
            "parent_id": world.hanbin.pk,
        },
    )
    assert response.status_code == 403
    assert not Organization.objects.filter(name="无令牌工会").exists()


def test_openapi_schema_lists_the_core_routes(world):
    client = Client()
    client.force_login(world.city_admin)
    schema = client.get("/api/openapi.json").json()
    assert "/api/core/persons/{person_id}/reveal" in schema["paths"]


# ---------------------------------------------------------------- organizations


def test_county_officer_lists_only_own_subtree(world, officer):
    body = officer.get(f"{API}/organizations?page_size=200").json()
    names = {row["name"] for row in body["items"]}
    assert body["count"] == 2
    assert names == {"汉滨区总工会", "汉滨区第一中学工会"}


def test_other_county_organization_is_not_found_in_chinese(world, officer):
    response = officer.get(f"{API}/organizations/{world.shiquan.pk}")
    assert response.status_code == 404
    assert "不在您的管辖范围内" in response.json()["detail"]
    assert officer.get(f"{API}/organizations/{world.shiquan.pk}/children").status_code == 404


def test_children_of_own_county(world, officer):
    body = officer.get(f"{API}/organizations/{world.hanbin.pk}/children").json()
    assert [row["name"] for row in body["items"]] == ["汉滨区第一中学工会"]


def test_list_is_paginated(world):
    client = api_client(world.city_admin)
    body = client.get(f"{API}/organizations?page_size=5&page=2").json()
    assert body["count"] == 15
    assert len(body["items"]) == 5


def test_officer_creates_union_in_own_county_and_audit_names_them(world, officer):
    response = post(
        officer,
        f"{API}/organizations",
        {
            "name": "汉滨区快递行业工会联合会",
            "kind": "industry",
            "parent_id": world.hanbin.pk,
        },
    )
    assert response.status_code == 201, response.content
    org = Organization.objects.get(pk=response.json()["id"])
    assert org.path.startswith(world.hanbin.path)
    entry = AuditLog.objects.get(model="core.organization", object_id=str(org.pk), action="create")
    assert entry.user == world.hanbin_officer


def test_officer_cannot_create_under_other_county(world, officer):
    response = post(
        officer,
        f"{API}/organizations",
        {
            "name": "越权工会",
            "kind": "grassroots",
            "parent_id": world.shiquan.pk,
        },
    )
    assert response.status_code == 404
    assert not Organization.objects.filter(name="越权工会").exists()


def test_duplicate_organization_name_is_a_chinese_400(world, officer):
    response = post(
        officer,
        f"{API}/organizations",
        {
            "name": "汉滨区第一中学工会",
            "kind": "grassroots",
            "parent_id": world.hanbin.pk,
        },
    )
    assert response.status_code == 400
    assert "同名" in response.json()["detail"]


def test_auditor_cannot_write(world):
    response = post(
        api_client(world.auditor),
        f"{API}/organizations",
        {
            "name": "审计员建的工会",
            "kind": "grassroots",
            "parent_id": world.hanbin.pk,
        },
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "您的账号无权新增下级组织"


# ---------------------------------------------------------------- employers


def employer_payload(world, **kw):
    data = {
        "credit_code": build_credit_code("91610902MA0000001"),
        "name": "安康汉江物流有限公司",
        "kind": "民营",
        "org_id": world.hanbin.pk,
        "employee_count": 40,
    }
    data.update(kw)
    return data


def test_employer_upsert_creates_then_updates_by_credit_code(world, officer):
    first = post(officer, f"{API}/employers", employer_payload(world))
    assert first.status_code == 201, first.content
    assert first.json()["employer"]["kind"] == "private"
    second = post(officer, f"{API}/employers", employer_payload(world, employee_count=55))
    assert second.status_code == 200
    assert second.json()["created"] is False
    assert Employer.objects.count() == 1
    assert Employer.objects.get().employee_count == 55


def test_wrong_credit_code_check_char_names_the_expected_one(world, officer):
    first17 = "91610902MA0000001"
    expected = credit_code_check_char(first17)
    wrong = "0" if expected != "0" else "1"
    response = post(
        officer, f"{API}/employers", employer_payload(world, credit_code=first17 + wrong)
    )
    assert response.status_code == 400
    assert f"应为{expected}" in response.json()["detail"]


def test_employer_of_other_county_cannot_be_overwritten(world, officer):
    theirs = factories.employer(world.shiquan, "石泉县某矿业有限公司")
    response = post(
        officer, f"{API}/employers", employer_payload(world, credit_code=theirs.credit_code)
    )
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.name == "石泉县某矿业有限公司"
    assert theirs.org == world.shiquan


def test_employer_list_and_detail_are_scoped(world, officer):
    ours = factories.employer(world.hanbin, "汉滨区某商贸公司")
    theirs = factories.employer(world.shiquan, "石泉县某矿业有限公司")
    names = [row["name"] for row in officer.get(f"{API}/employers").json()["items"]]
    assert names == ["汉滨区某商贸公司"]
    assert officer.get(f"{API}/employers/{ours.pk}").status_code == 200
    assert officer.get(f"{API}/employers/{theirs.pk}").status_code == 404


# ---------------------------------------------------------------- persons


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["items"]]


@pytest.mark.parametrize("query", ["张伟", "张", "zhangwei", "zw", "ZHANG"])
def test_person_search_by_name_pinyin_and_initials(world, officer, query):
    assert names(officer.get(f"{API}/persons", {"q": query})) == ["张伟"]


def test_person_search_by_full_id_and_phone(world, officer):
    assert names(officer.get(f"{API}/persons", {"q": world.hanbin_person.id_number})) == ["张伟"]
    assert names(officer.get(f"{API}/persons", {"q": "13800135678"})) == ["张伟"]


def test_person_search_never_finds_other_county(world, officer):
    assert names(officer.get(f"{API}/persons", {"q": "李娜"})) == []
    assert names(officer.get(f"{API}/persons", {"q": world.shiquan_person.id_number})) == []
    assert names(officer.get(f"{API}/persons", {"q": "13900139999"})) == []


def test_person_filters(world, officer):
    factories.person(world.hanbin_union, "王芳", frontline=True, new_employment_form="courier")
    assert names(officer.get(f"{API}/persons", {"frontline": "1"})) == ["王芳"]
    assert names(officer.get(f"{API}/persons", {"new_form": "any"})) == ["王芳"]
    assert names(officer.get(f"{API}/persons", {"status": "retired"})) == []


def test_person_detail_is_masked(world, officer):
    response = officer.get(f"{API}/persons/{world.hanbin_person.pk}")
    body = response.json()
    assert body["id_masked"] == world.hanbin_person.id_masked
    assert body["phone_masked"] == "138****5678"
    assert world.hanbin_person.id_number not in response.content.decode()
    assert "13800135678" not in response.content.decode()


def test_other_county_person_is_404(world, officer):
    response = officer.get(f"{API}/persons/{world.shiquan_person.pk}")
    assert response.status_code == 404
    assert "李娜" not in response.content.decode("unicode_escape")


def person_payload(world, **kw):
    data = {
        "name": "赵敏",
        "id_number": build_id_number("610902", dt.date(1990, 5, 1), 124),
        "org_id": world.hanbin_union.pk,
        "phone": "13712345678",
    }
    data.update(kw)
    return data


def test_person_upsert_same_id_twice_keeps_one_record(world, officer):
    first = post(officer, f"{API}/persons", person_payload(world))
    assert first.status_code == 201, first.content
    second = post(officer, f"{API}/persons", person_payload(world, post="班组长"))
    assert second.status_code == 200
    assert second.json()["created"] is False
    assert Person.objects.filter(name="赵敏").count() == 1
    assert Person.objects.get(name="赵敏").post == "班组长"
    assert second.json()["person"]["sex"] == "F"


def test_person_upsert_with_conflicting_birth_date_is_400(world, officer):
    response = post(officer, f"{API}/persons", person_payload(world, birth_date="1990-05-02"))
    assert response.status_code == 400
    assert "不一致" in response.json()["detail"]


def test_person_upsert_with_bad_check_digit_names_expected(world, officer):
    good = build_id_number("610902", dt.date(1990, 5, 1), 124)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = post(officer, f"{API}/persons", person_payload(world, id_number=bad))
    assert response.status_code == 400
    assert f"应为{good[17]}" in response.json()["detail"]


def test_person_upsert_cannot_touch_other_county_person(world, officer):
    payload = person_payload(world, id_number=world.shiquan_person.id_number, name="李娜")
    response = post(officer, f"{API}/persons", {**payload, "post": "篡改"})
    assert response.status_code == 403
    world.shiquan_person.refresh_from_db()
    assert world.shiquan_person.post == ""


def test_member_can_only_see_self_and_cannot_write(world):
    factories.person(world.hanbin_union, "王芳")
    client = api_client(world.hanbin_member)
    assert names(client.get(f"{API}/persons")) == ["张伟"]
    assert post(client, f"{API}/persons", person_payload(world)).status_code == 403
    assert client.get(f"{API}/organizations").json()["count"] == 0


# ---------------------------------------------------------------- reveal


def test_officer_reveals_full_values_and_it_is_logged(world, officer):
    response = officer.post(f"{API}/persons/{world.hanbin_person.pk}/reveal")
    assert response.status_code == 200
    assert response.json()["id_number"] == world.hanbin_person.id_number
    assert response.json()["phone"] == "13800135678"
    entry = AuditLog.objects.get(action=AuditAction.VIEW_PII)
    assert entry.user == world.hanbin_officer
    assert entry.person == world.hanbin_person


@pytest.mark.parametrize("role", ["hanbin_chair", "auditor", "hanbin_member"])
def test_roles_without_full_pii_cannot_reveal(world, role):
    response = api_client(getattr(world, role)).post(
        f"{API}/persons/{world.hanbin_person.pk}/reveal"
    )
    assert response.status_code == 403
    assert "无权" in response.json()["detail"]
    assert not AuditLog.objects.filter(action=AuditAction.VIEW_PII).exists()


def test_reveal_of_other_county_person_is_404_and_not_logged(world, officer):
    response = officer.post(f"{API}/persons/{world.shiquan_person.pk}/reveal")
    assert response.status_code == 404
    assert not AuditLog.objects.filter(action=AuditAction.VIEW_PII).exists()


# ---------------------------------------------------------------- memberships


def test_transfer_keeps_history_and_one_active_membership(world, officer):
    other = factories.grassroots(world.hanbin, "汉滨区人民医院工会")
    response = post(
        officer,
        f"{API}/memberships/transfer",
        {
            "person_id": world.hanbin_person.pk,
            "to_union_id": other.pk,
            "on": "2025-06-01",
        },
    )
    assert response.status_code == 201, response.content
    rows = officer.get(f"{API}/memberships", {"person_id": world.hanbin_person.pk}).json()["items"]
    assert [(r["union_name"], r["status"]) for r in rows] == [
        ("汉滨区人民医院工会", "active"),
        ("汉滨区第一中学工会", "transferred"),
    ]
    assert Membership.objects.filter(person=world.hanbin_person, status="active").count() == 1


def test_transfer_into_other_county_union_is_refused(world, officer):
    response = post(
        officer,
        f"{API}/memberships/transfer",
        {
            "person_id": world.hanbin_person.pk,
            "to_union_id": world.shiquan_union.pk,
            "on": "2025-06-01",
        },
    )
    assert response.status_code == 404
    assert Membership.objects.get(person=world.hanbin_person).status == MembershipStatus.ACTIVE


def test_transfer_before_joining_date_is_a_chinese_400(world, officer):
    other = factories.grassroots(world.hanbin, "汉滨区人民医院工会")
    response = post(
        officer,
        f"{API}/memberships/transfer",
        {
            "person_id": world.hanbin_person.pk,
            "to_union_id": other.pk,
            "on": "2019-01-01",
        },
    )
    assert response.status_code == 400
    assert "早于入会日期" in response.json()["detail"]


def test_membership_list_is_scoped(world, officer):
    rows = officer.get(f"{API}/memberships").json()["items"]
    assert [r["person_name"] for r in rows] == ["张伟"]
    assert rows[0]["person_id_masked"].count("*") == 8


# ---------------------------------------------------------------- audit log


def test_auditor_reads_the_audit_log_with_filters(world):
    client = api_client(world.auditor)
    body = client.get(f"{API}/audit", {"person": "李娜"}).json()
    assert body["count"] >= 1
    assert {row["person_id"] for row in body["items"]} == {world.shiquan_person.pk}
    by_org = client.get(f"{API}/audit", {"org": world.hanbin.pk, "page_size": 200}).json()["items"]
    assert by_org and all(row["org_id"] != world.shiquan_union.pk for row in by_org)
    total = client.get(f"{API}/audit").json()["count"]
    today = dt.date.today().isoformat()
    assert (
        client.get(f"{API}/audit", {"date_from": today, "date_to": today}).json()["count"] == total
    )
    assert client.get(f"{API}/audit", {"date_to": "2000-01-01"}).json()["count"] == 0


def test_audit_log_filter_by_acting_user(world, officer):
    post(
        officer,
        f"{API}/organizations",
        {
            "name": "汉滨区新工会",
            "kind": "grassroots",
            "parent_id": world.hanbin.pk,
        },
    )
    rows = api_client(world.auditor).get(f"{API}/audit", {"user": "hanbin_officer"}).json()["items"]
    assert [row["object_repr"] for row in rows] == ["汉滨区新工会"]
    assert rows[0]["username"] == "hanbin_officer"


def test_county_officer_cannot_read_audit_log(world, officer):
    response = officer.get(f"{API}/audit")
    assert response.status_code == 403
    assert "审计" in response.json()["detail"]
