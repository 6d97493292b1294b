"""Pages of selection: starting a run and following its progress, the result with each
candidate's reasons, the exact input and output files, publication and the 公示 list."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gonghui.core import clock
from gonghui.core import jobs as core_jobs
from gonghui.core.models import JobStatus, User
from gonghui.core.permissions import authorize
from gonghui.core.views_list import page_links
from gonghui.core.web import act, page, user_of
from gonghui.recuperation import selectors, services
from gonghui.recuperation.models import PlanStatus, RunStatus, SelectionRun
from gonghui.recuperation.views_common import download


@page("recuperation.run.start", post=True)
def plan_run(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=user, pk=pk)
    outcome = act(
        request,
        lambda: services.selection_start(user=user, plan=plan),
        "遴选已开始，计算完成后结果显示在本页",
    )
    if not outcome:
        return redirect("recuperation:plan_detail", pk=plan.pk)
    return redirect("recuperation:run_detail", pk=outcome.value.pk)


def _run_context(run: SelectionRun) -> dict[str, Any]:
    job = core_jobs.live(run.job) if run.job is not None else None
    running = run.status == RunStatus.PENDING and (
        job is None or job.status in (JobStatus.PENDING, JobStatus.RUNNING)
    )
    return {"run": run, "job": job, "running": running}


@page()
def run_detail(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    authorize(user, "recuperation.plan.view")
    run = selectors.run_get(user=user, pk=pk)
    ctx = _run_context(run)
    if getattr(request, "htmx", False) and request.GET.get("part") == "progress":
        if not ctx["running"]:
            response = HttpResponse("")
            response["HX-Refresh"] = "true"
            return response
        return render(request, "recuperation/_run_progress.html", ctx)
    q = request.GET.get("q", "").strip()[:50]
    outcome = request.GET.get("outcome", "")
    if outcome not in selectors.OUTCOME_FILTERS:
        outcome = ""
    # One page of candidates from the run's outcome rows (LIMIT/OFFSET), never all of them.
    outcomes = selectors.run_outcomes(run, user=user, outcome=outcome, q=q)
    page = Paginator(outcomes, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    figures = selectors.run_figures(run)
    ctx.update(
        {
            "title": f"遴选结果 — {run.plan}",
            "plan": run.plan,
            "batches": figures.batches,
            "total_cost": figures.total_cost,
            "rows": selectors.outcome_rows(run, page.object_list),
            "page": page,
            "page_links": page_links(page),
            "q": q,
            "outcome": outcome,
            "can_publish": run.status == RunStatus.DONE and run.plan.status == PlanStatus.APPROVED,
            "command": REPRODUCE,
        }
    )
    return render(request, "recuperation/run_detail.html", ctx)


ROWS_PER_PAGE = 50
# The command that recomputes a run from its input file, with the run's own settings.
REPRODUCE = (
    f"gonghui recuperation solve 输入.json --time-limit {services.SOLVE_TIME_LIMIT:g} "
    f"--workers {services.SOLVE_WORKERS}"
)
# The 公示 lists the first waiting candidates in order, each with the reason and its article.
PUBLICITY_WAITING = 200


def _run_file(request: HttpRequest, pk: int, part: str, name: str) -> HttpResponse:
    user = user_of(request)
    run = selectors.run_get(user=user, pk=pk)
    body = selectors.run_download(user=user, run=run, part=part)
    return download(
        body, "json", f"{name}_{run.plan.year}_{run.pk}.json", f"selection-{part}-{run.pk}.json"
    )


@page()
def run_input(request: HttpRequest, pk: int) -> HttpResponse:
    """The exact input of a run (bytes hashed by the SHA-256 shown on the page)."""
    return _run_file(request, pk, "input", "疗休养遴选输入")


@page()
def run_output(request: HttpRequest, pk: int) -> HttpResponse:
    return _run_file(request, pk, "output", "疗休养遴选结果")


def _publicity_file(user: User, pk: int, part: str, name: str) -> HttpResponse:
    """A file published with the 公示: candidates by code only, so whoever sees the 公示 may
    recompute the result (gonghui recuperation solve) and compare the SHA-256."""
    authorize(user, "recuperation.publicity.view")
    plan = selectors.plan_open_to_get(user=user, pk=pk)
    run = selectors.published_run(plan)
    if run is None:
        raise Http404("遴选结果尚未公示")
    body = selectors.run_file(run, part)
    return download(body, "json", f"{name}_{plan.year}.json", f"publicity-{part}-{plan.pk}.json")


@page()
def publicity_input(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    return _publicity_file(user, pk, "input", "疗休养遴选输入（公示）")


@page()
def publicity_output(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    return _publicity_file(user, pk, "output", "疗休养遴选结果（公示）")


@page("recuperation.run.publish", post=True)
def run_publish(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    run = selectors.run_get(user=user, pk=pk)
    outcome = act(
        request,
        lambda: services.selection_publish(user=user, run=run),
        lambda r: f"已公示，公示期至{r.publicity_until:%Y年%m月%d日}；入选人员已收到邀请",
    )
    if not outcome:
        return redirect("recuperation:run_detail", pk=run.pk)
    return redirect("recuperation:publicity", pk=run.plan_id)


@page()
def publicity(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    """公示: selected people per batch (name, organization, masked ID), for every logged-in user."""
    authorize(user, "recuperation.publicity.view")
    plan = selectors.plan_open_to_get(user=user, pk=pk)
    run = selectors.published_run(plan)
    if run is None:
        return render(
            request,
            "recuperation/publicity.html",
            {"title": "疗休养人员公示", "plan": plan, "run": None},
        )
    until = run.publicity_until
    return render(
        request,
        "recuperation/publicity.html",
        {
            "title": f"{plan.year}年劳模疗休养人员名单公示",
            "plan": plan,
            "run": run,
            "listing": selectors.publicity(run, user=user),
            "waiting": selectors.explanation_rows(
                run, user=user, limit=PUBLICITY_WAITING, outcome="waiting"
            ),
            "open": until is not None and clock.today() <= until,
            "command": REPRODUCE,
        },
    )
