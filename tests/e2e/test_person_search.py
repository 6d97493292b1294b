"""人员档案: typing pinyin or initials in the search box finds the person."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import E2E

pytestmark = [*E2E, pytest.mark.django_db(transaction=True)]


def _search(page: Any, text: str) -> Any:
    """Type into the list's search box and press Enter; returns the results region."""
    box = page.get_by_role("searchbox")
    box.fill(text)
    box.press("Enter")
    return page.locator("#list-results")


def test_full_pinyin_finds_the_person(world, live_server, page, login, shot):
    factories.person(world.hanbin_union, "王芳")
    login("hanbin_officer", page=page)
    page.get_by_role("link", name="人员档案").first.click()
    page.get_by_role("heading", name="人员档案").wait_for()
    expect(page.locator("#list-results")).to_contain_text("王芳")

    results = _search(page, "zhangwei")
    expect(results).not_to_contain_text("王芳")
    expect(results).to_contain_text("张伟")
    expect(results).to_contain_text("共 1 条")
    expect(page).to_have_url(re.compile(r"q=zhangwei"))  # shareable, back button works
    shot(page, "person-search")


def test_initials_find_the_person_and_scope_hides_other_counties(world, live_server, page, login):
    factories.person(world.shiquan_union, "赵伟", region="610922")  # 石泉: outside 汉滨's scope
    factories.person(world.hanbin_union, "王芳")
    login("hanbin_officer", page=page)
    page.goto(f"{live_server.url}/persons/")
    results = _search(page, "zw")
    expect(results).not_to_contain_text("王芳")
    expect(results).to_contain_text("张伟")
    expect(results).not_to_contain_text("赵伟")
    results = _search(page, "没有这个人")
    expect(results).to_contain_text("没有符合条件的记录")
