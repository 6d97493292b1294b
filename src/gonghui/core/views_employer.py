"""用人单位: list with filters, detail, create and edit."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from gonghui.core import selectors, services
from gonghui.core.errors import DomainError
from gonghui.core.filters import EmployerFilterSet
from gonghui.core.forms import EmployerForm
from gonghui.core.models import Employer, User
from gonghui.core.permissions import authorize
from gonghui.core.selectors import employer_by_credit_code
from gonghui.core.tables import EmployerTable
from gonghui.core.views_list import ListPageView
from gonghui.core.web import page, submit, user_of


class EmployerListView(ListPageView):
    title = "用人单位"
    view_action = "core.employer.view"
    filterset_class = EmployerFilterSet
    table_class = EmployerTable
    create_url_name = "core:employer_create"
    create_action = "core.employer.create"
    create_label = "新增单位"


def _employer_in_scope(request: HttpRequest, pk: int) -> Employer:
    user = user_of(request)
    authorize(user, "core.employer.view")
    return get_object_or_404(selectors.employer_list(user=user), pk=pk)


@login_required
@require_GET
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employer = _employer_in_scope(request, pk)
    user = user_of(request)
    persons = selectors.person_list(user=user).filter(employer=employer)
    return render(
        request,
        "core/employer_detail.html",
        {
            "title": employer.name,
            "employer": employer,
            "person_count": persons.count(),
            "unions": selectors.organization_list(user=user).filter(employer=employer),
        },
    )


def _save(user: User, employer: Employer | None, cleaned: dict[str, Any]) -> Employer:
    """Update `employer`, or register a new one unless its credit code is already on record."""
    data = dict(cleaned)
    if employer is not None:
        data["credit_code"] = employer.credit_code
        return services.employer_update(
            employer=employer, data=services.EmployerData(**data), user=user
        )
    existing = employer_by_credit_code(data["credit_code"])  # normalized by the form
    if existing is not None:
        in_scope = selectors.employer_list(user=user).filter(pk=existing.pk).exists()
        where = f"“{existing.name}”" if in_scope else "其他组织管辖的单位"
        raise DomainError(
            f"该统一社会信用代码已登记为{where}，请勿重复新增", column="统一社会信用代码"
        )
    return services.employer_create(data=services.EmployerData(**data), user=user)


@page("core.employer.create")
def employer_create(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "core.employer.create")
    form = EmployerForm(request.POST or None, user=user)
    outcome = submit(
        request, form, lambda d: _save(user, None, d), ok=lambda e: f"已新增用人单位“{e.name}”"
    )
    if outcome:
        return redirect("core:employer_detail", pk=outcome.value.pk)
    return render(request, "core/employer_form.html", {"title": "新增用人单位", "form": form})


@page("core.employer.change")
def employer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employer = _employer_in_scope(request, pk)
    user = user_of(request)
    authorize(user, "core.employer.change", employer)
    initial = {f: getattr(employer, f) for f in EmployerForm.base_fields}
    initial["org"] = employer.org_id
    form = EmployerForm(request.POST or None, user=user, editing=True, initial=initial)
    outcome = submit(
        request, form, lambda d: _save(user, employer, d), ok=lambda e: f"已保存“{e.name}”"
    )
    if outcome:
        return redirect("core:employer_detail", pk=employer.pk)
    return render(
        request,
        "core/employer_form.html",
        {
            "title": f"编辑 — {employer.name}",
            "form": form,
            "employer": employer,
        },
    )
