"""Demo data of 互助保障 on a small core demo: realistic states, idempotent, on the stats page."""

from __future__ import annotations

import pytest
from django.db.models import Count

from gonghui.core.demo import seed_demo
from gonghui.core.models import User
from gonghui.core.templatetags.gonghui_ui import yuan
from gonghui.mutual_aid import selectors
from gonghui.mutual_aid.demo import seed_mutual_aid
from gonghui.mutual_aid.models import (
    Claim,
    ClaimStatus,
    Contribution,
    Enrollment,
    EnrollmentStatus,
    PaymentBatch,
)
from gonghui.mutual_aid.rules import PAY_WITHIN_WORKDAYS

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Enrollment.objects.count(),
        Contribution.objects.count(),
        Claim.objects.count(),
        PaymentBatch.objects.count(),
    )


def test_seed_mutual_aid_is_idempotent_and_fills_the_statistics(client):
    seed_demo(members=400, seed=1)
    summary = seed_mutual_aid(seed=1)
    assert summary.startswith("互助保障：2026年保障项目5个") and "申领40件" in summary

    assert Enrollment.objects.filter(status=EnrollmentStatus.ACTIVE).count() > 200
    assert not Enrollment.objects.exclude(status=EnrollmentStatus.ACTIVE).exists()
    assert not Contribution.objects.exclude(status="paid").exists()
    states = dict(Claim.objects.values_list("status").annotate(n=Count("id")))
    assert states[ClaimStatus.PAID] == 24 and states[ClaimStatus.SUPPLEMENT] == 1
    assert {
        ClaimStatus.SUBMITTED,
        ClaimStatus.ACCEPTED,
        ClaimStatus.REVIEWED,
        ClaimStatus.APPROVED,
        ClaimStatus.REJECTED,
    } <= set(states)
    paid = Claim.objects.filter(status=ClaimStatus.PAID)
    assert paid.filter(workdays_to_pay__lte=PAY_WITHIN_WORKDAYS).count() > 15
    assert paid.filter(workdays_to_pay__gt=PAY_WITHIN_WORKDAYS).exists()
    linked = Claim.objects.get(linked_to__isnull=False)
    assert linked.plan.category == "critical" and linked.linked_to.plan.category == "hospital"
    assert {linked.status, linked.linked_to.status} == {ClaimStatus.PAID}
    batch = PaymentBatch.objects.get()
    assert batch.paid_on is not None and batch.payments.count() == 24
    assert linked.steps.filter(step="已支付", note__contains=batch.number).exists()
    admin = User.objects.get(username="admin")
    overdue = selectors.overdue_claims(user=admin)
    assert any(c.accepted_on.isoformat() == "2026-10-20" for c in overdue)
    # The flagship worker (demo login "worker") sees the two benefits of one illness.
    worker = User.objects.get(username="worker")
    assert set(selectors.member_claims(user=worker).values_list("status", flat=True)) == {"paid"}
    assert selectors.member_claims(user=worker).count() == 2

    before = _counts()
    assert seed_mutual_aid(seed=1) == "互助保障演示数据已存在，跳过生成"
    assert _counts() == before

    s = selectors.statistics(user=admin, year=2026)
    client.force_login(admin)
    html = client.get("/mutual-aid/stats/?year=2026").content.decode()
    assert f"{s['insured']}人 / {s['enrollments']}人次" in html
    assert f"{s['paid_count']}人次 / {yuan(s['paid_amount'])}" in html
    assert s["paid_count"] == 24 and f"{s['on_time_share']}%" in html
    counties = html[html.index('id="county-list"') :].split("</p>")[0]
    assert "汉滨区总工会：" in counties and "石泉县总工会：" in counties
    # Union-paid cover of couriers and drivers in city-level industry federations: 市直.
    assert "市直：" in counties and "行业工会联合会" not in counties
