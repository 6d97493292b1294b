"""Pages of 党工共建示范点: the list by year (status, subsidy, budget line, totals and the
budget lines' use; export), 命名, and a site's page with 审批, 登记发放 and 撤销."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core import clock
from gonghui.core.models import User
from gonghui.core.permissions import authorize, can
from gonghui.core.views_list import ListPageView
from gonghui.core.web import act, act_on_form, page, submit
from gonghui.workplace import selectors_organizing as selectors
from gonghui.workplace import services_sites as services
from gonghui.workplace.filters_organizing import SiteFilterSet
from gonghui.workplace.forms_organizing import ReasonForm, SiteForm, SitePayForm
from gonghui.workplace.models import DemoSite
from gonghui.workplace.selectors_settings import setting_for
from gonghui.workplace.tables_organizing import SiteTable


class SiteListView(ListPageView):
    title = "党工共建示范点"
    filterset_class = SiteFilterSet
    table_class = SiteTable
    template_name = "workplace/site_list.html"
    view_action = "workplace.site.view"
    export_action = "workplace.site.export"
    create_url_name = "workplace:site_new"
    create_action = "workplace.site.designate"
    create_label = "命名示范点"

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        fs = self.filterset(request)
        year = fs.values.get("year")
        return {
            "totals": selectors.site_totals(fs.queryset),
            "budgets": selectors.budgets_for(user=fs.user, year=year),
            "year": year,
        }


@page("workplace.site.designate")
def site_new(request: HttpRequest, user: User) -> HttpResponse:
    """命名示范点: the subsidy is the year's standard (a setting), charged to a budget line."""
    authorize(user, "workplace.site.designate")
    form = SiteForm(request.POST or None, user=user)

    def designate(d: dict[str, Any]) -> DemoSite:
        employer = selectors.employer_by_code(user=user, code=d.pop("credit_code"))
        return services.site_designate(user=user, employer=employer, **d)

    done = submit(
        request,
        form,
        designate,
        lambda s: f"已命名{s.employer.name}为{s.year}年党工共建示范点，补助待审批",
    )
    if done:
        return redirect("workplace:site_detail", done.value.pk)
    return render(
        request,
        "workplace/site_form.html",
        {
            "title": "命名党工共建示范点",
            "form": form,
            "standard": _standard(user, form),
            "back": reverse("workplace:site_list"),
        },
    )


def _standard(user: User, form: SiteForm) -> Decimal | None:
    """The subsidy standard of the user's organization for the form's year (shown beside it)."""
    if user.organization is None:
        return None
    raw = str(form["year"].value() or "")
    year = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else clock.today().year
    return setting_for(user.organization, year).site_subsidy


def _site(user: User, pk: int) -> DemoSite:
    try:
        site = selectors.site_get(user=user, pk=pk)
    except DemoSite.DoesNotExist:
        raise Http404("找不到该示范点，或不在您的管辖范围内") from None
    authorize(user, "workplace.site.view", site)
    return site


@page()
def site_detail(request: HttpRequest, user: User, demosite_id: int) -> HttpResponse:
    site = _site(user, demosite_id)
    budget = site.budget
    used = selectors.budget_used(budget)
    return render(
        request,
        "workplace/site_detail.html",
        {
            "title": f"{site.year}年示范点·{site.employer.name}",
            "site": site,
            "budget": budget,
            "used": used,
            "remaining": budget.amount - used,
            "may_approve": can(user, "workplace.site.approve", site),
            "may_pay": can(user, "workplace.site.pay", site),
            "may_revoke": can(user, "workplace.site.designate", site),
            "is_designator": site.created_by_id == user.pk,
            "pay_form": SitePayForm(),
            "reason_form": ReasonForm(),
        },
    )


# The buttons of a site's page: sites/<id>/<action>/, one table action each.
SITE_ACTIONS = {
    "approve": "workplace.site.approve",
    "pay": "workplace.site.pay",
    "revoke": "workplace.site.designate",
}


@page(lambda action, **kw: SITE_ACTIONS[action], post=True)
def site_action(request: HttpRequest, user: User, demosite_id: int, action: str) -> HttpResponse:
    site = _site(user, demosite_id)
    if action == "approve":
        act(request, lambda: services.site_approve(user=user, site=site), "补助已审批")
    elif action == "pay":
        act_on_form(
            request,
            SitePayForm(request.POST),
            lambda d: services.site_pay(user=user, site=site, **d),
            "已登记补助发放",
            invalid="请填写发放日期和凭证号",
        )
    else:
        act_on_form(
            request,
            ReasonForm(request.POST),
            lambda d: services.site_revoke(user=user, site=site, reason=d["reason"]),
            "已撤销示范点，补助退回预算科目",
            invalid="请填写撤销原因",
        )
    return redirect("workplace:site_detail", site.pk)
