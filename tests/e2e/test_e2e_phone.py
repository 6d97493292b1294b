"""A worker on a phone (375 px): the menu waits behind its button, the content takes the whole
width and no page of theirs scrolls sideways; the claim form opens the camera; the desktop keeps
its side menu."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gonghui.honors.services import demand_file
from gonghui.mutual_aid.models import Category
from tests.conftest import E2E
from tests.mutual_aid.conftest import aid, enroll_paid, file_hospital  # noqa: F401

pytestmark = [*E2E, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1366, "height": 800}
WORKER_PAGES = [
    ("工作台", "/"),
    ("我的劳模服务", "/honors/my/"),
    ("我的疗休养", "/recuperation/mine/"),
    ("我的互助保障", "/mutual-aid/mine/"),
    ("申领互助金", "/mutual-aid/claims/new/"),
    ("进度查询", "/mutual-aid/progress/"),
]
PUBLIC_PAGES = [
    ("登录", "/login/"),
    ("职工注册", "/register/"),
    ("进度查询", "/mutual-aid/progress/"),
]
SHOTS = Path("/tmp/shots/phone")


@pytest.fixture
def worker_data(aid, world):  # noqa: F811
    """The worker has a claim in progress and a demand, so their pages hold rows."""
    enrollment = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    file_hospital(aid, enrollment)
    demand_file(user=world.hanbin_member, person=world.hanbin_person, title="子女入学", content="x")


def _fits(page: Any) -> None:
    """The page does not scroll sideways and its content uses (nearly) the whole width."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"
    main = page.eval_on_selector("main", "m => m.getBoundingClientRect().width")
    assert main >= 350, f"{page.url}: content only {main}px wide"


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"e2e-{name}.png"), full_page=True)


def test_worker_pages_fit_a_phone_with_the_menu_behind_its_button(
    world, worker_data, live_server, login
):
    page = login("hanbin_member", **PHONE)
    for label, path in WORKER_PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, label
        assert not page.locator("nav.gh-sidebar").is_visible(), f"{label}: menu not collapsed"
        assert page.locator(".gh-menu-toggle").is_visible(), label
        _fits(page)
        _shot(page, f"phone-{path.strip('/').replace('/', '-') or 'home'}")


def test_the_menu_button_opens_the_menu_and_a_link_closes_it(world, live_server, login):
    page = login("hanbin_member", **PHONE)
    page.locator(".gh-menu-toggle").click()
    menu = page.locator("nav.gh-sidebar")
    menu.wait_for(state="visible")
    assert "hanbin_member" in page.locator("#gh-menu").inner_text()
    menu.get_by_role("link", name="我的互助保障").click()
    page.wait_for_url(f"{live_server.url}/mutual-aid/mine/")
    page.get_by_role("heading", name="我的互助保障").wait_for()
    assert not menu.is_visible()


def test_public_pages_fit_a_phone(world, live_server, new_page):
    page = new_page(**PHONE)
    for label, path in PUBLIC_PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, label
        _fits(page)


def test_the_claim_form_takes_photos_with_the_camera(world, live_server, login):
    page = login("hanbin_member", **PHONE)
    page.goto(f"{live_server.url}/mutual-aid/claims/new/")
    upload = page.locator("input[name=documents]")
    assert upload.get_attribute("accept") == "image/*"
    assert upload.get_attribute("capture") == "environment"
    assert upload.get_attribute("multiple") is not None
    # A PDF or a photo already taken: the same input then picks files.
    page.get_by_role("button", name="改为选择PDF或相册中的图片").click()
    assert upload.get_attribute("capture") is None
    assert ".pdf" in (upload.get_attribute("accept") or "")


def test_the_desktop_keeps_the_side_menu(world, worker_data, live_server, login):
    page = login("hanbin_member", **DESKTOP)
    for label, path in WORKER_PAGES:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("nav.gh-sidebar").is_visible(), label
        assert not page.locator(".gh-menu-toggle").is_visible(), label
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
