"""Pages of the 劳模 registry: thin views over honors.selectors / services / exporters.

Who may open a page, export it or press a button is the permission table's answer
(honors/permissions.py): a page asks `authorize(user, "honors.<page>.view")`, each POST route
declares its action with `@route_action`, and the services check the record itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from gonghui.core import clock
from gonghui.core.errors import DomainError
from gonghui.core.exporting import XLSX_TYPE, content_disposition, write_xlsx
from gonghui.core.models import Person, Role, User
from gonghui.core.params import query_id, query_year
from gonghui.core.permissions import authorize, can, route_action
from gonghui.core.scope import organizations_for
from gonghui.core.selectors import person_linked_changes, person_list
from gonghui.core.tables import Column, Table
from gonghui.core.views_list import ListPageView
from gonghui.honors import exporters, rules, selectors, services
from gonghui.honors.filters import (
    DemandFilterSet,
    HonorFilterSet,
    HonorTypeFilterSet,
    RegistryFilterSet,
    SubsidyFilterSet,
    VisitFilterSet,
)
from gonghui.honors.forms import (
    AssignForm,
    BankForm,
    CancelForm,
    DemandAnswerForm,
    DemandForm,
    DemandReferForm,
    DemandSortForm,
    EventForm,
    HolidayForm,
    HonorForm,
    HonorTypeForm,
    MoveForm,
    RevokeForm,
    RosterForm,
    StandardForm,
    SubsidyBudgetForm,
    SubsidyPaidForm,
    VisitRecordForm,
    YearRulesForm,
)
from gonghui.honors.models import (
    DemandStatus,
    Honor,
    HonorType,
    ModelWorker,
    SubsidyListStatus,
    VisitHoliday,
    VisitStatus,
    YearRules,
)
from gonghui.honors.tables import (
    DemandTable,
    HonorTable,
    HonorTypeTable,
    ModelWorkerTable,
    SubsidyListTable,
    VisitTaskTable,
)


def _user(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind login_required)."""
    return cast(User, request.user)


def _year(request: HttpRequest) -> int:
    """`?year=` (or a form's year): this year when absent; a bad one answers the Chinese 400."""
    this = clock.today().year
    return query_year(request.GET) or query_year(request.POST, default=this)


