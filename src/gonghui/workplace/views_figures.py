"""企业工作统计: the figures of an organization of the user's subtree for a year (?org=, ?year=),
with a per-county breakdown, and the same figures as an Excel workbook."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from gonghui.core import clock
from gonghui.core.errors import ScopeError
from gonghui.core.exporting import XLSX_TYPE
from gonghui.core.filters import FilterForm
from gonghui.core.models import User
from gonghui.core.params import query_id, query_year
from gonghui.core.permissions import authorize
from gonghui.core.web import download, page
from gonghui.workplace.exporters_figures import figures_workbook
from gonghui.workplace.rules import rule_text
from gonghui.workplace.selectors_figures import FigureData, FigureScope, figure_scope, figures

VIEW = "workplace.figures.view"


class FigureFilterForm(FilterForm):
    """组织 (the tree picker of the user's subtree) and 年度 of the figures page."""

    org = forms.ChoiceField(label="统计范围", required=False)
    year = forms.ChoiceField(label="年度", required=False)

    def __init__(self, *args: Any, user: User, year: int, **kwargs: Any):
        super().__init__(*args, user=user, **kwargs)
        this = clock.today().year
        years = sorted({*range(this - 9, this + 2), year}, reverse=True)
        self.fields["year"].choices = [(str(y), f"{y}年") for y in years]  # type: ignore[attr-defined]
        self.fields["org"].widget.blank_label = "本单位"  # type: ignore[attr-defined]


def figure_scope_of(request: HttpRequest, user: User) -> FigureScope:
    """The scope the query asks for: a malformed ?org= or ?year= is a 400 (core.params), an
    organization outside the user's subtree (or none) a 404."""
    year = query_year(request.GET, default=clock.today().year)
    org = query_id(request.GET, "org", label="组织")
    try:
        return figure_scope(user=user, year=year, org=org)
    except ScopeError as exc:
        raise Http404(exc.message) from None


def _query(scope: FigureScope) -> str:
    return urlencode({"org": scope.org.pk, "year": scope.year})


def _context(user: User, data: FigureData) -> dict[str, Any]:
    scope = data.scope
    form = FigureFilterForm(
        {"org": str(scope.org.pk), "year": str(scope.year)}, user=user, year=scope.year
    )
    threshold = data.threshold
    return {
        "title": "企业工作统计",
        "form": form,
        "scope": scope,
        "data": data,
        "sections": data.sections(),
        "columns": scope.columns,
        "threshold": threshold,
        "rule": rule_text("own_union", threshold=threshold) if threshold else "",
        "export_url": reverse("workplace:figures_export") + "?" + _query(scope),
    }


@page()
def figures_page(request: HttpRequest, user: User) -> HttpResponse:
    """The figures of the chosen organization's subtree and year, per county below it."""
    authorize(user, VIEW)
    scope = figure_scope_of(request, user)
    return render(request, "workplace/figures.html", _context(user, figures(scope=scope)))


@page()
def figures_export(request: HttpRequest, user: User) -> HttpResponse:
    """The same figures as an .xlsx workbook (one row per figure, one column per county)."""
    authorize(user, VIEW)
    scope = figure_scope_of(request, user)
    content = figures_workbook(user=user, data=figures(scope=scope))
    return download(
        content,
        filename=f"企业工作统计_{scope.org.name}_{scope.year}年.xlsx",
        fallback=f"workplace_figures_{scope.org.pk}_{scope.year}.xlsx",
        content_type=XLSX_TYPE,
    )
