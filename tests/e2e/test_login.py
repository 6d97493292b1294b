"""Logging in: a wrong password shows the Chinese error, the right one lands on 工作台."""

from __future__ import annotations

import re

import pytest

from tests.conftest import E2E, PASSWORD

pytestmark = [*E2E, pytest.mark.django_db(transaction=True)]


def test_wrong_password_shows_the_chinese_error_and_stays_on_login(
    world, live_server, page, login, shot
):
    login("hanbin_officer", "wrong-password", page=page)
    assert page.url.startswith(f"{live_server.url}/login/")
    alert = page.get_by_role("alert")
    assert "用户名或密码错误" in alert.inner_text()
    assert page.get_by_role("heading", name="工作台").count() == 0
    shot(page, "login-error")


def test_right_password_lands_on_the_workbench(world, live_server, page, shot):
    page.goto(f"{live_server.url}/persons/")  # a protected page sends the visitor to login
    assert "/login/" in page.url
    page.get_by_label("用户名").fill("hanbin_officer")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/persons/"))
    page.get_by_role("link", name="工作台").first.click()
    heading = page.get_by_role("heading", name="工作台")
    heading.wait_for()
    assert "汉滨区总工会" in page.locator("header").inner_text()
    assert "县区工会干部" in page.locator("header").inner_text()
    shot(page, "login")
