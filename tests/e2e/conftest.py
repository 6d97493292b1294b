"""Playwright (sync API) against Debian's Chromium and pytest-django's live_server.

Never runs `playwright install`: the browser is /usr/bin/chromium, and the whole directory is
skipped with a clear reason when it is missing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "Gonghui#2026"

SKIP_REASON = (
    "浏览器测试跳过：未找到 /usr/bin/chromium（Debian 包 chromium，make system-deps 会安装）"
)
# Every e2e module sets `pytestmark = E2E`.
E2E = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)]

# The sync Playwright API runs an event loop in this thread; Django's ORM calls made by the
# test itself (fixtures, assertions) would otherwise refuse to run "in an async context".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _e2e_settings(settings: Any, tmp_path: Path) -> None:
    # Full-strength PBKDF2 costs ~0.4 s per user the fixtures create; not under test here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background jobs run inline so an upload's preview is ready when the page loads.
    settings.JOBS_BACKEND = "sync"
    settings.MEDIA_ROOT = tmp_path / "media"


def login(page: Any, live_server: Any, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login form."""
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")


def shot(page: Any, name: str) -> None:
    page.screenshot(path=f"/tmp/e2e-{name}.png", full_page=True)
