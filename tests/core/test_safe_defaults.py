"""Safe by default: DEBUG off, Chinese error pages, JSON API errors without traces, errors
logged to a private file, no caching of personal data, var/ files for the owner only, and
/api/docs without a CDN."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import path, reverse

import gonghui.urls
from gonghui import api as api_module
from gonghui.core import security
from gonghui.core.permissions import Denied
from tests.core.test_api import api_client
from tests.core.test_deploy import gonghui_env

ID_NUMBER = "61090219900101402X"
PHONE = "13912345670"


# ---------------------------------------------------------------- a urlconf with failing views


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(request.GET.get("marker", "boom"))


def _denied(request: HttpRequest) -> HttpResponse:
    raise Denied("您的账号无权测试此操作", action="core.person.change")


urlpatterns = [
    path("test-boom/", _boom),
    path("test-denied/", _denied),
    *gonghui.urls.urlpatterns,
]
handler403 = gonghui.urls.handler403
handler404 = gonghui.urls.handler404
handler500 = gonghui.urls.handler500

FAILING_VIEWS = pytest.mark.urls("tests.core.test_safe_defaults")


def _log_size() -> int:
    log_file = Path(settings.LOG_FILE)
    return log_file.stat().st_size if log_file.exists() else 0


def _log_since(offset: int) -> str:
    """What was written to var/logs/gonghui.log after `offset` (other runs share the file)."""
    with Path(settings.LOG_FILE).open("rb") as fh:
        fh.seek(offset)
        return fh.read().decode("utf-8")


# ---------------------------------------------------------------- DEBUG


def _debug_in_fresh_process(tmp_path: Path, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"],
        env=gonghui_env(tmp_path, DJANGO_SETTINGS_MODULE="gonghui.settings", **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def test_debug_is_off_when_nothing_is_set(tmp_path):
    assert _debug_in_fresh_process(tmp_path) == "False"


def test_debug_is_on_only_with_gonghui_debug(tmp_path):
    assert _debug_in_fresh_process(tmp_path, GONGHUI_DEBUG="1") == "True"


def test_production_ignores_gonghui_debug(tmp_path):
    assert _debug_in_fresh_process(tmp_path, GONGHUI_DEBUG="1", GONGHUI_PRODUCTION="1") == "False"


# ---------------------------------------------------------------- error pages


def test_person_outside_ones_area_answers_the_chinese_404_in_the_site_frame(world, client):
    client.force_login(world.hanbin_officer)
    response = client.get(reverse("core:person_detail", args=[world.shiquan_person.pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "找不到该页面或记录" in page
    assert 'aria-label="主菜单"' in page  # the site's frame, with the user's menu
    for leak in ("URLconf", "Page not found", "No Person matches", "Using the URLconf"):
        assert leak not in page


@FAILING_VIEWS
def test_denied_page_is_chinese_with_the_denial_message(world, client):
    client.force_login(world.hanbin_officer)
    response = client.get("/test-denied/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "无权访问" in page and "您的账号无权测试此操作" in page
    assert 'aria-label="主菜单"' in page


@FAILING_VIEWS
def test_500_page_shows_nothing_posted_and_the_error_is_logged_with_traceback(world):
    marker = f"boom-{uuid.uuid4().hex}"
    client = Client(raise_request_exception=False)
    client.force_login(world.hanbin_officer)
    offset = _log_size()
    response = client.post(f"/test-boom/?marker={marker}", {"id_number": ID_NUMBER, "phone": PHONE})
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统暂时出错" in page and "gh-topbar" in page
    for leak in (ID_NUMBER, PHONE, marker, "Traceback", "RuntimeError"):
        assert leak not in page
    log = _log_since(offset)
    entry = log[log.index("Internal Server Error: /test-boom/") :]
    assert "Traceback" in entry and f"RuntimeError: {marker}" in entry
    assert ID_NUMBER not in log and PHONE not in log


def test_500_page_renders_in_the_frame_without_touching_the_database():
    # No `db` fixture: any query here would raise, and the handler would fall back to plain HTML.
    response = security.server_error(RequestFactory().post("/x/", {"phone": PHONE}))
    assert response.status_code == 500
    page = response.content.decode()
    assert "gh-topbar" in page and "系统暂时出错" in page
    assert PHONE not in page


def test_500_page_falls_back_to_plain_html_when_the_frame_cannot_render(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(security.loader, "render_to_string", broken)
    response = security.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert response.content.decode() == security.PLAIN_500


# ---------------------------------------------------------------- API errors


@pytest.mark.parametrize("debug", [False, True])
def test_api_unhandled_error_is_json_without_traceback_and_logged(
    world, monkeypatch, settings, debug
):
    settings.DEBUG = debug
    marker = f"api-boom-{uuid.uuid4().hex}"

    def boom(**kwargs):
        raise RuntimeError(marker)

    monkeypatch.setattr("gonghui.core.selectors.organization_list", boom)
    offset = _log_size()
    response = api_client(world.hanbin_officer).get("/api/core/organizations")
    assert response.status_code == 500
    assert response.json() == {"detail": api_module.SERVER_ERROR}
    assert "Traceback" not in response.content.decode() and marker not in response.content.decode()
    log = _log_since(offset)
    assert "API error: GET /api/core/organizations" in log
    assert "Traceback" in log and f"RuntimeError: {marker}" in log


def test_api_denied_is_a_json_403_with_its_message(world, monkeypatch):
    def deny(**kwargs):
        raise Denied("您的账号无权查看组织", action="core.organization.change")

    monkeypatch.setattr("gonghui.core.selectors.organization_list", deny)
    response = api_client(world.hanbin_officer).get("/api/core/organizations")
    assert response.status_code == 403
    assert response.json() == {"detail": "您的账号无权查看组织"}


def test_api_http404_is_a_chinese_json_404(world, monkeypatch):
    from django.http import Http404

    def missing(**kwargs):
        raise Http404("No Organization matches the given query.")

    monkeypatch.setattr("gonghui.core.selectors.organization_list", missing)
    response = api_client(world.hanbin_officer).get("/api/core/organizations")
    assert response.status_code == 404
    assert response.json() == {"detail": api_module.NOT_FOUND}


def test_openapi_documents_the_json_error_answers(world):
    client = Client()
    client.force_login(world.city_admin)
    schema = client.get("/api/openapi.json").json()
    assert "detail" in schema["components"]["schemas"]["ErrorOut"]["properties"]
    operation = schema["paths"]["/api/core/organizations"]["get"]
    for code in ("401", "403", "500"):
        ref = operation["responses"][code]["content"]["application/json"]["schema"]["$ref"]
        assert ref == "#/components/schemas/ErrorOut"


# ---------------------------------------------------------------- no caching of personal data


def _assert_no_store(response: HttpResponse) -> None:
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


def test_person_page_is_not_stored_by_the_browser(world, client):
    client.force_login(world.hanbin_officer)
    response = client.get(reverse("core:person_detail", args=[world.hanbin_person.pk]))
    assert response.status_code == 200
    _assert_no_store(response)


def test_xlsx_export_is_not_stored_by_the_browser(world, client):
    client.force_login(world.hanbin_officer)
    response = client.post(reverse("core:person_list"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    _assert_no_store(response)


def test_api_answer_is_not_stored(world):
    response = api_client(world.hanbin_officer).get("/api/core/organizations")
    assert response.status_code == 200
    _assert_no_store(response)


def test_static_files_keep_their_caching(world, client):
    response = client.get("/static/vendor/htmx-2.0.11/htmx.min.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# ---------------------------------------------------------------- file modes under var/

MODES_SCRIPT = """
import logging, os, stat
import django
django.setup()
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE t (x integer)")
    cursor.execute("INSERT INTO t VALUES (1)")
