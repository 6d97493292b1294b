"""纳入支付批次 from the 互助金申领 list: the checked claims waiting for payment lead to the
confirmation of 生成支付批次 (count, total, budget line); nothing is made before it is confirmed,
and a claim the officer may not see or that is not waiting refuses the whole selection by name."""

from __future__ import annotations

import re

import pytest

from gonghui.core import clock
from gonghui.core.templatetags.gonghui_ui import yuan
from gonghui.mutual_aid import services
from gonghui.mutual_aid.models import Category, Claim, PaymentBatch
from tests import factories
from tests.conftest import E2E
from tests.kit import batch_from_list, flashed, signed_in
from tests.mutual_aid.conftest import (
    BUDGET_LINE,
    approve,
    enroll_paid,
    file_hospital,
    make_batch,
)

LIST = "/mutual-aid/"
FROM_CLAIMS = "/mutual-aid/payments/from-claims/"


def _claim(aid, name: str, invoice: str, *, approved: bool = True, **bank) -> Claim:
    """A claim of a new worker of the unit (approved, with complete bank details, unless given)."""
    person = factories.person(aid.union, name)
    enrollment = enroll_paid(aid, person)[Category.HOSPITAL]
    claim = file_hospital(aid, enrollment, invoice=invoice, **bank)
    return approve(aid, claim) if approved else claim


@pytest.fixture
def budget(world) -> str:
    """The year's budget line: the one a batch from the claim list starts with."""
    services.budget_save(user=world.city_admin, year=clock.today().year, line=BUDGET_LINE)
    return BUDGET_LINE


@pytest.fixture
def two(aid) -> list[Claim]:
    return [_claim(aid, "王强", "L-1"), _claim(aid, "李梅", "L-2")]


def _confirm_form(body: str) -> dict[str, list[str]]:
    """The fields the confirmation's 确认 form posts, as the browser would send them."""
    form = body[body.index('id="batch-confirm"') :]
    form = form[: form.index("</form>")]
    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form):
        data.setdefault(name, []).append(value)
    return data


# ---------------------------------------------------------------- the list


def test_the_claim_list_offers_the_batch_button_to_officers(world, aid, two):
    body = signed_in(world.hanbin_officer).get(LIST).content.decode()
    assert "纳入支付批次…" in body
    assert f'name="ids" value="{two[0].pk}" form="batch-form"' in body
    assert 'data-batch-confirm="将所选申领纳入新的支付批次？' in body


def test_a_chair_sees_the_claims_but_no_batch_button_and_cannot_post_one(world, aid, two):
    client = signed_in(world.hanbin_chair)
    body = client.get(LIST).content.decode()
    assert two[0].number in body
    assert "纳入支付批次" not in body and 'name="ids"' not in body
    assert client.post(FROM_CLAIMS, {"ids": [two[0].pk]}).status_code == 403
    assert not PaymentBatch.objects.exists()


# ---------------------------------------------------------------- the confirmation


def test_checked_claims_lead_to_the_confirmation_and_nothing_is_made(world, aid, two, budget):
    response = signed_in(world.hanbin_officer).post(FROM_CLAIMS, {"ids": [c.pk for c in two]})
    body = response.content.decode()
    total = two[0].amount + two[1].amount
    assert response.status_code == 200
    assert "笔数：2笔" in body and f"合计金额：{yuan(total)}" in body
    assert f"预算科目：{clock.today().year}年“{BUDGET_LINE}”" in body
    assert two[0].number in body and two[1].number in body
    assert "确认生成支付批次" in body
    assert not PaymentBatch.objects.exists()


def test_confirming_the_checked_claims_makes_one_batch_of_exactly_them(world, aid, two, budget):
    client = signed_in(world.hanbin_officer)
    other = _claim(aid, "赵军", "L-3")  # waiting too, but not checked
    page = client.post(FROM_CLAIMS, {"ids": [c.pk for c in two]}).content.decode()
    response = client.post("/mutual-aid/payments/new/", {**_confirm_form(page), "confirm": "on"})
    batch = PaymentBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{batch.pk}/")
    assert set(batch.payments.values_list("claim_id", flat=True)) == {two[0].pk, two[1].pk}
    assert batch.budget_line == BUDGET_LINE and batch.total == two[0].amount + two[1].amount
    assert f"已生成支付批次{batch.number}：2笔" in flashed(response)[0]
    assert other.payment.batch_id is None


def test_the_confirmation_without_the_tick_makes_nothing(world, aid, two, budget):
    client = signed_in(world.hanbin_officer)
    page = client.post(FROM_CLAIMS, {"ids": [c.pk for c in two]}).content.decode()
    body = client.post("/mutual-aid/payments/new/", _confirm_form(page)).content.decode()
    assert "请勾选确认后再生成支付批次" in body
    assert not PaymentBatch.objects.exists()


