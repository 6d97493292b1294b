"""Pages of 建会入会 work: 建会攻坚 (list, new, edit, the drive's page with its targets, visits
and progress), 建会走访, 登记建会 and the 建会记录 list, 集中入会 (list, new, the event's page
where more joiners are added)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.errors import DomainError, named
from gonghui.core.models import Employer, User
from gonghui.core.params import query_id
from gonghui.core.permissions import authorize, can
from gonghui.core.views_list import ListPageView
from gonghui.core.web import act, act_on_form, page, submit
from gonghui.workplace import selectors_organizing as selectors
from gonghui.workplace import services_organizing as services
from gonghui.workplace.filters_organizing import (
    DriveFilterSet,
    FoundingFilterSet,
    JoinEventFilterSet,
    VisitFilterSet,
)
from gonghui.workplace.forms_organizing import (
    DriveForm,
    FoundingForm,
    JoinersForm,
    JoinEventForm,
    TargetAddForm,
    VisitForm,
    split_codes,
)
from gonghui.workplace.models import Drive, DriveTarget, JoinEvent, TargetStatus
from gonghui.workplace.tables_organizing import (
    DriveTable,
    FoundingTable,
    JoinerTable,
    JoinEventTable,
    VisitTable,
)

FORM = "workplace/drive_form.html"


def employers_by_codes(user: User, text: str) -> list[Employer]:
    """The employers of typed credit codes in the user's subtree; all wrong codes named."""
    found, problems = [], []
    for code in split_codes(text):
        try:
            found.append(selectors.employer_by_code(user=user, code=code))
        except DomainError as exc:
            problems.append(f"{code}：{exc.message}")
    if problems:
        raise DomainError("以下统一社会信用代码有误：" + named(problems), column="统一社会信用代码")
    return found


def _employer_from_query(request: HttpRequest, user: User) -> Employer | None:
    pk = query_id(request.GET, "employer", label="企业")
    if pk is None:
        return None
    try:
        return selectors.employer_get(user=user, pk=pk)
    except Employer.DoesNotExist:
        raise Http404("找不到该企业，或不在您的管辖范围内") from None


# ---------------------------------------------------------------- drives


class DriveListView(ListPageView):
    title = "建会攻坚"
    filterset_class = DriveFilterSet
    table_class = DriveTable
    view_action = "workplace.organizing.view"
    export_action = "workplace.organizing.export"
    create_url_name = "workplace:drive_new"
    create_action = "workplace.drive.manage"
    create_label = "新建攻坚行动"


def _drive(user: User, pk: int) -> Drive:
    try:
        drive = selectors.drive_get(user=user, pk=pk)
    except Drive.DoesNotExist:
        raise Http404("找不到该攻坚行动，或不在您的管辖范围内") from None
    authorize(user, "workplace.organizing.view", drive)
    return drive


@page("workplace.drive.manage")
def drive_new(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "workplace.drive.manage")
    form = DriveForm(request.POST or None, user=user)

    def create(d: dict[str, Any]) -> Drive:
        employers = employers_by_codes(user, d.pop("codes"))
        return services.drive_create(user=user, employers=employers, **d)

    done = submit(request, form, create, lambda d: f"已新建攻坚行动“{d.name}”")
    if done:
        return redirect("workplace:drive_detail", done.value.pk)
    back = reverse("workplace:drive_list")
    return render(request, FORM, {"title": "新建攻坚行动", "form": form, "back": back})


@page("workplace.drive.manage")
def drive_edit(request: HttpRequest, user: User, drive_id: int) -> HttpResponse:
    drive = _drive(user, drive_id)
    authorize(user, "workplace.drive.manage", drive)
    initial = {
        "name": drive.name,
        "year": drive.year,
        "officer": drive.officer_id,
        "starts_on": drive.starts_on,
        "ends_on": drive.ends_on,
        "note": drive.note,
    }
    form = DriveForm(request.POST or None, user=user, drive=drive, initial=initial)
    done = submit(
        request,
        form,
        lambda d: services.drive_update(user=user, drive=drive, **d),
        "已保存攻坚行动",
    )
    if done:
        return redirect("workplace:drive_detail", drive.pk)
    back = reverse("workplace:drive_detail", args=[drive.pk])
    return render(
        request, FORM, {"title": f"修改攻坚行动·{drive.name}", "form": form, "back": back}
    )


