"""Pages of a running batch: its roster and attendance, staff, itinerary, costs and feedback,
the host's needs list and the final roster as files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gonghui.core.models import User
from gonghui.core.permissions import authorize, can
from gonghui.core.web import act, act_on_form, download_or_back, page, user_of
from gonghui.recuperation import exporters, selectors, services
from gonghui.recuperation.forms import ItineraryForm, StaffForm
from gonghui.recuperation.models import Batch
from gonghui.recuperation.views_common import (
    CONTENT_TYPES,
    act_on_chosen,
    download,
    int_param,
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
FILE_FORMATS = ("xlsx", "pdf")


def _batch_action_key(action: str = "", **kwargs: Any) -> str:
    # An unknown operation is refused by the view; its POST is checked as a batch change.
    return BATCH_ACTIONS.get(action, "recuperation.batch.change")


@page()
def batch_detail(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    authorize(user, "recuperation.plan.view")
    batch = selectors.batch_get(user=user, pk=pk)
    return render(
        request,
        "recuperation/batch_detail.html",
        {
            "title": f"批次{batch.code} — {batch.base.name}",
            "batch": batch,
            "plan": batch.plan,
            "roster": selectors.batch_roster(batch, user=user),
            "staff": batch.staff.all(),
            "itinerary": batch.itinerary.all(),
            "lock_date": services.roster_lock_date(batch),
            "costs": selectors.batch_costs(batch),
            # The operations of this page, from the table: may.staff, may.attendance …
            "may": {slug: can(user, key, batch) for slug, key in BATCH_ACTIONS.items()},
            "staff_form": StaffForm(),
            "itinerary_form": ItineraryForm(initial={"date": batch.start_date}),
            "feedback": selectors.batch_feedback(batch, user=user),
            "roster_final": services.roster_is_final(batch),
        },
    )


# ---------------------------------------------------------------- the batch's operations


Operation = Callable[[HttpRequest, User, Batch], None]


def _adds_a_line(
    form_class: type[Form], add: Callable[..., Any], done: str, invalid: str
) -> Operation:
    """The operation of a small form on the page that adds one line to the batch (a member of
    staff, an item of the itinerary): `add(user=, batch=, **cleaned_data)`."""

    def operation(request: HttpRequest, user: User, batch: Batch) -> None:
        act_on_form(
            request,
            form_class(request.POST),
            lambda d: add(user=user, batch=batch, **d),
            done,
            invalid=invalid,
        )

    return operation


_staff = _adds_a_line(
    StaffForm, services.staff_add, "已添加随队工作人员", "请填写工作人员姓名和职责"
)
_itinerary = _adds_a_line(
    ItineraryForm, services.itinerary_add, "已添加日程", "请填写日期和内容类别"
)


def _itinerary_default(request: HttpRequest, user: User, batch: Batch) -> None:
    act(
        request,
        lambda: services.itinerary_default(user=user, batch=batch),
        "已按标准日程生成（形势报告、爱国主义教育、红色教育、理疗康复、学习交流、事迹报告、座谈、合影）",
    )


def _attendance(request: HttpRequest, user: User, batch: Batch) -> None:
    act_on_chosen(
        request,
        selectors.batch_member(batch, int_param(request.POST.get("person")) or None),
        "请选择本批次名单中的人员",
        lambda inv: services.attendance_record(
            user=user,
            batch=batch,
            person=inv.person,
            attended=request.POST.get("attended") == "1",
            travel_reimbursed=request.POST.get("travel") or None,
        ),
        lambda inv: f"已登记{inv.person.name}的出勤",
    )


def _costs(request: HttpRequest, user: User, batch: Batch) -> None:
    act(
        request,
        lambda: services.batch_record_costs(
            user=user, batch=batch, accommodation=request.POST.get("accommodation", "")
        ),
        "已登记实际费用",
    )


def _finish(request: HttpRequest, user: User, batch: Batch) -> None:
    act(request, lambda: services.batch_finish(user=user, batch=batch), "批次已结束")


def _invite_next(request: HttpRequest, user: User, batch: Batch) -> None:
    act(
        request,
        lambda: services.batch_invite_next(user=user, batch=batch),
        lambda inv: f"已邀请候补人员{inv.person.name}" if inv else "暂无可递补的候补人员",
    )


_OPERATIONS: dict[str, Operation] = {
    "staff": _staff,
    "itinerary": _itinerary,
    "itinerary_default": _itinerary_default,
    "attendance": _attendance,
    "costs": _costs,
    "finish": _finish,
    "invite_next": _invite_next,
}


@page(_batch_action_key, post=True)
def batch_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    operation = _OPERATIONS.get(action)
    if operation is None:
        raise PermissionDenied("未知操作")
    user = user_of(request)
    batch = selectors.batch_get(user=user, pk=pk)
    operation(request, user, batch)
    return redirect("recuperation:batch_detail", pk=batch.pk)


# ---------------------------------------------------------------- files


@page()
def batch_needs(request: HttpRequest, user: User, pk: int, fmt: str) -> HttpResponse:
    authorize(user, "recuperation.needs.export")
    if fmt not in FILE_FORMATS:
        raise Http404("不支持的格式")
    batch = selectors.batch_get(user=user, pk=pk)
    make = exporters.host_needs_pdf if fmt == "pdf" else exporters.host_needs_xlsx
    return download(
        make(user=user, batch=batch),
        fmt,
        f"{batch.plan.year}年疗休养{batch.code}批次接待需求表.{fmt}",
        f"host-needs-{batch.code}.{fmt}",
    )


@page()
def batch_roster(request: HttpRequest, user: User, pk: int, fmt: str) -> HttpResponse:
    """参加人员名单 of a batch as .xlsx or PDF, once the roster is locked."""
    authorize(user, "recuperation.roster.export")
    if fmt not in FILE_FORMATS:
        raise Http404("不支持的格式")
    batch = selectors.batch_get(user=user, pk=pk)
    make = exporters.roster_pdf if fmt == "pdf" else exporters.roster_xlsx
    return download_or_back(
        request,
        lambda: make(user=user, batch=batch),
        back=redirect("recuperation:batch_detail", pk=batch.pk),
        filename=f"{batch.plan.year}年疗休养{batch.code}批次参加人员名单.{fmt}",
        fallback=f"roster-{batch.code}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )
