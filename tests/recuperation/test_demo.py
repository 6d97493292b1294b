"""Demo data of 劳模疗休养: the whole 2026 year through the real services, once."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from gonghui.core.models import AuditLog
from gonghui.honors.demo import seed_model_workers
from gonghui.recuperation.demo import PLAN_TITLE, seed_recuperation
from gonghui.recuperation.models import (
    ExchangeAgreement,
    Feedback,
    InboundGroup,
    Invitation,
    InvitationStatus,
    Plan,
    PlanStatus,
    RunStatus,
)


def test_the_demo_year_is_built_once_and_its_pages_show_it(world):
    seed_model_workers(count=90, seed=1, visits=False)
    summary = seed_recuperation(seed=1)
    assert summary.startswith("疗休养演示数据：2026年工作方案") and "B1批次已结束" in summary

    plan = Plan.objects.get(year=2026)
    assert (plan.title, plan.status) == (PLAN_TITLE, PlanStatus.RUNNING)
    assert (plan.meeting_date, plan.meeting_minute_no) == (
        dt.date(2026, 3, 2),
        "市总党组会纪要〔2026〕4号",
    )
    assert 4 <= plan.batches.count() <= 6
    assert plan.runs.get().status == RunStatus.PUBLISHED
    invs = Invitation.objects.filter(plan=plan)
    assert invs.filter(status=InvitationStatus.CONFIRMED).count() > invs.count() // 2
    assert invs.filter(status=InvitationStatus.DECLINED).count() == 1
    assert invs.filter(from_waitlist=True).exists()  # the decline invited the next person
    b1 = plan.batches.get(code="B1")
    assert b1.finished and b1.actual_accommodation is not None
    assert b1.invitations.filter(attended=True).exists()
    assert Feedback.objects.filter(invitation__batch=b1).exists()
    assert ExchangeAgreement.objects.filter(city="鄂尔多斯").count() == 1
    assert InboundGroup.objects.filter(size=142, sites="瀛湖、石泉、紫阳").count() == 1

    counts = (Invitation.objects.count(), Feedback.objects.count(), AuditLog.objects.count())
    again = seed_recuperation(seed=1)
    assert "2026年工作方案已存在，未重复生成" in again
    assert (
        Invitation.objects.count(),
        Feedback.objects.count(),
        AuditLog.objects.count(),
    ) == counts
    assert Plan.objects.filter(year=2026).count() == 1

    c = Client()
    c.force_login(world.city_admin)
    page = c.get(reverse("recuperation:plan_detail", args=[plan.pk])).content.decode()
    assert PLAN_TITLE in page and "执行中" in page and "市总党组会纪要〔2026〕4号" in page
    went = b1.invitations.filter(attended=True).count()
    report = c.get(reverse("recuperation:report") + "?year=2026").content.decode()
    assert f"{went}人 / 1批" in report and "1批 / 142人" in report
    batch_page = c.get(reverse("recuperation:batch_detail", args=[b1.pk])).content.decode()
    assert (
        "已结束" in batch_page
        and "劳模事迹报告会" in batch_page
        and 'id="roster-pdf"' in batch_page
    )
