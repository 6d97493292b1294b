"""审计日志: who did what, when, to whom — for 审计员 and 市总管理员 only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from gonghui.core.filters import AuditFilterSet
from gonghui.core.scope import can_audit
from gonghui.core.tables import AuditLogTable
from gonghui.core.views_list import ListPageView


class AuditLogListView(ListPageView):
    title = "审计日志"
    filterset_class = AuditFilterSet
    table_class = AuditLogTable
    per_page = 50

    def check(self, request: HttpRequest) -> None:
        if not can_audit(request.user):
            raise PermissionDenied("只有审计员和市总管理员可以查看审计日志")
