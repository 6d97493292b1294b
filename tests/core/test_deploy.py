"""Production settings pass Django's deployment checks and serve collected static files;
writes need a CSRF token."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def gonghui_env(var_dir: Path, **env: str) -> dict[str, str]:
    """A clean environment for a fresh `gonghui` process: no GONGHUI_* or DATABASE_URL leaks in."""
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GONGHUI_")
        and k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    }
    environ.update({"PYTHONPATH": str(ROOT / "src"), "GONGHUI_VAR_DIR": str(var_dir), **env})
    return environ


def run_gonghui(var_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`gonghui <args>` in a new process with its own var/ directory."""
    return subprocess.run(
        [sys.executable, "-m", "gonghui", *args],
        env=gonghui_env(var_dir, **env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def run_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run_gonghui(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        GONGHUI_PRODUCTION="1",
        GONGHUI_ALLOWED_HOSTS="gonghui.example",
        **env,
    )


def test_check_deploy_passes_with_production_settings(tmp_path):
    done = run_check(tmp_path, GONGHUI_SECRET_KEY=secrets.token_urlsafe(60))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_catches_a_weak_secret_key(tmp_path):
    done = run_check(tmp_path, GONGHUI_SECRET_KEY="short")
    assert done.returncode != 0
    assert "security.W009" in done.stdout + done.stderr


def test_collectstatic_with_production_storage_covers_every_vendored_file(tmp_path):
    """Production's manifest storage fails on a reference to a missing file; the Swagger UI
    files come from django-ninja and must be collected too (`make run` runs collectstatic)."""
    done = run_gonghui(
        tmp_path, "collectstatic", "--noinput", "--verbosity", "0", GONGHUI_PRODUCTION="1"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    manifest = json.loads((tmp_path / "staticfiles" / "staticfiles.json").read_text())
    for name in (
        "vendor/htmx-2.0.11/htmx.min.js",
        "vendor/bootstrap-5.3.8/bootstrap.min.css",
        "vendor/echarts-5.6.0/echarts.min.js",
        "ninja/swagger-ui-bundle.js",
        "ninja/swagger-ui.css",
        "ninja/swagger-ui-init.js",
        "gonghui/app.css",
    ):
        assert name in manifest["paths"], name


def test_login_post_without_csrf_token_is_refused_with_a_chinese_page(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "hanbin_officer", "password": "Gonghui#2026"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "请刷新页面后重试" in page
    assert "CSRF verification failed" not in page


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
