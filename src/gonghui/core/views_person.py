"""人员档案: list and search, detail (masked, full on request and logged), create, edit,
status changes and membership transfers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from gonghui.core import pii, selectors, services
from gonghui.core.errors import DomainError
from gonghui.core.filters import PersonFilterSet
from gonghui.core.forms import UNION_KINDS, MembershipTransferForm, PersonForm
from gonghui.core.models import MembershipStatus, Person, PersonStatus
from gonghui.core.permissions import authorize, can, route_action
from gonghui.core.tables import PersonTable
from gonghui.core.views_list import ListPageView

PERSON_TEXT_FIELDS = (
    "name",
    "ethnicity",
    "political_status",
    "education",
    "work_unit",
    "post",
    "new_employment_form",
)
PERSON_FLAGS = ("frontline", "hardship_post", "key_sector", "migrant_worker")


class PersonListView(ListPageView):
    title = "人员档案"
    view_action = "core.person.view"
    filterset_class = PersonFilterSet
    table_class = PersonTable
    create_url_name = "core:person_create"
    create_action = "core.person.create"
    create_label = "新增人员"


def _person_in_scope(request: HttpRequest, pk: int) -> Person:
    """A person the user may see (职工本人: only themselves), else 404."""
    return get_object_or_404(selectors.person_list(user=request.user), pk=pk)  # type: ignore[arg-type]


def _detail(
    request: HttpRequest,
    person: Person,
    *,
    full: dict[str, str] | None = None,
    transfer_form: MembershipTransferForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    memberships = list(person.memberships.select_related("union").order_by("-joined_on", "-id"))
    active = next((m for m in memberships if m.status == MembershipStatus.ACTIVE), None)
    may_transfer = can(user, "core.membership.transfer", person)
    if transfer_form is None and may_transfer and active is not None:
        transfer_form = MembershipTransferForm(user=user, exclude_union=active.union_id)  # type: ignore[arg-type]
    return render(
        request,
        "core/person_detail.html",
        {
            "title": person.name,
            "person": person,
            "full": full,
            "memberships": memberships,
            "active": active,
            "transfer_form": transfer_form if active is not None else None,
            "statuses": [(v, label) for v, label in PersonStatus.choices if v != person.status],
            "linked_changes": selectors.person_linked_changes(user=user, person=person),  # type: ignore[arg-type]
        },
        status=status,
    )


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _person_in_scope(request, pk))


@login_required
@require_POST
@route_action("core.person.reveal")
def person_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The full ID and phone numbers (htmx swap), for roles allowed to see them; logged."""
    person = _person_in_scope(request, pk)
    full = pii.person_reveal(user=request.user, person=person)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "core/_person_pii.html", {"person": person, "full": full})
    return _detail(request, person, full=full)


@login_required
@require_POST
@route_action("core.person.set_status")
def person_set_status(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_in_scope(request, pk)
    status = request.POST.get("status", "")
    try:
        person = services.person_set_status(person=person, status=status, user=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已将{person.name}标记为“{person.get_status_display()}”")
    return redirect("core:person_detail", pk=person.pk)


@login_required
@require_POST
@route_action("core.membership.transfer")
def membership_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_in_scope(request, pk)
    authorize(request.user, "core.membership.transfer", person)
    active = person.memberships.filter(status=MembershipStatus.ACTIVE).first()
    form = MembershipTransferForm(
        request.POST,
        user=request.user,  # type: ignore[arg-type]
        exclude_union=active.union_id if active else None,
    )
    if form.is_valid():
        try:
            new = services.membership_transfer(
                person=person,
                to_union=form.cleaned_data["to_union"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                user=request.user,  # type: ignore[arg-type]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"{person.name}已转入“{new.union.name}”")
            return redirect("core:person_detail", pk=person.pk)
    return _detail(request, person, transfer_form=form, status=400)


def _person_data(
    cd: dict[str, Any], *, id_number: str, org: Any, status: str
) -> services.PersonData:
    data = services.PersonData(
        name=cd.get("name") or "",
        id_number=id_number,
        org=org,
        phone=cd.get("phone") or "",
        birth_date=cd.get("birth_date"),
        sex=cd.get("sex") or None,
        employer=cd.get("employer"),
        status=status,
    )
    for field in PERSON_TEXT_FIELDS:
        setattr(data, field, cd.get(field) or "")
    for field in PERSON_FLAGS:
        setattr(data, field, bool(cd.get(field)))
    return data


@login_required
@route_action("core.person.create")
def person_create(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "core.person.create")
    user = request.user
    form = PersonForm(request.POST or None, user=user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        person = _create(request, form)
        if person is not None:
            messages.success(request, f"已新增人员“{person.name}”")
            return redirect("core:person_detail", pk=person.pk)
    return render(request, "core/person_form.html", {"title": "新增人员", "form": form})


def _create(request: HttpRequest, form: PersonForm) -> Person | None:
    cd = form.cleaned_data
    number = cd["id_number"]  # validated and normalized by the form
    existing = services.person_find_by_id_number(number)
    if existing is not None:
        if selectors.person_list(user=request.user).filter(pk=existing.pk).exists():  # type: ignore[arg-type]
            form.add_error(
                "id_number", f"该身份证号码已有档案（{existing.name}），请在其档案中修改"
            )
        else:
            form.add_error("id_number", "该身份证号码已在其他组织登记，请联系其所属工会办理转入")
        return None
    org, joined_on = cd["org"], cd.get("joined_on")
    if joined_on and org.kind not in UNION_KINDS:
        form.add_error("joined_on", f"“{org.name}”不是基层工会，不能直接登记入会，请清空入会日期")
        return None
    try:
        person = services.person_create(
            data=_person_data(cd, id_number=number, org=org, status=PersonStatus.ACTIVE),
            user=request.user,  # type: ignore[arg-type]
        )
    except DomainError as exc:
        form.add_domain_error(exc)
        return None
    if joined_on:
        try:
            services.membership_join(
                person=person,
                union=org,
                joined_on=joined_on,
                user=request.user,  # type: ignore[arg-type]
            )
        except DomainError as exc:
            messages.warning(request, f"人员已保存，但未能登记入会：{exc.message}")
    return person


@login_required
@route_action("core.person.change")
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_in_scope(request, pk)
    authorize(request.user, "core.person.change", person)
    initial: dict[str, Any] = {
        f: getattr(person, f) for f in (*PERSON_TEXT_FIELDS, *PERSON_FLAGS, "birth_date", "sex")
    }
    initial["employer"] = person.employer_id
    form = PersonForm(request.POST or None, user=request.user, editing=True, initial=initial)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                person=person,
                user=request.user,  # type: ignore[arg-type]
                data=_person_data(
                    form.cleaned_data,
                    id_number=person.id_number,
                    org=person.org,
                    status=person.status,
                ),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"已保存{form.cleaned_data['name']}的档案")
            return redirect("core:person_detail", pk=person.pk)
    return render(
        request,
        "core/person_form.html",
        {
            "title": f"编辑 — {person.name}",
            "form": form,
            "person": person,
        },
    )