# The WAL file exists while the connection is open (SQLite removes it on close).
print(oct(stat.S_IMODE(os.stat(settings.DATABASES["default"]["NAME"] + "-wal").st_mode)))
logging.getLogger("gonghui").error("test entry")
default_storage.save("mutual_aid/X1/doc.pdf", ContentFile(b"%PDF"))
"""


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_var_files_are_for_the_owner_only(tmp_path):
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    (var / "secret_key").write_text("an-old-key-written-world-readable-" + "x" * 30)
    (var / "secret_key").chmod(0o644)
    done = subprocess.run(
        [sys.executable, "-c", MODES_SCRIPT],
        env=gonghui_env(var, DJANGO_SETTINGS_MODULE="gonghui.settings"),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert _mode(var) == 0o700
    for name in ("secret_key", "pii_key", "gonghui.sqlite3"):
        assert _mode(var / name) == 0o600, name
    assert done.stdout.strip() == "0o600"  # gonghui.sqlite3-wal
    assert _mode(var / "logs") == 0o700
    assert _mode(var / "logs" / "gonghui.log") == 0o600
    assert "test entry" in (var / "logs" / "gonghui.log").read_text()
    assert _mode(var / "media") == 0o700
    assert _mode(var / "media" / "mutual_aid" / "X1") == 0o700
    assert _mode(var / "media" / "mutual_aid" / "X1" / "doc.pdf") == 0o600


# ---------------------------------------------------------------- no CDN


CDN = re.compile(r"cdn|unpkg|jsdelivr|googleapis|cloudflare", re.IGNORECASE)
ASSET = re.compile(r'(?:src|href)="([^"]+\.(?:js|css))"')


def test_api_docs_load_swagger_from_this_server(world):
    client = Client()
    client.force_login(world.city_admin)
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert not CDN.search(page)
    assets = ASSET.findall(page)
    assert any("swagger-ui-bundle" in a for a in assets)
    for url in assets:
        assert url.startswith("/static/"), url
        assert client.get(url).status_code == 200, url


def test_pages_load_htmx_echarts_and_css_from_this_server(world, client):
    client.force_login(world.hanbin_officer)
    page = client.get(reverse("core:home")).content.decode()
    assets = ASSET.findall(page)
    assert any("htmx" in a for a in assets) and any("bootstrap" in a for a in assets)
    for url in assets:
        assert url.startswith("/static/"), url
    assert not CDN.search(page)
