"""Reads of 劳模诉求."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gonghui.core.models import User
from gonghui.honors.models import Demand, DemandStatus, DemandStep
from gonghui.honors.selectors.common import _person_matches, _person_scoped, _today


def demand_list(
    *,
    user: User,
    q: str = "",
    status: str = "",
    category: str = "",
    overdue: str = "",
    department: str = "",
) -> QuerySet[Demand]:
    """Demands in scope; 职工本人 sees their own."""
    qs = _person_scoped(Demand.objects.select_related("person__org", "officer"), user)
    if q:
        qs = qs.filter(_person_matches(q) | Q(title__icontains=q))
    if status == "open":
        qs = qs.exclude(status=DemandStatus.CLOSED)
    elif status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if department:
        qs = qs.filter(department=department)
    if overdue == "1":
        qs = qs.exclude(status=DemandStatus.CLOSED).filter(due_date__lt=_today())
    return qs


def demand_get(*, user: User, pk: int) -> Demand:
    return demand_list(user=user).get(pk=pk)


def demand_steps(*, demand: Demand) -> QuerySet[DemandStep]:
    """The dated steps of a demand, oldest first."""
    return demand.steps.select_related("by")
