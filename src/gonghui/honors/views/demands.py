"""劳模诉求 pages: the list, filing, a demand's steps and its referral letter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from gonghui.core import clock
from gonghui.core.models import Role, User
from gonghui.core.params import query_id
from gonghui.core.permissions import authorize, can
from gonghui.core.views_list import ListPageView
from gonghui.core.web import act, act_on_form, download_or_back, page, submit, user_of
from gonghui.honors import exporters, selectors, services
from gonghui.honors.filters import DemandFilterSet
from gonghui.honors.forms import DemandAnswerForm, DemandForm, DemandReferForm, DemandSortForm
from gonghui.honors.models import Demand, DemandStatus
from gonghui.honors.tables import DemandTable
from gonghui.honors.views.common import _person_in_scope


class DemandListView(ListPageView):
    """The staff list; 职工本人 see their own demands under 我的劳模服务."""

    title = "劳模诉求"
    filterset_class = DemandFilterSet
    table_class = DemandTable
    view_action = "honors.demand.view"
    export_action = "honors.demand.export"


def _demand(request: HttpRequest, pk: int) -> Demand:
    user = user_of(request)
    try:
        demand = selectors.demand_get(user=user, pk=pk)
    except Demand.DoesNotExist:
        raise Http404("找不到该诉求，或不在您的管辖范围内") from None
    # The staff page, or 职工本人's own demand.
    if not can(user, "honors.my.view", demand):
        authorize(user, "honors.demand.view", demand)
    return demand


@page("honors.demand.file")
def demand_create(request: HttpRequest, user: User) -> HttpResponse:
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
    outcome = submit(
        request,
        form,
        lambda d: services.demand_file(user=user, person=person, **d),
        ok="诉求已提交，工会将在规定时限内梳理办理",
    )
    if outcome:
        return redirect("honors:demand_detail", outcome.value.pk)
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
    user = user_of(request)
    return render(
        request,
        "honors/demand_detail.html",
        {
            "title": f"劳模诉求·{demand.title}",
            "demand": demand,
            "steps": selectors.demand_steps(demand=demand),
            "overdue": demand.is_overdue(clock.today()),
            "S": DemandStatus,
            "sort_form": DemandSortForm(user=user, initial={"officer": user.pk}),
            "refer_form": DemandReferForm(),
            "answer_form": DemandAnswerForm(),
        },
    )


# The steps of a demand: one route each (demands/<pk>/sort/ …), one action each.
DEMAND_ACTIONS = ("sort", "refer", "answer", "close")


@page(lambda action, **kw: f"honors.demand.{action}", post=True)
def demand_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    demand = _demand(request, pk)
    user = user_of(request)
    # The fields of the sort and refer forms are the keyword arguments of their services.
    if action == "sort":
        act_on_form(
            request,
            DemandSortForm(request.POST, user=user),
            lambda d: services.demand_sort(user=user, demand=demand, **d),
            "已梳理",
        )
    elif action == "refer":
        act_on_form(
            request,
            DemandReferForm(request.POST),
            lambda d: services.demand_refer(user=user, demand=demand, **d),
            "已转部门联动，可下载联系函",
        )
    elif action == "answer":
        act_on_form(
            request,
            DemandAnswerForm(request.POST),
            lambda d: services.demand_answer(
                user=user, demand=demand, feedback=d["feedback"], on=d["answered_on"]
            ),
            "已反馈",
        )
    elif action == "close":
        act(request, lambda: services.demand_close(user=user, demand=demand), "已销号")
    else:
        raise Http404()
    return redirect("honors:demand_detail", demand.pk)


@login_required
@require_safe
def demand_letter(request: HttpRequest, pk: int) -> HttpResponse:
    demand = _demand(request, pk)
    user = user_of(request)
    authorize(user, "honors.demand.view", demand)  # staff only, not 职工本人
    return download_or_back(
        request,
        lambda: exporters.referral_letter_pdf(user=user, demand=demand),
        back=redirect("honors:demand_detail", demand.pk),
        filename=f"联系函_{demand.letter_number}.pdf",
        fallback=f"letter_{demand.pk}.pdf",
        content_type="application/pdf",
    )
