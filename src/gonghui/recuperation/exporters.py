"""The host's 接待需求表 per batch (.xlsx and PDF) and the batch roster.

Health conditions and emergency phones appear only for roles that may see full personal data
(core.scope.FULL_PII_ROLES); every such export is logged (core.pii). Rows are limited to the
people in the user's scope.
"""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter

from gonghui.core.audit import audit_log
from gonghui.core.models import AuditAction, User
from gonghui.core.pii import log_unmasked_export
from gonghui.core.scope import can_see_full_pii, scoped
from gonghui.recuperation.models import SEAT_STATUSES, Batch, Invitation, Need


def _rows(user: User, batch: Batch) -> tuple[list[str], list[list[str]], bool]:
    full = can_see_full_pii(user)
    invs = scoped(
        Invitation.objects.filter(batch=batch, status__in=[*SEAT_STATUSES])
        .select_related("person__org", "need")
        .order_by("person__name_pinyin", "id"),
        user,
        org_field="person__org",
        person_field="person",
    )
    head = [
        "序号",
        "姓名",
        "性别",
        "出生日期",
        "工作单位",
        "状态",
        "饮食要求",
        "行动能力",
        "紧急联系人",
    ]
    if full:
        head += ["健康状况", "紧急联系电话"]
    rows = []
    for n, inv in enumerate(invs, start=1):
        p = inv.person
        need: Need | None = getattr(inv, "need", None)
        row = [
            str(n),
            p.name,
            p.get_sex_display(),
            f"{p.birth_date:%Y-%m-%d}",
            p.work_unit or p.org.name,
            inv.get_status_display(),
            need.diet if need else "",
            need.mobility if need else "",
            need.emergency_name if need else "",
        ]
        if full:
            row += [need.health if need else "", need.emergency_phone if need else ""]
        rows.append(row)
    return head, rows, full


def _log(user: User, batch: Batch, count: int, full: bool, fmt: str) -> None:
    note = f"导出批次{batch.code}接待需求表（{fmt}）{count}人"
    audit_log(
        action=AuditAction.EXPORT,
        user=user,
        model="recuperation.need",
        org=getattr(user, "organization", None),
        note=note,
    )
    if full:
        log_unmasked_export(
            user=user, model="recuperation.need", count=count, note=note + "；含健康信息"
        )


def host_needs_xlsx(*, user: User, batch: Batch) -> bytes:
    """The host's needs table of a batch as .xlsx."""
    head, rows, full = _rows(user, batch)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    sheet = book.add_worksheet(f"{batch.code}接待需求表"[:31])
    title = book.add_format({"bold": True, "font_size": 14})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    sheet.write_string(0, 0, f"{batch.plan.year}年劳模疗休养 第{batch.code}批次 接待需求表", title)
    sheet.write_string(
        1,
        0,
        f"基地：{batch.base.name}　日期：{batch.start_date}至{batch.end_date}　人数：{len(rows)}",
    )
    for c, h in enumerate(head):
        sheet.write_string(3, c, h, bold)
        sheet.set_column(c, c, 14 if c else 6)
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    sheet.write_string(
        len(rows) + 5,
        0,
        "本表含个人信息，仅供接待单位安排食宿和健康保障使用，请妥善保管，用后销毁。",
    )
    book.close()
    _log(user, batch, len(rows), full, "Excel")
    return out.getvalue()


def host_needs_pdf(*, user: User, batch: Batch) -> bytes:
    """The same table as a PDF (reportlab, built-in Chinese CID font)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    head, rows, full = _rows(user, batch)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), title=f"{batch.code}接待需求表")
    h1 = ParagraphStyle("h1", fontName=font, fontSize=15, leading=20)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12)
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10)
    data: list[list[Any]] = [[Paragraph(h, cell) for h in head]]
    data += [[Paragraph(v, cell) for v in row] for row in rows]
    table = Table(data, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    doc.build(
        [
            Paragraph(f"{batch.plan.year}年劳模疗休养 第{batch.code}批次 接待需求表", h1),
            Paragraph(
                f"基地：{batch.base.name}　日期：{batch.start_date}至{batch.end_date}"
                f"　人数：{len(rows)}",
                body,
            ),
            Spacer(1, 8),
            table,
            Spacer(1, 8),
            Paragraph(
                "本表含个人信息，仅供接待单位安排食宿和健康保障使用，请妥善保管，用后销毁。", body
            ),
        ]
    )
    _log(user, batch, len(rows), full, "PDF")
    return out.getvalue()
