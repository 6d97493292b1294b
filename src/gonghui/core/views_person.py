"""人员档案: list and search, detail (masked, full on request and logged), create, edit,
status changes and membership transfers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from gonghui.core import pii, selectors, services
from gonghui.core.errors import DomainError
from gonghui.core.filters import PersonFilterSet
from gonghui.core.forms import UNION_KINDS, MembershipTransferForm, PersonForm
from gonghui.core.models import MembershipStatus, Person, PersonStatus, User
from gonghui.core.permissions import authorize, can
from gonghui.core.tables import PersonTable
from gonghui.core.views_list import ListPageView
from gonghui.core.web import act, page, submit, user_of

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
    return get_object_or_404(selectors.person_list(user=user_of(request)), pk=pk)


def _detail(
    request: HttpRequest,
    person: Person,
    *,
    full: dict[str, str] | None = None,
    transfer_form: MembershipTransferForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = user_of(request)
    memberships = selectors.person_memberships(person=person)
    active = next((m for m in memberships if m.status == MembershipStatus.ACTIVE), None)
    may_transfer = can(user, "core.membership.transfer", person)
    if transfer_form is None and may_transfer and active is not None:
        transfer_form = MembershipTransferForm(user=user, exclude_union=active.union_id)
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
            "linked_changes": selectors.person_linked_changes(user=user, person=person),
        },
        status=status,
    )


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _person_in_scope(request, pk))


@page("core.person.reveal", post=True)
def person_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The full ID and phone numbers (htmx swap), for roles allowed to see them; logged."""
    person = _person_in_scope(request, pk)
    full = pii.person_reveal(user=user_of(request), person=person)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "core/_person_pii.html", {"person": person, "full": full})
    return _detail(request, person, full=full)


@page("core.person.set_status", post=True)
def person_set_status(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_in_scope(request, pk)
    status = request.POST.get("status", "")
    act(
        request,
        lambda: services.person_set_status(person=person, status=status, user=user_of(request)),
        lambda changed: f"已将{changed.name}标记为“{changed.get_status_display()}”",
    )
    return redirect("core:person_detail", pk=person.pk)


@page("core.membership.transfer", post=True)
def membership_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_in_scope(request, pk)
    user = user_of(request)
    authorize(user, "core.membership.transfer", person)
    active = selectors.person_active_membership(person=person)
    form = MembershipTransferForm(
        request.POST, user=user, exclude_union=active.union_id if active else None
    )
    outcome = submit(
        request,
        form,
        lambda d: services.membership_transfer(
            person=person, to_union=d["to_union"], on=d["on"], note=d["note"], user=user
        ),
        ok=lambda new: f"{person.name}已转入“{new.union.name}”",
    )
    if outcome:
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


@page("core.person.create")
def person_create(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "core.person.create")
    form = PersonForm(request.POST or None, user=user)
    outcome = submit(
        request, form, lambda cd: _create(request, cd), ok=lambda p: f"已新增人员“{p.name}”"
    )
    if outcome:
        return redirect("core:person_detail", pk=outcome.value.pk)
    return render(request, "core/person_form.html", {"title": "新增人员", "form": form})


def _create(request: HttpRequest, cd: dict[str, Any]) -> Person:
    """The new person, enrolled in their union when a 入会日期 is given; a DomainError names
    the form's field."""
    user = user_of(request)
    number = cd["id_number"]  # validated and normalized by the form
    existing = services.person_find_by_id_number(number)
    if existing is not None:
        if selectors.person_list(user=user).filter(pk=existing.pk).exists():
            raise DomainError(
                f"该身份证号码已有档案（{existing.name}），请在其档案中修改", column="身份证号码"
            )
        raise DomainError(
            "该身份证号码已在其他组织登记，请联系其所属工会办理转入", column="身份证号码"
        )
    org, joined_on = cd["org"], cd.get("joined_on")
    if joined_on and org.kind not in UNION_KINDS:
        raise DomainError(
            f"“{org.name}”不是基层工会，不能直接登记入会，请清空入会日期", column="入会日期"
        )
    person = services.person_create(
        data=_person_data(cd, id_number=number, org=org, status=PersonStatus.ACTIVE), user=user
    )
    if joined_on:
        try:
            services.membership_join(person=person, union=org, joined_on=joined_on, user=user)
        except DomainError as exc:
            # The person is saved either way: say what is missing rather than undo it.
            messages.warning(request, f"人员已保存，但未能登记入会：{exc.message}")
    return person


@page("core.person.change")
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_in_scope(request, pk)
    user = user_of(request)
    authorize(user, "core.person.change", person)
    initial: dict[str, Any] = {
        f: getattr(person, f) for f in (*PERSON_TEXT_FIELDS, *PERSON_FLAGS, "birth_date", "sex")
    }
    initial["employer"] = person.employer_id
    form = PersonForm(request.POST or None, user=user, editing=True, initial=initial)
    outcome = submit(
        request,
        form,
        lambda cd: services.person_update(
            person=person,
            user=user,
            data=_person_data(cd, id_number=person.id_number, org=person.org, status=person.status),
        ),
        ok=lambda saved: f"已保存{saved.name}的档案",
    )
    if outcome:
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
