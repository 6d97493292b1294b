"""劳模服务 on the 工作台: visits, subsidy lists and demands waiting for the user; the year's figures.

Each to-do counts exactly what its link lists (the list pages read the same selectors with the
same filter), and shows only to a role the permission table lets act on it.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse
from django.utils.http import urlencode

from gonghui.core.dashboard import Figure, Todo
from gonghui.core.models import Role, User
from gonghui.core.permissions import can
from gonghui.honors import selectors
from gonghui.honors.models import DemandStatus, PaymentStatus, SubsidyListStatus, VisitStatus


def _url(name: str, **query: str) -> str:
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


def todos(user: User) -> list[Todo]:
    if user.role == Role.MEMBER:
        if not can(user, "honors.my.view"):
            return []
        open_demands = selectors.demand_list(user=user, status="open").count()
        return [Todo("我的诉求办理中", open_demands, _url("honors:my"), "info")]
    out = []
    if can(user, "honors.visit.record"):
        overdue = selectors.visit_task_list(user=user, overdue="1").count()
        out.append(Todo("逾期未走访", overdue, _url("honors:visit_list", overdue="1"), "danger"))
        waiting = selectors.visit_task_list(user=user, status=VisitStatus.OPEN).count()
        out.append(Todo("待走访", waiting, _url("honors:visit_list", status=VisitStatus.OPEN)))
    if can(user, "honors.subsidy.approve"):
        drafts = selectors.subsidy_list_list(user=user, status=SubsidyListStatus.DRAFT).count()
        url = _url("honors:subsidy_list", status=SubsidyListStatus.DRAFT)
        out.append(Todo("待审核补助名单", drafts, url))
    if can(user, "honors.demand.answer"):
        overdue = selectors.demand_list(user=user, overdue="1").count()
        out.append(Todo("逾期诉求", overdue, _url("honors:demand_list", overdue="1"), "danger"))
    if can(user, "honors.demand.sort"):
        filed = selectors.demand_list(user=user, status=DemandStatus.FILED).count()
        url = _url("honors:demand_list", status=DemandStatus.FILED)
        out.append(Todo("待受理诉求", filed, url))
    return out


def figures(user: User, year: int) -> list[Figure]:
    if not can(user, "honors.registry.view"):
        return []
    done = selectors.visit_task_list(user=user, year=str(year), status=VisitStatus.DONE)
    money = done.aggregate(m=Sum("money"))["m"] or Decimal(0)
    out = [
        Figure(
            "在册劳模", selectors.registry_list(user=user).count(), "人", _url("honors:registry")
        ),
        Figure(
            f"{year}年走访慰问",
            done.count(),
            "人次",
            _url("honors:visit_list", year=str(year), status=VisitStatus.DONE),
        ),
        Figure("慰问金", money, "元", _url("honors:visit_figures", year=str(year))),
    ]
    if can(user, "honors.subsidy.view"):
        paid = selectors.subsidy_payment_list(user=user, year=str(year)).filter(
            status=PaymentStatus.PAID
        )
        amount = paid.aggregate(m=Sum("amount"))["m"] or Decimal(0)
        out.append(
            Figure("劳模补助已发放", amount, "元", _url("honors:subsidy_list", year=str(year)))
        )
    filed = selectors.demand_list(user=user).filter(filed_on__year=year).count()
    out.append(Figure(f"{year}年劳模诉求", filed, "件", _url("honors:demand_list")))
    return out
