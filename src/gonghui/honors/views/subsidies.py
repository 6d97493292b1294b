"""Care subsidy pages: payout lists and their buttons, the bank sheet, the subsidy standards."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from gonghui.core import clock
from gonghui.core.exporting import XLSX_TYPE
from gonghui.core.models import User
from gonghui.core.permissions import authorize
from gonghui.core.views_list import ListPageView
from gonghui.core.web import act, act_on_form, download_or_back, page, user_of
from gonghui.honors import exporters, rules, selectors, services
from gonghui.honors.filters import SubsidyFilterSet
from gonghui.honors.forms import StandardForm, SubsidyBudgetForm, SubsidyPaidForm
from gonghui.honors.models import SubsidyList, SubsidyListStatus
from gonghui.honors.tables import SubsidyListTable
from gonghui.honors.views.common import _year, _year_url


class SubsidyListView(ListPageView):
    title = "劳模补助发放"
    filterset_class = SubsidyFilterSet
    table_class = SubsidyListTable
    template_name = "honors/subsidy_list.html"
    view_action = "honors.subsidy.view"
    export_action = "honors.subsidy.export"

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        return {"year": clock.today().year, "budget_line": rules.DEFAULT_BUDGET_LINE}


def _subsidy(request: HttpRequest, pk: int) -> SubsidyList:
    user = user_of(request)
    authorize(user, "honors.subsidy.view")
    try:
        return selectors.subsidy_list_get(user=user, pk=pk)
    except SubsidyList.DoesNotExist:
        raise Http404("找不到该名单，或不在您的管辖范围内") from None


@page("honors.subsidy.compute", post=True)
def subsidy_compute(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    outcome = act_on_form(
        request,
        SubsidyBudgetForm(request.POST),
        lambda d: services.subsidy_list_compute(user=user_of(request), year=year, **d),
        f"已生成{year}年补助名单，请由另一位工作人员审核",
    )
    if not outcome:
        return redirect("honors:subsidy_list")
    return redirect("honors:subsidy_detail", outcome.value.pk)


@login_required
@require_safe
def subsidy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sl = _subsidy(request, pk)
    user = user_of(request)
    lines = selectors.subsidy_payments(subsidy_list=sl, q=request.GET.get("q", ""))
    page = Paginator(lines, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "honors/subsidy_detail.html",
        {
            "title": str(sl),
            "sl": sl,
            "page": page,
            "q": request.GET.get("q", ""),
            "is_maker": sl.made_by_id == user.pk,
            "paid_form": SubsidyPaidForm(),
            "budget_form": SubsidyBudgetForm(
                initial={"budget_line": sl.budget_line, "budget_amount": sl.budget_amount or ""}
            ),
        },
    )


# The buttons of a payout list: route name suffix → (action, service, success message, the form
# of the values the service takes besides the list, if any).
SUBSIDY_ACTIONS: dict[str, tuple[str, Callable[..., Any], str, Any]] = {
    "approve": ("honors.subsidy.approve", services.subsidy_list_approve, "名单已审核通过", None),
    "paid": (
        "honors.subsidy.mark_paid",
        services.subsidy_list_mark_paid,
        "已登记发放，名单已锁定",
        SubsidyPaidForm,
    ),
    "budget": (
        "honors.subsidy.budget",
        services.subsidy_list_set_budget,
        "预算科目已保存",
        SubsidyBudgetForm,
    ),
    "delete": ("honors.subsidy.delete", services.subsidy_list_delete, "名单已删除", None),
}


@page(lambda action, **kw: SUBSIDY_ACTIONS[action][0], post=True)
def subsidy_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    sl = _subsidy(request, pk)
    user = user_of(request)
    _, service, ok, form_class = SUBSIDY_ACTIONS[action]
    if form_class is None:
        done = act(request, lambda: service(user=user, subsidy_list=sl), ok)
    else:
        done = act_on_form(
            request,
            form_class(request.POST),
            lambda d: service(user=user, subsidy_list=sl, **d),
            ok,
        )
    if done and action == "delete":
        return redirect("honors:subsidy_list")
    return redirect("honors:subsidy_detail", sl.pk)


@login_required
@require_safe
def subsidy_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    sl = _subsidy(request, pk)
    return download_or_back(
        request,
        lambda: exporters.payment_sheet_xlsx(user=user_of(request), subsidy_list=sl),
        back=redirect("honors:subsidy_detail", sl.pk),
        filename=f"{sl.year}年劳模补助银行代发表_{sl.org.name}.xlsx",
        fallback=f"subsidy_{sl.year}_{sl.pk}.xlsx",
        content_type=XLSX_TYPE,
    )


@page("honors.subsidy_standard.change")
def standards(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "honors.subsidy_standard.view")
    year = _year(request)
    if request.method == "POST":
        act_on_form(
            request,
            StandardForm(request.POST, user=user),
            lambda d: services.subsidy_standard_set(user=user, year=year, **d),
            f"{year}年补助标准已保存",
            invalid="请选择适用地区和劳模级别",
        )
        return redirect(_year_url("honors:standards", year))
    regions = [None, *selectors.standard_regions(user=user)]
    table = [(r, rules.standards_table(year=year, region=r)) for r in regions]
    approved = selectors.subsidy_list_list(user=user, year=str(year)).exclude(
        status=SubsidyListStatus.DRAFT
    )
    return render(
        request,
        "honors/standards.html",
        {
            "title": f"{year}年劳模补助标准",
            "year": year,
            "table": table,
            "levels": [label for _, label, _ in table[0][1]],
            "form": StandardForm(user=user),
            "approved": list(approved.values_list("org__name", flat=True)[:5]),
        },
    )
