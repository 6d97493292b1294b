"""The 企业工作 demo year 2025 against the articles: "全市已培育党工共建示范点28个 … 向28家重点培育
单位发放经费补助共计14万元" [seed 000]; "组织5支技术服务队深入企业破解技术难题12项，提出管理优化建议8条
… 举办集中入会行动13场，新发展新业态会员623人 … 开展安全生产检查434次，整改隐患265处。石泉县运用
“一函两书”追回欠薪13.5万元" [seed 004] — each figure as the figures page computes it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from gonghui.core.demo import ensure_demo_users, seed_demo
from gonghui.core.models import Organization, OrgKind, User
from gonghui.honors.demo import seed_model_workers
from gonghui.workplace.demo import SCALE, seed
from gonghui.workplace.models import JoinEvent, Letter, LetterStatus, Need, NeedStatus
from gonghui.workplace.selectors_figures import figure_scope, figures
from tests.kit import signed_in

pytestmark = pytest.mark.django_db

# The articles' figures for 安康市总工会: (figure key, the article's value, the demo's scale).
ARTICLE = {
    "sites": (28, 1),
    "site_paid": (Decimal("140000.00"), 1),  # 14 万元
    "join_events": (13, 1),
    "joined": (623, SCALE),  # 623 人 at 1:10 → 62
    "squads": (5, 1),
    "needs_solved": (12, 1),
    "suggestions": (8, 1),
    "inspections": (434, 1),
    "hazards_fixed": (265, 1),
}


@pytest.fixture
def demo():
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False):
        # As `make run` (the 28 示范点 need its 80 employers), with fewer model workers than its
        # 600: the squads take 30.
        seed_demo(members=2000, seed=1)
        ensure_demo_users()
        seed_model_workers(count=60, seed=1, visits=False)
        summary = seed(seed=1)
        yield summary


def test_the_2025_figures_are_the_articles(demo):
    admin = User.objects.get(username="admin")
    totals = figures(scope=figure_scope(user=admin, year=2025)).totals
    for key, (expected, scale) in ARTICLE.items():
        assert totals[key] == round(expected / scale), key
    assert all(e.new_employment_form for e in JoinEvent.objects.all() for e in e.joiners.all())
    assert totals["joined_new_form"] == totals["joined"]
    assert f"1:{SCALE}" in demo
    assert all(f"1:{SCALE}" in e.note for e in JoinEvent.objects.all())
    # 石泉 recovered the article's 13.5 万元 with its 一函两书…
    shiquan = Organization.objects.get(kind=OrgKind.COUNTY, code="610922")
    officer = User.objects.get(username="shiquan")
    totals = figures(scope=figure_scope(user=officer, year=2025, org=shiquan.pk)).totals
    assert totals["recovered"] == Decimal("135000.00")
    # …seen by 石泉 on its 一函两书 page as well.
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False):
        body = signed_in(officer).get("/workplace/figures/?year=2025").content.decode()
    assert "135,000.00 元" in body


def test_today_has_work_waiting_at_each_step_and_a_second_run_creates_nothing(demo):
    assert Need.objects.filter(status=NeedStatus.FILED).exists()
    assert Need.objects.filter(status=NeedStatus.ASSIGNED).exists()
    assert Need.objects.filter(status=NeedStatus.ACCEPTED).exists()
    chair = User.objects.get(username="chair")
    assert Need.objects.filter(created_by=chair).exists()  # the flagship's own 点单
    opinion = Letter.objects.get(kind="opinion")
    assert opinion.follows is not None and opinion.follows.status == LetterStatus.ISSUED
    # A second run finds its marker and creates nothing.
    counts = (Need.objects.count(), Letter.objects.count(), JoinEvent.objects.count())
    assert seed(seed=1) == "企业工作演示数据已存在，跳过生成"
    assert (Need.objects.count(), Letter.objects.count(), JoinEvent.objects.count()) == counts
