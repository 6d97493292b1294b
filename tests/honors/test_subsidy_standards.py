"""Subsidy standards are saved by a service: validated, audited, locked once a list is approved;
the 市总 sets them (city-wide and per county), everybody else reads them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.permissions import Denied
from gonghui.honors import rules
from gonghui.honors.models import SubsidyStandard
from gonghui.honors.services import (
    subsidy_list_approve,
    subsidy_list_compute,
    subsidy_standard_set,
)
from tests.kit import signed_in

pytestmark = pytest.mark.django_db

PAGE = reverse("honors:standards")


def test_the_page_saves_a_city_standard_through_the_service_with_an_audit_entry(world):
    r = signed_in(world.city_admin).post(
        f"{PAGE}?year=2026",
        {"year": "2026", "region": "", "level": "3", "amount": "3500"},
        follow=True,
    )
    assert "2026年补助标准已保存" in r.content.decode()
    row = SubsidyStandard.objects.get(region=None, year=2026, level=3)
    assert row.amount == Decimal("3500.00")
    entry = AuditLog.objects.get(model="honors.subsidystandard", object_id=str(row.pk))
    assert entry.action == AuditAction.CREATE and entry.user == world.city_admin
    assert entry.after["amount"] == "3500.00"
    # The table on the page shows the saved city-wide amount, not the built-in default.
    page = signed_in(world.hanbin_officer).get(f"{PAGE}?year=2026").content.decode()
    assert "3,500.00 元" in page


def test_a_change_is_audited_with_before_and_after(world):
    subsidy_standard_set(user=world.city_admin, year=2026, level=1, amount="8000")
    subsidy_standard_set(user=world.city_admin, year=2026, level=1, amount="8800.50")
    entry = AuditLog.objects.filter(model="honors.subsidystandard").order_by("-pk").first()
    assert entry.action == AuditAction.UPDATE and entry.user == world.city_admin
    assert (entry.before["amount"], entry.after["amount"]) == ("8000.00", "8800.50")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1", "年补助标准不能为负数"),
        ("12.345", "年补助标准最多保留两位小数"),
        ("三千", "年补助标准“三千”不是有效的金额"),
        (3200.5, "年补助标准不能使用浮点数"),
        ("", "请填写年补助标准（元）"),
        ("100000000", "年补助标准不能超过99999999.99元"),
    ],
)
def test_amounts_are_decimal_not_negative_with_two_places(world, amount, message):
    with pytest.raises(DomainError, match=message):
        subsidy_standard_set(user=world.city_admin, year=2026, level=3, amount=amount)
    assert not SubsidyStandard.objects.exists()


def test_a_whole_yuan_amount_is_stored_with_two_places_and_zero_is_allowed(world):
    s = subsidy_standard_set(user=world.city_admin, year=2026, level=3, amount="3600")
    assert s.amount == Decimal("3600.00") and str(s.amount) == "3600.00"
    s = subsidy_standard_set(
        user=world.city_admin, year=2026, level=3, amount="0", region=world.hanbin
    )
    assert rules.subsidy_amount(org=world.hanbin_union, year=2026, level=3) == Decimal("0.00")


def test_a_year_whose_payout_list_is_approved_cannot_change(hw):
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    subsidy_list_approve(user=hw.hanbin_officer2, subsidy_list=sl)
    with pytest.raises(
        DomainError, match="2026年补助名单已审核（汉滨区总工会），该年度补助标准不能再修改"
    ):
        subsidy_standard_set(
            user=hw.w.city_admin, year=2026, level=3, amount="4000", region=hw.w.hanbin
        )
    with pytest.raises(DomainError, match="2026年补助名单已审核"):
        subsidy_standard_set(user=hw.w.city_admin, year=2026, level=3, amount="4000")
    assert not SubsidyStandard.objects.filter(year=2026).exists()
    # the next year is still open
    subsidy_standard_set(user=hw.w.city_admin, year=2027, level=3, amount="4000")


def test_the_page_shows_the_lock_and_the_refusal_in_chinese(hw):
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    subsidy_list_approve(user=hw.hanbin_officer2, subsidy_list=sl)
    c = signed_in(hw.w.city_admin)
    page = c.get(f"{PAGE}?year=2026").content.decode()
    assert "2026年补助名单已审核（汉滨区总工会），该年度标准已锁定" in page
    r = c.post(
        f"{PAGE}?year=2026",
        {"year": "2026", "region": str(hw.w.hanbin.pk), "level": "3", "amount": "4000"},
        follow=True,
    )
    assert "该年度补助标准不能再修改" in r.content.decode()
    assert not SubsidyStandard.objects.exists()


def test_another_countys_approved_list_does_not_lock_this_county(hw):
    sl = subsidy_list_compute(
        user=hw.w.shiquan_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    subsidy_list_approve(user=hw.w.city_admin, subsidy_list=sl)
    s = subsidy_standard_set(
        user=hw.w.city_admin, year=2026, level=3, amount="3300", region=hw.w.hanbin
    )
    assert s.amount == Decimal("3300.00")


def test_lines_of_a_list_awaiting_review_take_the_new_amount(hw):
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    assert sl.payments.get().amount == Decimal("3200.00")
    subsidy_standard_set(
        user=hw.w.city_admin, year=2026, level=3, amount="3500", region=hw.w.hanbin
    )
    assert sl.payments.get().amount == Decimal("3500.00")
    subsidy_standard_set(user=hw.w.city_admin, year=2026, level=3, amount="0", region=hw.w.hanbin)
    line = sl.payments.get()
    assert line.status == "cancelled" and "补助标准调整为0" in line.cancel_reason


@pytest.mark.parametrize("role", ["hanbin_officer", "hanbin_chair", "auditor"])
def test_only_the_city_admin_sets_standards_even_of_the_users_own_county(world, role):
    user = getattr(world, role)
    with pytest.raises(Denied, match="您的账号无权设置劳模补助标准"):
        subsidy_standard_set(user=user, year=2026, level=3, amount="9999")
    with pytest.raises(Denied, match="您的账号无权设置劳模补助标准"):
        subsidy_standard_set(user=user, year=2026, level=3, amount="1", region=world.hanbin)
    r = signed_in(user).post(
        f"{PAGE}?year=2026",
        {"year": "2026", "region": str(world.hanbin.pk), "level": "3", "amount": "1"},
    )
    assert r.status_code == 403
    assert not SubsidyStandard.objects.exists()


def test_standards_are_set_for_the_city_or_a_county_not_a_grassroots_union(world):
    with pytest.raises(DomainError, match="请选择县级工会"):
        subsidy_standard_set(
            user=world.city_admin, year=2026, level=3, amount="1", region=world.hanbin_union
        )


def test_the_page_says_which_levels_are_not_paid(world):
    page = signed_in(world.city_admin).get(f"{PAGE}?year=2026").content.decode()
    table = page[page.index('id="standards-table"') : page.index("</table>")]
    assert "不发放" in table and "8,000.00 元" in table
    # Each county once, and the city itself is the 全市默认 row, not a second line.
    assert table.count("石泉县总工会") == 1 and "安康市总工会" not in table


def test_a_county_officer_reads_the_standards_without_a_form_to_change_them(world):
    page = signed_in(world.hanbin_officer).get(f"{PAGE}?year=2026").content.decode()
    assert 'id="standard-form"' not in page
    assert "补助标准由市总工会设置" in page
    assert 'id="standard-form"' in signed_in(world.city_admin).get(PAGE).content.decode()


def test_a_grassroots_chair_does_not_open_the_standards(world):
    assert signed_in(world.hanbin_chair).get(PAGE).status_code == 403