@page()
def drive_detail(request: HttpRequest, user: User, drive_id: int) -> HttpResponse:
    """A drive: its targets with their organizing status, visits, foundings and progress."""
    drive = _drive(user, drive_id)
    may_manage = can(user, "workplace.drive.manage", drive)
    is_open = drive.status == "open"
    shown = may_manage and is_open
    candidates = selectors.drive_candidate_rows(drive=drive) if shown else []
    return render(
        request,
        "workplace/drive_detail.html",
        {
            "title": drive.name,
            "drive": drive,
            "rows": selectors.drive_targets(drive=drive),
            "progress": selectors.drive_progress(drive=drive),
            "visits": selectors.drive_visits(drive=drive),
            "foundings": selectors.drive_foundings(drive=drive),
            "candidates": candidates,
            "may_manage": may_manage and is_open,
            "may_reopen": may_manage and not is_open,
            "may_visit": is_open and can(user, "workplace.visit.record"),
            "may_found": can(user, "workplace.union.found"),
            "dropped": TargetStatus.DROPPED,
            "open_status": TargetStatus.OPEN,
        },
    )


# The buttons of a drive's page: drives/<id>/<action>/, one table action each.
DRIVE_ACTIONS = {"close": "workplace.drive.manage", "reopen": "workplace.drive.manage"}


@page(lambda action, **kw: DRIVE_ACTIONS[action], post=True)
def drive_action(request: HttpRequest, user: User, drive_id: int, action: str) -> HttpResponse:
    drive = _drive(user, drive_id)
    reopen = action == "reopen"
    act(
        request,
        lambda: services.drive_close(user=user, drive=drive, reopen=reopen),
        "已重新开启攻坚行动" if reopen else "已结束攻坚行动",
    )
    return redirect("workplace:drive_detail", drive.pk)


@page("workplace.drive.manage", post=True)
def drive_targets_add(request: HttpRequest, user: User, drive_id: int) -> HttpResponse:
    drive = _drive(user, drive_id)
    form = TargetAddForm(request.POST, candidates=selectors.drive_candidates(drive=drive))

    def add(d: dict[str, Any]) -> Any:
        employers = list(d["employers"]) + employers_by_codes(user, d["codes"])
        return services.drive_target_add(user=user, drive=drive, employers=employers)

    act_on_form(request, form, add, lambda added: f"已加入{len(added)}家目标企业")
    return redirect("workplace:drive_detail", drive.pk)


@page("workplace.drive.manage", post=True)
def drive_target_remove(request: HttpRequest, user: User, drivetarget_id: int) -> HttpResponse:
    try:
        target = selectors.target_get(user=user, pk=drivetarget_id)
    except DriveTarget.DoesNotExist:
        raise Http404("找不到该目标企业，或不在您的管辖范围内") from None
    act(
        request,
        lambda: services.drive_target_remove(user=user, target=target),
        f"已将{target.employer.name}移出攻坚目标",
    )
    return redirect("workplace:drive_detail", target.drive_id)


# ---------------------------------------------------------------- visits


class VisitListView(ListPageView):
    title = "建会走访"
    filterset_class = VisitFilterSet
    table_class = VisitTable
    view_action = "workplace.organizing.view"
    export_action = "workplace.organizing.export"
    create_url_name = "workplace:organizing_visit_new"
    create_action = "workplace.visit.record"
    create_label = "登记走访"


@page("workplace.visit.record")
def visit_new(request: HttpRequest, user: User) -> HttpResponse:
    """登记建会走访 (from a drive's page the employer and the drive come filled in)."""
    authorize(user, "workplace.visit.record")
    employer = _employer_from_query(request, user)
    drive_pk = query_id(request.GET, "drive", label="攻坚行动")
    initial: dict[str, Any] = {}
    if employer is not None:
        initial["credit_code"] = employer.credit_code
    if drive_pk is not None:
        initial["drive"] = drive_pk
    form = VisitForm(request.POST or None, user=user, initial=initial)

    def record(d: dict[str, Any]) -> Any:
        found = selectors.employer_by_code(user=user, code=d.pop("credit_code"))
        return services.visit_record(user=user, employer=found, **d)

    done = submit(request, form, record, lambda v: f"已登记{v.employer.name}的走访")
    if done:
        if done.value.drive_id:
            return redirect("workplace:drive_detail", done.value.drive_id)
        return redirect("workplace:organizing_visit_list")
    back = (
        reverse("workplace:drive_detail", args=[drive_pk])
        if drive_pk
        else reverse("workplace:organizing_visit_list")
    )
    return render(
        request,
        "workplace/visit_form.html",
        {"title": "登记建会走访", "form": form, "employer": employer, "back": back},
    )


