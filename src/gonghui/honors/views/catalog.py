"""The city-wide settings pages (市总): the honor-type catalog and the year's rules."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gonghui.core.permissions import authorize
from gonghui.core.views_list import ListPageView
from gonghui.core.web import act, page, submit, user_of
from gonghui.honors import rules, selectors, services
from gonghui.honors.filters import HonorTypeFilterSet
from gonghui.honors.forms import HonorTypeForm, YearRulesForm
from gonghui.honors.models import HonorType
from gonghui.honors.tables import HonorTypeTable
from gonghui.honors.views.common import _year, _year_url

# ---------------------------------------------------------------- the honor-type catalog


class HonorTypeListView(ListPageView):
    title = "荣誉类型目录"
    filterset_class = HonorTypeFilterSet
    table_class = HonorTypeTable
    template_name = "honors/honor_type_list.html"
    create_url_name = "honors:honor_type_create"
    create_label = "新增荣誉类型"
    view_action = "honors.honor_type.view"
    export_action = "honors.honor_type.export"
    create_action = "honors.honor_type.create"


def _honor_type_page(request: HttpRequest, ht: HonorType | None) -> HttpResponse:
    """The form of a new catalog entry (ht None) or of an existing one; saved, back to the list."""
    user = user_of(request)
    if ht is None:
        form = HonorTypeForm(request.POST or None)
        outcome = submit(
            request,
            form,
            lambda d: services.honor_type_create(user=user, **HonorTypeForm.values(d)),
            ok=lambda saved: f"已新增荣誉类型“{saved.name}”",
        )
    else:
        form = HonorTypeForm(request.POST or None, initial=HonorTypeForm.initial_for(ht))
        outcome = submit(
            request,
            form,
            lambda d: services.honor_type_update(
                user=user, honor_type=ht, **HonorTypeForm.values(d)
            ),
            ok=lambda saved: f"荣誉类型“{saved.name}”已保存",
        )
    if outcome:
        return redirect("honors:honor_type_list")
    title = f"荣誉类型·{ht.name}" if ht is not None else "新增荣誉类型"
    return render(request, "honors/honor_type_form.html", {"title": title, "form": form, "ht": ht})


@page("honors.honor_type.create")
def honor_type_create(request: HttpRequest) -> HttpResponse:
    authorize(user_of(request), "honors.honor_type.create")
    return _honor_type_page(request, None)


def _honor_type(request: HttpRequest, pk: int) -> HonorType:
    authorize(user_of(request), "honors.honor_type.view")
    try:
        return selectors.honor_type_get(pk=pk)
    except HonorType.DoesNotExist:
        raise Http404("找不到该荣誉类型") from None


@page("honors.honor_type.change")
def honor_type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _honor_type_page(request, _honor_type(request, pk))


@page("honors.honor_type.delete", post=True)
def honor_type_delete(request: HttpRequest, pk: int) -> HttpResponse:
    ht = _honor_type(request, pk)
    if act(
        request,
        lambda: services.honor_type_delete(user=user_of(request), honor_type=ht),
        f"已删除荣誉类型“{ht.name}”",
    ):
        return redirect("honors:honor_type_list")
    return redirect("honors:honor_type_edit", ht.pk)


# ---------------------------------------------------------------- the year's rules


@page("honors.rules.change")
def year_rules(request: HttpRequest) -> HttpResponse:
    authorize(user_of(request), "honors.rules.view")
    year = _year(request)
    current = rules.rules_for(year)
    form = YearRulesForm(request.POST or None, instance=current)
    if submit(
        request,
        form,
        lambda d: services.year_rules_save(user=user_of(request), year=year, values=d),
        ok=f"{year}年度规则已保存",
    ):
        return redirect(_year_url("honors:rules", year))
    return render(
        request,
        "honors/rules.html",
        # rules_for gives an unsaved row (the defaults) for a year nobody saved yet.
        {"title": f"{year}年度规则", "form": form, "year": year, "saved": current.pk is not None},
    )
