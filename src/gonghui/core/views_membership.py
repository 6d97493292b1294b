"""会员关系: every membership in scope, current and past (transfers are on the person page)."""

from __future__ import annotations

from gonghui.core.filters import MembershipFilterSet
from gonghui.core.tables import MembershipTable
from gonghui.core.views_list import ListPageView


class MembershipListView(ListPageView):
    title = "会员关系"
    view_action = "core.membership.view"
    filterset_class = MembershipFilterSet
    table_class = MembershipTable