# ---------------------------------------------------------------- foundings


class FoundingListView(ListPageView):
    title = "建会记录"
    filterset_class = FoundingFilterSet
    table_class = FoundingTable
    view_action = "workplace.organizing.view"
    export_action = "workplace.organizing.export"
    create_url_name = "workplace:founding_new"
    create_action = "workplace.union.found"
    create_label = "登记建会"


@page("workplace.union.found")
def founding_new(request: HttpRequest, user: User) -> HttpResponse:
    """登记建会: creates the grassroots union in the tree and links it to the employer."""
    authorize(user, "workplace.union.found")
    employer = _employer_from_query(request, user)
    drive_pk = query_id(request.GET, "drive", label="攻坚行动")
    initial = {"drive": drive_pk} if drive_pk else {}
    form = FoundingForm(request.POST or None, user=user, employer=employer, initial=initial)

    def found(d: dict[str, Any]) -> Any:
        chosen = selectors.employer_by_code(user=user, code=d.pop("credit_code"))
        return services.union_found(user=user, employer=chosen, **d)

    done = submit(
        request, form, found, lambda f: f"已登记建会：{f.union.name}（{f.employer.name}）"
    )
    if done:
        if done.value.drive_id:
            return redirect("workplace:drive_detail", done.value.drive_id)
        return redirect("workplace:founding_list")
    why = selectors.employer_unionized(employer) if employer is not None else ""
    back = (
        reverse("workplace:drive_detail", args=[drive_pk])
        if drive_pk
        else reverse("workplace:founding_list")
    )
    return render(
        request,
        "workplace/founding_form.html",
        {"title": "登记建会", "form": form, "employer": employer, "unionized": why, "back": back},
    )


# ---------------------------------------------------------------- 集中入会


class JoinEventListView(ListPageView):
    title = "集中入会"
    filterset_class = JoinEventFilterSet
    table_class = JoinEventTable
    view_action = "workplace.organizing.view"
    export_action = "workplace.organizing.export"
    create_url_name = "workplace:join_event_new"
    create_action = "workplace.join_event.record"
    create_label = "登记集中入会"


@page("workplace.join_event.record")
def join_event_new(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "workplace.join_event.record")
    form = JoinEventForm(request.POST or None, user=user)

    def create(d: dict[str, Any]) -> JoinEvent:
        return services.join_event_create(
            user=user,
            org=d["org"],
            union=d["union"],
            title=d["title"],
            held_on=d["held_on"],
            place=d["place"],
            note=d["note"],
            joiners=form.joiners(),
        )

    done = submit(request, form, create, lambda e: f"已登记集中入会“{e.title}”")
    if done:
        return redirect("workplace:join_event_detail", done.value.pk)
    return render(
        request,
        "workplace/join_event_form.html",
        {"title": "登记集中入会", "form": form, "back": reverse("workplace:join_event_list")},
    )


def _event(user: User, pk: int) -> JoinEvent:
    try:
        event = selectors.join_event_get(user=user, pk=pk)
    except JoinEvent.DoesNotExist:
        raise Http404("找不到该集中入会活动，或不在您的管辖范围内") from None
    authorize(user, "workplace.organizing.view", event)
    return event


@page("workplace.join_event.record")
def join_event_detail(request: HttpRequest, user: User, joinevent_id: int) -> HttpResponse:
    """The event: how many joined (new-employment-form among them) and who; its POST adds
    more joiners."""
    event = _event(user, joinevent_id)
    may_add = can(user, "workplace.join_event.record", event)
    form = JoinersForm(request.POST or None)
    if request.method == "POST":
        authorize(user, "workplace.join_event.record", event)
        done = submit(
            request,
            form,
            lambda d: services.join_event_add(user=user, event=event, joiners=form.joiners()),
            lambda added: f"已登记{len(added)}人入会",
        )
        if done:
            return redirect("workplace:join_event_detail", event.pk)
    table = JoinerTable()
    members = selectors.join_event_members(event=event)
    return render(
        request,
        "workplace/join_event_detail.html",
        {
            "title": event.title,
            "event": event,
            "headers": table.headers,
            "rows": table.rows(members),
            "form": form,
            "may_add": may_add,
        },
    )
