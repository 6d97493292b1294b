"""Reads of the care subsidies: payout lists and their lines."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.core.models import Organization, Person, User
from gonghui.core.scope import organizations_for, scoped
from gonghui.honors.models import PaymentStatus, SubsidyList, SubsidyPayment
from gonghui.honors.selectors.common import _person_matches, _person_scoped


def subsidy_list_list(*, user: User, year: str = "", status: str = "") -> QuerySet[SubsidyList]:
    """Payout lists made by organizations in the user's subtree, with totals."""
    qs = scoped(SubsidyList.objects.select_related("org", "made_by", "approved_by"), user)
    if year.isdigit():
        qs = qs.filter(year=int(year))
    if status:
        qs = qs.filter(status=status)
    live = ~Q(payments__status=PaymentStatus.CANCELLED)
    return qs.annotate(
        people=Count("payments", filter=live), total=Sum("payments__amount", filter=live)
    ).order_by("-year", "-id")


def subsidy_list_get(*, user: User, pk: int) -> SubsidyList:
    return subsidy_list_list(user=user).get(pk=pk)


def subsidy_payments(
    *, subsidy_list: SubsidyList, q: str = "", include_cancelled: bool = True
) -> QuerySet[SubsidyPayment]:
    qs = subsidy_list.payments.select_related("person__org", "person__model_worker")
    if not include_cancelled:
        qs = qs.exclude(status=PaymentStatus.CANCELLED)
    if q:
        qs = qs.filter(_person_matches(q))
    return qs


def subsidy_payment_list(*, user: User, year: str = "") -> QuerySet[SubsidyPayment]:
    qs = _person_scoped(SubsidyPayment.objects.select_related("subsidy_list", "person"), user)
    if year.isdigit():
        qs = qs.filter(year=int(year))
    return qs


def person_subsidies(*, person: Person) -> QuerySet[SubsidyPayment]:
    """Every subsidy line of a person (in scope), newest year first."""
    return (
        SubsidyPayment.objects.filter(person=person)
        .select_related("subsidy_list__org")
        .order_by("-year", "-pk")
    )


def standard_regions(*, user: User) -> QuerySet[Organization]:
    """The counties (市、区) in the user's subtree, for which a subsidy standard may be set."""
    return organizations_for(user).filter(depth=1)
