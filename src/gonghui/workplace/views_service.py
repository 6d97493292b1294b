"""Pages of 劳模工匠助企行: the 企业点单 list, filing a need, a need's page (its history, the
squads suggested to whoever may assign, and only the buttons the user may use), the squads'
list, a squad's page with its members, and the squad forms.

Thin: a form in, a service or selector call, a template out (core.web)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.errors import DomainError
from gonghui.core.models import Role, User
from gonghui.core.permissions import authorize, can
from gonghui.core.views_list import ListPageView
from gonghui.core.web import act, act_on_form, page, submit
from gonghui.workplace import selectors_lookup as lookup
from gonghui.workplace import selectors_service as selectors
from gonghui.workplace import services_service as services
from gonghui.workplace.filters_service import NeedFilterSet, SquadFilterSet
from gonghui.workplace.forms_service import (
    AssignForm,
    ConfirmForm,
    MemberForm,
    NeedForm,
    NoteForm,
    OutcomeForm,
    ReasonForm,
    SquadForm,
    VisitForm,
)
from gonghui.workplace.models import Need, NeedStatus, Squad, SquadMember, Urgency
from gonghui.workplace.tables_service import NeedTable, SquadTable

# ---------------------------------------------------------------- needs


class NeedListView(ListPageView):
    title = "企业点单"
    filterset_class = NeedFilterSet
    table_class = NeedTable
    view_action = "workplace.need.view"
    export_action = "workplace.need.export"
    create_url_name = "workplace:need_create"
    create_action = "workplace.need.file"
    create_label = "企业点单"


def _need(user: User, need_id: int) -> Need:
    """A need of the user's subtree, else 404."""
    try:
        need = selectors.need_get(user=user, pk=need_id)
    except Need.DoesNotExist:
        raise Http404("找不到该点单，或不在您的管辖范围内") from None
    authorize(user, "workplace.need.view", need)
    return need


@page("workplace.need.file")
def need_create(request: HttpRequest, user: User) -> HttpResponse:
    """企业点单: an officer for an enterprise of their subtree, a chair for their own."""
    authorize(user, "workplace.need.file")
    own = selectors.chair_employer(user=user)
    is_chair = user.role == Role.GRASSROOTS_CHAIR
    form = NeedForm(request.POST or None, own=own)

    def file(d: dict[str, Any]) -> Need:
        if is_chair and own is None:
            raise DomainError("您所在的基层工会未关联用人单位，不能为企业点单")
        employer = own or lookup.employer_find(user=user, text=d["employer"], field="企业")
        return services.need_file(
            user=user,
            employer=employer,
            kind=d["kind"],
            field=d["field"],
            urgency=d["urgency"] or Urgency.NORMAL,
            title=d["title"],
            description=d["description"],
            contact=d["contact"],
        )

    done = submit(request, form, file, lambda n: f"已点单{n.number}，待总队派单")
    if done:
        return redirect("workplace:need_detail", done.value.pk)
    return render(
        request,
        "workplace/need_form.html",
        {
            "title": "企业点单",
            "form": form,
            "own": own,
            "no_employer": is_chair and own is None,
            "cancel": reverse("workplace:need_list"),
        },
    )


@page()
def need_detail(request: HttpRequest, user: User, need_id: int) -> HttpResponse:
    need = _need(user, need_id)
    may_assign = need.status == NeedStatus.FILED and can(user, "workplace.need.assign", need)
    own = selectors.chair_employer(user=user)
    own_need = user.role != Role.GRASSROOTS_CHAIR or (
        own is not None and own.pk == need.employer_id
    )
    return render(
        request,
        "workplace/need_detail.html",
        {
            "title": f"企业点单{need.number}",
            "need": need,
            "S": NeedStatus,
            "steps": selectors.need_steps(need=need),
            "suggestions": selectors.suggest_squads(need, user) if may_assign else [],
            "may_assign": may_assign,
            "own_need": own_need,
            "assign_form": AssignForm(user=user) if may_assign else None,
            "note_form": NoteForm(),
            "visit_form": VisitForm(),
            "outcome_form": OutcomeForm(),
            "confirm_form": ConfirmForm(),
            "stars": range(5, 0, -1),
        },
    )


