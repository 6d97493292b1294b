"""The registry pages: 劳模名录, 荣誉记录, a model worker's page and its buttons, the roster."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from gonghui.core import clock
from gonghui.core.errors import DomainError
from gonghui.core.exporting import XLSX_TYPE
from gonghui.core.models import Person, User
from gonghui.core.params import query_id
from gonghui.core.permissions import authorize, can
from gonghui.core.selectors import person_linked_changes, person_list
from gonghui.core.services import person_find_by_id_number
from gonghui.core.validators import parse_id_number
from gonghui.core.views_list import ListPageView
from gonghui.core.web import act, act_on_form, download, page, submit, user_of
from gonghui.honors import exporters, selectors, services
from gonghui.honors.filters import HonorFilterSet, RegistryFilterSet
from gonghui.honors.forms import BankForm, EventForm, HonorForm, MoveForm, RevokeForm, RosterForm
from gonghui.honors.models import Honor, VisitStatus
from gonghui.honors.tables import HonorTable, ModelWorkerTable
from gonghui.honors.views.common import _person_in_scope

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


# ---------------------------------------------------------------- a model worker


@login_required
@require_safe
def worker_detail(request: HttpRequest, person_pk: int) -> HttpResponse:
    user = user_of(request)
    authorize(user, "honors.registry.view")
    person = _person_in_scope(request, person_pk)
    mw = selectors.model_worker_of(person=person)
    may_change = can(user, "honors.model_worker.change", person)
    context = {
        "title": f"劳模档案·{person.name}",
        "person": person,
        "mw": mw,
        "honors": selectors.person_honors(person=person),
        "timeline": selectors.person_timeline(user=user, person=person),
        "linked_changes": person_linked_changes(user=user, person=person),
        "open_tasks": selectors.person_visit_tasks(person=person, status=VisitStatus.OPEN),
        "event_form": EventForm(),
        "revoke_form": RevokeForm(),
        "move_form": MoveForm(user=user) if may_change else None,
        "bank_form": BankForm(initial={"bank_name": mw.bank_name if mw else ""}),
    }
    return render(request, "honors/worker_detail.html", context)


def _holder_by_id_number(user: User, id_number: str) -> Person:
    """The person in the user's scope with this ID number, or the Chinese error to show."""
    number = parse_id_number(id_number).number
    found = person_find_by_id_number(number)
    if found is None or not person_list(user=user).filter(pk=found.pk).exists():
        raise DomainError(
            "人员档案中没有该身份证号码（或不在您的管辖范围内），请先登记人员或使用名册导入"
        )
    return found


@page("honors.honor.create")
def honor_create(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "honors.honor.create")
    person = None
    person_pk = query_id(request.GET, "person", label="人员")
    if person_pk is not None:
        person = _person_in_scope(request, person_pk)
    form = HonorForm(request.POST or None, user=user, person=person)

    def create(d: dict[str, Any]) -> Honor:
        target = person
        if target is None and d.get("id_number"):
            target = _holder_by_id_number(user, d["id_number"])
        return services.honor_create(
            user=user,
            person=target,
            organization=None if target else d.get("organization"),
            honor_type=d["honor_type"],
            year=d["year"],
            authority=d["authority"],
            doc_number=d["doc_number"],
        )

    outcome = submit(request, form, create, ok=lambda honor: f"已登记：{honor}")
    if outcome:
        if outcome.value.person_id:
            return redirect("honors:worker_detail", outcome.value.person_id)
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


@page("honors.honor.revoke", post=True)
def honor_revoke(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    honor = selectors.honor_list(user=user).filter(pk=pk).first()
    if honor is None:
        raise Http404("找不到该荣誉记录")
    act_on_form(
        request,
        RevokeForm(request.POST),
        lambda d: services.honor_revoke(
            user=user, honor=honor, on=d["revoked_on"], reason=d["reason"]
        ),
        f"已撤销“{honor.honor_type.name}”，相关走访任务和未发放补助已同步更新",
    )
    if honor.person_id:
        return redirect("honors:worker_detail", honor.person_id)
    return redirect("honors:honor_list")


@page("honors.model_worker.change", post=True)
def worker_event(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person_in_scope(request, person_pk)
    act_on_form(
        request,
        EventForm(request.POST),
        lambda d: services.life_event_record(user=user_of(request), person=person, **d),
        "已登记事件，并生成走访任务",
        invalid="请填写事件和发生日期",
    )
    return redirect("honors:worker_detail", person.pk)


# The status buttons of a model worker's page: the service and what it did ({name}: the person).
WORKER_STATUSES: dict[str, tuple[Callable[..., Any], str]] = {
    "retired": (services.person_mark_retired, "{name}已办理退休，已生成退休离岗走访任务"),
    "deceased": (services.person_mark_deceased, "{name}已标记为已故，待走访任务和未发放补助已取消"),
}


@page("honors.model_worker.change", post=True)
def worker_status(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person_in_scope(request, person_pk)
    user = user_of(request)
    change = WORKER_STATUSES.get(request.POST.get("status", ""))
    if change is None:
        messages.error(request, "未知的操作")
    else:
        service, ok = change
        act(request, lambda: service(user=user, person=person), ok.format(name=person.name))
    return redirect("honors:worker_detail", person.pk)


@page("honors.model_worker.change", post=True)
def worker_move(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person_in_scope(request, person_pk)
    user = user_of(request)
    form = MoveForm(request.POST, user=user)
    act_on_form(
        request,
        form,
        lambda d: services.person_mark_moved(user=user, person=person, **d),
        lambda _: f"{person.name}已迁至{form.cleaned_data['to_org'].name}",
        invalid="请选择迁入组织",
    )
    if not person_list(user=user).filter(pk=person.pk).exists():
        return redirect("honors:registry")
    return redirect("honors:worker_detail", person.pk)


@page("honors.model_worker.change", post=True)
def worker_bank(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person_in_scope(request, person_pk)
    act_on_form(
        request,
        BankForm(request.POST),
        lambda d: services.model_worker_set_bank(
            user=user_of(request),
            person=person,
            bank_name=d["bank_name"],
            account=d["account"],
        ),
        "银行账户已保存",
    )
    return redirect("honors:worker_detail", person.pk)


# ---------------------------------------------------------------- the yearly roster


@page("honors.roster.export")
def roster(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "honors.roster.view")
    fs = RegistryFilterSet(request.GET, user=user)
    form = RosterForm(request.POST or None)

    def roster_file(d: dict[str, Any]) -> HttpResponse:
        labels = dict(exporters.ROSTER_RECIPIENTS)
        recipients = "、".join(labels[k] for k in d["recipients"])
        year = clock.today().year
        org_name = user.organization.name if user.organization else ""
        title = f"{org_name}{year}年劳模名册"
        fmt = d["fmt"]
        rows = {
            "user": user,
            "queryset": fs.queryset,
            "keys": d["columns"],
            "want_full": d["full"],
            "recipients": recipients,
            "filters": fs.describe(),
        }
        if fmt == "pdf":
            out, _ = exporters.roster_pdf(title=title, **rows)
        else:
            out, _ = exporters.roster_xlsx(**rows)
        return download(
            out.getvalue(),
            filename=f"{title}.{fmt}",
            fallback=f"roster_{year}.{fmt}",
            content_type="application/pdf" if fmt == "pdf" else XLSX_TYPE,
        )

    outcome = submit(request, form, roster_file)
    if outcome:
        return outcome.value
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
