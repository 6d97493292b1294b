"""困难职工帮扶 on the 工作台: applications waiting at each step for the role that takes it, the
年度复核 past their due date, receipts missing on approved lists; the year's figures. 职工本人
follow their own case.

Each staff to-do links to the list filtered the same way (档案 by status, 年度复核 逾期未复核), which
lists exactly what it counts.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

from gonghui.core.dashboard import Figure, Todo
from gonghui.core.models import Role, User
from gonghui.core.permissions import can
from gonghui.relief import selectors_cases
from gonghui.relief.models import CaseStatus
from gonghui.relief.selectors_figures import FIGURES, FigureScope

# (status, to-do label, the action that moves a case on from it)
STEPS = (
    (CaseStatus.APPLIED, "困难建档待基层审核", "relief.case.review"),
    (CaseStatus.REVIEWED, "困难建档待县区审批", "relief.case.approve"),
)


def _url(name: str, **query: str) -> str:
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


def _mine(user: User) -> list[Todo]:
    if not can(user, "relief.mine.view"):
        return []
    waiting = selectors_cases.my_cases(user=user).filter(
        status__in=(CaseStatus.APPLIED, CaseStatus.REVIEWED)
    )
    return [Todo("我的困难建档申请办理中", waiting.count(), _url("relief:mine"), "info")]


def todos(user: User) -> list[Todo]:
    if user.role == Role.MEMBER:
        return _mine(user)
    out = []
    if can(user, "relief.case.recheck"):
        overdue = selectors_cases.recheck_list(user=user, state="overdue").count()
        out.append(
            Todo("年度复核逾期", overdue, _url("relief:recheck_list", state="overdue"), "danger")
        )
    for status, label, action in STEPS:
        if can(user, action):
            count = selectors_cases.case_list(user=user, status=status).count()
            out.append(Todo(label, count, _url("relief:case_list", status=status)))
    return out


def figures(user: User, year: int) -> list[Figure]:
    if not can(user, "relief.case.view") or user.organization is None:
        return []
    filed = selectors_cases.case_list(user=user, status=CaseStatus.FILED).count()
    out = [Figure("在档困难职工", filed, "户", _url("relief:case_list", status=CaseStatus.FILED))]
    if can(user, "relief.figures.view"):
        scope = FigureScope(org=user.organization, year=year)
        url = _url("relief:figures", year=str(year))
        for key in ("households", "distributed", "students"):
            figure = FIGURES[key]
            out.append(Figure(f"{year}年{figure.label}", figure.value(scope), figure.unit, url))
    return out
