"""The list page every module uses: search + filters, a sortable table with its 操作 column,
numbered pagination with a page-size choice, batch actions, Excel export and import."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import render, resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from gonghui.core import importing
from gonghui.core.exporting import export_queryset
from gonghui.core.filters import FilterSet
from gonghui.core.params import MAX_ID, BadParameter
from gonghui.core.permissions import authorize, can
from gonghui.core.scope import can_see_full_pii
from gonghui.core.tables import Table

PER_PAGE = 20
PAGE_SIZES = (20, 50, 100)
# The ids one batch action may carry (a page shows at most max(PAGE_SIZES) rows).
MAX_BATCH = 1000


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


@dataclass(frozen=True)
class BatchAction:
    """A button above the table that POSTs the checked rows' ids (`ids`) to `url_name`.

    The receiving view reads them with `selected_ids(request)` and checks each record in its
    service (all or none: a refusal names the records and changes nothing), and goes back to
    the list with `batch_return(request, …)`; the button is shown to users the table allows
    `action`, after its `confirm` question when it has one.
    """

    label: str
    url_name: str
    action: str
    confirm: str = ""
    danger: bool = False


def selected_ids(request: HttpRequest) -> list[int]:
    """The ids a batch action posted, in order, without repeats; 400 on anything else."""
    ids: list[int] = []
    for raw in request.POST.getlist("ids"):
        text = raw.strip()
        if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_ID:
            raise BadParameter("参数“ids”（所选记录）应为记录编号")
        if int(text) not in ids:
            ids.append(int(text))
    if len(ids) > MAX_BATCH:
        raise BadParameter(f"一次最多处理{MAX_BATCH}条记录")
    return ids


def batch_return(request: HttpRequest, fallback: str) -> str:
    """Where a batch action goes back to: the list page (with its filters and page) whose batch
    form posted `next`, when that is a path of this site; else `fallback` (URL name or path)."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return resolve_url(fallback)


@dataclass(frozen=True)
class Header:
    """A column head: its text and, when the column sorts, the link and the current direction."""

    label: str
    css: str
    sort_url: str = ""
    direction: str = ""  # "asc" | "desc" | "" (not the current order)


def _query(params: QueryDict, **changes: Any) -> str:
    """The current query string with `changes` applied (None removes a key)."""
    query = params.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    return "?" + query.urlencode() if query else "?"


def page_size(params: QueryDict, default: int) -> int:
    """`per_page` when it is one of PAGE_SIZES, else the page's default."""
    raw = params.get("per_page", "")
    return int(raw) if raw in {str(n) for n in PAGE_SIZES} else default


def sort_order(params: QueryDict, table: Table) -> tuple[str, str]:
    """(field, "asc"|"desc") from `sort` when the table whitelists the field, else ("", "")."""
    raw = params.get("sort", "")
    name = raw[1:] if raw.startswith("-") else raw
    if not name or name not in table.sort_fields:
        return "", ""
    return name, "desc" if raw.startswith("-") else "asc"


def headers(params: QueryDict, table: Table, current: tuple[str, str]) -> list[Header]:
    """Column heads; a sortable one links to its ascending order, or the reverse when current."""
    result = []
    for column in table.page_columns:
        css = column.page_css
        key = column.sort_field
        if not key:
            result.append(Header(column.header, css))
            continue
        direction = current[1] if current[0] == key else ""
        target = f"-{key}" if direction == "asc" else key
        result.append(Header(column.header, css, _query(params, sort=target, page=None), direction))
    return result


