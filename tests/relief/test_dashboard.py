"""困难职工帮扶 on the 工作台: each role's to-dos, counted in its subtree, equal to the lists they
link to; a worker follows their own application; the year's figures."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from gonghui.core import dashboard
from gonghui.relief import services_cases as services
from gonghui.relief.models import Recheck
from gonghui.relief.services_rechecks import rechecks_generate
from tests import factories
from tests.kit import signed_in
from tests.relief.conftest import NOW, YEAR, Ledger


def todos(user) -> dict[str, int]:
    return {t.label: t.count for t in dashboard.board(user).todos}


def listed(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    found = re.search(r"共 (\d+) 条", response.content.decode())
    assert found, url
    return int(found.group(1))


@pytest.fixture
def waiting(ledger: Ledger):
    """汉滨: two applications waiting for 基层审核, one for 县区审批, one filed last year whose
    re-check is overdue; 石泉: one waiting for 基层审核."""
    w = ledger.world
    ledger.apply()
    ledger.apply(ledger.person(name="赵敏"))
    services.case_review(user=w.hanbin_chair, case=ledger.apply(ledger.person(name="钱进")))
    with time_machine.travel(dt.datetime(YEAR - 1, 5, 1, 10, tzinfo=dt.UTC), tick=False):
        services.setting_save(
            user=w.city_admin,
            org=w.city,
            year=YEAR - 1,
            dibao="700.00",
            recheck_due=dt.date(YEAR - 1, 9, 30),
        )
        ledger.filed(ledger.person(name="孙立"))
    rechecks_generate(user=w.city_admin, year=YEAR)
    Recheck.objects.update(due=NOW.date() - dt.timedelta(days=3))
    sq = factories.person(w.shiquan_union, "周安")
    ledger.apply(sq, user=w.shiquan_officer, members=[])
    return ledger


def test_each_role_sees_the_step_it_takes_in_its_own_subtree(waiting):
    w = waiting.world
    chair, county, city = todos(w.hanbin_chair), todos(w.hanbin_officer), todos(w.city_admin)
    assert chair["困难建档待基层审核"] == 2
    assert "困难建档待县区审批" not in chair  # a grassroots chair does not approve
    assert county["困难建档待基层审核"] == 2 and county["困难建档待县区审批"] == 1
    assert city["困难建档待基层审核"] == 3  # 石泉's application too
    assert county["年度复核逾期"] == 1
    assert todos(w.shiquan_officer)["困难建档待基层审核"] == 1
    assert not any(label.startswith("困难建档") for label in todos(w.auditor))


@pytest.mark.parametrize("role", ["city_admin", "hanbin_officer", "hanbin_chair"])
def test_each_count_is_what_its_link_lists(waiting, role):
    user = getattr(waiting.world, role)
    client = signed_in(user)
    mine = [t for t in dashboard.board(user).todos if t.url.startswith("/relief/")]
    assert mine
    for t in mine:
        assert listed(client, t.url) == t.count, t.label


def test_a_worker_follows_their_own_application(ledger: Ledger):
    w = ledger.world
    assert "我的困难建档申请办理中" not in todos(w.hanbin_member)
    ledger.apply(w.hanbin_person)
    assert todos(w.hanbin_member)["我的困难建档申请办理中"] == 1
    body = signed_in(w.hanbin_member).get("/").content.decode()
    assert 'data-todo="我的困难建档申请办理中" data-count="1"' in body


def test_the_years_figures_count_the_filed_cases_in_scope(waiting):
    w = waiting.world

    def values(user) -> dict[str, object]:
        sections = dashboard.board(user).figure_sections
        return {f.label: f.value for section in sections for f in section.figures}

    assert values(w.hanbin_officer)["在档困难职工"] == 1
    assert values(w.city_admin)["在档困难职工"] == 1
    assert values(w.shiquan_officer)["在档困难职工"] == 0
    assert "在档困难职工" not in values(w.hanbin_member)
