"""One login path: /login/ with its lockout and audit; no Django admin login beside it."""

from __future__ import annotations

from django.urls import get_resolver

from gonghui.core.models import AuditAction, AuditLog

PASSWORD = "Gonghui#2026"


def test_admin_login_no_longer_exists(world, client, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post("/login/", {"username": "city_admin", "password": "wrong"})
    # The account is locked: the old /admin/login/ must not let it in either.
    response = client.post("/admin/login/", {"username": "city_admin", "password": PASSWORD})
    assert response.status_code == 404
    assert "_auth_user_id" not in client.session
    assert client.get("/", follow=False).status_code == 302  # still sent to the login page


def test_no_route_of_the_project_belongs_to_the_admin_site():
    namespaces = set(get_resolver().namespace_dict)
    assert "admin" not in namespaces
    assert not any(str(p.pattern).startswith("admin") for p in get_resolver().url_patterns)


def test_failures_on_the_one_login_path_are_counted_and_audited(world, client):
    client.post("/login/", {"username": "city_admin", "password": "wrong"})
    world.city_admin.refresh_from_db()
    assert world.city_admin.failed_logins == 1
    assert AuditLog.objects.filter(action=AuditAction.LOGIN_FAILED, user=world.city_admin).exists()