def page_links(page: Page[Any]) -> list[int | str]:
    """1 2 … 7 [8] 9 … 130 131: the numbers to show, with Paginator.ELLIPSIS between gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=2))


def kept_params(params: QueryDict, *drop: str) -> list[tuple[str, str]]:
    """The query's non-empty values except `drop`: hidden fields of the pager's small forms."""
    return [(k, v) for k, values in params.lists() if k not in drop for v in values if v != ""]


def importers_for(user: Any, model_label: str) -> list[Any]:
    """The registered importers of this model that the user may run (导入 beside 导出)."""
    if not model_label or not can(user, "core.import.run"):
        return []
    return [
        i
        for i in importing.importers().values()
        if i.model_label == model_label and can(user, i.permission)
    ]


class ListPageView(LoginRequiredMixin, View):
    """GET renders the filtered, sorted, paginated list; POST exports the same filtered rows.

    Subclass with `title`, `filterset_class`, `table_class`; `view_action` (the table's action
    for seeing the page: others get 403); optionally `export_action` (also needed for the POST
    export), `create_url_name` with `create_action` (a button shown to roles the table allows),
    `batch_actions` (checkboxes and buttons posting the checked ids) and `template_name` to
    add blocks. The 导入 button appears by itself when an importer of the table's model is
    registered and the user may run it.
    """

    # The POST only exports the rows the user sees: it changes nothing (the permission walk's
    # marker for a read-only POST).
    route_action: ClassVar[None] = None

    title: ClassVar[str] = ""
    filterset_class: ClassVar[type[FilterSet]]
    table_class: ClassVar[type[Table]]
    template_name: ClassVar[str] = "list_page.html"
    results_template: ClassVar[str] = "includes/list_results.html"
    create_url_name: ClassVar[str | None] = None
    create_action: ClassVar[str | None] = None
    create_label: ClassVar[str] = "新增"
    per_page: ClassVar[int] = PER_PAGE
    view_action: ClassVar[str]
    export_action: ClassVar[str | None] = None
    batch_actions: ClassVar[list[BatchAction]] = []

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

    def sorted(self, queryset: QuerySet[Any], order: tuple[str, str]) -> QuerySet[Any]:
        """The filter's rows in the chosen column's order (then by id, so pages do not overlap)."""
        if not order[0]:
            return queryset
        return queryset.order_by(("-" if order[1] == "desc" else "") + order[0], "pk")

    def allowed_batch_actions(self, request: HttpRequest) -> list[tuple[BatchAction, str]]:
        return [(b, reverse(b.url_name)) for b in self.batch_actions if can(request.user, b.action)]

    def create_url(self, request: HttpRequest) -> str | None:
        if not (self.create_url_name and self.may_create(request)):
            return None
        try:
            return reverse(self.create_url_name)
        except NoReverseMatch:
            return None

    def get(self, request: HttpRequest) -> HttpResponse:
        self.check(request)
        fs = self.filterset(request)
        table = self.table_class()
        params = request.GET
        order = sort_order(params, table)
        size = page_size(params, self.per_page)
        paginator = CappedPaginator(self.sorted(fs.queryset, order), size)
        page = paginator.get_page(params.get("page"))
        context = {
            "title": self.title,
            "filterset": fs,
            "form": fs.form,
            "table": table,
            "headers": headers(params, table, order),
            "rows": table.rows(page.object_list, request.user),
            "has_actions": bool(table.actions),
            "page": page,
            "page_links": page_links(page),
            "page_sizes": PAGE_SIZES,
            "per_page": size,
            "sort": params.get("sort", "") if order[0] else "",
            "jump_params": kept_params(params, "page"),
            "size_params": kept_params(params, "page", "per_page"),
            "can_export_full": table.has_pii and can_see_full_pii(request.user),
            "importers": importers_for(request.user, table.model_label),
            "batch_actions": self.allowed_batch_actions(request),
            "create_url": self.create_url(request),
            "create_label": self.create_label,
            "results_template": self.results_template,
            **self.extra_context(request),
        }
        template = self.template_name
        if request.htmx and request.htmx.target == "list-results":  # type: ignore[attr-defined]
            template = context["results_template"]
        return render(request, template, context)

    def post(self, request: HttpRequest) -> HttpResponseBase:
        """Export: the filters come from the query string, the 完整信息 choice from the form."""
        self.check(request)
        fs = self.filterset(request)
        table = self.table_class()
        return export_queryset(
            user=request.user,
            table=table,
            queryset=self.sorted(fs.queryset, sort_order(request.GET, table)),
            title=self.title,
            want_full=request.POST.get("full") == "1",
            filters=fs.describe(),
        )
