"""The bank sheet of a payment batch (.xlsx): payee, bank, account, amount; below the rows the
total, the budget line (预算科目) and what remains of it.

The bank needs the account and ID number in full: only officers take that sheet
(`mutual_aid.payment.export_full`), and every such export is logged as an unmasked export
(core.pii) besides the EXPORT audit entry. Other roles allowed to see payments (the auditor)
get the same sheet with both numbers masked.
"""

from __future__ import annotations

from typing import Any

import xlsxwriter

from gonghui.core import audit
from gonghui.core.exporting import excel_text
from gonghui.core.models import AuditAction
from gonghui.core.permissions import requires
from gonghui.core.pii import log_unmasked_export
from gonghui.core.templatetags.gonghui_ui import yuan
from gonghui.mutual_aid.models import PaymentBatch
from gonghui.mutual_aid.selectors import budget_status

HEADERS = ["序号", "申领编号", "收款人", "身份证号码", "开户行", "银行账号", "金额（元）", "用途"]


@requires("mutual_aid.payment.export_full", on="batch")
def bank_sheet(fileobj: Any, *, batch: PaymentBatch, user: Any) -> int:
    """Write the batch's bank sheet with full ID and account numbers; returns the payment count."""
    n = _write(fileobj, batch=batch, full=True)
    note = f"导出支付批次{batch.number}银行清单 {n} 笔"
    _log_export(batch, user, note)
    log_unmasked_export(user=user, model="mutual_aid.paymentbatch", count=n, note=note)
    return n


@requires("mutual_aid.payment.export", on="batch")
def bank_sheet_masked(fileobj: Any, *, batch: PaymentBatch, user: Any) -> int:
    """The same sheet with ID and account numbers masked (for checking, not for the bank)."""
    n = _write(fileobj, batch=batch, full=False)
    _log_export(batch, user, f"导出支付批次{batch.number}银行清单（脱敏）{n} 笔")
    return n


def _log_export(batch: PaymentBatch, user: Any, note: str) -> None:
    audit.record(
        action=AuditAction.EXPORT,
        user=user,
        model="mutual_aid.paymentbatch",
        org=batch.org,
        note=note,
    )


def _write(fileobj: Any, *, batch: PaymentBatch, full: bool) -> int:
    wb = xlsxwriter.Workbook(fileobj, {"strings_to_numbers": False, "strings_to_formulas": False})
    ws = wb.add_worksheet("支付清单" if full else "支付清单（脱敏）")
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    money = wb.add_format({"num_format": "#,##0.00"})
    for col, (title, width) in enumerate(
        zip(HEADERS, [6, 16, 10, 22, 24, 24, 12, 24], strict=True)
    ):
        ws.set_column(col, col, width)
        ws.write_string(0, col, title, head)
    rows = batch.payments.select_related("claim__person", "claim__plan").order_by("id")
    n = 0
    for n, p in enumerate(rows, 1):
        c = p.claim
        ws.write_number(n, 0, n)
        ws.write_string(n, 1, excel_text(c.number))
        ws.write_string(n, 2, excel_text(c.person.name))
        ws.write_string(n, 3, excel_text(c.person.id_number if full else c.person.id_masked))
        ws.write_string(n, 4, excel_text(c.payee_bank))
        ws.write_string(n, 5, excel_text(c.account if full else c.account_masked))
        ws.write_number(n, 6, float(p.amount), money)  # the cell only; sums below are exact
        ws.write_string(n, 7, excel_text(f"{c.plan.name}互助金"))
    ws.write_string(n + 2, 0, f"合计：{n}笔，{yuan(batch.total)}（批次{batch.number}）")
    budget = budget_status(year=batch.budget_year, line=batch.budget_line)
    ws.write_string(n + 3, 0, f"预算科目：{budget.text}")
    if batch.paid_on is None and (after := budget.after(batch.total)) is not None:
        left = (
            f"本批次支付后剩余{yuan(after)}"
            if after >= 0
            else f"本批次支付后超出预算{yuan(-after)}"
        )
        ws.write_string(n + 4, 0, left)
    elif batch.paid_on is not None:
        ws.write_string(n + 4, 0, f"已于{batch.paid_on:%Y-%m-%d}支付，凭证号{batch.voucher}")
    wb.close()
    return n
