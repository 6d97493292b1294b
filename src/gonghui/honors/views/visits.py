"""五必访 pages: visit tasks and their buttons, the year's visit holidays, the visit figures."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from gonghui.core import audit, clock
from gonghui.core.exporting import XLSX_TYPE, write_xlsx
from gonghui.core.models import AuditAction
from gonghui.core.params import query_id
from gonghui.core.permissions import authorize, route_action
from gonghui.core.tables import Column, Table
from gonghui.core.views_list import BatchAction, ListPageView, batch_return, selected_ids
from gonghui.core.web import act, act_on_form, download, user_of
from gonghui.honors import rules, selectors, services
from gonghui.honors.filters import VisitFilterSet
from gonghui.honors.forms import AssignForm, CancelForm, HolidayForm, VisitRecordForm
from gonghui.honors.models import VisitTask
from gonghui.honors.services.visits import visit_tasks_assign, visit_tasks_assignable
from gonghui.honors.tables import VisitTaskTable
from gonghui.honors.views.common import _year, _year_url


class VisitListView(ListPageView):
    title = "五必访走访任务"
    filterset_class = VisitFilterSet
    table_class = VisitTaskTable
    template_name = "honors/visit_list.html"
    view_action = "honors.visit.view"
    export_action = "honors.visit.export"
    batch_actions = [
        BatchAction(
            "批量指派走访干部…",
            "honors:visit_batch_assign",
            "honors.visit.assign",
            confirm="为所选走访任务指派走访干部？下一步选择走访干部并确认",
        )
    ]


def _task(request: HttpRequest, pk: int) -> VisitTask:
    task = selectors.visit_task_list(user=user_of(request)).filter(pk=pk).first()
    if task is None:
        raise Http404("找不到该走访任务，或不在您的管辖范围内")
    return task


@login_required
@require_safe
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    authorize(user, "honors.visit.view")
    task = _task(request, pk)
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
    user = user_of(request)
    # The fields of each form are the keyword arguments of its service.
    if action == "record":
        act_on_form(
            request,
            VisitRecordForm(request.POST),
            lambda d: services.visit_record(user=user, task=task, **d),
            "走访已登记",
            invalid="请填写走访日期",
        )
    elif action == "assign":
        act_on_form(
            request,
            AssignForm(request.POST, user=user),
            lambda d: services.visit_task_assign(user=user, task=task, **d),
            "已指派走访干部",
            invalid="请选择管辖范围内的走访干部",
        )
    elif action == "cancel":
        act_on_form(
            request,
            CancelForm(request.POST),
            lambda d: services.visit_task_cancel(user=user, task=task, **d),
            "走访任务已取消",
        )
    else:
        raise Http404()
    return redirect("honors:visit_detail", task.pk)


@login_required
@route_action("honors.visit.assign")
@require_POST
def visit_batch_assign(request: HttpRequest) -> HttpResponse:
    """批量指派走访干部 from the task list: the checked tasks (all in scope and open, or the list
    says which are not) and a choice of officer; the officer is set on the confirmed step."""
    user = user_of(request)
    back = batch_return(request, "honors:visit_list")
    ids = selected_ids(request)
    confirmed = request.POST.get("step") == "assign"
    form = AssignForm(request.POST if confirmed else None, user=user)
    if confirmed:
        done = act_on_form(
            request,
            form,
            lambda d: visit_tasks_assign(user=user, task_ids=ids, officer=d["officer"]),
            lambda tasks: (
                f"已为{len(tasks)}条走访任务指派走访干部"
                f"{tasks[0].officer.get_full_name() or tasks[0].officer.username}"
            ),
            invalid="请选择管辖范围内的走访干部",
        )
        if done:
            return redirect(back)
    found = act(request, lambda: visit_tasks_assignable(user=user, task_ids=ids))
    if not found:
        return redirect(back)
    form.fields["officer"].required = True
    return render(
        request,
        "honors/visit_batch_assign.html",
        {
            "title": "批量指派走访干部",
            "tasks": found.value,
            "form": form,
            "back": back,
        },
    )


@login_required
@route_action("honors.holiday.change")
def holidays(request: HttpRequest) -> HttpResponse:
    """The year's visit holidays; POST adds or changes one (同名即修改)."""
    user = user_of(request)
    authorize(user, "honors.holiday.view")
    year = _year(request)
    if request.method == "POST":
        holiday = selectors.holiday_get(
            year=year, pk=query_id(request.POST, "holiday", label="节日")
        )
        act_on_form(
            request,
            HolidayForm(request.POST),
            lambda d: services.holiday_save(user=user, year=year, holiday=holiday, **d),
            "节日已保存",
            invalid="请填写节日名称和日期",
        )
        return redirect(_year_url("honors:holidays", year))
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
    holiday = selectors.holiday_get(year=year, pk=query_id(request.POST, "holiday", label="节日"))
    if holiday is None:
        messages.error(request, "请选择节日")
        return redirect(_year_url("honors:holidays", year))
    act(
        request,
        lambda: services.holiday_tasks_generate(user=user_of(request), holiday=holiday),
        lambda n: f"{holiday}：新生成走访任务 {n} 条",
    )
    return redirect(_year_url("honors:holidays", year))


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
    user = user_of(request)
    authorize(user, "honors.figures.view")
    year = _year(request)
    rows = selectors.visit_figures(user=user, year=year)
    if request.GET.get("export") == "xlsx":
        authorize(user, "honors.figures.export")
        out = io.BytesIO()
        write_xlsx(out, table=_FigureTable(), rows=rows, full=False, sheet=f"{year}年走访慰问统计")
        audit.record(
            action=AuditAction.EXPORT,
            user=user,
            model="honors.visittask",
            org=user.organization,
            note=f"导出{year}年走访慰问统计",
        )
        return download(
            out.getvalue(),
            filename=f"{year}年走访慰问统计.xlsx",
            fallback=f"visits_{year}.xlsx",
            content_type=XLSX_TYPE,
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
