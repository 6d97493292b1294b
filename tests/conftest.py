from __future__ import annotations

import os
from collections.abc import Iterator
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


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Playwright + Chromium per test process, shared by every app's browser tests.

    The sync API keeps an event loop in this thread, so a second sync_playwright() in the same
    process would fail: all e2e tests must use this fixture.
    """
    if not CHROMIUM.exists():
        pytest.skip("浏览器测试跳过：未找到 /usr/bin/chromium（Debian 包 chromium）")
    sync_api = pytest.importorskip("playwright.sync_api", reason="未安装 Python 包 playwright")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()
