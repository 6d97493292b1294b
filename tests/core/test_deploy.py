"""Production settings pass Django's deployment checks; writes need a CSRF token."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def run_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GONGHUI_") and k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environ.update(
        {
            "PYTHONPATH": str(ROOT / "src"),
            "GONGHUI_VAR_DIR": str(tmp_path),
            "GONGHUI_PRODUCTION": "1",
            "GONGHUI_ALLOWED_HOSTS": "gonghui.example",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "gonghui", "check", "--deploy", "--fail-level", "WARNING"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_production_settings(tmp_path):
    done = run_check(tmp_path, GONGHUI_SECRET_KEY=secrets.token_urlsafe(60))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_catches_a_weak_secret_key(tmp_path):
    done = run_check(tmp_path, GONGHUI_SECRET_KEY="short")
    assert done.returncode != 0
    assert "security.W009" in done.stdout + done.stderr


def test_login_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "hanbin_officer", "password": "Gonghui#2026"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_login_with_the_csrf_token_works(world):
    client = Client(enforce_csrf_checks=True)
    client.get("/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/login/",
        {
            "username": "hanbin_officer",
            "password": "Gonghui#2026",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.hanbin_officer.pk)
