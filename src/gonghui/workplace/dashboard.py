"""企业工作 on the 工作台: what waits for the user's hand in their subtree — source records to check
(待核对企业), needs to assign (the city's 总队) or to accept (officers), 示范点 subsidies to approve
(by someone other than who designated them), letters and hazards past their deadline — each shown
only to a role the permission table lets act on it; and the year's key figures.

Each to-do links to the list of those records, filtered as the count is. The lists belong to
other parts of the domain: a link whose page is not (yet) mounted is left empty rather than
breaking the 工作台.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from gonghui.core import clock
from gonghui.core.dashboard import Figure, Todo
from gonghui.core.models import User
from gonghui.core.permissions import can
from gonghui.workplace import selectors_figures as selectors
from gonghui.workplace.models import NeedStatus
from gonghui.workplace.selectors_figures import FIGURES, FigureScope

# The year's key figures on the 工作台, in this order.
KEY_FIGURES = ("needs_action", "founded", "joined", "needs_solved", "recovered", "hazards_fixed")


def link(name: str, **query: str) -> str:
    """The URL of a list (with its filter), or "" while that page does not exist."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(query)}" if query else url


def todos(user: User) -> list[Todo]:
    out: list[Todo] = []
    if can(user, "workplace.employer.review"):
        count = selectors.pending_reviews(user=user).count()
        out.append(Todo("待核对企业", count, link("workplace:review_list", status="pending")))
    if can(user, "workplace.need.assign"):
        count = selectors.needs_in(user=user, status=NeedStatus.FILED).count()
        out.append(
            Todo("待派单企业点单", count, link("workplace:need_list", status=NeedStatus.FILED))
        )
    if can(user, "workplace.need.handle"):
        count = selectors.needs_in(user=user, status=NeedStatus.ASSIGNED).count()
        out.append(
            Todo("已派单待接单", count, link("workplace:need_list", status=NeedStatus.ASSIGNED))
        )
    if can(user, "workplace.site.approve"):
        count = selectors.sites_to_approve(user=user).count()
        out.append(
            Todo("待审批示范点补助", count, link("workplace:site_list", status="designated"))
        )
    today = clock.today()
    if can(user, "workplace.letter.track"):
        count = selectors.overdue_letters(user=user, today=today).count()
        url = link("workplace:letter_list", overdue="1")
        out.append(Todo("逾期未整改文书", count, url, "danger"))
    if can(user, "workplace.hazard.close"):
        count = selectors.overdue_hazards(user=user, today=today).count()
        url = link("workplace:inspection_list", hazards="overdue")
        out.append(Todo("逾期隐患", count, url, "danger"))
    return out


def figures(user: User, year: int) -> list[Figure]:
    if not can(user, "workplace.figures.view") or user.organization is None:
        return []
    scope = FigureScope(org=user.organization, year=year)
    data = selectors.figures(scope=scope, only=KEY_FIGURES)
    url = link("workplace:figures", year=str(year))
    out = []
    for key in KEY_FIGURES:
        figure = FIGURES[key]
        label = figure.label if key == "needs_action" else f"{year}年{figure.label}"
        value = data.value(key)
        out.append(Figure(label, 0 if value is None else value, figure.unit, url))
    return out
