"""API errors reach the client in Chinese, with the offending field named."""

from django.test import Client

from tests.core.test_api import API, api_client, post


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
