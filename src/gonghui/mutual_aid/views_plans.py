"""Pages of 保障项目 (the terms every signed-in user reads; new periods, changes, 停止参保) and
the statistics of 互助保障."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from gonghui.core import clock
from gonghui.core.models import User
from gonghui.core.params import query_id, query_year
from gonghui.core.permissions import authorize
from gonghui.core.templatetags.gonghui_ui import yuan
from gonghui.core.web import act, page, submit
from gonghui.mutual_aid import selectors, services
from gonghui.mutual_aid.forms import CloseForm, PlanForm
from gonghui.mutual_aid.models import AidPlan


@page()
def stats(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "mutual_aid.stats.view")
    today = clock.today()
    year = query_year(request.GET, default=today.year)
    s = selectors.statistics(user=user, year=year)
    charts = {
        "county": {
            "labels": [r["name"] for r in s["by_county"]],
            "values": [r["people"] for r in s["by_county"]],
        },
        "plan": [
            {"name": r["name"], "value": float(r["amount"]), "text": yuan(r["amount"])}
            for r in s["by_plan"]
        ],
    }
    return render(
        request,
        "mutual_aid/stats.html",
        {
            "title": "互助保障统计",
            "s": s,
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "ledger": selectors.ledger(user=user, year=year),
            "overdue": selectors.overdue_claims(user=user)[:50],
            "charts": charts,
        },
    )


@page("mutual_aid.plan.create")
def plans(request: HttpRequest, user: User) -> HttpResponse:
    """保障项目 (everyone signed in reads the terms); POST: 按默认规则生成 a year's plans."""
    authorize(user, "mutual_aid.plan.view")
    if request.method == "POST":
        text = request.POST.get("year", "").strip()
        if not (text.isascii() and text.isdigit()) or not 2000 <= int(text) <= 2100:
            messages.error(request, f"年度“{text}”无效")
            return redirect("mutual_aid:plans")
        year = int(text)
        act(
            request,
            lambda: services.plan_seed(user=user, year=year),
            f"已生成{year}年保障项目",
        )
        return redirect("mutual_aid:plans")
    return render(
        request,
        "mutual_aid/plans.html",
        {
            "title": "保障项目",
            "plans": selectors.plan_overview(user=user),
            "next_year": clock.today().year,
        },
    )


def _plan(user: User, aidplan_id: int) -> AidPlan:
    return get_object_or_404(selectors.plan_list(user=user), pk=aidplan_id)


def _plan_form_page(request: HttpRequest, form: PlanForm, title: str) -> HttpResponse:
    return render(
        request,
        "mutual_aid/form.html",
        {
            "title": title,
            "form": form,
            "note": "保障期内已有参保登记的项目不能再修改规则；如需调整，请停止本期参保并新建下一期。",
            "back": reverse("mutual_aid:plans"),
        },
    )


@page("mutual_aid.plan.create")
def plan_new(request: HttpRequest, user: User) -> HttpResponse:
    """新建保障项目 (optionally the next period of an existing one: ?from=<id>)."""
    authorize(user, "mutual_aid.plan.create")
    initial: dict[str, Any] = {"waiting_exempt_renewal": True, "waiting_exempt_accident": True}
    source = query_id(request.GET, "from", label="保障项目")
    if source is not None:
        initial = PlanForm.initial_from(_plan(user, source), next_period=True)
    form = PlanForm(request.POST if request.method == "POST" else None, initial=initial)
    done = submit(
        request,
        form,
        lambda d: services.plan_create(user=user, data=form.plan_data()),
        lambda plan: f"已新建保障项目“{plan}”，现已开放参保登记",
    )
    if done:
        return redirect("mutual_aid:plans")
    return _plan_form_page(request, form, "新建保障项目")


@page("mutual_aid.plan.change")
def plan_edit(request: HttpRequest, user: User, aidplan_id: int) -> HttpResponse:
    plan = _plan(user, aidplan_id)
    authorize(user, "mutual_aid.plan.change", plan)
    form = PlanForm(
        request.POST if request.method == "POST" else None, initial=PlanForm.initial_from(plan)
    )
    done = submit(
        request,
        form,
        lambda d: services.plan_update(user=user, plan=plan, data=form.plan_data()),
        lambda saved: f"已保存“{saved}”的保障规则",
    )
    if done:
        return redirect("mutual_aid:plans")
    return _plan_form_page(request, form, f"修改保障项目：{plan}")


@page("mutual_aid.plan.close")
def plan_close(request: HttpRequest, user: User, aidplan_id: int) -> HttpResponse:
    """停止参保, after a confirmation page."""
    plan = _plan(user, aidplan_id)
    authorize(user, "mutual_aid.plan.close", plan)
    form = CloseForm(request.POST if request.method == "POST" else None)
    done = submit(
        request,
        form,
        lambda d: services.plan_close(user=user, plan=plan),
        f"已停止“{plan}”的参保登记；已参保人员的保障和申领不受影响",
    )
    if done:
        return redirect("mutual_aid:plans")
    return render(
        request,
        "mutual_aid/confirm.html",
        {
            "title": "停止参保",
            "form": form,
            "lines": [
                f"保障项目：{plan}（保障期{plan.period_start:%Y-%m-%d}至{plan.period_end:%Y-%m-%d}）",
                f"已参保{plan.enrollments.count()}条。停止后不能再登记参保；已参保人员在保障期内的保障和申领不受影响。",
            ],
            "submit": "确认停止参保",
            "back": reverse("mutual_aid:plans"),
        },
    )
