from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from gonghui.core.demo import seed_ankang_tree
from gonghui.core.models import Organization, Person, Role, User
from tests import factories

# Speed is measured in bench/, never in tests: no per-example deadline, whatever the load.
hypothesis_settings.register_profile(
    "gonghui", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("gonghui")


# ---------------------------------------------------------------- no network


class NetworkBlocked(RuntimeError):
    """A test tried to reach a host other than this machine (not an OSError: nothing retries)."""


_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def _is_local(address: Any) -> bool:
    """Unix sockets and loopback addresses (127.0.0.0/8, ::1, localhost) stay on this machine."""
    if isinstance(address, str | bytes):
        return True  # AF_UNIX path (or abstract name)
    if not isinstance(address, tuple) or not address:
        return False
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host).lower().split("%", 1)[0]  # drop an IPv6 zone
    if host in _LOCAL_NAMES:
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False  # a host name other than localhost
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


def _where(address: Any) -> str:
    if isinstance(address, tuple) and len(address) >= 2:
        host = address[0]
        return f"[{host}]:{address[1]}" if ":" in str(host) else f"{host}:{address[1]}"
    return repr(address)


def _guarded(real: Callable[..., Any]) -> Callable[..., Any]:
    def connect(self: socket.socket, address: Any, *args: Any, **kwargs: Any) -> Any:
        if self.family != getattr(socket, "AF_UNIX", None) and not _is_local(address):
            raise NetworkBlocked(
                f"测试不得访问外部网络：拒绝连接 {_where(address)}"
                "（只允许 127.0.0.1、::1、localhost 和 unix 套接字）"
            )
        return real(self, address, *args, **kwargs)

    connect.__name__ = real.__name__
    connect.__doc__ = real.__doc__
    return connect


@pytest.fixture(scope="session", autouse=True)
def _no_network() -> Iterator[None]:
    """Every connection a test opens stays on this machine (PostgreSQL, Redis, the live server,
    Chromium's devtools); anything else raises NetworkBlocked naming the host."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", _guarded(socket.socket.connect))
        mp.setattr(socket.socket, "connect_ex", _guarded(socket.socket.connect_ex))
        yield


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """MD5 keeps building users cheap; production uses Django's default hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background jobs run inline so tests see their results deterministically.
    settings.JOBS_BACKEND = "sync"


@dataclass
class World:
    """The 安康 tree with one grassroots union and one person in 汉滨 and in 石泉."""

    city: Organization
    hanbin: Organization
    shiquan: Organization
    hanbin_union: Organization
    shiquan_union: Organization
    hanbin_person: Person
    shiquan_person: Person
    city_admin: User
    hanbin_officer: User
    shiquan_officer: User
    hanbin_chair: User
    auditor: User
    hanbin_member: User


@pytest.fixture
def world(db) -> World:
    city = seed_ankang_tree()
    hanbin = Organization.objects.get(code="610902")
    shiquan = Organization.objects.get(code="610922")
    hb_union = factories.grassroots(hanbin, "汉滨区第一中学工会")
    sq_union = factories.grassroots(shiquan, "石泉县供电公司工会")
    hb_person = factories.person(hb_union, "张伟", phone="13800135678")
    sq_person = factories.person(sq_union, "李娜", phone="13900139999", region="610922")
    return World(
        city=city,
        hanbin=hanbin,
        shiquan=shiquan,
        hanbin_union=hb_union,
        shiquan_union=sq_union,
        hanbin_person=hb_person,
        shiquan_person=sq_person,
        city_admin=factories.user(Role.CITY_ADMIN, city, "city_admin"),
        hanbin_officer=factories.user(Role.COUNTY_OFFICER, hanbin, "hanbin_officer"),
        shiquan_officer=factories.user(Role.COUNTY_OFFICER, shiquan, "shiquan_officer"),
        hanbin_chair=factories.user(Role.GRASSROOTS_CHAIR, hb_union, "hanbin_chair"),
        auditor=factories.user(Role.AUDITOR, city, "auditor"),
        hanbin_member=factories.user(Role.MEMBER, hb_union, "hanbin_member", person=hb_person),
    )


# ---------------------------------------------------------------- browser tests

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "Gonghui#2026"  # every user of the world (and of the demo data)
SKIP_REASON = (
    "浏览器测试跳过：未找到 /usr/bin/chromium（Debian 包 chromium，make system-deps 会安装）"
)
# Every browser test module sets `pytestmark = E2E` (or adds its own marks to it).
E2E = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)]
WIDTH, HEIGHT = 1400, 1000


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Playwright + Chromium per test process, shared by every app's browser tests.

    The sync API keeps an event loop in this thread, so a second sync_playwright() in the same
    process would fail: all e2e tests must use this fixture (through `page`, `new_page`, `login`).
    """
    if not CHROMIUM.exists():
        pytest.skip(SKIP_REASON)
    sync_api = pytest.importorskip("playwright.sync_api", reason="未安装 Python 包 playwright")
    # The sync API runs an event loop in this thread; Django's ORM calls made by the test itself
    # (fixtures, assertions) would otherwise refuse to run "in an async context".
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """`new_page(width=…, height=…)`: a page in a browser context of its own (its own cookies,
    so one signed-in user each), Chinese locale, downloads accepted; closed after the test."""
    contexts: list[Any] = []

    def open_page(*, width: int = WIDTH, height: int = HEIGHT) -> Any:
        context = browser.new_context(
            locale="zh-CN", accept_downloads=True, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """One page for a test that needs a single user (or none)."""
    return new_page()


@pytest.fixture
def login(new_page: Callable[..., Any], live_server: Any) -> Callable[..., Any]:
    """`login(username, password=PASSWORD, page=None, width=…, height=…) -> page`: signs in
    through the real login form, on `page` or on a new page of its own, and returns the page
    once the form's answer has loaded (the next page, or the login page with its error)."""

    def log_in(
        username: str,
        password: str = PASSWORD,
        *,
        page: Any = None,
        width: int = WIDTH,
        height: int = HEIGHT,
    ) -> Any:
        page = page if page is not None else new_page(width=width, height=height)
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="登录").click()
        return page

    return log_in


@pytest.fixture
def shot() -> Callable[[Any, str], None]:
    """`shot(page, name)`: a full-page screenshot at /tmp/e2e-<name>.png for a person to see."""

    def take(page: Any, name: str) -> None:
        page.screenshot(path=f"/tmp/e2e-{name}.png", full_page=True)

    return take
