"""Pages of the 疗休养基地 catalog and of the year in numbers (年度统计)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core import clock
from gonghui.core.models import User
from gonghui.core.permissions import authorize
from gonghui.core.web import act, page, submit
from gonghui.recuperation import selectors, services
from gonghui.recuperation.forms import BaseEditForm, BaseForm
from gonghui.recuperation.views_common import confirm_page, form_page, year_param


@page("recuperation.base.create")
def base_list(request: HttpRequest, user: User) -> HttpResponse:
    """The shared catalog; POST adds a base maintained by the user's organization."""
    authorize(user, "recuperation.base.view")
    form = BaseForm(request.POST or None)
    if submit(request, form, lambda d: services.base_create(user=user, **d), "已新增基地"):
        return redirect("recuperation:base_list")
    return render(
        request,
        "recuperation/base_list.html",
        {"title": "疗休养基地", "bases": selectors.base_list(), "form": form},
    )


@page("recuperation.base.change")
def base_edit(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    base = selectors.base_get(pk=pk)
    authorize(user, "recuperation.base.change", base)
    form = BaseEditForm(request.POST or None, initial=BaseEditForm.initial_from(base))
    if submit(
        request,
        form,
        lambda d: services.base_update(user=user, base=base, **d),
        lambda saved: f"已保存基地“{saved.name}”",
    ):
        return redirect("recuperation:base_list")
    return form_page(
        request, form, title=f"编辑基地 — {base.name}", back=reverse("recuperation:base_list")
    )


@page("recuperation.base.delete")
def base_delete(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes an unused base or deactivates a used one."""
    base = selectors.base_get(pk=pk)
    authorize(user, "recuperation.base.delete", base)
    if request.method == "POST":
        act(
            request,
            lambda: services.base_delete(user=user, base=base),
            lambda deleted: (
                f"已删除基地“{base.name}”"
                if deleted
                else f"基地“{base.name}”已有批次使用，已改为停用（历史记录保留，不能再安排新批次）"
            ),
        )
        return redirect("recuperation:base_list")
    used = selectors.base_batch_count(base)
    if used:
        question = (
            f"基地“{base.name}”已有{used}个批次使用，不能删除。确定停用吗？"
            "停用后历史记录保留，但不能再安排新批次。"
        )
    else:
        question = f"确定删除基地“{base.name}”吗？删除后不可恢复。"
    return confirm_page(
        request,
        title=f"{'停用' if used else '删除'}基地",
        question=question,
        details=[f"所在地：{base.place}", f"接待能力：{base.capacity}人/批"],
        submit="确认停用" if used else "确认删除",
        back=reverse("recuperation:base_list"),
    )


# ---------------------------------------------------------------- the year in numbers


@page()
def report(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "recuperation.report.view")
    year = year_param(request)
    r = selectors.year_report(user=user, year=year)
    charts = {
        "county": {"labels": [k for k, _ in r.by_county], "values": [v for _, v in r.by_county]},
        "level": [{"name": k, "value": v} for k, v in r.by_level],
        "cost": {
            "labels": ["预算", "计划费用", "实际费用"],
            "values": [float(r.budget), float(r.planned_cost), float(r.actual_cost)],
        },
        "batches": {
            "labels": [row["batch"].code for row in r.batches],
            "planned": [float(row["planned"]) for row in r.batches],
            "actual": [float(row["actual"]) for row in r.batches],
        },
        "exchange": {
            "labels": ["外出疗休养", "来安接待"],
            "batches": [r.outbound_batches, r.inbound_batches],
            "people": [r.outbound_people, r.inbound_people],
        },
    }
    this = clock.today().year
    return render(
        request,
        "recuperation/report.html",
        {
            "title": f"{year}年劳模疗休养工作统计",
            "r": r,
            "year": year,
            "charts": charts,
            "years": range(this, this - 5, -1),
        },
    )
