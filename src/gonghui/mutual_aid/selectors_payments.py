"""Reads of payments: the waiting claims, the payment batches and the 市总's budget lines."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.core.models import User
from gonghui.core.money import CENT
from gonghui.core.scope import scoped
from gonghui.core.templatetags.gonghui_ui import yuan
from gonghui.mutual_aid.models import (
    AidBudget,
    ClaimPayment,
    PaymentBatch,
)
from gonghui.mutual_aid.rules import ZERO


def payment_batch_list(*, user: User) -> QuerySet[PaymentBatch]:
    """Payment batches made in the user's subtree, with their claim count."""
    return scoped(
        PaymentBatch.objects.select_related("org", "created_by", "paid_by"), user
    ).annotate(claim_count=Count("payments"))


def payment_batch_get(*, user: User, pk: int) -> PaymentBatch:
    """One payment batch in scope, or PaymentBatch.DoesNotExist."""
    return payment_batch_list(user=user).get(pk=pk)


def batch_payments(*, batch: PaymentBatch) -> QuerySet[ClaimPayment]:
    """The payments of a batch (the batch is already in the user's scope)."""
    return batch.payments.select_related("claim__person", "claim__plan").order_by("id")


def pending_payments(*, user: User) -> QuerySet[ClaimPayment]:
    """Approved claims in the user's subtree waiting for a payment batch."""
    return (
        scoped(
            ClaimPayment.objects.select_related("claim__person", "claim__plan"),
            user,
            "claim__org",
        )
        .filter(batch=None, paid_on=None)
        .order_by("id")
    )


def payments_by_ids(*, user: User, ids: list[int]) -> list[ClaimPayment]:
    """The payments of the given ids that lie in the user's subtree (others are left out)."""
    if not ids:
        return []
    return list(
        scoped(
            ClaimPayment.objects.select_related("claim__person", "claim__plan", "batch"),
            user,
            "claim__org",
        )
        .filter(pk__in=ids)
        .order_by("id")
    )


# ---------------------------------------------------------------- budget


@dataclass
class BudgetStatus:
    """A budget line of a year: its amount (None: not set), paid so far, in unpaid batches."""

    year: int | None
    line: str
    amount: Decimal | None
    paid: Decimal
    pending: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.amount is None else self.amount - self.paid

    def after(self, extra: Decimal) -> Decimal | None:
        """What would remain once `extra` more is paid from the line."""
        return None if self.amount is None else self.amount - self.paid - extra

    @property
    def text(self) -> str:
        if not self.line:
            return "未填写预算科目"
        head = f"{self.year}年“{self.line}”" if self.year else f"“{self.line}”"
        if self.amount is None:
            return f"{head}：未设置预算金额（已支付{yuan(self.paid)}）"
        left = self.amount - self.paid
        tail = f"剩余{yuan(left)}" if left >= 0 else f"已超支{yuan(-left)}"
        return f"{head}：预算{yuan(self.amount)}，已支付{yuan(self.paid)}，{tail}"


def budget_lines(*, year: int) -> QuerySet[AidBudget]:
    """The year's budget lines (city-wide settings of the 市总)."""
    return AidBudget.objects.filter(year=year).order_by("id")


def budget_years() -> list[int]:
    """The years that have budget lines."""
    return list(AidBudget.objects.values_list("year", flat=True).distinct().order_by("-year"))


def budget_default_line(*, year: int) -> str:
    """The budget line a new batch starts with: the year's first line, if one is set."""
    first = budget_lines(year=year).first()
    return first.line if first is not None else ""


def budget_statuses(
    keys: set[tuple[int | None, str]],
) -> dict[tuple[int | None, str], BudgetStatus]:
    """BudgetStatus of each (year, line), in two queries whatever the number of keys.

    A budget line is the 市总's, for the whole city: what it has paid counts every batch paid
    from it, whichever county made it (only the sums, never the batches, leave the scope)."""
    years = {y for y, _ in keys if y}
    lines = {line for _, line in keys if line}
    amounts: dict[tuple[int | None, str], Decimal | None] = {
        (b.year, b.line): b.amount for b in AidBudget.objects.filter(year__in=years, line__in=lines)
    }
    paid: dict[tuple[int | None, str], Decimal] = {}
    pending: dict[tuple[int | None, str], Decimal] = {}
    rows = (
        PaymentBatch.objects.filter(budget_year__in=years, budget_line__in=lines)
        .values("budget_year", "budget_line")
        .annotate(
            paid=Sum("total", filter=Q(paid_on__isnull=False)),
            pending=Sum("total", filter=Q(paid_on__isnull=True)),
        )
    )
    for r in rows:
        key = (r["budget_year"], r["budget_line"])
        # SQLite sums decimals as floats: back to cents.
        paid[key] = (r["paid"] or ZERO).quantize(CENT)
        pending[key] = (r["pending"] or ZERO).quantize(CENT)
    return {
        key: BudgetStatus(
            year=key[0],
            line=key[1],
            amount=amounts.get(key),
            paid=paid.get(key, ZERO),
            pending=pending.get(key, ZERO),
        )
        for key in keys
    }


def budget_status(*, year: int | None, line: str) -> BudgetStatus:
    """What remains of one budget line of a year."""
    return budget_statuses({(year, line)})[(year, line)]


def budget_overview(*, user: User, year: int) -> list[BudgetStatus]:
    """Every budget line of a year with what remains of it."""
    lines = [b.line for b in budget_lines(year=year)]
    found = budget_statuses({(year, line) for line in lines})
    return [found[(year, line)] for line in lines]