def _run(request: HttpRequest, action: Callable[[], Any], ok: str) -> bool:
    """Call a service; show its Chinese error (nothing written) or the success message."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, ok)
    return True


def _download(content: bytes, filename: str, fallback: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, fallback)
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- registry


class RegistryListView(ListPageView):
    title = "劳模名录"
    filterset_class = RegistryFilterSet
    table_class = ModelWorkerTable
    template_name = "honors/registry_list.html"
    create_url_name = "honors:honor_create"
    create_label = "登记荣誉"
    view_action = "honors.registry.view"
    export_action = "honors.registry.export"
    create_action = "honors.honor.create"


class HonorListView(ListPageView):
    title = "荣誉记录"
    filterset_class = HonorFilterSet
    table_class = HonorTable
    create_url_name = "honors:honor_create"
    create_label = "登记荣誉"
    view_action = "honors.honor.view"
    export_action = "honors.honor.export"
    create_action = "honors.honor.create"


# ---------------------------------------------------------------- the honor-type catalog


class HonorTypeListView(ListPageView):
    title = "荣誉类型目录"
    filterset_class = HonorTypeFilterSet
    table_class = HonorTypeTable
    template_name = "honors/honor_type_list.html"
    view_action = "honors.honor_type.view"
    export_action = "honors.honor_type.export"


@login_required
@route_action("honors.honor_type.create")
def honor_type_create(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "honors.honor_type.create")
    form = HonorTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ht = services.honor_type_create(user=_user(request), **form.values())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已新增荣誉类型“{ht.name}”")
            return redirect("honors:honor_type_list")
    return render(
        request, "honors/honor_type_form.html", {"title": "新增荣誉类型", "form": form, "ht": None}
    )


def _honor_type(request: HttpRequest, pk: int) -> HonorType:
    authorize(request.user, "honors.honor_type.view")
    try:
        return selectors.honor_type_get(pk=pk)
    except HonorType.DoesNotExist:
        raise Http404("找不到该荣誉类型") from None


@login_required
@route_action("honors.honor_type.change")
def honor_type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    ht = _honor_type(request, pk)
    form = HonorTypeForm(request.POST or None, initial=HonorTypeForm.initial_for(ht))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.honor_type_update(user=_user(request), honor_type=ht, **form.values())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"荣誉类型“{saved.name}”已保存")
            return redirect("honors:honor_type_list")
    return render(
        request,
        "honors/honor_type_form.html",
        {"title": f"荣誉类型·{ht.name}", "form": form, "ht": ht},
    )


@login_required
@route_action("honors.honor_type.delete")
@require_POST
def honor_type_delete(request: HttpRequest, pk: int) -> HttpResponse:
    ht = _honor_type(request, pk)
    if _run(
        request,
        lambda: services.honor_type_delete(user=_user(request), honor_type=ht),
        f"已删除荣誉类型“{ht.name}”",
    ):
        return redirect("honors:honor_type_list")
    return redirect("honors:honor_type_edit", ht.pk)


# ---------------------------------------------------------------- a model worker


def _person_in_scope(request: HttpRequest, person_pk: int) -> Person:
    try:
        return person_list(user=_user(request)).get(pk=person_pk)
    except Person.DoesNotExist:
        raise Http404("找不到该人员，或不在您的管辖范围内") from None


@login_required
@require_safe
def worker_detail(request: HttpRequest, person_pk: int) -> HttpResponse:
    authorize(request.user, "honors.registry.view")
    person = _person_in_scope(request, person_pk)
    mw = ModelWorker.objects.filter(person=person).select_related("top_honor__honor_type").first()
    user = _user(request)
    may_change = can(user, "honors.model_worker.change", person)
    context = {
        "title": f"劳模档案·{person.name}",
        "person": person,
        "mw": mw,
        "honors": Honor.objects.filter(person=person).select_related("honor_type", "person__org"),
        "timeline": selectors.person_timeline(user=user, person=person),
        "linked_changes": person_linked_changes(user=user, person=person),
        "open_tasks": person.visit_tasks.filter(status=VisitStatus.OPEN),
        "event_form": EventForm(),
        "revoke_form": RevokeForm(),
        "move_form": MoveForm(user=user) if may_change else None,
        "bank_form": BankForm(initial={"bank_name": mw.bank_name if mw else ""}),
    }
    return render(request, "honors/worker_detail.html", context)


@login_required
@route_action("honors.honor.create")
def honor_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    authorize(user, "honors.honor.create")
    person = None
    person_pk = query_id(request.GET, "person", label="人员")
    if person_pk is not None:
        person = _person_in_scope(request, person_pk)
    form = HonorForm(request.POST or None, user=user, person=person)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        target = person
        try:
            if target is None and d.get("id_number"):
                target = services_person_by_id(request, d["id_number"])
            honor = services.honor_create(
                user=user,
                person=target,
                organization=None if target else d.get("organization"),
                honor_type=d["honor_type"],
                year=d["year"],
                authority=d["authority"],
                doc_number=d["doc_number"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已登记：{honor}")
            if honor.person_id:
                return redirect("honors:worker_detail", honor.person_id)
            return redirect("honors:honor_list")
    return render(
        request,
        "honors/form.html",
        {
            "title": f"登记荣誉·{person.name}" if person else "登记荣誉",
            "form": form,
            "back": reverse("honors:worker_detail", args=[person.pk])
            if person
            else reverse("honors:registry"),
        },
    )


def services_person_by_id(request: HttpRequest, id_number: str) -> Person:
    from gonghui.core.services import person_find_by_id_number
    from gonghui.core.validators import parse_id_number

    number = parse_id_number(id_number).number
    found = person_find_by_id_number(number)
    if found is None or not person_list(user=_user(request)).filter(pk=found.pk).exists():
        raise DomainError(
            "人员档案中没有该身份证号码（或不在您的管辖范围内），请先登记人员或使用名册导入"
        )
    return found


@login_required
@route_action("honors.honor.revoke")
@require_POST
def honor_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    honor = selectors.honor_list(user=_user(request)).filter(pk=pk).first()
    if honor is None:
        raise Http404("找不到该荣誉记录")
    form = RevokeForm(request.POST)
    form.is_valid()
    d = getattr(form, "cleaned_data", {})
    _run(
        request,
        lambda: services.honor_revoke(
            user=_user(request),
            honor=honor,
            on=d.get("revoked_on"),
            reason=d.get("reason", ""),
        ),
        f"已撤销“{honor.honor_type.name}”，相关走访任务和未发放补助已同步更新",
    )
    return (
        redirect("honors:worker_detail", honor.person_id)
        if honor.person_id
        else redirect("honors:honor_list")
    )


@login_required
@route_action("honors.model_worker.change")
@require_POST
def worker_event(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person_in_scope(request, person_pk)
    form = EventForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写事件和发生日期")
    else:
        d = form.cleaned_data
        _run(
            request,
            lambda: services.life_event_record(
                user=_user(request),
                person=person,
                kind=d["kind"],
                occurred_on=d["occurred_on"],
                note=d["note"],
            ),
            "已登记事件，并生成走访任务",
        )
    return redirect("honors:worker_detail", person.pk)


@login_required
@route_action("honors.model_worker.change")
@require_POST
def worker_status(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person_in_scope(request, person_pk)
    action = request.POST.get("status")
    if action == "retired":
        _run(
            request,
            lambda: services.person_mark_retired(user=_user(request), person=person),
            f"{person.name}已办理退休，已生成退休离岗走访任务",
        )
    elif action == "deceased":
        _run(
            request,
            lambda: services.person_mark_deceased(user=_user(request), person=person),
            f"{person.name}已标记为已故，待走访任务和未发放补助已取消",
        )
    else:
        messages.error(request, "未知的操作")
    return redirect("honors:worker_detail", person.pk)


@login_required
@route_action("honors.model_worker.change")
@require_POST
def worker_move(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person_in_scope(request, person_pk)
    form = MoveForm(request.POST, user=_user(request))
    if not form.is_valid():
        messages.error(request, "请选择迁入组织")
    else:
        d = form.cleaned_data
        _run(
            request,
            lambda: services.person_mark_moved(
                user=_user(request), person=person, to_org=d["to_org"], on=d["on"]
            ),
            f"{person.name}已迁至{d['to_org'].name}",
        )
    if not person_list(user=_user(request)).filter(pk=person.pk).exists():
        return redirect("honors:registry")
    return redirect("honors:worker_detail", person.pk)


@login_required
@route_action("honors.model_worker.change")
@require_POST
def worker_bank(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person_in_scope(request, person_pk)
    form = BankForm(request.POST)
    form.is_valid()
    d = form.cleaned_data
    _run(
        request,
        lambda: services.model_worker_set_bank(
            user=_user(request),
            person=person,
            bank_name=d.get("bank_name", ""),
            account=d.get("account", ""),
        ),
        "银行账户已保存",
    )
    return redirect("honors:worker_detail", person.pk)


# ---------------------------------------------------------------- 五必访


class VisitListView(ListPageView):
    title = "五必访走访任务"
    filterset_class = VisitFilterSet
    table_class = VisitTaskTable
    template_name = "honors/visit_list.html"
    view_action = "honors.visit.view"
    export_action = "honors.visit.export"


def _task(request: HttpRequest, pk: int) -> Any:
    task = selectors.visit_task_list(user=_user(request)).filter(pk=pk).first()
    if task is None:
        raise Http404("找不到该走访任务，或不在您的管辖范围内")
    return task


@login_required
@require_safe
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    authorize(request.user, "honors.visit.view")
    task = _task(request, pk)
    user = _user(request)
    return render(
        request,
        "honors/visit_detail.html",
        {
            "title": f"走访任务·{task.person.name}",
            "task": task,
            "history": selectors.visit_task_history(task=task, user=user),
            "overdue": task.is_overdue(clock.today()),
            "record_form": VisitRecordForm(),
            "assign_form": AssignForm(user=user, initial={"officer": task.officer}),
            "cancel_form": CancelForm(),
        },
    )


# The buttons of a visit task: one route each (visits/<pk>/record/ …), one action each.
VISIT_ACTIONS = ("record", "assign", "cancel")


@login_required
@route_action(lambda action, **kw: f"honors.visit.{action}")
@require_POST
def visit_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    task = _task(request, pk)
    user = _user(request)
    if action == "record":
        form = VisitRecordForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请填写走访日期")
        else:
            d = form.cleaned_data
            _run(
                request,
                lambda: services.visit_record(
                    user=user,
                    task=task,
                    visited_on=d["visited_on"],
                    money=d["money"] or "0",
                    goods=d["goods"],
                    notes=d["notes"],
                ),
                "走访已登记",
            )
    elif action == "assign":
        assign = AssignForm(request.POST, user=user)
        if not assign.is_valid():
            messages.error(request, "请选择管辖范围内的走访干部")
        else:
            _run(
                request,
                lambda: services.visit_task_assign(
                    user=user, task=task, officer=assign.cleaned_data["officer"]
                ),
                "已指派走访干部",
            )
    elif action == "cancel":
        cancel = CancelForm(request.POST)
        cancel.is_valid()
        _run(
            request,
            lambda: services.visit_task_cancel(
                user=user, task=task, reason=cancel.cleaned_data.get("reason", "")
            ),
            "走访任务已取消",
        )
    else:
        raise Http404()
    return redirect("honors:visit_detail", task.pk)


def _holidays_url(year: int) -> str:
    return f"{reverse('honors:holidays')}?year={year}"


@login_required
@route_action("honors.holiday.change")
def holidays(request: HttpRequest) -> HttpResponse:
    """The year's visit holidays; POST adds or changes one (同名即修改)."""
    authorize(request.user, "honors.holiday.view")
    year = _year(request)
    user = _user(request)
    if request.method == "POST":
        form = HolidayForm(request.POST)
        if form.is_valid():
            holiday = VisitHoliday.objects.filter(
                pk=request.POST.get("holiday") or 0, year=year
            ).first()
            _run(
                request,
                lambda: services.holiday_save(
                    user=user,
                    year=year,
                    name=form.cleaned_data["name"],
                    date=form.cleaned_data["date"],
                    holiday=holiday,
                ),
                "节日已保存",
            )
        else:
            messages.error(request, "请填写节日名称和日期")
        return redirect(_holidays_url(year))
    items = rules.holidays_for(year)
    counts = {
        h.pk: selectors.visit_task_list(user=user, year=str(year)).filter(holiday=h).count()
        for h in items
    }
    return render(
        request,
        "honors/holidays.html",
        {
            "title": f"{year}年节日走访",
            "year": year,
            "holidays": [(h, counts[h.pk]) for h in items],
            "form": HolidayForm(),
            "years": range(clock.today().year + 1, clock.today().year - 4, -1),
        },
    )