def _assign(request: HttpRequest, user: User, need: Need) -> None:
    act_on_form(
        request,
        AssignForm(request.POST, user=user),
        lambda d: services.need_assign(
            user=user, need=need, squad=_required(d["squad"], "请选择承接分队"), note=d["note"]
        ),
        lambda n: f"已派给{n.squad.name}",
    )


def _required(value: Any, message: str) -> Any:
    if value is None:
        raise DomainError(message)
    return value


def _accept(request: HttpRequest, user: User, need: Need) -> None:
    act_on_form(
        request,
        NoteForm(request.POST),
        lambda d: services.need_accept(user=user, need=need, note=d["note"]),
        "分队已接单",
    )


def _decline(request: HttpRequest, user: User, need: Need) -> None:
    act_on_form(
        request,
        ReasonForm(request.POST),
        lambda d: services.need_decline(user=user, need=need, reason=d["reason"]),
        "已退单，点单回到待派单",
    )


def _visit(request: HttpRequest, user: User, need: Need) -> None:
    act_on_form(
        request,
        VisitForm(request.POST),
        lambda d: services.need_visit(
            user=user, need=need, visited_on=d["visited_on"], note=d["note"]
        ),
        "已登记上门服务",
        invalid="请按“年-月-日”填写服务日期",
    )


def _outcome(request: HttpRequest, user: User, need: Need) -> None:
    act_on_form(
        request,
        OutcomeForm(request.POST),
        lambda d: services.need_outcome(user=user, need=need, **d),
        "已登记服务成效，待企业确认",
        invalid="请按“年-月-日”填写服务完成日期",
    )


def _confirm(request: HttpRequest, user: User, need: Need) -> None:
    act_on_form(
        request,
        ConfirmForm(request.POST),
        lambda d: services.need_confirm(
            user=user, need=need, rating=d["rating"], comment=d["comment"]
        ),
        lambda n: f"企业已确认服务，评价{n.rating}星",
    )


def _withdraw(request: HttpRequest, user: User, need: Need) -> None:
    act_on_form(
        request,
        ReasonForm(request.POST),
        lambda d: services.need_withdraw(user=user, need=need, reason=d["reason"]),
        "点单已撤回",
    )


# The buttons of a need's page, posted to needs/<id>/<action>/: (handler, table action).
NEED_ACTIONS: dict[str, tuple[Callable[[HttpRequest, User, Need], None], str]] = {
    "assign": (_assign, "workplace.need.assign"),
    "accept": (_accept, "workplace.need.handle"),
    "decline": (_decline, "workplace.need.handle"),
    "visit": (_visit, "workplace.need.handle"),
    "outcome": (_outcome, "workplace.need.handle"),
    "confirm": (_confirm, "workplace.need.confirm"),
    "withdraw": (_withdraw, "workplace.need.file"),
}


def _need_action_key(action: str, **kwargs: Any) -> str:
    return NEED_ACTIONS[action][1] if action in NEED_ACTIONS else ""


@page(_need_action_key, post=True)
def need_action(request: HttpRequest, user: User, need_id: int, action: str) -> HttpResponse:
    if action not in NEED_ACTIONS:
        raise Http404()
    need = _need(user, need_id)
    handler, key = NEED_ACTIONS[action]
    authorize(user, key, need)
    handler(request, user, need)
    return redirect("workplace:need_detail", need.pk)


# ---------------------------------------------------------------- squads


class SquadListView(ListPageView):
    title = "技术服务分队"
    filterset_class = SquadFilterSet
    table_class = SquadTable
    view_action = "workplace.squad.view"
    export_action = "workplace.squad.view"
    create_url_name = "workplace:squad_create"
    create_action = "workplace.squad.manage"
    create_label = "组建分队"


