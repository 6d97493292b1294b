# request.user is a User behind @login_required; django-stubs types it as User | AnonymousUser.
# mypy: disable-error-code="arg-type,union-attr,misc"
"""Pages of 劳模疗休养: plans, batches, selection runs, publicity, invitations, self-service,
host needs, running a batch, bases, exchanges and inbound groups, the year's report.

Who may open a page or press a button is the permission table (recuperation/permissions.py):
each page asks `authorize(user, "recuperation.….view")`, each POST route declares its action
(@route_action) and the service checks the record; buttons ask the same table in templates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core import clock
from gonghui.core import jobs as core_jobs
from gonghui.core.errors import DomainError
from gonghui.core.exporting import XLSX_TYPE, content_disposition
from gonghui.core.models import JobStatus, Role
from gonghui.core.permissions import authorize, can, read_only, route_action
from gonghui.core.scope import scoped
from gonghui.recuperation import exporters, selectors, services
from gonghui.recuperation.forms import (
    ApproveForm,
    BaseEditForm,
    BaseForm,
    BatchForm,
    ExchangeForm,
    FeedbackForm,
    InboundForm,
    ItineraryForm,
    NeedForm,
    OutboundForm,
    PlanForm,
    StaffForm,
    VersionForm,
    parse_travel,
)
from gonghui.recuperation.models import (
    Availability,
    InvitationStatus,
    PlanStatus,
    RunStatus,
)

# The operations of a running batch (batches/<pk>/<action>/) and their table rows.
BATCH_ACTIONS = {
    "staff": "recuperation.batch.staff",
    "itinerary": "recuperation.batch.itinerary",
    "itinerary_default": "recuperation.batch.itinerary",
    "attendance": "recuperation.batch.attendance",
    "costs": "recuperation.batch.costs",
    "finish": "recuperation.batch.finish",
    "invite_next": "recuperation.batch.invite_next",
}


def _batch_action_key(action: str = "", **kwargs: Any) -> str:
    # An unknown operation is refused by the view; its POST is checked as a batch change.
    return BATCH_ACTIONS.get(action, "recuperation.batch.change")


def _year(request: HttpRequest) -> int:
    """`?year=`: this year when absent; a Chinese message and a sensible year when bad."""
    this = clock.today().year
    raw = (request.GET.get("year") or "").strip()
    if not raw:
        return this
    try:
        year = int(raw)
    except ValueError:
        messages.error(request, f"年度“{raw[:20]}”无效，已显示{this}年")
        return this
    clamped = min(max(year, 2000), this + 1)
    if clamped != year:
        messages.error(request, f"年度应在2000年至{this + 1}年之间，已显示{clamped}年")
    return clamped


def _act(request: HttpRequest, fn: Callable[[], Any], ok: str | Callable[[Any], str]) -> Any:
    """Run a service; a DomainError becomes an error message, nothing else happens."""
    try:
        result = fn()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, ok(result) if callable(ok) else ok)
    return result


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _chosen_batches(request: HttpRequest, batches: Any) -> tuple[list[Any], list[Any]]:
    """The batches ticked as 不能参加 and 希望参加 (unknown or foreign ids are ignored)."""
    chosen = {b.pk: b for b in batches}
    picked = {
        name: [chosen[i] for i in map(_int, request.POST.getlist(name)) if i in chosen]
        for name in ("unavailable", "preferred")
    }
    return picked["unavailable"], picked["preferred"]


def _form_page(
    request: HttpRequest, form: Any, *, title: str, back: str, submit: str = "保存", intro: str = ""
) -> HttpResponse:
    return render(
        request,
        "recuperation/form.html",
        {
            "title": title,
            "form": form,
            "back_href": reverse(back),
            "submit": submit,
            "intro": intro,
        },
    )


# ---------------------------------------------------------------- plans


@login_required
@read_only
def plan_list(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "recuperation.plan.view")
    plans = selectors.plan_list(user=request.user)  # type: ignore[arg-type]
    return render(
        request, "recuperation/plan_list.html", {"title": "疗休养工作方案", "plans": plans}
    )


@login_required
@route_action("recuperation.plan.create")
def plan_create(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "recuperation.plan.create")
    year = clock.today().year
    form = PlanForm(
        request.POST or None,
        initial={
            "year": year,
            "title": f"{year}年劳模疗休养工作方案",
            "seed": services.random_seed(),
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan = services.plan_create(
                user=request.user,
                year=d["year"],
                title=d["title"],  # type: ignore[arg-type]
                budget=d["budget"],
                budget_line=d["budget_line"],
                policy=form.policy(),
                seed=d["seed"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"已新建“{plan.title}”（草稿）")
            return redirect("recuperation:plan_detail", pk=plan.pk)
    return _form_page(request, form, title="新建疗休养工作方案", back="recuperation:plan_list")


@login_required
@read_only
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    authorize(request.user, "recuperation.plan.view")
    plan = selectors.plan_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    return render(
        request,
        "recuperation/plan_detail.html",
        {
            "title": plan.title,
            "plan": plan,
            "seats": selectors.batch_seats(plan),
            "versions": selectors.plan_versions(plan),
            "runs": plan.runs.select_related("job"),
            "published": selectors.published_run(plan),
            "approve_form": ApproveForm(initial={"meeting_date": clock.today()}),
            "version_form": VersionForm(),
            "weights": plan.policy.get("weights", {}),
            "weight_labels": services.rules.WEIGHT_LABELS,
        },
    )


@login_required
@route_action("recuperation.plan.change")
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    authorize(request.user, "recuperation.plan.change", plan)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_from(plan))
    form.fields["year"].disabled = True
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.plan_update(
                user=request.user,
                plan=plan,
                title=d["title"],
                budget=d["budget"],  # type: ignore[arg-type]
                budget_line=d["budget_line"],
                policy=form.policy(),
                seed=d["seed"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "方案已保存")
            return redirect("recuperation:plan_detail", pk=plan.pk)
    return _form_page(request, form, title=f"编辑 — {plan}", back="recuperation:plan_list")


@login_required
@route_action("recuperation.plan.approve")
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写党组会日期和会议纪要编号")
    else:
        _act(
            request,
            lambda: services.plan_approve(
                user=request.user,
                plan=plan,
                meeting_date=form.cleaned_data["meeting_date"],  # type: ignore[arg-type]
                minute_no=form.cleaned_data["minute_no"],
            ),
            "已登记党组会审定，方案可以开始遴选",
        )
    return redirect("recuperation:plan_detail", pk=plan.pk)


@login_required
@route_action("recuperation.plan.new_version")
@require_POST
def plan_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    new = _act(
        request,
        lambda: services.plan_new_version(
            user=request.user, plan=plan, reason=request.POST.get("reason", "")
        ),  # type: ignore[arg-type]
        lambda p: f"已生成第{p.version}版（草稿），原版本保留可查",
    )
    return redirect("recuperation:plan_detail", pk=new.pk if new else plan.pk)


@login_required
@route_action("recuperation.plan.complete")
@require_POST
def plan_complete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    _act(request, lambda: services.plan_complete(user=request.user, plan=plan), "方案已办结")  # type: ignore[arg-type]
    return redirect("recuperation:plan_detail", pk=plan.pk)


def _batch_form(request: HttpRequest, plan: Any, batch: Any = None) -> HttpResponse:
    """Add a batch to a draft plan or (with `batch`) change one: the same form and service."""
    if batch is None:
        form = BatchForm(request.POST or None, initial={"code": f"B{plan.batches.count() + 1}"})
    else:
        form = BatchForm(request.POST or None, batch=batch)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        fields = {
            "code": d["code"],
            "base": d["base"],
            "start_date": d["start_date"],
            "end_date": d["end_date"],
            "min_size": d["min_size"],
            "max_size": d["max_size"],
            "cost_per_person": d["cost_per_person"],
        }
        try:
            travel = parse_travel(d["travel_cost"])
            if batch is None:
                saved = services.batch_add(
                    user=request.user, plan=plan, travel_cost=travel, **fields
                )
            else:
                saved = services.batch_update(
                    user=request.user, batch=batch, travel_cost=travel, **fields
                )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            verb = "已添加" if batch is None else "已保存"
            messages.success(request, f"{verb}批次{saved.code}")
            return redirect("recuperation:plan_detail", pk=plan.pk)
    return render(
        request,
        "recuperation/form.html",
        {
            "title": f"添加批次 — {plan}" if batch is None else f"编辑批次{batch.code} — {plan}",
            "form": form,
            "submit": "添加批次" if batch is None else "保存",
            "back_href": reverse("recuperation:plan_detail", args=[plan.pk]),
        },
    )


@login_required
@route_action("recuperation.batch.create")
def batch_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    authorize(request.user, "recuperation.batch.create", plan)
    return _batch_form(request, plan)


def _editable_batch(request: HttpRequest, pk: int, key: str) -> tuple[Any, HttpResponse | None]:
    """The batch and, when its plan is frozen, a redirect back with the Chinese refusal."""
    batch = selectors.batch_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    authorize(request.user, key, batch)
    try:
        services.batch_check_editable(user=request.user, batch=batch)
    except DomainError as exc:
        messages.error(request, exc.message)
        return batch, redirect("recuperation:plan_detail", pk=batch.plan_id)
    return batch, None


@login_required
@route_action("recuperation.batch.change")
def batch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    batch, refused = _editable_batch(request, pk, "recuperation.batch.change")
    return refused or _batch_form(request, batch.plan, batch)


@login_required
@route_action("recuperation.batch.delete")
def batch_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes (draft plans only)."""
    batch, refused = _editable_batch(request, pk, "recuperation.batch.delete")
    if refused:
        return refused
    if request.method == "POST":
        _act(
            request,
            lambda: services.batch_delete(user=request.user, batch=batch),  # type: ignore[arg-type]
            f"已删除批次{batch.code}",
        )
        return redirect("recuperation:plan_detail", pk=batch.plan_id)
    return _confirm_page(
        request,
        title=f"删除批次{batch.code}",
        question=f"确定从“{batch.plan}”中删除批次{batch.code}吗？删除后不可恢复。",
        details=[
            f"基地：{batch.base.name}",
            f"日期：{batch.start_date:%Y年%m月%d日}至{batch.end_date:%m月%d日}（{batch.days}天）",
            f"人数：{batch.min_size}–{batch.max_size}人；人均费用{batch.cost_per_person}元",
        ],
        submit="确认删除",
        back=reverse("recuperation:plan_detail", args=[batch.plan_id]),
    )


