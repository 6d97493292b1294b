"""Login with lockout, logout by POST, failures in the audit log."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import AuditAction, AuditLog, User

PASSWORD = "Gonghui#2026"


def attempt(client, username: str, password: str):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def test_login_page_is_chinese_and_has_csrf(client, db):
    body = client.get(reverse("core:login")).content.decode()
    assert "用户登录" in body and "csrfmiddlewaretoken" in body


def test_login_succeeds_and_redirects_home(world, client):
    response = attempt(client, "hanbin_officer", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert "汉滨区总工会" in client.get("/").content.decode()


def test_wrong_password_shows_chinese_message_and_is_audited(world, client):
    response = attempt(client, "hanbin_officer", "wrong")
    assert "用户名或密码错误" in response.content.decode()
    entry = AuditLog.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.user == world.hanbin_officer and "第 1 次" in entry.note


def test_five_failures_lock_the_account_even_for_the_right_password(world, client, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        attempt(client, "hanbin_officer", "wrong")
    fifth = attempt(client, "hanbin_officer", "wrong").content.decode()
    assert f"账号已锁定，请 {settings.LOGIN_LOCKOUT_MINUTES} 分钟后再试" in fifth
    assert (
        AuditLog.objects.filter(action=AuditAction.LOCKED, user=world.hanbin_officer).count() == 1
    )
    right = attempt(client, "hanbin_officer", PASSWORD)
    assert right.status_code == 200 and "账号已锁定" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_expires_after_the_lockout_minutes(world, client, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        attempt(client, "hanbin_officer", "wrong")
    User.objects.filter(username="hanbin_officer").update(
        locked_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert attempt(client, "hanbin_officer", PASSWORD).status_code == 302


def test_success_resets_the_failure_counter(world, client, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        attempt(client, "hanbin_officer", "wrong")
    assert attempt(client, "hanbin_officer", PASSWORD).status_code == 302
    assert User.objects.get(username="hanbin_officer").failed_logins == 0
    client.post(reverse("core:logout"))
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        attempt(client, "hanbin_officer", "wrong")
    assert attempt(client, "hanbin_officer", PASSWORD).status_code == 302


def test_unknown_username_gets_the_same_message(world, client):
    response = attempt(client, "nobody", "x")
    assert "用户名或密码错误" in response.content.decode()


def test_logout_requires_post(world, client):
    client.force_login(world.hanbin_officer)
    assert client.get(reverse("core:logout")).status_code == 405
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("core:login")
    assert "_auth_user_id" not in client.session


def test_login_ignores_an_offsite_next(world, client):
    response = client.post(
        reverse("core:login"),
        {"username": "hanbin_officer", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"
