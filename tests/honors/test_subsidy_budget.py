"""劳模 subsidy money: every list is charged to a budget line (with what remains of it), payment
is recorded with its date and voucher, and a paid list is locked."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditLog
from gonghui.honors.models import SubsidyPayment
from gonghui.honors.services import (
    person_mark_deceased,
    subsidy_list_approve,
    subsidy_list_compute,
    subsidy_list_delete,
    subsidy_list_mark_paid,
    subsidy_list_set_budget,
)
from tests.kit import signed_in

pytestmark = pytest.mark.django_db
BUDGET = "工会经费—劳模慰问补助"


def _approved(hw, **budget):
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line=budget.pop("line", BUDGET), **budget
    )
    return subsidy_list_approve(user=hw.hanbin_officer2, subsidy_list=sl)


def _pay(hw, sl, voucher="记-2026-0117"):
    return subsidy_list_mark_paid(
        user=hw.w.hanbin_officer,
        subsidy_list=sl,
        paid_on=timezone.localdate(),
        voucher_number=voucher,
    )


def test_a_list_cannot_be_computed_without_a_budget_line(hw):
    with pytest.raises(DomainError, match="请填写预算科目"):
        subsidy_list_compute(user=hw.w.hanbin_officer, year=2026, budget_line="  ")


def test_the_list_keeps_its_budget_line_and_what_remains_of_the_amount(hw):
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line=BUDGET, budget_amount="5000"
    )
    sl.refresh_from_db()
    assert sl.budget_line == BUDGET and sl.budget_amount == Decimal("5000.00")
    assert sl.budget_remaining == Decimal("1800.00")  # 5000 − 3200 (张伟, 市级)


def test_without_an_amount_there_is_no_remainder(hw):
    sl = subsidy_list_compute(user=hw.w.hanbin_officer, year=2026, budget_line=BUDGET)
    assert sl.budget_amount is None and sl.budget_remaining is None


def test_cancelled_lines_give_their_money_back_to_the_budget(hw):
    sl = subsidy_list_compute(
        user=hw.w.city_admin, year=2026, budget_line=BUDGET, budget_amount="10000"
    )
    assert sl.budget_remaining == Decimal("800.00")  # 10000 − 3200 − 6000
    person_mark_deceased(user=hw.w.hanbin_officer, person=hw.hanbin_mw)
    sl.refresh_from_db()
    assert sl.budget_remaining == Decimal("4000.00")


def test_the_list_page_shows_the_budget_line_and_the_remainder(hw):
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line=BUDGET, budget_amount="5000"
    )
    body = (
        signed_in(hw.w.hanbin_officer)
        .get(reverse("honors:subsidy_detail", args=[sl.pk]))
        .content.decode()
    )
    assert BUDGET in body and "预算余额" in body and "1,800.00 元" in body


def test_every_payment_list_shows_its_budget_line_and_remainder(hw):
    subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="劳模专项经费", budget_amount="3000"
    )
    body = signed_in(hw.w.city_admin).get(reverse("honors:subsidy_list")).content.decode()
    assert "预算科目" in body and "劳模专项经费" in body
    assert "预算余额" in body and "-200.00" in body


def test_the_compute_button_takes_the_budget_line(hw):
    r = signed_in(hw.w.hanbin_officer).post(
        reverse("honors:subsidy_compute"),
        {"year": "2026", "budget_line": "劳模专项经费", "budget_amount": "8000"},
    )
    assert r.status_code == 302
    sl = hw.hanbin_mw.subsidy_payments.get().subsidy_list
    assert (sl.budget_line, sl.budget_amount) == ("劳模专项经费", Decimal("8000.00"))


def test_an_over_budget_list_is_not_approved(hw):
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line=BUDGET, budget_amount="3000"
    )
    with pytest.raises(DomainError, match="超出预算金额"):
        subsidy_list_approve(user=hw.hanbin_officer2, subsidy_list=sl)
    subsidy_list_set_budget(
        user=hw.w.hanbin_officer, subsidy_list=sl, budget_line=BUDGET, budget_amount="3200"
    )
    assert subsidy_list_approve(user=hw.hanbin_officer2, subsidy_list=sl).status == "approved"


def test_marking_paid_needs_the_payment_date(hw):
    sl = _approved(hw)
    with pytest.raises(DomainError, match="请填写发放日期"):
        subsidy_list_mark_paid(
            user=hw.w.hanbin_officer, subsidy_list=sl, paid_on=None, voucher_number="记-1"
        )
    sl.refresh_from_db()
    assert sl.status == "approved"


def test_marking_paid_needs_the_voucher_number(hw):
    sl = _approved(hw)
    with pytest.raises(DomainError, match="凭证号"):
        subsidy_list_mark_paid(
            user=hw.w.hanbin_officer,
            subsidy_list=sl,
            paid_on=timezone.localdate(),
            voucher_number=" ",
        )
    sl.refresh_from_db()
    assert sl.status == "approved"


def test_marking_paid_is_recorded_and_audited(hw):
    sl = _pay(hw, _approved(hw))
    sl.refresh_from_db()
    assert (sl.status, sl.paid_on, sl.voucher_number, sl.paid_by) == (
        "paid",
        timezone.localdate(),
        "记-2026-0117",
        hw.w.hanbin_officer,
    )
    entry = AuditLog.objects.get(
        model="honors.subsidylist", object_id=str(sl.pk), note__startswith="登记发放"
    )
    assert "凭证号记-2026-0117" in entry.note and BUDGET in entry.note
    assert entry.user == hw.w.hanbin_officer and entry.after["voucher_number"] == "记-2026-0117"


def test_the_paid_form_without_a_voucher_changes_nothing(hw):
    sl = _approved(hw)
    r = signed_in(hw.w.hanbin_officer).post(
        reverse("honors:subsidy_paid", args=[sl.pk]),
        {"paid_on": timezone.localdate().isoformat(), "voucher_number": ""},
        follow=True,
    )
    assert "请填写记账凭证号" in r.content.decode()
    sl.refresh_from_db()
    assert sl.status == "approved"


def test_a_paid_list_is_locked(hw):
    sl = _pay(hw, _approved(hw))
    for attempt in (
        lambda: subsidy_list_set_budget(
            user=hw.w.hanbin_officer, subsidy_list=sl, budget_line="其他科目"
        ),
        lambda: _pay(hw, sl, voucher="记-2"),
        lambda: subsidy_list_delete(user=hw.w.hanbin_officer, subsidy_list=sl),
        lambda: subsidy_list_approve(user=hw.hanbin_officer2, subsidy_list=sl),
    ):
        with pytest.raises(DomainError, match="已锁定"):
            attempt()
    sl.refresh_from_db()
    assert (sl.budget_line, sl.voucher_number) == (BUDGET, "记-2026-0117")


def test_a_death_after_payment_leaves_the_paid_line_as_it_was(hw):
    sl = _pay(hw, _approved(hw))
    person_mark_deceased(user=hw.w.hanbin_officer, person=hw.hanbin_mw)
    assert SubsidyPayment.objects.get(subsidy_list=sl).status == "paid"


def test_the_database_refuses_a_paid_list_without_a_voucher(hw):
    from django.db import IntegrityError, transaction

    sl = _approved(hw)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(sl).objects.filter(pk=sl.pk).update(status="paid", paid_on=timezone.localdate())
