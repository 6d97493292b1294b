"""The bank sheet of a payment batch (.xlsx): payee, bank, account, amount.

The bank needs the account and ID number in full: only officers take that sheet
(`mutual_aid.payment.export_full`), and every such export is logged as an unmasked export
(core.pii) besides the EXPORT audit entry. Other roles allowed to see payments (the auditor)
get the same sheet with both numbers masked.
"""

from __future__ import annotations

from typing import Any

import xlsxwriter

from gonghui.core.audit import audit_log
from gonghui.core.models import AuditAction
from gonghui.core.permissions import requires
from gonghui.core.pii import log_unmasked_export
from gonghui.mutual_aid.models import PaymentBatch

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
    audit_log(
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
        ws.write_string(n, 1, c.number)
        ws.write_string(n, 2, c.person.name)
        ws.write_string(n, 3, c.person.id_number if full else c.person.id_masked)
        ws.write_string(n, 4, c.payee_bank)
        ws.write_string(n, 5, c.account if full else c.account_masked)
        ws.write_number(n, 6, float(p.amount), money)  # the cell only; sums below are exact
        ws.write_string(n, 7, f"{c.plan.name}互助金")
    ws.write_string(n + 2, 0, f"合计：{n}笔，{batch.total:.2f}元（批次{batch.number}）")
    wb.close()
    return n
