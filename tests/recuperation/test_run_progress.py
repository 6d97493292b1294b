"""A selection run reports the planner's progress: stage, best plan so far, bound and gap."""

from __future__ import annotations

from gonghui.recuperation import services
from gonghui.recuperation.services_selection import planner_progress_text


def test_the_run_reports_the_planners_best_plan_and_bound_as_it_goes(rw):
    plan = rw.plan(budget="100000.00")
    rw.batch(plan, "B1", max_size=2)
    rw.approve(plan)
    messages: list[str] = []

    def progress(done, total, message="", *, force=False):
        messages.append(message)

    run = services.selection_run(user=rw.w.city_admin, plan=plan, progress=progress)
    solving = [m for m in messages if "当前最优" in m]
    assert solving, messages
    assert all("上界" in m and "差距" in m for m in solving)
    # The last report of the search names the plan that was kept.
    assert f"当前最优 {run.output['objective']} 分" in solving[-1]
    assert messages[-1] == "已完成"


def test_the_progress_line_says_the_gap_in_percent():
    line = planner_progress_text("stage1", {"objective": 990, "bound": 1000})
    assert line == "寻找总得分最高的方案，当前最优 990 分，上界 1000 分，差距 1.00%"
    assert planner_progress_text("lp", {}) == "求出理论上界"


def test_the_run_page_tells_each_waiting_candidate_why_with_the_plans_clause(rw):
    """Two seats for nine model workers: everyone left out reads a reason and its article."""
    from django.test import Client
    from django.urls import reverse

    plan = rw.plan(budget="100000.00")
    rw.batch(plan, "B1", max_size=2)
    rw.approve(plan)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    waiting = [
        (cid, e)
        for cid, e in run.output["explanations"].items()
        if e.get("eligible") and not e["selected"]
    ]
    assert waiting and all(e["reason"] for _, e in waiting)
    client = Client()
    client.force_login(rw.w.city_admin)
    url = reverse("recuperation:run_detail", args=[run.pk])
    page = client.get(url, {"outcome": "waiting"}).content.decode()
    assert "候补第1位" in page
    assert f"依据《{plan.title}》（第{plan.version}版）第" in page
    assert "入选 B1" not in page  # the filter keeps only the waiting
    # Search by name narrows the list to that person.
    first = rw.people[0].name
    page = client.get(url, {"q": first}).content.decode()
    assert first in page and "共 1 人" in page
    # A hostile page number is not an error.
    assert client.get(url, {"page": "x" * 30}).status_code == 200


def test_the_publicity_and_the_workers_page_give_the_same_reason_and_article(rw):
    from django.test import Client
    from django.urls import reverse

    from gonghui.core.models import Person, Role
    from gonghui.recuperation.selectors import my_results
    from tests import factories

    plan = rw.plan(budget="100000.00")
    rw.batch(plan, "B1", max_size=1)
    rw.approve(plan)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    services.selection_publish(user=rw.w.city_admin, run=run)
    waiting = {cid: e for cid, e in run.output["explanations"].items() if e.get("reason")}
    assert waiting
    cid, first = min(waiting.items(), key=lambda item: item[1]["rank"])
    why = first["message"].split("。", 1)[-1]
    citation = f"依据《{plan.title}》（第{plan.version}版）"

    client = Client()
    client.force_login(rw.w.city_admin)
    page = client.get(reverse("recuperation:publicity", args=[plan.pk])).content.decode()
    assert "候补人员（按顺序递补" in page and why in page and citation in page

    person = Person.objects.get(pk=run.person_id(cid))
    member = factories.user(Role.MEMBER, person.org, "waiting_member", person=person)
    lines = my_results(user=member)[0].reasons
    assert any(why in line and "候补第1位" in line for line in lines), lines
    assert any(line.startswith(citation) for line in lines), lines


def test_every_reason_the_planner_gives_cites_an_article_of_the_plan(rw):
    from gonghui.planner.eligibility import REASON_TEXT
    from gonghui.planner.report import WHY_NOT
    from gonghui.recuperation import rules

    plan = rw.plan()
    for code in [*REASON_TEXT, *WHY_NOT]:
        citation = rules.clause_citation(plan, code)
        assert citation.startswith(f"依据《{plan.title}》（第{plan.version}版）第"), code


def test_the_plan_page_prints_every_article_a_reason_cites_from_its_own_settings(rw):
    from django.test import Client
    from django.urls import reverse

    from gonghui.planner.eligibility import REASON_TEXT
    from gonghui.planner.report import WHY_NOT
    from gonghui.recuperation import rules

    plan = rw.plan(budget="86000.00")
    rw.batch(plan, "B1", min_size=2, max_size=4)
    plan = rw.approve(plan)
    client = Client()
    client.force_login(rw.w.city_admin)
    page = client.get(reverse("recuperation:plan_detail", args=[plan.pk])).content.decode()
    articles = page[page.index('id="articles"') :]
    for code in [*REASON_TEXT, *WHY_NOT]:
        article = rules.PLAN_CLAUSES[code][0]
        assert f"<strong>{article} " in articles, code
    # The texts are the plan's own settings, not boilerplate.
    assert f"{plan.policy['cooldown_years']}年内参加过疗休养" in articles
    assert f"抽签种子{plan.seed}" in articles
    assert "每批次2至4人" in articles and "经费预算86,000.00元" in articles
    assert f"{plan.meeting_date:%Y年%m月%d日}党组会审定" in articles
