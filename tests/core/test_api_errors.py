"""API errors reach the client in Chinese, with the offending field named."""

import json

from django.test import Client

from gonghui.core.models import Employer
from gonghui.core.params import MAX_PAGE
from tests.core.test_api import API, api_client, employer_payload, post


def test_missing_token_gets_a_chinese_401(world):
    response = Client().get(f"{API}/persons")
    assert response.status_code == 401
    assert "令牌" in response.json()["detail"]


def test_malformed_body_gets_a_chinese_400_naming_the_field(world):
    response = post(
        api_client(world.hanbin_officer), f"{API}/organizations", {"kind": "grassroots"}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith("请求数据有误")
    assert any(err["field"] == "name" for err in body["errors"])


# ---------------------------------------------------------------- bounds (schemathesis findings)


def _refused(response, field: str) -> dict:
    """A JSON 400 naming `field`, in Chinese."""
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["detail"].startswith("请求数据有误")
    assert field in [err["field"] for err in body["errors"]], body
    return body


def test_an_organization_filter_that_is_not_an_id_is_refused(world):
    response = api_client(world.city_admin).get(f"{API}/persons", {"org": "abc"})
    assert _refused(response, "org")["errors"][0]["message"] == "应为整数"


def test_a_page_beyond_the_last_possible_one_is_refused(world):
    response = api_client(world.city_admin).get(f"{API}/organizations", {"page": 10**20})
    assert "应不大于" in _refused(response, "page")["errors"][0]["message"]


def test_a_page_size_above_200_is_refused(world):
    response = api_client(world.city_admin).get(f"{API}/organizations", {"page_size": 10**6})
    _refused(response, "page_size")


def test_an_employer_filter_beyond_a_bigint_is_refused(world):
    response = api_client(world.hanbin_officer).get(
        "/api/mutual-aid/enrollments", {"employer_id": "99999999999999999999999"}
    )
    _refused(response, "employer_id")


def test_a_record_id_beyond_a_bigint_in_the_path_is_refused(world):
    response = api_client(world.city_admin).get(f"/api/honors/workers/{2**67}")
    _refused(response, "person_id")


def test_a_record_id_that_is_not_a_number_gets_a_json_answer(world):
    response = api_client(world.city_admin).get(f"{API}/persons/abc")
    _refused(response, "person_id")


def test_a_year_outside_1900_to_2100_is_refused(world):
    client = api_client(world.city_admin)
    _refused(client.get("/api/recuperation/plans", {"year": 0}), "year")
    _refused(client.get("/api/honors/visits", {"year": 99999999}), "year")


def test_a_search_with_a_nul_character_is_refused(world):
    # PostgreSQL text cannot hold NUL: the query would fail there with a 500.
    response = api_client(world.city_admin).get(f"{API}/persons", {"q": "张\x00伟"})
    assert _refused(response, "q")["errors"][0]["message"] == "不能含空字符（NUL）"


def test_an_audit_date_must_be_written_as_a_date(world):
    # pydantic alone reads "0" as the Unix epoch, 1970-01-01.
    response = api_client(world.auditor).get(f"{API}/audit", {"date_from": "0"})
    _refused(response, "date_from")


def test_an_employee_count_too_large_for_the_database_is_refused(world):
    payload = employer_payload(world, employee_count=1e20)
    response = post(api_client(world.hanbin_officer), f"{API}/employers", payload)
    assert _refused(response, "employee_count")["errors"][0]["message"] == "数值超出范围"
    assert not Employer.objects.filter(name=payload["name"]).exists()


def test_a_name_longer_than_its_column_is_refused(world):
    # SQLite would store it; PostgreSQL's varchar(120) would fail with a 500.
    response = post(
        api_client(world.hanbin_officer),
        f"{API}/organizations",
        {"name": "工" * 121, "kind": "grassroots", "parent_id": world.hanbin.pk},
    )
    assert _refused(response, "name")["errors"][0]["message"] == "最多120个字符"


def test_openapi_documents_the_400_of_every_operation_with_parameters(world):
    schema = Client().get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if operation.get("parameters") or operation.get("requestBody"):
                assert "400" in operation["responses"], f"{method.upper()} {path}"


def test_openapi_lists_each_status_code_once(world):
    raw = Client().get("/api/openapi.json").content.decode()
    responses = json.loads(raw, object_pairs_hook=_no_duplicate_keys)["paths"]
    assert responses  # parsing raised on a key written twice ("404" from ninja and from us)


def test_openapi_states_the_bounds_of_ids_pages_and_years(world):
    schema = Client().get("/api/openapi.json").json()
    params = {
        p["name"]: p["schema"]
        for p in schema["paths"]["/api/mutual-aid/enrollments"]["get"]["parameters"]
    }
    assert params["page"]["maximum"] == MAX_PAGE
    employer = next(s for s in params["employer_id"]["anyOf"] if s.get("type") == "integer")
    assert (employer["minimum"], employer["maximum"]) == (1, 2**63 - 1)
    year = next(s for s in params["year"]["anyOf"] if s.get("type") == "integer")
    assert (year["minimum"], year["maximum"]) == (1900, 2100)


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [k for k, _ in pairs]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, f"key written twice in openapi.json: {sorted(duplicates)}"
    return dict(pairs)


def test_an_employee_count_above_the_integer_column_is_refused(world):
    # SQLite stores 2**31; PostgreSQL's integer column would fail with a 500.
    payload = employer_payload(world, employee_count=2**31)
    response = post(api_client(world.hanbin_officer), f"{API}/employers", payload)
    _refused(response, "employee_count")
