"""The 困难帮扶 demo year 2025 against the 安康 article [seed 004]: "冬送温暖筹集资金466.33万元，
慰问困难职工1万余户；春送岗位举办招聘会108场，帮助6.6万人实现就业；夏送清凉为2.8万高温一线职工送去关怀；
金秋助学圆梦241名寒门学子大学梦" — each figure as the figures page computes it for 安康市总工会."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from gonghui.core.demo import ensure_demo_users, seed_demo
from gonghui.core.models import Organization, User
from gonghui.relief.demo import SCALE, seed
from gonghui.relief.models import Campaign, Case, CaseStatus, Recheck
from gonghui.relief.selectors_figures import FIGURES, FigureScope
from tests.kit import signed_in

pytestmark = pytest.mark.django_db

# The article's figures: (figure key, value in the article, how many the demo stands for each).
ARTICLE = {
    "raised": (Decimal("4663300.00"), 1),  # 466.33 万元
    "fairs": (108, 1),
    "placed": (66_000, 1),  # 6.6 万
    "workers": (28_000, 1),  # 2.8 万
    "students": (241, 1),
}


@pytest.fixture
def demo():
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False):
        seed_demo(members=2000, seed=1)  # as `make run`
        ensure_demo_users()
        summary = seed(seed=1)
        yield summary


def test_the_2025_figures_are_the_articles(demo):
    city = Organization.objects.get(parent__isnull=True)
    scope = FigureScope(org=city, year=2025)
    for key, (expected, scale) in ARTICLE.items():
        assert FIGURES[key].value(scope) * scale == expected, key
    households = FIGURES["households"].value(scope)
    # 1万余户 at one demo household for SCALE: more than 10,000, fewer than 20,000.
    assert 10_000 <= households * SCALE < 20_000
    warmth = Campaign.objects.get(year=2025, kind="warmth")
    assert f"1:{SCALE}" in warmth.note
    assert f"1:{SCALE}" in demo


def test_2026_has_work_waiting_at_each_step(demo):
    assert Case.objects.filter(status=CaseStatus.APPLIED).exists()
    assert Case.objects.filter(status=CaseStatus.REVIEWED).exists()
    assert Case.objects.filter(status=CaseStatus.EXITED).exists()
    rechecks = Recheck.objects.filter(year=2026)
    assert rechecks.filter(done_on__isnull=False).exists()
    assert rechecks.filter(done_on__isnull=True, due__lt=dt.date(2026, 12, 1)).exists()


def test_the_demo_runs_once_and_its_pages_state_the_scale_and_the_figures(demo):
    counts = (Case.objects.count(), Campaign.objects.count())
    assert seed(seed=1) == "困难帮扶演示数据已存在，跳过生成"
    assert (Case.objects.count(), Campaign.objects.count()) == counts
    warmth = Campaign.objects.get(year=2025, kind="warmth")
    admin = User.objects.get(username="admin")
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False):
        client = signed_in(admin)
        body = client.get(f"/relief/campaigns/{warmth.pk}/").content.decode()
        figures = client.get("/relief/activities/figures/?year=2025").content.decode()
    assert f"1:{SCALE}" in body and "4,663,300.00" in body
    for shown in ("4,663,300.00 元", "108 场", "66,000 人", "28,000 人", "241 名"):
        assert shown in figures, shown