def test_without_a_budget_line_the_confirmation_asks_for_one_first(world, aid, two):
    client = signed_in(world.hanbin_officer)
    body = client.post(FROM_CLAIMS, {"ids": [c.pk for c in two]}).content.decode()
    assert f"{clock.today().year}年尚未设置预算科目" in body
    assert 'name="confirm"' not in body  # nothing to confirm yet
    # The line typed there shows the summary to confirm.
    body = client.post(
        "/mutual-aid/payments/new/",
        {
            "payment": [c.payment.pk for c in two],
            "budget_year": str(clock.today().year),
            "budget_line": "互助金支出",
        },
    ).content.decode()
    assert "笔数：2笔" in body and 'name="confirm"' in body
    assert not PaymentBatch.objects.exists()


def test_a_claim_without_bank_details_is_left_out_with_the_reason(world, aid, budget):
    complete = _claim(aid, "王强", "B-1")
    missing = _claim(aid, "李梅", "B-2", payee_bank="")
    body = (
        signed_in(world.hanbin_officer)
        .post(FROM_CLAIMS, {"ids": [complete.pk, missing.pk]})
        .content.decode()
    )
    assert f"申领{missing.number}（李梅）缺少开户行" in body
    assert "笔数：1笔" in body
    assert _confirm_form(body)["payment"] == [str(complete.payment.pk)]


# ---------------------------------------------------------------- refused selections


def test_a_claim_not_yet_approved_refuses_the_whole_selection_by_name(world, aid, two, budget):
    filed = _claim(aid, "赵军", "N-1", approved=False)
    response = signed_in(world.hanbin_officer).post(
        FROM_CLAIMS, {"ids": [two[0].pk, filed.pk], "next": f"{LIST}?status=approved"}
    )
    assert response.status_code == 302 and response["Location"] == f"{LIST}?status=approved"
    text = " ".join(flashed(response))
    assert "未做任何处理" in text
    assert f"申领{filed.number}（赵军）状态为“已提交（待受理）”，不在待支付名单中" in text
    assert two[0].number not in text
    assert not PaymentBatch.objects.exists()


def test_a_claim_already_in_a_batch_is_named_with_its_batch(world, aid, two, budget):
    first = make_batch(world.hanbin_officer, [two[0]])
    response = signed_in(world.hanbin_officer).post(FROM_CLAIMS, {"ids": [c.pk for c in two]})
    assert response["Location"] == LIST
    assert f"申领{two[0].number}（王强）已在支付批次{first.number}中" in flashed(response)[0]
    assert PaymentBatch.objects.count() == 1


def test_claims_the_officer_may_not_see_are_refused_by_their_numbers(world, aid, two, budget):
    response = signed_in(world.shiquan_officer).post(FROM_CLAIMS, {"ids": [two[0].pk, 987654]})
    assert response["Location"] == LIST
    message = flashed(response)[0]
    assert f"编号为{two[0].pk}、987654的申领不存在或不在您的管辖范围内" in message
    assert two[0].number not in message  # nothing of a claim outside the scope is shown
    assert not PaymentBatch.objects.exists()


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "1e3", "99999999999999999999"])
def test_ids_that_are_not_record_ids_are_a_400(world, aid, two, bad):
    response = signed_in(world.hanbin_officer).post(FROM_CLAIMS, {"ids": [two[0].pk, bad]})
    assert response.status_code == 400
    assert "参数“ids”（所选记录）应为记录编号" in response.content.decode()


def test_nothing_checked_goes_back_with_a_message(world, aid):
    response = signed_in(world.hanbin_officer).post(FROM_CLAIMS, {})
    assert response["Location"] == LIST
    assert flashed(response) == ["请勾选要纳入支付批次的申领"]


# ---------------------------------------------------------------- in a browser


@E2E[0]
@E2E[1]
def test_check_two_claims_confirm_and_see_the_batch(world, aid, two, budget, live_server, login):
    page = login("hanbin_officer")
    batch_from_list(page, f"{live_server.url}{LIST}", [c.pk for c in two], "纳入支付批次…")
    page.wait_for_selector("#batch-summary >> text=笔数：2笔")
    assert not PaymentBatch.objects.exists()
    page.check("input[name=confirm]")
    page.get_by_role("button", name="确认生成支付批次").click()
    page.wait_for_selector("text=已生成支付批次")
    batch = PaymentBatch.objects.get()
    assert f"支付批次{batch.number}" in page.locator("h1").inner_text()
    assert set(batch.payments.values_list("claim_id", flat=True)) == {c.pk for c in two}
