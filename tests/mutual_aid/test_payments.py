"""互助金支付: a batch holds exactly the claims the officer selected and confirmed, never a claim
without 开户行 and 银行账号; marking it paid needs the bank's date and voucher number and a
confirmation, is audited, and locks the batch; every payment list names its budget line and
what remains of it; batch numbers are allocated under a lock and unique in the database."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditLog
from gonghui.core.permissions import Denied
from gonghui.core.templatetags.gonghui_ui import yuan
from gonghui.mutual_aid import selectors, services
from gonghui.mutual_aid.models import (
    AidBudget,
    Category,
    Claim,
    ClaimPayment,
    ClaimStatus,
    PaymentBatch,
)
from tests import factories
from tests.mutual_aid.conftest import (
    BUDGET_LINE,
    YEAR,
    approve,
    enroll_paid,
    file_hospital,
    make_batch,
    mark_paid,
    summary_of,
)

# 2026-11-20 10:00 in 安康: "today" for the tests that depend on the date.
NOV20 = dt.datetime(2026, 11, 20, 2, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 20)


def _claim(aid, name: str, invoice: str, **bank) -> Claim:
    """An approved claim of a new worker of the unit (complete bank details unless given)."""
    person = factories.person(aid.union, name)
    enrollment = enroll_paid(aid, person)[Category.HOSPITAL]
    return approve(aid, file_hospital(aid, enrollment, invoice=invoice, **bank))


def _made(batch: PaymentBatch) -> dt.date:
    """The day (in 安康) the batch was made: the earliest payment date it accepts."""
    return timezone.localdate(batch.created_at)


def _payments(*claims: Claim) -> list[ClaimPayment]:
    return [ClaimPayment.objects.get(claim=c) for c in claims]


@pytest.fixture
def officer(world):
    return world.hanbin_officer


# ---------------------------------------------------------------- the selection


def test_a_batch_takes_only_the_claims_the_officer_selected(aid, officer):
    chosen = _claim(aid, "王强", "S-1")
    other = _claim(aid, "李梅", "S-2")
    batch = make_batch(officer, [chosen])
    assert list(batch.payments.values_list("claim_id", flat=True)) == [chosen.pk]
    assert batch.total == chosen.amount
    assert [p.claim_id for p in selectors.pending_payments(user=officer)] == [other.pk]


def test_claims_without_bank_details_are_refused_and_named_with_what_is_missing(aid, officer):
    """The issue: 3 of 4 claims had no 开户行/银行账号 and were still marked 已支付."""
    complete = _claim(aid, "王强", "B-1")
    no_bank = _claim(aid, "李梅", "B-2", payee_bank="")
    no_account = _claim(aid, "赵军", "B-3", account="")
    neither = _claim(aid, "钱芳", "B-4", payee_bank="", account="")
    with pytest.raises(DomainError) as refused:
        make_batch(officer, [complete, no_bank, no_account, neither])
    message = refused.value.message
    assert "以下3笔申领收款信息不全" in message
    assert f"申领{no_bank.number}（李梅）缺少开户行；" in message
    assert f"申领{no_account.number}（赵军）缺少银行账号；" in message
    assert f"申领{neither.number}（钱芳）缺少开户行和银行账号" in message
    assert complete.number not in message
    assert not PaymentBatch.objects.exists()
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.APPROVED}


def test_the_confirmation_page_lists_the_claims_left_out_and_why(aid, officer, client):
    complete = _claim(aid, "王强", "C-1")
    missing = _claim(aid, "李梅", "C-2", payee_bank="", account="")
    client.force_login(officer)
    page = client.get("/mutual-aid/payments/").content.decode()
    assert "缺少开户行和银行账号" in page and "收款信息齐全" in page
    selection = {
        "payment": [complete.payment.pk, missing.payment.pk],
        "budget_year": str(YEAR),
        "budget_line": BUDGET_LINE,
    }
    page = client.post("/mutual-aid/payments/new/", selection).content.decode()
    assert f"申领{missing.number}（李梅）缺少开户行和银行账号" in page
    assert "笔数：1笔" in page and f"合计金额：{yuan(complete.amount)}" in page
    assert not PaymentBatch.objects.exists()
    # The summary's form carries only the complete claim: confirming it makes that batch.
    response = client.post(
        "/mutual-aid/payments/new/",
        {
            **selection,
            "payment": [complete.payment.pk],
            "step": "confirm",
            "confirm": "on",
            "count": "1",
            "total": f"{complete.amount:.2f}",
        },
    )
    batch = PaymentBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{batch.pk}/")
    assert list(batch.payments.values_list("claim_id", flat=True)) == [complete.pk]


def test_the_same_selection_confirmed_twice_makes_one_batch(aid, officer):
    claim = _claim(aid, "王强", "D-1")
    first = make_batch(officer, [claim])
    with pytest.raises(DomainError, match=f"申领{claim.number}已在支付批次{first.number}中"):
        make_batch(officer, [claim])
    assert PaymentBatch.objects.count() == 1


def test_completed_bank_details_let_a_claim_into_a_batch(aid, officer, world):
    claim = _claim(aid, "王强", "E-1", payee_bank="", account="")
    services.claim_update_bank(
        claim=claim,
        user=aid.officer,
        payee_bank="中国建设银行安康分行",
        account="6217 0000 1111 2222",
    )
    claim.refresh_from_db()
    assert claim.bank_missing == [] and claim.account == "6217000011112222"
    assert claim.steps.filter(step="更新收款账户").exists()
    assert make_batch(officer, [claim]).payments.count() == 1


def test_the_member_completes_the_bank_details_of_their_own_claim(aid, world, client):
    enrollment = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, enrollment, payee_bank="", account="")
    client.force_login(world.hanbin_member)
    assert 'id="bank"' in client.get(f"/mutual-aid/claims/{claim.pk}/").content.decode()
    client.post(
        f"/mutual-aid/claims/{claim.pk}/bank/",
        {"payee_bank": "中国农业银行石泉县支行", "account": "6228480000000001"},
    )
    claim.refresh_from_db()
    assert claim.payee_bank == "中国农业银行石泉县支行" and claim.account_masked == "6228****0001"


def test_bank_details_of_a_claim_in_a_batch_cannot_change(aid, officer):
    claim = _claim(aid, "王强", "F-1")
    batch = make_batch(officer, [claim])
    with pytest.raises(DomainError, match=f"已在支付批次{batch.number}中，请先将其移出批次"):
        services.claim_update_bank(
            claim=claim, user=aid.officer, payee_bank="别的银行", account="6222029999999999"
        )
    claim.refresh_from_db()
    assert claim.payee_bank != "别的银行"


# ---------------------------------------------------------------- confirmation


def test_making_a_batch_without_confirmation_is_refused(aid, officer):
    claim = _claim(aid, "王强", "G-1")
    with pytest.raises(DomainError, match="请先核对支付批次的笔数、合计金额和预算科目"):
        services.payment_batch_create(
            user=officer, payments=_payments(claim), budget_line=BUDGET_LINE, budget_year=YEAR
        )
    assert not PaymentBatch.objects.exists()


def test_a_confirmation_of_another_total_is_refused(aid, officer):
    claim = _claim(aid, "王强", "G-2")
    wrong = services.BatchSummary(count=1, total=claim.amount + 1, budget_line=BUDGET_LINE)
    with pytest.raises(DomainError, match="确认的内容与支付批次不符"):
        services.payment_batch_create(
            user=officer,
            payments=_payments(claim),
            budget_line=BUDGET_LINE,
            budget_year=YEAR,
            confirmed=wrong,
        )
    assert not PaymentBatch.objects.exists()


def test_posting_the_selection_alone_shows_a_summary_and_makes_nothing(aid, officer, client):
    claim = _claim(aid, "王强", "G-3")
    client.force_login(officer)
    page = client.post(
        "/mutual-aid/payments/new/",
        {"payment": claim.payment.pk, "budget_year": str(YEAR), "budget_line": BUDGET_LINE},
    ).content.decode()
    assert "确认生成支付批次" in page and f"预算科目：{YEAR}年“{BUDGET_LINE}”" in page
    assert not PaymentBatch.objects.exists()


def test_confirming_without_the_tick_makes_no_batch(aid, officer, client):
    claim = _claim(aid, "王强", "G-4")
    client.force_login(officer)
    page = client.post(
        "/mutual-aid/payments/new/",
        {
            "payment": claim.payment.pk,
            "budget_year": str(YEAR),
            "budget_line": BUDGET_LINE,
            "step": "confirm",
            "count": "1",
            "total": f"{claim.amount:.2f}",
        },
    ).content.decode()
    assert "请勾选确认后再生成支付批次" in page
    assert not PaymentBatch.objects.exists()


def test_marking_paid_without_confirmation_is_refused(aid, officer):
    batch = make_batch(officer, [_claim(aid, "王强", "H-1")])
    with pytest.raises(DomainError, match="请先核对批次"):
        services.payment_batch_mark_paid(
            batch=batch, user=officer, paid_on=_made(batch), voucher="记-1"
        )
    batch.refresh_from_db()
    assert batch.paid_on is None


def test_marking_paid_with_the_summary_of_before_a_removal_is_refused(aid, officer):
    a, b = _claim(aid, "王强", "H-2"), _claim(aid, "李梅", "H-3")
    batch = make_batch(officer, [a, b])
    seen = summary_of(batch.payments.all())
    services.payment_batch_remove(batch=batch, user=officer, payment=b.payment, reason="银行退回")
    with pytest.raises(DomainError, match=r"确认的内容与批次.*不符"):
        services.payment_batch_mark_paid(
            batch=batch,
            user=officer,
            paid_on=_made(batch),
            voucher="记-2",
            confirmed=seen,
        )
    batch.refresh_from_db()
    assert batch.paid_on is None


def test_the_mark_paid_page_shows_the_summary_and_needs_the_tick(aid, officer, client):
    claim = _claim(aid, "王强", "H-4")
    batch = make_batch(officer, [claim])
    client.force_login(officer)
    url = f"/mutual-aid/payments/{batch.pk}/paid/"
    page = client.get(url).content.decode()
    assert "笔数：1笔" in page and f"合计金额：{yuan(claim.amount)}" in page
    assert f"预算科目：{YEAR}年“{BUDGET_LINE}”" in page
    data = {
        "paid_on": _made(batch).isoformat(),
        "voucher": "记-3",
        "count": "1",
        "total": f"{claim.amount:.2f}",
        "budget_line": BUDGET_LINE,
    }
    assert "请勾选确认后再标记已支付" in client.post(url, data).content.decode()
    batch.refresh_from_db()
    assert batch.paid_on is None
    assert client.post(url, {**data, "confirm": "on"}).status_code == 302
    batch.refresh_from_db()
    assert batch.voucher == "记-3"


# ---------------------------------------------------------------- marking paid


def test_marking_paid_needs_the_voucher_number(aid, officer):
    batch = make_batch(officer, [_claim(aid, "王强", "M-1")])
    with pytest.raises(DomainError, match="请填写凭证号"):
        mark_paid(officer, batch, _made(batch), voucher=" ")


@time_machine.travel(NOV20, tick=False)
def test_a_payment_date_in_the_future_is_refused(aid, officer):
    batch = make_batch(officer, [_claim(aid, "王强", "M-2")])
    with pytest.raises(DomainError, match="支付日期2026-11-21不能晚于今天"):
        mark_paid(officer, batch, TODAY + dt.timedelta(days=1))
    batch.refresh_from_db()
    assert batch.paid_on is None


def test_a_payment_date_before_the_batch_was_made_is_refused(aid, officer):
    claim = _claim(aid, "王强", "M-3")
    with time_machine.travel(NOV20, tick=False):
        batch = make_batch(officer, [claim])
    with pytest.raises(DomainError, match=r"不能早于批次.*的生成日期2026-11-20"):
        mark_paid(officer, batch, TODAY - dt.timedelta(days=1))
    mark_paid(officer, batch, TODAY)
    batch.refresh_from_db()
    assert batch.paid_on == TODAY


def test_one_voucher_number_pays_one_batch(aid, officer):
    first = make_batch(officer, [_claim(aid, "王强", "M-4")])
    second = make_batch(officer, [_claim(aid, "李梅", "M-5")])
    mark_paid(officer, first, _made(first), voucher="记-202611-0007")
    with pytest.raises(DomainError, match=f"凭证号记-202611-0007已用于批次{first.number}"):
        mark_paid(officer, second, _made(second), voucher="记-202611-0007")
    second.refresh_from_db()
    assert second.paid_on is None


def test_the_voucher_number_is_unique_in_the_database(aid, officer):
    first = make_batch(officer, [_claim(aid, "王强", "M-6")])
    second = make_batch(officer, [_claim(aid, "李梅", "M-7")])
    PaymentBatch.objects.filter(pk=first.pk).update(voucher="记-9")
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentBatch.objects.filter(pk=second.pk).update(voucher="记-9")


def test_marking_paid_is_audited_with_date_voucher_and_user(aid, officer):
    claim = _claim(aid, "王强", "M-8")
    batch = make_batch(officer, [claim])
    paid_on = _made(batch)
    mark_paid(officer, batch, paid_on, voucher="记-202611-0009")
    entry = AuditLog.objects.get(
        model="mutual_aid.paymentbatch", object_id=str(batch.pk), note__startswith="标记已支付"
    )
    assert entry.user == officer
    assert f"1笔，合计{yuan(claim.amount)}" in entry.note and "凭证号记-202611-0009" in entry.note
    assert f"支付日期{paid_on:%Y-%m-%d}" in entry.note
    batch.refresh_from_db()
    assert batch.paid_by == officer


def test_a_paid_batch_cannot_be_marked_paid_again(aid, officer, world):
    batch = make_batch(officer, [_claim(aid, "王强", "L-1")])
    mark_paid(officer, batch, _made(batch), voucher="记-1")
    with pytest.raises(DomainError, match=r"已于.*标记支付（凭证号记-1），不能再次标记"):
        mark_paid(world.city_admin, batch, _made(batch), voucher="记-2")
    batch.refresh_from_db()
    assert (batch.voucher, batch.paid_by) == ("记-1", officer)


def test_no_claim_can_be_removed_from_a_paid_batch(aid, officer):
    claim = _claim(aid, "王强", "L-2")
    batch = make_batch(officer, [claim])
    mark_paid(officer, batch, _made(batch))
    with pytest.raises(DomainError, match="已锁定，不能移出申领"):
        services.payment_batch_remove(
            batch=batch, user=officer, payment=claim.payment, reason="银行退回"
        )
    claim.payment.refresh_from_db()
    assert claim.payment.batch_id == batch.pk


def test_a_paid_batch_cannot_be_edited(aid, officer):
    batch = make_batch(officer, [_claim(aid, "王强", "L-3")])
    mark_paid(officer, batch, _made(batch))
    with pytest.raises(DomainError, match="已锁定，不能修改"):
        services.payment_batch_update(
            batch=batch, user=officer, budget_line="其他支出", budget_year=YEAR
        )
    batch.refresh_from_db()
    assert batch.budget_line == BUDGET_LINE


def test_no_claim_can_be_added_to_a_paid_batch(aid, officer):
    """A claim enters a batch only when that batch is made; a paid claim is never waiting."""
    claim = _claim(aid, "王强", "L-4")
    batch = make_batch(officer, [claim])
    mark_paid(officer, batch, _made(batch))
    with pytest.raises(DomainError, match=f"申领{claim.number}已在支付批次{batch.number}中"):
        make_batch(officer, [claim])
    assert batch.payments.count() == 1 and PaymentBatch.objects.count() == 1


def test_a_claim_removed_from_an_unpaid_batch_waits_again(aid, officer):
    a, b = _claim(aid, "王强", "R-1"), _claim(aid, "李梅", "R-2")
    batch = make_batch(officer, [a, b])
    batch = services.payment_batch_remove(
        batch=batch, user=officer, payment=b.payment, reason="账号有误，银行退回"
    )
    assert batch.total == a.amount and batch.payments.count() == 1
    assert [p.claim_id for p in selectors.pending_payments(user=officer)] == [b.pk]
    assert b.steps.filter(step="移出支付批次", note__contains="账号有误").exists()


def test_a_chair_cannot_change_a_batch(aid, officer):
    batch = make_batch(officer, [_claim(aid, "王强", "R-3")])
    with pytest.raises(Denied):
        services.payment_batch_update(
            batch=batch, user=aid.officer, budget_line="其他支出", budget_year=YEAR
        )


# ---------------------------------------------------------------- budget line


def test_a_batch_needs_a_budget_line(aid, officer):
    claim = _claim(aid, "王强", "K-1")
    with pytest.raises(DomainError, match="请填写预算科目"):
        make_batch(officer, [claim], line="  ")
    assert not PaymentBatch.objects.exists()


def test_the_budget_line_defaults_to_the_years_first_line(aid, officer, world, client):
    _claim(aid, "王强", "K-2")
    year = timezone.localdate().year
    services.budget_save(user=world.city_admin, year=year, line="互助金支出（住院）", amount="1000")
    services.budget_save(user=world.city_admin, year=year, line="互助金支出（其他）")
    client.force_login(officer)
    page = client.get("/mutual-aid/payments/").content.decode()
    assert 'name="budget_line" id="id_budget_line" value="互助金支出（住院）"' in page


def test_only_the_city_sets_the_budget(aid, world, client):
    with pytest.raises(Denied):
        services.budget_save(user=world.hanbin_officer, year=YEAR, line="互助金支出", amount="5")
    client.force_login(world.hanbin_officer)
    data = {"year": YEAR, "line": "互助金支出", "amount": "500000"}
    assert client.post("/mutual-aid/payments/budgets/", data).status_code == 403
    client.force_login(world.city_admin)
    assert client.post("/mutual-aid/payments/budgets/", data).status_code == 302
    assert AidBudget.objects.get().amount == Decimal("500000.00")


def test_what_remains_counts_the_paid_batches_of_that_line_and_year(aid, officer, world):
    services.budget_save(user=world.city_admin, year=YEAR, line=BUDGET_LINE, amount="10000")
    paid = _claim(aid, "王强", "K-3")
    unpaid = _claim(aid, "李梅", "K-4")
    elsewhere = _claim(aid, "赵军", "K-5")
    batch = make_batch(officer, [paid])
    mark_paid(officer, batch, _made(batch))
    make_batch(officer, [unpaid])
    make_batch(officer, [elsewhere], line="其他支出")
    status = selectors.budget_status(year=YEAR, line=BUDGET_LINE)
    assert status.paid == paid.amount and status.pending == unpaid.amount
    assert status.remaining == Decimal("10000.00") - paid.amount
    assert status.text == (
        f"{YEAR}年“{BUDGET_LINE}”：预算10,000.00 元，已支付{yuan(paid.amount)}，"
        f"剩余{yuan(Decimal('10000.00') - paid.amount)}"
    )


def test_the_payments_page_shows_each_batchs_budget_line_and_what_remains(
    aid, officer, world, client
):
    services.budget_save(user=world.city_admin, year=YEAR, line=BUDGET_LINE, amount="10000")
    claim = _claim(aid, "王强", "K-6")
    batch = make_batch(officer, [claim])
    mark_paid(officer, batch, _made(batch))
    client.force_login(officer)
    page = client.get("/mutual-aid/payments/").content.decode()
    left = Decimal("10000.00") - claim.amount
    assert f"{YEAR}年“{BUDGET_LINE}”</td>" in page and f"<td>{yuan(left)}</td>" in page


def test_the_batch_page_shows_its_budget_line_and_what_remains_after_it(
    aid, officer, world, client
):
    services.budget_save(user=world.city_admin, year=YEAR, line=BUDGET_LINE, amount="10000")
    claim = _claim(aid, "王强", "K-7")
    batch = make_batch(officer, [claim])
    client.force_login(officer)
    page = client.get(f"/mutual-aid/payments/{batch.pk}/").content.decode()
    assert "预算10,000.00 元，已支付0.00 元，剩余10,000.00 元" in page
    assert f"本批次支付后剩余{yuan(Decimal('10000.00') - claim.amount)}" in page


def test_the_bank_sheet_shows_the_budget_line_and_what_remains(aid, officer, world, client):
    services.budget_save(user=world.city_admin, year=YEAR, line=BUDGET_LINE, amount="10000")
    claim = _claim(aid, "王强", "K-8")
    batch = make_batch(officer, [claim])
    client.force_login(officer)
    response = client.get(f"/mutual-aid/payments/{batch.pk}/export/")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert (
        f"预算科目：{YEAR}年“{BUDGET_LINE}”：预算10,000.00 元，已支付0.00 元，剩余10,000.00 元"
        in texts
    )
    assert f"本批次支付后剩余{yuan(Decimal('10000.00') - claim.amount)}" in texts


# ---------------------------------------------------------------- batch numbers


@time_machine.travel(NOV20, tick=False)
def test_batch_numbers_run_per_day(aid, officer, world):
    first = make_batch(officer, [_claim(aid, "王强", "N-1")])
    second = make_batch(world.city_admin, [_claim(aid, "李梅", "N-2")])
    assert (first.number, second.number) == ("ZF202611200001", "ZF202611200002")


def test_batch_numbers_are_unique_in_the_database(aid, officer):
    first = make_batch(officer, [_claim(aid, "王强", "N-3")])
    second = make_batch(officer, [_claim(aid, "李梅", "N-4")])
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentBatch.objects.filter(pk=second.pk).update(number=first.number)


# ---------------------------------------------------------------- the page


def test_payments_page_query_count_does_not_grow_with_rows(aid, officer, world, client):
    services.budget_save(user=world.city_admin, year=YEAR, line=BUDGET_LINE, amount="10000")
    make_batch(officer, [_claim(aid, "王强", "Q-1")])
    _claim(aid, "李梅", "Q-2")
    client.force_login(officer)
    client.get("/mutual-aid/payments/")  # the session's first request does its own bookkeeping
    with CaptureQueriesContext(connection) as few:
        assert client.get("/mutual-aid/payments/").status_code == 200
    for i in range(4):
        batch = make_batch(officer, [_claim(aid, f"职工{i}", f"Q-{i + 3}")], line=f"科目{i}")
        mark_paid(officer, batch, _made(batch))
        _claim(aid, f"待付{i}", f"Q-{i + 10}", payee_bank="")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/mutual-aid/payments/").content.decode()
    assert "待付3" in page and "科目3" in page
    assert len(many) == len(few)


def test_what_remains_is_shown_in_cents_whatever_the_database_sums(aid, officer, world, client):
    """SQLite sums decimals as floats; the page showed 剩余581963.880000000元."""
    services.budget_save(user=world.city_admin, year=YEAR, line=BUDGET_LINE, amount="800000")
    for name, ref in (("王强", "K-7"), ("李梅", "K-8"), ("赵军", "K-9")):
        batch = make_batch(officer, [_claim(aid, name, ref)])
        mark_paid(officer, batch, _made(batch))
    status = selectors.budget_status(year=YEAR, line=BUDGET_LINE)
    assert status.paid.as_tuple().exponent == -2 and status.remaining.as_tuple().exponent == -2
    client.force_login(officer)
    page = client.get("/mutual-aid/payments/").content.decode()
    assert f"<td>{yuan(status.remaining)}</td>" in page
