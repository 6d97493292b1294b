"""审计日志: who did what, when, to whom — for 审计员 and 市总管理员 only."""

from __future__ import annotations

from gonghui.core.filters import AuditFilterSet
from gonghui.core.tables import AuditLogTable
from gonghui.core.views_list import ListPageView


class AuditLogListView(ListPageView):
    title = "审计日志"
    view_action = "core.audit.view"
    filterset_class = AuditFilterSet
    table_class = AuditLogTable
    per_page = 50
