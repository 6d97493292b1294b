"""Pages of the year's 工作方案: the list, drafting and editing, 党组会 approval, new versions,
completion, the batches of a draft, and the candidates with their time preferences."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core import clock
from gonghui.core.models import User
from gonghui.core.permissions import authorize
from gonghui.core.templatetags.gonghui_ui import yuan
from gonghui.core.web import act, act_on_form, page, submit
from gonghui.recuperation import rules, selectors, services
from gonghui.recuperation.forms import ApproveForm, BatchForm, PlanForm, VersionForm, parse_travel
from gonghui.recuperation.models import Batch, Plan
from gonghui.recuperation.views_common import (
    chosen_batches,
    confirm_page,
    form_page,
    int_param,
)


def _to_plan(plan_id: int) -> HttpResponse:
    return redirect("recuperation:plan_detail", pk=plan_id)


@page()
def plan_list(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "recuperation.plan.view")
    plans = selectors.plan_list(user=user)
    return render(
        request, "recuperation/plan_list.html", {"title": "疗休养工作方案", "plans": plans}
    )


@page("recuperation.plan.create")
def plan_create(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "recuperation.plan.create")
    year = clock.today().year
    form = PlanForm(
        request.POST or None,
        initial={
            "year": year,
            "title": f"{year}年劳模疗休养工作方案",
            "seed": services.random_seed(),
        },
    )
    outcome = submit(
        request,
        form,
        lambda d: services.plan_create(user=user, year=d["year"], **form.plan_data()),
        lambda plan: f"已新建“{plan.title}”（草稿）",
    )
    if outcome:
        return _to_plan(outcome.value.pk)
    return form_page(
        request, form, title="新建疗休养工作方案", back=reverse("recuperation:plan_list")
    )


@page()
def plan_detail(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    authorize(user, "recuperation.plan.view")
    plan = selectors.plan_get(user=user, pk=pk)
    seats = selectors.batch_seats(plan)
    return render(
        request,
        "recuperation/plan_detail.html",
        {
            "title": plan.title,
            "plan": plan,
            "seats": seats,
            "articles": rules.plan_articles(plan, [s.batch for s in seats]),
            "versions": selectors.plan_versions(plan),
            "runs": selectors.plan_runs(plan),
            "published": selectors.published_run(plan),
            "approve_form": ApproveForm(initial={"meeting_date": clock.today()}),
            "version_form": VersionForm(),
            "weights": plan.policy.get("weights", {}),
            "weight_labels": rules.WEIGHT_LABELS,
        },
    )


@page("recuperation.plan.change")
def plan_edit(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=user, pk=pk)
    authorize(user, "recuperation.plan.change", plan)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_from(plan))
    form.fields["year"].disabled = True
    outcome = submit(
        request,
        form,
        lambda d: services.plan_update(user=user, plan=plan, **form.plan_data()),
        "方案已保存",
    )
    if outcome:
        return _to_plan(plan.pk)
    return form_page(request, form, title=f"编辑 — {plan}", back=reverse("recuperation:plan_list"))


@page("recuperation.plan.approve", post=True)
def plan_approve(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=user, pk=pk)
    act_on_form(
        request,
        ApproveForm(request.POST),
        lambda d: services.plan_approve(user=user, plan=plan, **d),
        "已登记党组会审定，方案可以开始遴选",
        invalid="请填写党组会日期和会议纪要编号",
    )
    return _to_plan(plan.pk)


@page("recuperation.plan.new_version", post=True)
def plan_new_version(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=user, pk=pk)
    outcome = act(
        request,
        lambda: services.plan_new_version(
            user=user, plan=plan, reason=request.POST.get("reason", "")
        ),
        lambda p: f"已生成第{p.version}版（草稿），原版本保留可查",
    )
    return _to_plan(outcome.value.pk if outcome else plan.pk)


@page("recuperation.plan.complete", post=True)
def plan_complete(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=user, pk=pk)
    act(request, lambda: services.plan_complete(user=user, plan=plan), "方案已办结")
    return _to_plan(plan.pk)


# ---------------------------------------------------------------- batches of a draft plan


def _batch_form(
    request: HttpRequest, user: User, plan: Plan, batch: Batch | None = None
) -> HttpResponse:
    """Add a batch to a draft plan or (with `batch`) change one: the same form and service."""
    if batch is None:
        initial = {"code": selectors.next_batch_code(plan)}
        form = BatchForm(request.POST or None, initial=initial)
    else:
        form = BatchForm(request.POST or None, batch=batch)

    def save(d: dict[str, Any]) -> Batch:
        fields = {**d, "travel_cost": parse_travel(d["travel_cost"])}
        if batch is None:
            return services.batch_add(user=user, plan=plan, **fields)
        return services.batch_update(user=user, batch=batch, **fields)

    verb = "已添加" if batch is None else "已保存"
    if submit(request, form, save, lambda saved: f"{verb}批次{saved.code}"):
        return _to_plan(plan.pk)
    return form_page(
        request,
        form,
        title=f"添加批次 — {plan}" if batch is None else f"编辑批次{batch.code} — {plan}",
        back=reverse("recuperation:plan_detail", args=[plan.pk]),
        submit="添加批次" if batch is None else "保存",
    )


@page("recuperation.batch.create")
def batch_create(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=user, pk=pk)
    authorize(user, "recuperation.batch.create", plan)
    return _batch_form(request, user, plan)


def _editable_batch(
    request: HttpRequest, user: User, pk: int, key: str
) -> tuple[Batch, HttpResponse | None]:
    """The batch and, when its plan is frozen, a redirect back with the Chinese refusal."""
    batch = selectors.batch_get(user=user, pk=pk)
    authorize(user, key, batch)
    if not act(request, lambda: services.batch_check_editable(user=user, batch=batch)):
        return batch, _to_plan(batch.plan_id)
    return batch, None


@page("recuperation.batch.change")
def batch_edit(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    batch, refused = _editable_batch(request, user, pk, "recuperation.batch.change")
    return refused or _batch_form(request, user, batch.plan, batch)


@page("recuperation.batch.delete")
def batch_delete(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes (draft plans only)."""
    batch, refused = _editable_batch(request, user, pk, "recuperation.batch.delete")
    if refused:
        return refused
    if request.method == "POST":
        act(
            request,
            lambda: services.batch_delete(user=user, batch=batch),
            f"已删除批次{batch.code}",
        )
        return _to_plan(batch.plan_id)
    return confirm_page(
        request,
        title=f"删除批次{batch.code}",
        question=f"确定从“{batch.plan}”中删除批次{batch.code}吗？删除后不可恢复。",
        details=[
            f"基地：{batch.base.name}",
            f"日期：{batch.start_date:%Y年%m月%d日}至{batch.end_date:%m月%d日}（{batch.days}天）",
            f"人数：{batch.min_size}–{batch.max_size}人；人均费用{yuan(batch.cost_per_person)}",
        ],
        submit="确认删除",
        back=reverse("recuperation:plan_detail", args=[batch.plan_id]),
    )


# ---------------------------------------------------------------- candidates


@page("recuperation.invitation.respond")
def candidates(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    """Candidates in scope with availability and preferred batches (officers enter them)."""
    authorize(user, "recuperation.plan.view")
    plan = selectors.plan_get(user=user, pk=pk)
    batches = selectors.plan_batches(plan)
    if request.method == "POST":
        chosen = int_param(request.POST.get("person"))
        person = selectors.plan_candidate(user=user, plan=plan, person_id=chosen)
        if person is not None:
            un, pre = chosen_batches(request, batches)
            act(
                request,
                lambda: services.availability_set(
                    user=user, plan=plan, person=person, unavailable=un, preferred=pre
                ),
                f"已保存{person.name}的时间意向",
            )
        return redirect("recuperation:candidates", pk=plan.pk)
    return render(
        request,
        "recuperation/candidates.html",
        {
            "title": f"候选人与时间意向 — {plan}",
            "plan": plan,
            "batches": batches,
            "rows": selectors.candidate_rows(user=user, plan=plan),
        },
    )