def _squad(user: User, squad_id: int) -> Squad:
    try:
        squad = selectors.squad_get(user=user, pk=squad_id)
    except Squad.DoesNotExist:
        raise Http404("找不到该分队，或不在您的管辖范围内") from None
    authorize(user, "workplace.squad.view", squad)
    return squad


def _squad_form_page(
    request: HttpRequest, form: SquadForm, title: str, cancel: str, squad: Squad | None = None
) -> HttpResponse:
    return render(
        request,
        "workplace/squad_form.html",
        {"title": title, "form": form, "squad": squad, "cancel": cancel},
    )


@page("workplace.squad.manage")
def squad_create(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "workplace.squad.manage")
    form = SquadForm(request.POST or None, user=user, initial={"org": user.organization_id})
    done = submit(
        request,
        form,
        lambda d: services.squad_create(
            user=user,
            org=d["org"],
            name=d["name"],
            fields=d["areas"],
            is_active=d["is_active"],
        ),
        lambda s: f"已组建{s.name}，请添加成员",
    )
    if done:
        return redirect("workplace:squad_detail", done.value.pk)
    return _squad_form_page(request, form, "组建技术服务分队", reverse("workplace:squad_list"))


@page("workplace.squad.manage")
def squad_edit(request: HttpRequest, user: User, squad_id: int) -> HttpResponse:
    squad = _squad(user, squad_id)
    authorize(user, "workplace.squad.manage", squad)
    initial = {
        "name": squad.name,
        "areas": squad.fields,
        "leader": squad.leader_id,
        "is_active": squad.is_active,
    }
    form = SquadForm(request.POST or None, user=user, squad=squad, initial=initial)
    done = submit(
        request,
        form,
        lambda d: services.squad_edit(
            user=user,
            squad=squad,
            name=d["name"],
            fields=d["areas"],
            leader=d["leader"],
            is_active=d["is_active"],
        ),
        lambda s: f"已保存{s.name}",
    )
    if done:
        return redirect("workplace:squad_detail", squad.pk)
    back = reverse("workplace:squad_detail", args=[squad.pk])
    return _squad_form_page(request, form, f"修改分队·{squad.name}", back, squad)


@page()
def squad_detail(request: HttpRequest, user: User, squad_id: int) -> HttpResponse:
    squad = _squad(user, squad_id)
    return render(
        request,
        "workplace/squad_detail.html",
        {
            "title": squad.name,
            "squad": squad,
            "fields_label": selectors.field_labels(squad.fields),
            "members": [(m, selectors.field_labels(m.skills)) for m in squad.members.all()],
            "needs": selectors.squad_needs(squad=squad),
            "member_form": MemberForm(),
        },
    )


@page("workplace.squad.manage", post=True)
def squad_member_add(request: HttpRequest, user: User, squad_id: int) -> HttpResponse:
    squad = _squad(user, squad_id)
    authorize(user, "workplace.squad.manage", squad)
    form = MemberForm(request.POST)
    act_on_form(
        request,
        form,
        lambda d: services.squad_member_add(
            user=user,
            squad=squad,
            model_worker=selectors.model_worker_find(user=user, text=d["who"]),
            skills=d["skills"],
            specialty=d["specialty"],
        ),
        lambda m: f"{m.model_worker.person.name}已加入{squad.name}",
    )
    return redirect("workplace:squad_detail", squad.pk)


@page("workplace.squad.manage", post=True)
def squad_member_remove(request: HttpRequest, user: User, squadmember_id: int) -> HttpResponse:
    try:
        member = selectors.squad_member_get(user=user, pk=squadmember_id)
    except SquadMember.DoesNotExist:
        raise Http404("找不到该分队成员，或不在您的管辖范围内") from None
    name = member.model_worker.person.name
    act(
        request,
        lambda: services.squad_member_remove(user=user, member=member),
        f"{name}已移出{member.squad.name}",
    )
    return redirect("workplace:squad_detail", member.squad_id)
