"""The list page every module uses: search + filters, table, pagination and Excel export."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.views import View

from gonghui.core.exporting import export_queryset
from gonghui.core.filters import FilterSet
from gonghui.core.permissions import authorize, can
from gonghui.core.scope import can_see_full_pii
from gonghui.core.tables import Table

PER_PAGE = 20


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows: an exact count of a million-row match costs seconds."""

    COUNT_CAP = 10_000

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if hasattr(qs, "order_by"):
            return int(qs.order_by()[: self.COUNT_CAP + 1].count())
        return len(qs)

    @property
    def capped(self) -> bool:
        return self.count > self.COUNT_CAP


class ListPageView(LoginRequiredMixin, View):
    """GET renders the filtered, paginated list; POST exports the same filtered rows.

    Subclass with `title`, `filterset_class`, `table_class`; `view_action` (the table's action
    for seeing the page: others get 403); optionally `export_action` (also needed for the POST
    export), `create_url_name` with `create_action` (a button shown to roles the table allows)
    and `template_name` to add blocks.
    """

    # The POST only exports the rows the user sees: it changes nothing (the permission walk's
    # marker for a read-only POST).
    route_action: ClassVar[None] = None

    title: ClassVar[str] = ""
    filterset_class: ClassVar[type[FilterSet]]
    table_class: ClassVar[type[Table]]
    template_name: ClassVar[str] = "list_page.html"
    create_url_name: ClassVar[str | None] = None
    create_action: ClassVar[str | None] = None
    create_label: ClassVar[str] = "新增"
    per_page: ClassVar[int] = PER_PAGE
    view_action: ClassVar[str]
    export_action: ClassVar[str | None] = None

    def check(self, request: HttpRequest) -> None:
        authorize(request.user, self.view_action)
        if request.method == "POST" and self.export_action is not None:
            authorize(request.user, self.export_action)

    def may_create(self, request: HttpRequest) -> bool:
        return self.create_action is not None and can(request.user, self.create_action)

    def filterset(self, request: HttpRequest) -> FilterSet:
        return self.filterset_class(request.GET, user=request.user)  # type: ignore[arg-type]

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest) -> HttpResponse:
        self.check(request)
        fs = self.filterset(request)
        table = self.table_class()
        page = CappedPaginator(fs.queryset, self.per_page).get_page(request.GET.get("page"))
        create_url = None
        if self.create_url_name and self.may_create(request):
            try:
                create_url = reverse(self.create_url_name)
            except NoReverseMatch:
                create_url = None
        context = {
            "title": self.title,
            "filterset": fs,
            "form": fs.form,
            "table": table,
            "rows": table.rows(page.object_list),
            "page": page,
            "can_export_full": table.has_pii and can_see_full_pii(request.user),
            "create_url": create_url,
            "create_label": self.create_label,
            **self.extra_context(request),
        }
        template = self.template_name
        if request.htmx and request.htmx.target == "list-results":  # type: ignore[attr-defined]
            template = "includes/list_results.html"
        return render(request, template, context)

    def post(self, request: HttpRequest) -> HttpResponseBase:
        """Export: the filters come from the query string, the 完整信息 choice from the form."""
        self.check(request)
        fs = self.filterset(request)
        return export_queryset(
            user=request.user,
            table=self.table_class(),
            queryset=fs.queryset,
            title=self.title,
            want_full=request.POST.get("full") == "1",
            filters=fs.describe(),
        )