def _confirm_page(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    details: list[str],
    submit: str,
    back: str,
) -> HttpResponse:
    return render(
        request,
        "recuperation/confirm.html",
        {
            "title": title,
            "question": question,
            "details": details,
            "submit": submit,
            "back_href": back,
        },
    )


# ---------------------------------------------------------------- selection


@login_required
@route_action("recuperation.run.start")
@require_POST
def plan_run(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    run = _act(
        request,
        lambda: services.selection_start(user=request.user, plan=plan),  # type: ignore[arg-type]
        "遴选已开始，计算完成后结果显示在本页",
    )
    if run is None:
        return redirect("recuperation:plan_detail", pk=plan.pk)
    return redirect("recuperation:run_detail", pk=run.pk)


def _run_context(request: HttpRequest, run: Any) -> dict[str, Any]:
    job = core_jobs.live(run.job) if run.job_id else None
    running = run.status == RunStatus.PENDING and (
        job is None or job.status in (JobStatus.PENDING, JobStatus.RUNNING)
    )
    return {"run": run, "job": job, "running": running}


@login_required
@read_only
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    authorize(request.user, "recuperation.plan.view")
    run = selectors.run_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    ctx = _run_context(request, run)
    if request.htmx and request.GET.get("part") == "progress":  # type: ignore[attr-defined]
        if not ctx["running"]:
            response = HttpResponse("")
            response["HX-Refresh"] = "true"
            return response
        return render(request, "recuperation/_run_progress.html", ctx)
    batches = []
    if run.output:
        counts = {b["id"]: b for b in run.output.get("batches", [])}
        for b in run.plan.batches.select_related("base"):
            batches.append((b, counts.get(b.code, {})))
    ctx.update(
        {
            "title": f"遴选结果 — {run.plan}",
            "plan": run.plan,
            "batches": batches,
            "rows": selectors.explanation_rows(run, user=request.user) if run.output else [],  # type: ignore[arg-type]
            "can_publish": run.status == RunStatus.DONE and run.plan.status == PlanStatus.APPROVED,
        }
    )
    return render(request, "recuperation/run_detail.html", ctx)


@login_required
@read_only
def run_input(request: HttpRequest, pk: int) -> HttpResponse:
    """The exact input of a run (bytes hashed by the SHA-256 shown on the page)."""
    run = selectors.run_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    body = selectors.run_download(user=request.user, run=run, part="input")  # type: ignore[arg-type]
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"疗休养遴选输入_{run.plan.year}_{run.pk}.json"
    response["Content-Disposition"] = content_disposition(name, f"selection-input-{run.pk}.json")
    return response


@login_required
@read_only
def run_output(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    body = selectors.run_download(user=request.user, run=run, part="output")  # type: ignore[arg-type]
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition(
        f"疗休养遴选结果_{run.plan.year}_{run.pk}.json", f"selection-output-{run.pk}.json"
    )
    return response


@login_required
@route_action("recuperation.run.publish")
@require_POST
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    done = _act(
        request,
        lambda: services.selection_publish(user=request.user, run=run),  # type: ignore[arg-type]
        lambda r: f"已公示，公示期至{r.publicity_until:%Y年%m月%d日}；入选人员已收到邀请",
    )
    if done is None:
        return redirect("recuperation:run_detail", pk=run.pk)
    return redirect("recuperation:publicity", pk=run.plan_id)


@login_required
@read_only
def publicity(request: HttpRequest, pk: int) -> HttpResponse:
    """公示: selected people per batch (name, organization, masked ID), for every logged-in user."""
    authorize(request.user, "recuperation.publicity.view")
    plan = selectors.plans_open_to(user=request.user).filter(pk=pk).first()  # type: ignore[arg-type]
    if plan is None:
        raise Http404("方案不存在或不在您的范围内")
    run = selectors.published_run(plan)
    if run is None:
        return render(
            request,
            "recuperation/publicity.html",
            {"title": "疗休养人员公示", "plan": plan, "run": None},
        )
    return render(
        request,
        "recuperation/publicity.html",
        {
            "title": f"{plan.year}年劳模疗休养人员名单公示",
            "plan": plan,
            "run": run,  # type: ignore[union-attr]
            "listing": selectors.publicity(run, user=request.user),  # type: ignore[arg-type]
            "open": clock.today() <= run.publicity_until,  # type: ignore[operator]
        },
    )


@login_required
@route_action("recuperation.invitation.respond")
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """Candidates in scope with availability and preferred batches (officers enter them)."""
    authorize(request.user, "recuperation.plan.view")
    plan = selectors.plan_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    batches = list(plan.batches.all())
    workers = selectors.plan_candidates(user=request.user, plan=plan)  # type: ignore[arg-type]
    if request.method == "POST":
        chosen_id = _int(request.POST.get("person"))
        found = workers.filter(person_id=chosen_id).first() if chosen_id else None
        person = found.person if found is not None else None
        if person is not None:
            un, pre = _chosen_batches(request, batches)
            _act(
                request,
                lambda: services.availability_set(
                    user=request.user, plan=plan, person=person, unavailable=un, preferred=pre
                ),  # type: ignore[arg-type]
                f"已保存{person.name}的时间意向",
            )
        return redirect("recuperation:candidates", pk=plan.pk)
    avail = {
        a.person_id: a
        for a in Availability.objects.filter(plan=plan).prefetch_related("unavailable", "preferred")
    }
    rows = []
    for mw in workers[:500]:
        a = avail.get(mw.person_id)
        rows.append(
            {
                "mw": mw,
                "un": {b.pk for b in a.unavailable.all()} if a else set(),
                "pre": {b.pk for b in a.preferred.all()} if a else set(),
                "self": a.self_service if a else False,
            }
        )
    return render(
        request,
        "recuperation/candidates.html",
        {
            "title": f"候选人与时间意向 — {plan}",
            "plan": plan,
            "batches": batches,
            "rows": rows,
        },
    )


# ---------------------------------------------------------------- invitations


@login_required
@read_only
def invitation_list(request: HttpRequest, pk: int) -> HttpResponse:
    authorize(request.user, "recuperation.plan.view")
    plan = selectors.plan_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    invs = (
        selectors.invitation_list(user=request.user)
        .filter(plan=plan)
        .order_by(  # type: ignore[arg-type]
            "batch__start_date", "status", "person__name_pinyin"
        )
    )
    status = request.GET.get("status", "")
    if status:
        invs = invs.filter(status=status)
    return render(
        request,
        "recuperation/invitation_list.html",
        {
            "title": f"邀请与确认 — {plan}",
            "plan": plan,
            "invitations": invs,
            "statuses": InvitationStatus.choices,
            "status": status,
            "seats": selectors.batch_seats(plan),
        },
    )


def _back(request: HttpRequest, default: str) -> HttpResponse:
    nxt = request.POST.get("next", "")
    return redirect(nxt if nxt.startswith("/recuperation/") else default)


@login_required
@route_action("recuperation.invitation.respond")
@require_POST
def invitation_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    inv = selectors.invitation_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    _act(
        request,
        lambda: services.invitation_confirm(user=request.user, invitation=inv),  # type: ignore[arg-type]
        f"{inv.person.name}已确认参加批次{inv.batch.code}",
    )
    return _back(request, "/recuperation/mine/")


@login_required
@route_action("recuperation.invitation.respond")
@require_POST
def invitation_decline(request: HttpRequest, pk: int) -> HttpResponse:
    inv = selectors.invitation_get(user=request.user, pk=pk)  # type: ignore[arg-type]

    def ok(nxt: Any) -> str:
        base = f"{inv.person.name}已谢绝批次{inv.batch.code}"
        return (
            f"{base}；已递补邀请候补人员{nxt.person.name}"
            if nxt
            else f"{base}；暂无可递补的候补人员"
        )

    _act(
        request,
        lambda: services.invitation_decline(
            user=request.user, invitation=inv, reason=request.POST.get("reason", "")
        ),
        ok,
    )  # type: ignore[arg-type]
    return _back(request, "/recuperation/mine/")


@login_required
@route_action("recuperation.invitation.manage")
@require_POST
def invitations_expire(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    _act(
        request,
        lambda: services.invitations_expire(user=request.user, plan=plan),  # type: ignore[arg-type]
        lambda n: f"{n}份邀请逾期未确认，已按候补顺序递补",
    )
    return redirect("recuperation:invitation_list", pk=plan.pk)


@login_required
@route_action("recuperation.invitation.respond")
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inv = selectors.invitation_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    is_self = request.user.role == Role.MEMBER  # type: ignore[union-attr]
    initial = (
        {} if request.method == "POST" else services.need_view(user=request.user, invitation=inv)
    )  # type: ignore[arg-type]
    form = NeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_save(user=request.user, invitation=inv, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "接待需求已保存")
            if is_self:
                return redirect("recuperation:mine")
            return redirect("recuperation:batch_detail", pk=inv.batch_id)
    return render(
        request,
        "recuperation/form.html",
        {
            "title": f"接待需求 — {inv.person.name}（批次{inv.batch.code}）",
            "form": form,
            "submit": "保存",
            "intro": "健康信息加密保存，仅用于接待单位安排饮食和健康保障。",
            "back_href": reverse("recuperation:mine")
            if is_self
            else reverse("recuperation:batch_detail", args=[inv.batch_id]),
        },
    )


# ---------------------------------------------------------------- self-service


@login_required
@read_only
def mine(request: HttpRequest) -> HttpResponse:
    """职工本人: selection results with explanation, invitations, availability, feedback."""
    authorize(request.user, "recuperation.mine.view")
    user = request.user
    results = selectors.my_results(user=user)  # type: ignore[arg-type]
    open_plans = []
    if user.person_id:  # type: ignore[union-attr]
        plans = selectors.plans_open_to(user=user).filter(status=PlanStatus.APPROVED)  # type: ignore[arg-type]
        for plan in plans.prefetch_related("batches"):
            a = Availability.objects.filter(plan=plan, person_id=user.person_id).first()  # type: ignore[union-attr]
            open_plans.append(
                {
                    "plan": plan,
                    "batches": list(plan.batches.all()),
                    "un": {b.pk for b in a.unavailable.all()} if a else set(),
                    "pre": {b.pk for b in a.preferred.all()} if a else set(),
                }
            )
    return render(
        request,
        "recuperation/mine.html",
        {
            "title": "我的疗休养",
            "results": results,
            "open_plans": open_plans,
            "notices": selectors.notifications_for(user=user)[:20],  # type: ignore[arg-type]
            "unread": selectors.notifications_for(user=user)  # type: ignore[arg-type]
            .filter(read_at__isnull=True)
            .count(),
            "feedback_form": FeedbackForm(),
        },
    )


@login_required
@route_action("recuperation.notification.read")
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notification_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    _act(
        request,
        lambda: services.notification_read(user=request.user, notification=notice),  # type: ignore[arg-type]
        f"已将“{notice.title}”标为已读",
    )
    return redirect(f"{reverse('recuperation:mine')}#notices")


@login_required
@route_action("recuperation.notification.read")
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    _act(
        request,
        lambda: services.notification_read_all(user=request.user),  # type: ignore[arg-type]
        lambda n: f"已将{n}条通知标为已读" if n else "没有未读通知",
    )
    return redirect(f"{reverse('recuperation:mine')}#notices")


@login_required
@route_action("recuperation.mine.view")
@require_POST
def mine_availability(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    plan = selectors.plans_open_to(user=user).filter(pk=pk, status=PlanStatus.APPROVED).first()  # type: ignore[arg-type]
    if plan is None or not user.person_id:  # type: ignore[union-attr]
        raise PermissionDenied("该方案不在意向征集阶段")
    un, pre = _chosen_batches(request, plan.batches.all())
    _act(
        request,
        lambda: services.availability_set(
            user=user, plan=plan, person=user.person, unavailable=un, preferred=pre
        ),  # type: ignore[arg-type, union-attr]
        "时间意向已提交",
    )
    return redirect("recuperation:mine")


@login_required
@route_action("recuperation.invitation.respond")
@require_POST
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    inv = selectors.invitation_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    form = FeedbackForm(request.POST)
    if form.is_valid():
        _act(
            request,
            lambda: services.feedback_submit(
                user=request.user,
                invitation=inv,
                satisfaction=form.cleaned_data["satisfaction"],  # type: ignore[arg-type]
                comments=form.cleaned_data["comments"],
            ),
            "感谢您的评价",
        )
    else:
        messages.error(request, "满意度应为1至5分")
    return _back(request, "/recuperation/mine/")


# ---------------------------------------------------------------- running a batch


@login_required
@read_only
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    authorize(request.user, "recuperation.plan.view")
    batch = selectors.batch_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    roster = scoped(
        batch.invitations.select_related("person__org", "need").order_by(
            "status", "person__name_pinyin"
        ),
        request.user,  # type: ignore[arg-type]
        org_field="person__org",
    )
    return render(
        request,
        "recuperation/batch_detail.html",
        {
            "title": f"批次{batch.code} — {batch.base.name}",
            "batch": batch,
            "plan": batch.plan,
            "roster": roster,
            "staff": batch.staff.all(),
            "itinerary": batch.itinerary.all(),
            "lock_date": services.roster_lock_date(batch),
            "costs": selectors.batch_costs(batch),
            # The operations of this page, from the table: may.staff, may.attendance …
            "may": {slug: can(request.user, key, batch) for slug, key in BATCH_ACTIONS.items()},
            "staff_form": StaffForm(),
            "itinerary_form": ItineraryForm(initial={"date": batch.start_date}),
            "feedback": selectors.batch_feedback(batch, user=request.user),  # type: ignore[arg-type]
            "roster_final": services.roster_is_final(batch),
        },
    )


@login_required
@route_action(_batch_action_key)
@require_POST
def batch_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in BATCH_ACTIONS:
        raise PermissionDenied("未知操作")
    batch = selectors.batch_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    user = request.user
    post = request.POST
    if action == "staff":
        form = StaffForm(post)
        if form.is_valid():
            _act(
                request,
                lambda: services.staff_add(user=user, batch=batch, **form.cleaned_data),  # type: ignore[arg-type]
                "已添加随队工作人员",
            )
        else:
            messages.error(request, "请填写工作人员姓名和职责")
    elif action == "itinerary":
        iform = ItineraryForm(post)
        if iform.is_valid():
            _act(
                request,
                lambda: services.itinerary_add(user=user, batch=batch, **iform.cleaned_data),  # type: ignore[arg-type]
                "已添加日程",
            )
        else:
            messages.error(request, "请填写日期和内容类别")
    elif action == "itinerary_default":
        _act(
            request,
            lambda: services.itinerary_default(user=user, batch=batch),  # type: ignore[arg-type]
            "已按标准日程生成（形势报告、爱国主义教育、红色教育、理疗康复、学习交流、事迹报告、座谈、合影）",
        )
    elif action == "attendance":
        person_id = _int(post.get("person"))
        inv = (
            batch.invitations.select_related("person__org").filter(person_id=person_id).first()
            if person_id
            else None
        )
        if inv is None:
            messages.error(request, "请选择本批次名单中的人员")
        else:
            person = inv.person
            _act(
                request,
                lambda: services.attendance_record(
                    user=user,
                    batch=batch,
                    person=person,
                    attended=post.get("attended") == "1",  # type: ignore[arg-type]
                    travel_reimbursed=post.get("travel") or None,
                ),
                f"已登记{person.name}的出勤",
            )
    elif action == "costs":
        _act(
            request,
            lambda: services.batch_record_costs(
                user=user, batch=batch, accommodation=post.get("accommodation", "")
            ),  # type: ignore[arg-type]
            "已登记实际费用",
        )
    elif action == "finish":
        _act(request, lambda: services.batch_finish(user=user, batch=batch), "批次已结束")  # type: ignore[arg-type]
    else:  # invite_next
        _act(
            request,
            lambda: services.batch_invite_next(user=user, batch=batch),  # type: ignore[arg-type]
            lambda inv: f"已邀请候补人员{inv.person.name}" if inv else "暂无可递补的候补人员",
        )
    return redirect("recuperation:batch_detail", pk=batch.pk)


@login_required
@read_only
def batch_needs(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    authorize(request.user, "recuperation.needs.export")
    if fmt not in ("xlsx", "pdf"):
        raise Http404("不支持的格式")
    batch = selectors.batch_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    if fmt == "pdf":
        content = exporters.host_needs_pdf(user=request.user, batch=batch)  # type: ignore[arg-type]
        response = HttpResponse(content, content_type="application/pdf")
    else:
        content = exporters.host_needs_xlsx(user=request.user, batch=batch)  # type: ignore[arg-type]
        response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(
        f"{batch.plan.year}年疗休养{batch.code}批次接待需求表.{fmt}",
        f"host-needs-{batch.code}.{fmt}",
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@read_only
def batch_roster(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """参加人员名单 of a batch as .xlsx or PDF, once the roster is locked."""
    authorize(request.user, "recuperation.roster.export")
    if fmt not in ("xlsx", "pdf"):
        raise Http404("不支持的格式")
    batch = selectors.batch_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    make = exporters.roster_pdf if fmt == "pdf" else exporters.roster_xlsx
    try:
        content = make(user=request.user, batch=batch)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("recuperation:batch_detail", pk=batch.pk)
    response = HttpResponse(content, content_type="application/pdf" if fmt == "pdf" else XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(
        f"{batch.plan.year}年疗休养{batch.code}批次参加人员名单.{fmt}",
        f"roster-{batch.code}.{fmt}",
    )
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- bases, exchanges, inbound


@login_required
@route_action("recuperation.base.create")
def base_list(request: HttpRequest) -> HttpResponse:
    """The shared catalog; POST adds a base maintained by the user's organization."""
    authorize(request.user, "recuperation.base.view")
    form = BaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.base_create(user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "已新增基地")
            return redirect("recuperation:base_list")
    return render(
        request,
        "recuperation/base_list.html",
        {"title": "疗休养基地", "bases": selectors.base_list(), "form": form},
    )


@login_required
@route_action("recuperation.base.change")
def base_edit(request: HttpRequest, pk: int) -> HttpResponse:
    base = selectors.base_get(pk=pk)
    authorize(request.user, "recuperation.base.change", base)
    form = BaseEditForm(request.POST or None, initial=BaseEditForm.initial_from(base))
    if request.method == "POST" and form.is_valid():
        try:
            services.base_update(user=request.user, base=base, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"已保存基地“{form.cleaned_data['name']}”")
            return redirect("recuperation:base_list")
    return _form_page(request, form, title=f"编辑基地 — {base.name}", back="recuperation:base_list")


@login_required
@route_action("recuperation.base.delete")
def base_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes an unused base or deactivates a used one."""
    base = selectors.base_get(pk=pk)
    authorize(request.user, "recuperation.base.delete", base)
    used = base.batches.count()
    if request.method == "POST":
        _act(
            request,
            lambda: services.base_delete(user=request.user, base=base),  # type: ignore[arg-type]
            lambda deleted: (
                f"已删除基地“{base.name}”"
                if deleted
                else f"基地“{base.name}”已有批次使用，已改为停用（历史记录保留，不能再安排新批次）"
            ),
        )
        return redirect("recuperation:base_list")
    if used:
        question = (
            f"基地“{base.name}”已有{used}个批次使用，不能删除。确定停用吗？"
            "停用后历史记录保留，但不能再安排新批次。"
        )
    else:
        question = f"确定删除基地“{base.name}”吗？删除后不可恢复。"
    return _confirm_page(
        request,
        title=f"{'停用' if used else '删除'}基地",
        question=question,
        details=[f"所在地：{base.place}", f"接待能力：{base.capacity}人/批"],
        submit="确认停用" if used else "确认删除",
        back=reverse("recuperation:base_list"),
    )


@login_required
@route_action("recuperation.exchange.change")
def exchange_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.exchange_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    authorize(request.user, "recuperation.exchange.change", agreement)
    form = ExchangeForm(request.POST or None, initial=ExchangeForm.initial_from(agreement))
    if request.method == "POST" and form.is_valid():
        try:
            services.exchange_update(
                user=request.user,  # type: ignore[arg-type]
                agreement=agreement,
                **form.cleaned_data,
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "互派协议已保存")
            return redirect("recuperation:inbound_list")
    return _form_page(
        request, form, title=f"编辑互派协议 — {agreement}", back="recuperation:inbound_list"
    )


def _inbound_page(
    request: HttpRequest,
    *,
    inbound_form: Any = None,
    exchange_form: Any = None,
    outbound_form: Any = None,
) -> HttpResponse:
    """互派与接待 of the user's subtree, with the entry forms (bound after a failed POST)."""
    user = request.user
    year = _year(request)
    agreements = selectors.exchange_list(user=user)  # type: ignore[arg-type]
    groups = selectors.inbound_list(user=user, year=year)  # type: ignore[arg-type]
    outbound = list(selectors.outbound_list(user=user, year=year))  # type: ignore[arg-type]
    return render(
        request,
        "recuperation/inbound_list.html",
        {
            "title": "互派交流与来安接待",
            "year": year,
            "groups": groups,
            "people": sum(g.size for g in groups),
            "outbound": outbound,
            "outbound_people": sum(g.size for g in outbound),  # type: ignore[attr-defined]
            "exchanges": agreements,
            "inbound_form": inbound_form or InboundForm(agreements=agreements),
            "exchange_form": exchange_form or ExchangeForm(),
            "outbound_form": outbound_form or OutboundForm(agreements=agreements),
        },
    )


@login_required
@route_action("recuperation.inbound.create")
def inbound_list(request: HttpRequest) -> HttpResponse:
    """Groups received and agreements (the subtree's); POST records a received group."""
    authorize(request.user, "recuperation.inbound.view")
    if request.method != "POST":
        return _inbound_page(request)
    form = InboundForm(request.POST, agreements=selectors.exchange_list(user=request.user))  # type: ignore[arg-type]
    if form.is_valid():
        try:
            services.inbound_create(user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "已登记来安接待团组")
            return redirect("recuperation:inbound_list")
    return _inbound_page(request, inbound_form=form)


@login_required
@route_action("recuperation.exchange.create")
@require_POST
def exchange_create(request: HttpRequest) -> HttpResponse:
    """Record a 互派协议 signed by the user's organization (the form is on 互派与接待)."""
    authorize(request.user, "recuperation.inbound.view")
    form = ExchangeForm(request.POST)
    if form.is_valid():
        try:
            services.exchange_create(user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "已登记互派协议")
            return redirect("recuperation:inbound_list")
    return _inbound_page(request, exchange_form=form)


@login_required
@route_action("recuperation.outbound.create")
@require_POST
def outbound_create(request: HttpRequest) -> HttpResponse:
    """Record a group sent under a 互派协议 (the form is on 互派与接待); then add its people."""
    authorize(request.user, "recuperation.inbound.view")
    form = OutboundForm(request.POST, agreements=selectors.exchange_list(user=request.user))  # type: ignore[arg-type]
    if form.is_valid():
        try:
            group = services.outbound_create(user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "已登记互派外出团组，请添加参加人员")
            return redirect("recuperation:outbound_detail", pk=group.pk)
    return _inbound_page(request, outbound_form=form)


@login_required
@route_action("recuperation.outbound.change")
def outbound_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An outbound group and its people; POST adds a model worker of the sending organization."""
    authorize(request.user, "recuperation.inbound.view")
    group = selectors.outbound_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    choices = selectors.outbound_candidates(user=request.user, group=group)  # type: ignore[arg-type]
    if request.method == "POST":
        chosen = _int(request.POST.get("person"))
        found = choices.filter(person_id=chosen).first() if chosen else None
        if found is None:
            messages.error(request, "请选择派出单位管辖范围内的劳模")
        else:
            person = found.person
            _act(
                request,
                lambda: services.outbound_add_person(user=request.user, group=group, person=person),  # type: ignore[arg-type]
                f"已添加{person.name}，计入其疗休养经历（互派外出）",
            )
        return redirect("recuperation:outbound_detail", pk=group.pk)
    return render(
        request,
        "recuperation/outbound_detail.html",
        {
            "title": f"互派外出团组 — {group}",
            "group": group,
            "trips": selectors.outbound_participants(group),
            "choices": choices[:500],
        },
    )


@login_required
@route_action("recuperation.outbound.change")
@require_POST
def outbound_remove(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.outbound_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    trip = selectors.outbound_participants(group).filter(person_id=_int(request.POST.get("person")))
    found = trip.first()
    if found is None:
        messages.error(request, "该人员不在本团组中")
    else:
        person = found.person
        _act(
            request,
            lambda: services.outbound_remove_person(user=request.user, group=group, person=person),  # type: ignore[arg-type]
            f"已将{person.name}移出团组",
        )
    return redirect("recuperation:outbound_detail", pk=group.pk)


# ---------------------------------------------------------------- the year in numbers


@login_required
@read_only
def report(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "recuperation.report.view")
    year = _year(request)
    r = selectors.year_report(user=request.user, year=year)  # type: ignore[arg-type]
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
    return render(
        request,
        "recuperation/report.html",
        {
            "title": f"{year}年劳模疗休养工作统计",
            "r": r,
            "year": year,
            "charts": charts,
            "years": range(clock.today().year, clock.today().year - 5, -1),
        },
    )
