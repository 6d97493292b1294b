"""Hostile query strings on every page answer a page or a Chinese 400, never a 500.

Logged in as the city admin, every parameterless route (pages, list pages, the API's lists)
is requested with the common query parameters all set to one hostile value at once. A group of
parameters answered with 400 is split in halves and retried, down to the one refused, so that a
refusal of one parameter cannot hide another's crash.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.core.test_scope_walk import SKIP_ROUTE_NAMES, all_routes

# The query parameters the pages and the API read (filters, paging, years, record ids).
PARAMS = [
    "year",
    "page",
    "page_size",
    "org",
    "q",
    "sort",
    "person",
    "person_id",
    "union",
    "county",
    "level",
    "status",
    "kind",
    "plan",
    "plan_id",
    "employer",
    "employer_id",
    "batch",
    "from",
    "part",
    "export",
    "date_from",
    "date_to",
    "month",
    "valid",
    "overdue",
]
HOSTILE = [
    "0",
    "99999999",
    "abc",
    str(10**20),
    "-1",
    "\x00",
    "²",  # str.isdigit() says yes, int() says no
    "1e20",
    "9" * 5000,  # int() refuses more than 4300 digits
    "x" * 5000,
    "2024-13-45",
]


def _get(client: Client, url: str, query: dict[str, str]) -> int:
    return client.get(f"/{url}?{urlencode(query)}").status_code


def _crashes(client: Client, url: str, names: list[str], value: str) -> list[str]:
    """The parameters (alone or in groups) whose hostile value gives a 5xx on this route."""
    status = _get(client, url, dict.fromkeys(names, value))
    if status >= 500:
        if len(names) == 1:
            return [f"/{url}?{names[0]}={value[:20]!r} → {status}"]
    elif status != 400 or len(names) == 1:
        return []  # the page (or its Chinese 400) came back for all of these together
    half = len(names) // 2
    return _crashes(client, url, names[:half], value) + _crashes(client, url, names[half:], value)


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v[:12]))
def test_hostile_query_values_never_crash_a_page(world, value):
    client = Client(raise_request_exception=False)
    client.force_login(world.city_admin)
    crashes: list[str] = []
    for route in all_routes():
        if route.params or route.name in SKIP_ROUTE_NAMES:
            continue
        crashes += _crashes(client, route.template, PARAMS, value)
    assert not crashes, "\n".join(crashes)


# ---------------------------------------------------------------- what the walk found


def _admin(world) -> Client:
    client = Client()
    client.force_login(world.city_admin)
    return client


def _chinese_400(response, message: str) -> None:
    assert response.status_code == 400
    text = response.content.decode()
    assert "请求有误" in text and message in text
    assert "工作台" in text  # the site's frame, not Django's bare "Bad Request (400)"


def test_a_year_of_zero_on_the_aid_statistics_is_a_chinese_400(world):
    response = _admin(world).get("/mutual-aid/stats/", {"year": "0"})
    _chinese_400(response, "年度）应为1900至2100之间的整数")


def test_a_year_in_superscript_digits_on_the_honors_pages_is_a_chinese_400(world):
    # "²".isdigit() is True, int("²") raises.
    response = _admin(world).get("/honors/rules/", {"year": "²"})
    _chinese_400(response, "年度")


def test_a_person_in_superscript_digits_on_the_new_honor_page_is_a_chinese_400(world):
    response = _admin(world).get("/honors/honors/new/", {"person": "²"})
    _chinese_400(response, "人员")


def test_a_person_in_superscript_digits_on_the_new_demand_page_is_a_chinese_400(world):
    response = _admin(world).get("/honors/demands/new/", {"person": "²"})
    _chinese_400(response, "人员")


def test_a_source_plan_in_superscript_digits_on_the_new_aid_plan_page_is_a_chinese_400(world):
    response = _admin(world).get("/mutual-aid/plans/new/", {"from": "²"})
    _chinese_400(response, "保障项目")


def test_a_year_in_superscript_digits_on_the_calendar_is_a_chinese_400(world):
    response = _admin(world).get("/calendar/", {"year": "²"})
    _chinese_400(response, "年度")


def test_a_year_in_superscript_digits_for_the_aid_plans_is_refused_with_a_message(world):
    response = _admin(world).post("/mutual-aid/plans/", {"year": "²"}, follow=True)
    assert response.status_code == 200
    assert "年度“²”无效" in response.content.decode()
