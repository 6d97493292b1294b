"""用人单位: list with filters, detail, create and edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from gonghui.core import selectors, services
from gonghui.core.errors import DomainError
from gonghui.core.filters import EmployerFilterSet
from gonghui.core.forms import EmployerForm
from gonghui.core.models import Employer
from gonghui.core.permissions import authorize, route_action
from gonghui.core.selectors import employer_by_credit_code
from gonghui.core.tables import EmployerTable
from gonghui.core.views_list import ListPageView


class EmployerListView(ListPageView):
    title = "用人单位"
    view_action = "core.employer.view"
    filterset_class = EmployerFilterSet
    table_class = EmployerTable
    create_url_name = "core:employer_create"
    create_action = "core.employer.create"
    create_label = "新增单位"


def _employer_in_scope(request: HttpRequest, pk: int) -> Employer:
    authorize(request.user, "core.employer.view")
    return get_object_or_404(selectors.employer_list(user=request.user), pk=pk)  # type: ignore[arg-type]


@login_required
@require_GET
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employer = _employer_in_scope(request, pk)
    persons = selectors.person_list(user=request.user).filter(employer=employer)  # type: ignore[arg-type]
    return render(
        request,
        "core/employer_detail.html",
        {
            "title": employer.name,
            "employer": employer,
            "person_count": persons.count(),
            "unions": selectors.organization_list(user=request.user).filter(employer=employer),  # type: ignore[arg-type]
        },
    )


def _save(request: HttpRequest, form: EmployerForm, employer: Employer | None) -> Employer | None:
    data = dict(form.cleaned_data)
    user = request.user
    try:
        if employer is not None:
            data["credit_code"] = employer.credit_code
            return services.employer_update(
                employer=employer,
                data=services.EmployerData(**data),
                user=user,  # type: ignore[arg-type]
            )
        existing = employer_by_credit_code(data["credit_code"])  # normalized by the form
        if existing is not None:
            in_scope = selectors.employer_list(user=user).filter(pk=existing.pk).exists()  # type: ignore[arg-type]
            where = f"“{existing.name}”" if in_scope else "其他组织管辖的单位"
            form.add_error("credit_code", f"该统一社会信用代码已登记为{where}，请勿重复新增")
            return None
        return services.employer_create(data=services.EmployerData(**data), user=user)  # type: ignore[arg-type]
    except DomainError as exc:
        form.add_domain_error(exc)
        return None


@login_required
@route_action("core.employer.create")
def employer_create(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "core.employer.create")
    form = EmployerForm(request.POST or None, user=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        employer = _save(request, form, None)
        if employer is not None:
            messages.success(request, f"已新增用人单位“{employer.name}”")
            return redirect("core:employer_detail", pk=employer.pk)
    return render(request, "core/employer_form.html", {"title": "新增用人单位", "form": form})


@login_required
@route_action("core.employer.change")
def employer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employer = _employer_in_scope(request, pk)
    authorize(request.user, "core.employer.change", employer)
    initial = {f: getattr(employer, f) for f in EmployerForm.base_fields}
    initial["org"] = employer.org_id
    form = EmployerForm(request.POST or None, user=request.user, editing=True, initial=initial)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, employer)
        if saved is not None:
            messages.success(request, f"已保存“{saved.name}”")
            return redirect("core:employer_detail", pk=saved.pk)
    return render(
        request,
        "core/employer_form.html",
        {
            "title": f"编辑 — {employer.name}",
            "form": form,
            "employer": employer,
        },
    )