@login_required
@route_action("honors.visit.generate")
@require_POST
def holiday_generate(request: HttpRequest) -> HttpResponse:
    """Visit tasks of a holiday for every living model worker in the user's subtree."""
    year = _year(request)
    holiday = VisitHoliday.objects.filter(pk=request.POST.get("holiday") or 0, year=year).first()
    if holiday is None:
        messages.error(request, "请选择节日")
        return redirect(_holidays_url(year))
    try:
        n = services.holiday_tasks_generate(user=_user(request), holiday=holiday)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{holiday}：新生成走访任务 {n} 条")
    return redirect(_holidays_url(year))


class _FigureTable(Table):
    model_label = "honors.visittask"
    columns = [
        Column("组织", lambda r: r.label, width=30),
        Column("走访慰问劳模（人次）", lambda r: r.visits, width=20),
        Column("发放慰问金（万元）", lambda r: str(r.money_wan), width=20),
        Column("发放慰问金（元）", lambda r: str(r.money), width=20),
        Column("待走访", lambda r: r.open, width=10),
        Column("已逾期", lambda r: r.overdue, width=10),
    ]


@login_required
@require_safe
def visit_figures(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    authorize(user, "honors.figures.view")
    year = _year(request)
    rows = selectors.visit_figures(user=user, year=year)
    if request.GET.get("export") == "xlsx":
        import io

        from gonghui.core.audit import audit_log
        from gonghui.core.models import AuditAction

        authorize(user, "honors.figures.export")
        out = io.BytesIO()
        write_xlsx(out, table=_FigureTable(), rows=rows, full=False, sheet=f"{year}年走访慰问统计")
        audit_log(
            action=AuditAction.EXPORT,
            user=user,
            model="honors.visittask",
            org=user.organization,
            note=f"导出{year}年走访慰问统计",
        )
        return _download(
            out.getvalue(), f"{year}年走访慰问统计.xlsx", f"visits_{year}.xlsx", XLSX_TYPE
        )
    return render(
        request,
        "honors/figures.html",
        {
            "title": f"{year}年走访慰问统计",
            "year": year,
            "rows": rows,
            "total": rows[-1] if rows else None,
            "years": range(clock.today().year, clock.today().year - 5, -1),
        },
    )


# ---------------------------------------------------------------- subsidies


class SubsidyListView(ListPageView):
    title = "劳模补助发放"
    filterset_class = SubsidyFilterSet
    table_class = SubsidyListTable
    template_name = "honors/subsidy_list.html"
    view_action = "honors.subsidy.view"
    export_action = "honors.subsidy.export"

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        return {"year": clock.today().year, "budget_line": rules.DEFAULT_BUDGET_LINE}


def _subsidy(request: HttpRequest, pk: int) -> Any:
    authorize(request.user, "honors.subsidy.view")
    try:
        return selectors.subsidy_list_get(user=_user(request), pk=pk)
    except Exception:
        raise Http404("找不到该名单，或不在您的管辖范围内") from None


@login_required
@route_action("honors.subsidy.compute")
@require_POST
def subsidy_compute(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    form = SubsidyBudgetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("honors:subsidy_list")
    try:
        sl = services.subsidy_list_compute(user=_user(request), year=year, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("honors:subsidy_list")
    messages.success(request, f"已生成{year}年补助名单，请由另一位工作人员审核")
    return redirect("honors:subsidy_detail", sl.pk)


@login_required
@require_safe
def subsidy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sl = _subsidy(request, pk)
    user = _user(request)
    lines = selectors.subsidy_payments(subsidy_list=sl, q=request.GET.get("q", ""))
    page = Paginator(lines, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "honors/subsidy_detail.html",
        {
            "title": str(sl),
            "sl": sl,
            "page": page,
            "q": request.GET.get("q", ""),
            "is_maker": sl.made_by_id == user.pk,
            "paid_form": SubsidyPaidForm(),
            "budget_form": SubsidyBudgetForm(
                initial={"budget_line": sl.budget_line, "budget_amount": sl.budget_amount or ""}
            ),
        },
    )


def _form_errors(form: Any) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


# The buttons of a payout list: route name suffix → (action, service, success message, the form
# of the values the service takes besides the list, if any).
SUBSIDY_ACTIONS: dict[str, tuple[str, Callable[..., Any], str, Any]] = {
    "approve": ("honors.subsidy.approve", services.subsidy_list_approve, "名单已审核通过", None),
    "paid": (
        "honors.subsidy.mark_paid",
        services.subsidy_list_mark_paid,
        "已登记发放，名单已锁定",
        SubsidyPaidForm,
    ),
    "budget": (
        "honors.subsidy.budget",
        services.subsidy_list_set_budget,
        "预算科目已保存",
        SubsidyBudgetForm,
    ),
    "delete": ("honors.subsidy.delete", services.subsidy_list_delete, "名单已删除", None),
}


@login_required
@route_action(lambda action, **kw: SUBSIDY_ACTIONS[action][0])
@require_POST
def subsidy_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    sl = _subsidy(request, pk)
    _, service, ok, form_class = SUBSIDY_ACTIONS[action]
    values: dict[str, Any] = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return redirect("honors:subsidy_detail", sl.pk)
        values = form.cleaned_data
    done = _run(request, lambda: service(user=_user(request), subsidy_list=sl, **values), ok)
    if done and action == "delete":
        return redirect("honors:subsidy_list")
    return redirect("honors:subsidy_detail", sl.pk)


@login_required
@require_safe
def subsidy_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    sl = _subsidy(request, pk)
    try:
        content = exporters.payment_sheet_xlsx(user=_user(request), subsidy_list=sl)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("honors:subsidy_detail", sl.pk)
    return _download(
        content,
        f"{sl.year}年劳模补助银行代发表_{sl.org.name}.xlsx",
        f"subsidy_{sl.year}_{sl.pk}.xlsx",
        XLSX_TYPE,
    )


@login_required
@route_action("honors.subsidy_standard.change")
def standards(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "honors.subsidy_standard.view")
    year = _year(request)
    user = _user(request)
    if request.method == "POST":
        form = StandardForm(request.POST, user=user)
        if form.is_valid():
            d = form.cleaned_data
            _run(
                request,
                lambda: services.subsidy_standard_set(
                    user=user,
                    year=year,
                    level=d["level"],
                    amount=d["amount"],
                    region=d["region"],
                ),
                f"{year}年补助标准已保存",
            )
        else:
            messages.error(request, "请选择适用地区和劳模级别")
        return redirect(f"{reverse('honors:standards')}?year={year}")
    regions = [None, *organizations_for(user).filter(depth=1)]
    table = [(r, rules.standards_table(year=year, region=r)) for r in regions]
    approved = selectors.subsidy_list_list(user=user, year=str(year)).exclude(
        status=SubsidyListStatus.DRAFT
    )
    return render(
        request,
        "honors/standards.html",
        {
            "title": f"{year}年劳模补助标准",
            "year": year,
            "table": table,
            "levels": [label for _, label, _ in table[0][1]],
            "form": StandardForm(user=user),
            "approved": list(approved.values_list("org__name", flat=True)[:5]),
        },
    )


@login_required
@route_action("honors.rules.change")
def year_rules(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "honors.rules.view")
    year = _year(request)
    form = YearRulesForm(request.POST or None, instance=rules.rules_for(year))
    if request.method == "POST" and form.is_valid():
        try:
            services.year_rules_save(user=_user(request), year=year, values=form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"{year}年度规则已保存")
            return redirect(f"{reverse('honors:rules')}?year={year}")
    return render(
        request,
        "honors/rules.html",
        {
            "title": f"{year}年度规则",
            "form": form,
            "year": year,
            "saved": YearRules.objects.filter(year=year).exists(),
        },
    )


# ---------------------------------------------------------------- 劳模诉求


class DemandListView(ListPageView):
    """The staff list; 职工本人 see their own demands under 我的劳模服务."""

    title = "劳模诉求"
    filterset_class = DemandFilterSet
    table_class = DemandTable
    view_action = "honors.demand.view"
    export_action = "honors.demand.export"


def _demand(request: HttpRequest, pk: int) -> Any:
    try:
        demand = selectors.demand_get(user=_user(request), pk=pk)
    except Exception:
        raise Http404("找不到该诉求，或不在您的管辖范围内") from None
    # The staff page, or 职工本人's own demand.
    if not can(request.user, "honors.my.view", demand):
        authorize(request.user, "honors.demand.view", demand)
    return demand


@login_required
@route_action("honors.demand.file")
def demand_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role == Role.MEMBER:
        if user.person is None:
            raise PermissionDenied("您的账号未关联人员档案，不能提交诉求")
        person = user.person
    else:
        authorize(user, "honors.demand.file")
        pid = query_id(request.GET, "person", label="人员")
        if pid is None:
            messages.error(request, "请从劳模档案页进入“代为登记诉求”")
            return redirect("honors:registry")
        person = _person_in_scope(request, pid)
    authorize(user, "honors.demand.file", person)
    form = DemandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            demand = services.demand_file(user=user, person=person, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "诉求已提交，工会将在规定时限内梳理办理")
            return redirect("honors:demand_detail", demand.pk)
    return render(
        request,
        "honors/form.html",
        {
            "title": f"提交诉求·{person.name}",
            "form": form,
            "back": reverse("honors:my")
            if user.role == Role.MEMBER
            else reverse("honors:demand_list"),
        },
    )


@login_required
@require_safe
def demand_detail(request: HttpRequest, pk: int) -> HttpResponse:
    demand = _demand(request, pk)
    user = _user(request)
    return render(
        request,
        "honors/demand_detail.html",
        {
            "title": f"劳模诉求·{demand.title}",
            "demand": demand,
            "steps": demand.steps.select_related("by"),
            "overdue": demand.is_overdue(clock.today()),
            "S": DemandStatus,
            "sort_form": DemandSortForm(user=user, initial={"officer": user.pk}),
            "refer_form": DemandReferForm(),
            "answer_form": DemandAnswerForm(),
        },
    )


# The steps of a demand: one route each (demands/<pk>/sort/ …), one action each.
DEMAND_ACTIONS = ("sort", "refer", "answer", "close")


@login_required
@route_action(lambda action, **kw: f"honors.demand.{action}")
@require_POST
def demand_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    demand = _demand(request, pk)
    user = _user(request)
    if action == "sort":
        f = DemandSortForm(request.POST, user=user)
        f.is_valid()
        d = f.cleaned_data
        _run(
            request,
            lambda: services.demand_sort(
                user=user,
                demand=demand,
                category=d.get("category", ""),
                officer=d.get("officer"),
                note=d.get("note", ""),
            ),
            "已梳理",
        )
    elif action == "refer":
        f2 = DemandReferForm(request.POST)
        f2.is_valid()
        d = f2.cleaned_data
        _run(
            request,
            lambda: services.demand_refer(
                user=user,
                demand=demand,
                department=d.get("department", ""),
                department_name=d.get("department_name", ""),
                referred_on=d.get("referred_on"),
                note=d.get("note", ""),
            ),
            "已转部门联动，可下载联系函",
        )
    elif action == "answer":
        f3 = DemandAnswerForm(request.POST)
        f3.is_valid()
        d = f3.cleaned_data
        _run(
            request,
            lambda: services.demand_answer(
                user=user,
                demand=demand,
                feedback=d.get("feedback", ""),
                on=d.get("answered_on"),
            ),
            "已反馈",
        )
    elif action == "close":
        _run(request, lambda: services.demand_close(user=user, demand=demand), "已销号")
    else:
        raise Http404()
    return redirect("honors:demand_detail", demand.pk)


@login_required
@require_safe
def demand_letter(request: HttpRequest, pk: int) -> HttpResponse:
    demand = _demand(request, pk)
    authorize(request.user, "honors.demand.view", demand)  # staff only, not 职工本人
    try:
        content = exporters.referral_letter_pdf(user=_user(request), demand=demand)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("honors:demand_detail", demand.pk)
    return _download(
        content, f"联系函_{demand.letter_number}.pdf", f"letter_{demand.pk}.pdf", "application/pdf"
    )


# ---------------------------------------------------------------- the yearly roster


@login_required
@route_action("honors.roster.export")
def roster(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    authorize(user, "honors.roster.view")
    fs = RegistryFilterSet(request.GET, user=user)
    form = RosterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        labels = dict(exporters.ROSTER_RECIPIENTS)
        recipients = "、".join(labels[k] for k in d["recipients"])
        year = clock.today().year
        org_name = user.organization.name if user.organization else ""
        title = f"{org_name}{year}年劳模名册"
        try:
            if d["fmt"] == "pdf":
                out, _ = exporters.roster_pdf(
                    user=user,
                    queryset=fs.queryset,
                    keys=d["columns"],
                    want_full=d["full"],
                    title=title,
                    recipients=recipients,
                    filters=fs.describe(),
                )
                return _download(
                    out.getvalue(), f"{title}.pdf", f"roster_{year}.pdf", "application/pdf"
                )
            out, _ = exporters.roster_xlsx(
                user=user,
                queryset=fs.queryset,
                keys=d["columns"],
                want_full=d["full"],
                recipients=recipients,
                filters=fs.describe(),
            )
            return _download(out.getvalue(), f"{title}.xlsx", f"roster_{year}.xlsx", XLSX_TYPE)
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(
        request,
        "honors/roster.html",
        {
            "title": "劳模名册报送",
            "form": form,
            "filterset": fs,
            "filter_form": fs.form,
            "count": fs.queryset.count(),
            "can_full": can(user, "core.person.reveal"),
        },
    )


# ---------------------------------------------------------------- self-service


@login_required
@require_safe
def my(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    authorize(user, "honors.my.view")
    person = getattr(user, "person", None)
    if person is None:
        raise PermissionDenied("您的账号未关联人员档案")
    mw = ModelWorker.objects.filter(person=person).select_related("top_honor__honor_type").first()
    return render(
        request,
        "honors/my.html",
        {
            "title": "我的劳模服务",
            "person": person,
            "mw": mw,
            "honors": selectors.honor_list(user=user),
            "visits": selectors.visit_task_list(user=user, status="done").order_by("-visited_on"),
            "payments": selectors.subsidy_payment_list(user=user).exclude(status="cancelled"),
            "demands": selectors.demand_list(user=user).prefetch_related("steps"),
            "today": clock.today(),
        },
    )
