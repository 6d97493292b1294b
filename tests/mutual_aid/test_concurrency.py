"""Two checkers approving the same claim at the same moment: exactly one payment (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from gonghui.core.errors import DomainError
from gonghui.mutual_aid import services
from gonghui.mutual_aid.models import Category, ClaimPayment, ClaimStatus
from tests import factories
from tests.mutual_aid.conftest import enroll_paid, file_hospital

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
