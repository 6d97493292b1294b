"""The public progress query refuses an address after 5 misses in 15 minutes, for 15 minutes."""

from __future__ import annotations

import re

import pytest

from gonghui.mutual_aid import throttle
from gonghui.mutual_aid.models import Category
from tests.mutual_aid.conftest import enroll_paid, file_hospital

URL = "/mutual-aid/progress/"
BLOCKED = "查询失败次数过多"


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by hand."""
    now = {"t": 1_800_000_000.0}
    monkeypatch.setattr(throttle, "_now", lambda: now["t"])
    return now


@pytest.fixture
def claim(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    return file_hospital(aid, e)


def _ask(client, number, id_number, ip="203.0.113.7"):
    return client.get(URL, {"number": number, "id_number": id_number}, REMOTE_ADDR=ip)


def _miss(client, claim, world, ip="203.0.113.7"):
    return _ask(client, claim.number, world.shiquan_person.id_number, ip)


def test_fifth_miss_pauses_the_query_even_for_the_right_id(client, claim, world, clock):
    for _ in range(4):
        page = _miss(client, claim, world).content.decode()
        assert "未查到" in page and BLOCKED not in page
    fifth = _miss(client, claim, world).content.decode()
    assert "未查到" in fifth and BLOCKED in fifth
    right = _ask(client, claim.number, world.hanbin_person.id_number)
    body = right.content.decode()
    assert right.status_code == 429
    assert "请约15分钟后再试" in body
    assert "已提交（待受理）" not in body


def test_the_pause_ends_after_fifteen_minutes(client, claim, world, clock):
    for _ in range(5):
        _miss(client, claim, world)
    clock["t"] += 14 * 60
    still = _ask(client, claim.number, world.hanbin_person.id_number)
    assert still.status_code == 429 and "请约1分钟后再试" in still.content.decode()
    clock["t"] += 61
    again = _ask(client, claim.number, world.hanbin_person.id_number)
    assert again.status_code == 200 and "已提交（待受理）" in again.content.decode()


def test_the_pause_applies_to_one_address_only(client, claim, world, clock):
    for _ in range(5):
        _miss(client, claim, world, ip="203.0.113.7")
    other = _ask(client, claim.number, world.hanbin_person.id_number, ip="198.51.100.20")
    assert other.status_code == 200 and "已提交（待受理）" in other.content.decode()


def test_misses_older_than_fifteen_minutes_do_not_count(client, claim, world, clock):
    for _ in range(4):
        _miss(client, claim, world)
    clock["t"] += 15 * 60 + 1
    assert BLOCKED not in _miss(client, claim, world).content.decode()
    ok = _ask(client, claim.number, world.hanbin_person.id_number)
    assert ok.status_code == 200 and "已提交（待受理）" in ok.content.decode()


def test_found_lookups_are_not_counted(client, claim, world, clock):
    for _ in range(8):
        page = _ask(client, claim.number, world.hanbin_person.id_number).content.decode()
    assert "已提交（待受理）" in page and BLOCKED not in page


def _result(html: str) -> str:
    found = re.search(r'<div class="gh-card" id="progress-result".*?</div>', html, re.S)
    assert found, html
    return found.group(0)


def test_a_miss_does_not_tell_whether_the_claim_number_exists(client, claim, world, clock):
    wrong_id = world.shiquan_person.id_number
    known = _ask(client, claim.number, wrong_id)
    unknown = _ask(client, "HZ20269999999", wrong_id)
    assert known.status_code == unknown.status_code == 200
    assert _result(known.content.decode()) == _result(unknown.content.decode())
    # Both count the same towards the pause: three more misses of either kind block.
    for number in ("HZ20269999998", claim.number):
        _ask(client, number, wrong_id)
    assert BLOCKED in _ask(client, "HZ20269999997", wrong_id).content.decode()


def test_an_incomplete_form_is_not_a_lookup(client, claim, world, clock):
    for _ in range(6):
        page = client.get(URL, {"number": claim.number}, REMOTE_ADDR="203.0.113.7")
        assert page.status_code == 200
    ok = _ask(client, claim.number, world.hanbin_person.id_number)
    assert "已提交（待受理）" in ok.content.decode()
