"""企业工作设置 and the budget lines: the settings in force (own, else the nearest above, else the
defaults — 25 employees, 5,000.00 元 …), saved by a county or city officer for their own
organization only; budget lines added, changed and removed; every refusal in Chinese with
nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from gonghui.core.errors import DomainError
from gonghui.workplace.models import Budget, WorkplaceSetting
from gonghui.workplace.selectors_settings import setting_for
from gonghui.workplace.services_settings import budget_delete, budget_save, setting_save
from tests.kit import Unchanged, flashed, form_errors, page_text, signed_in

NOW = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)
FORM = {
    "year": "2026",
    "union_threshold": "30",
    "site_subsidy": "6000.00",
    "notice_first": "on",
    "rectify_days": "20",
    "hazard_days": "12",
}


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def test_without_settings_the_page_shows_the_defaults(world):
    text = page_text(signed_in(world.hanbin_officer).get(reverse("workplace:settings")))
    assert "未设置，使用默认值" in text
    assert "25人" in text and "5,000.00 元/个" in text and "15个工作日" in text


def test_an_officer_saves_their_countys_settings_and_the_units_below_use_them(world):
    client = signed_in(world.hanbin_officer)
    response = client.post(reverse("workplace:settings"), FORM)
    assert response.status_code == 302 and "已保存汉滨区总工会2026年企业工作设置" in flashed(
        response
    )
    saved = WorkplaceSetting.objects.get(org=world.hanbin, year=2026)
    assert (saved.union_threshold, saved.site_subsidy, saved.rectify_days) == (
        30,
        Decimal("6000.00"),
        20,
    )
    assert setting_for(world.hanbin_union, 2026) == saved
    assert setting_for(world.shiquan, 2026).pk is None  # 石泉 keeps the defaults
    text = page_text(client.get(reverse("workplace:settings")))
    assert "制定单位 汉滨区总工会" in text and "6,000.00 元/个" in text
    client.post(reverse("workplace:settings"), {**FORM, "union_threshold": "40"})
    assert WorkplaceSetting.objects.get(org=world.hanbin, year=2026).union_threshold == 40


def test_invalid_settings_show_chinese_errors_and_write_nothing(world):
    state = Unchanged()
    response = signed_in(world.hanbin_officer).post(
        reverse("workplace:settings"),
        {**FORM, "union_threshold": "0", "site_subsidy": "12.345", "year": ""},
    )
    assert response.status_code == 400
    errors = form_errors(response)
    assert "单独建会职工人数下限应在1到10000之间" in errors
    assert "示范点补助标准最多保留两位小数" in errors and "请填写年度" in errors
    assert not state.changes()


def test_a_chair_and_the_auditor_read_the_settings_but_may_not_change_them(world):
    for who in (world.hanbin_chair, world.auditor):
        client = signed_in(who)
        assert "保存设置" not in page_text(client.get(reverse("workplace:settings")))
        state = Unchanged()
        refused = client.post(reverse("workplace:settings"), FORM)
        assert refused.status_code == 403 and "无权修改企业工作设置和预算" in page_text(refused)
        refused = client.post(
            reverse("workplace:budget_save"), {"year": "2026", "line": "x", "amount": "1"}
        )
        assert refused.status_code == 403 and not state.changes()


def test_only_ones_own_organizations_settings_are_set(world):
    with pytest.raises(DomainError, match="只能设置本组织的企业工作设置"):
        setting_save(
            user=world.city_admin,
            org=world.hanbin,
            year=2026,
            union_threshold=30,
            site_subsidy="5000",
            notice_first=True,
            rectify_days=15,
            hazard_days=10,
        )


def test_budget_lines_are_added_changed_and_removed(world):
    client = signed_in(world.hanbin_officer)
    line = {"year": "2026", "line": "党工共建示范点补助", "amount": "140000"}
    response = client.post(reverse("workplace:budget_save"), line)
    assert "已保存预算科目“党工共建示范点补助”（2026年）" in flashed(response)
    client.post(reverse("workplace:budget_save"), {**line, "amount": "150000.50"})
    budget = Budget.objects.get()
    assert (budget.org, budget.amount) == (world.hanbin, Decimal("150000.50"))
    assert "150,000.50 元" in page_text(client.get(reverse("workplace:settings")))
    bad = client.post(reverse("workplace:budget_save"), {**line, "amount": "-1"})
    assert bad.status_code == 400 and "预算金额不能为负数" in form_errors(bad)
    response = client.post(reverse("workplace:budget_delete", args=[budget.pk]))
    assert "已删除预算科目“党工共建示范点补助”" in flashed(response)
    assert not Budget.objects.exists()


def test_another_countys_budget_line_cannot_be_removed(world):
    theirs = budget_save(
        user=world.shiquan_officer, org=world.shiquan, year=2026, line="石泉预算", amount="10"
    )
    state = Unchanged()
    response = signed_in(world.hanbin_officer).post(
        reverse("workplace:budget_delete", args=[theirs.pk])
    )
    assert response.status_code == 404 and not state.changes()
    with pytest.raises(DomainError, match="只能删除本组织的预算科目"):
        budget_delete(user=world.city_admin, budget=theirs)
    assert "石泉预算" not in page_text(
        signed_in(world.hanbin_officer).get(reverse("workplace:settings"))
    )


def test_a_year_that_is_no_year_is_a_bad_request(world):
    response = signed_in(world.hanbin_officer).get(reverse("workplace:settings") + "?year=abc")
    assert response.status_code == 400
