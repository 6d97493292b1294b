"""Races on PostgreSQL row locks: two checkers approving the same claim, two officers marking the
same batch paid, two batches made at once, one selection confirmed twice — each gives exactly
one result and the loser a Chinese error."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.utils import timezone

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditLog
from gonghui.mutual_aid import services
from gonghui.mutual_aid.models import Category, ClaimPayment, ClaimStatus, PaymentBatch
from tests import factories
from tests.kit import race
from tests.mutual_aid.conftest import (
    BUDGET_LINE,
    approve,
    enroll_paid,
    file_hospital,
    make_batch,
    summary_of,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")


def test_two_checkers_at_once_give_exactly_one_payment(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e)
    services.claim_accept(claim=claim, user=aid.officer)
    services.claim_review(claim=claim, user=aid.reviewer)
    checkers = [aid.checker, factories.user("city_admin", world.city, "second_checker")]
    barrier = threading.Barrier(len(checkers))
    outcomes: list[str] = []

    def check(user):
        try:
            barrier.wait()
            services.claim_check(claim=claim, user=user)
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=check, args=(u,)) for u in checkers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes)[0] == "ok" and outcomes.count("ok") == 1
    assert "当前状态为“已复核（待支付）”" in next(o for o in outcomes if o != "ok")
    assert ClaimPayment.objects.filter(claim=claim).count() == 1
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED


def test_two_officers_marking_the_same_batch_paid_at_once_pay_it_once(aid, world):
    claim = approve(
        aid, file_hospital(aid, enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL])
    )
    batch = make_batch(world.hanbin_officer, [claim])
    paid_on = timezone.localdate(batch.created_at)

    def officer_marks(user, voucher):
        def prepare():
            mine = PaymentBatch.objects.get(pk=batch.pk)
            seen = summary_of(mine.payments.all(), mine.budget_line)
            return lambda: services.payment_batch_mark_paid(
                batch=mine, user=user, paid_on=paid_on, voucher=voucher, confirmed=seen
            )

        return prepare

    outcomes = race(
        prepared=True,
        calls=[
            officer_marks(world.hanbin_officer, "记-A"),
            officer_marks(world.city_admin, "记-B"),
        ],
    )
    assert outcomes.count("ok") == 1
    refused = next(o for o in outcomes if o != "ok")
    assert (
        f"批次{batch.number}已于{paid_on:%Y-%m-%d}标记支付" in refused and "不能再次标记" in refused
    )
    batch.refresh_from_db()
    assert batch.voucher in ("记-A", "记-B")
    assert claim.steps.filter(step="已支付").count() == 1
    assert AuditLog.objects.filter(note__startswith="标记已支付").count() == 1


def test_two_officers_making_batches_at_once_get_different_numbers(aid, world):
    ours = approve(
        aid, file_hospital(aid, enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL])
    )
    other = factories.person(aid.union, "王强")
    theirs = approve(
        aid, file_hospital(aid, enroll_paid(aid, other)[Category.HOSPITAL], invoice="INV-0002")
    )

    def officer_makes(user, claim):
        def prepare():
            payments = [ClaimPayment.objects.get(claim=claim)]
            return lambda: services.payment_batch_create(
                user=user,
                payments=payments,
                budget_line=BUDGET_LINE,
                confirmed=summary_of(payments),
            )

        return prepare

    outcomes = race(
        prepared=True,
        calls=[officer_makes(world.hanbin_officer, ours), officer_makes(world.city_admin, theirs)],
    )
    assert outcomes == ["ok", "ok"]
    numbers = sorted(PaymentBatch.objects.values_list("number", flat=True))
    day = timezone.localdate()
    assert numbers == [f"ZF{day:%Y%m%d}0001", f"ZF{day:%Y%m%d}0002"]


def test_the_same_selection_confirmed_twice_at_once_makes_one_batch(aid, world):
    claim = approve(
        aid, file_hospital(aid, enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL])
    )

    def click():
        payments = [ClaimPayment.objects.get(claim=claim)]
        return lambda: services.payment_batch_create(
            user=world.hanbin_officer,
            payments=payments,
            budget_line=BUDGET_LINE,
            confirmed=summary_of(payments),
        )

    outcomes = race(prepared=True, calls=[click, click])
    assert outcomes.count("ok") == 1
    assert f"申领{claim.number}已在支付批次" in next(o for o in outcomes if o != "ok")
    assert PaymentBatch.objects.count() == 1
