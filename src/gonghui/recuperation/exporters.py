"""Per-batch documents as .xlsx and PDF: the host's 接待需求表 and the final 参加人员名单.

Personal data beyond name and organization (health conditions, full ID and phone numbers,
emergency phones) appears only for roles that may see full personal data
(core.scope.FULL_PII_ROLES); every export is logged, an unmasked one also as EXPORT_PII
(core.pii). Rows are limited to the people in the user's scope.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import xlsxwriter

from gonghui.core import audit
from gonghui.core.exporting import PDF_FONT, excel_text, pdf_font
from gonghui.core.models import AuditAction, User
from gonghui.core.pii import log_unmasked_export
from gonghui.core.scope import can_see_full_pii, scoped
from gonghui.core.validators import mask_phone
from gonghui.recuperation import selectors
from gonghui.recuperation.models import SEAT_STATUSES, Batch, Invitation, Need
from gonghui.recuperation.services import RecuperationError, roster_is_final, roster_lock_date

# Relative PDF column widths (the rest 1.2): short codes narrow, names of units wide.
COLUMN_WEIGHT = {"序号": 0.7, "性别": 0.7, "状态": 0.8, "出勤": 0.8, "姓名": 0.9}
COLUMN_WEIGHT |= {"工作单位": 2.6, "身份证号码": 1.9, "紧急联系人": 1.4, "健康状况": 1.6}
ATTENDED_LABEL = {True: "参加", False: "未参加", None: "未登记"}


@dataclass
class BatchSheet:
    """One table about one batch: what both formats print."""

    batch: Batch
    name: str  # 接待需求表 / 参加人员名单
    head: list[str]
    rows: list[list[str]]
    footer: str
    full: bool  # unmasked personal data included
    model: str  # what the audit entry names
    pii_note: str  # added to the EXPORT_PII entry: which personal data left

    @property
    def title(self) -> str:
        b = self.batch
        return f"{b.plan.year}年劳模疗休养 第{b.code}批次 {self.name}"

    @property
    def subtitle(self) -> str:
        b = self.batch
        return f"基地：{b.base.name}　日期：{b.start_date}至{b.end_date}　人数：{len(self.rows)}"


def _export(user: User, sheet: BatchSheet, fmt: str) -> bytes:
    """The sheet as .xlsx or PDF; logs the export (and, when unmasked, the personal data)."""
    content = _pdf(sheet) if fmt == "pdf" else _xlsx(sheet)
    note = f"导出批次{sheet.batch.code}{sheet.name}（{'PDF' if fmt == 'pdf' else 'Excel'}）"
    note += f"{len(sheet.rows)}人"
    audit.record(
        action=AuditAction.EXPORT,
        user=user,
        model=sheet.model,
        org=getattr(user, "organization", None),
        note=note,
    )
    if sheet.full:
        log_unmasked_export(
            user=user, model=sheet.model, count=len(sheet.rows), note=note + sheet.pii_note
        )
    return content


def _xlsx(sheet: BatchSheet) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    ws = book.add_worksheet(f"{sheet.batch.code}{sheet.name}"[:31])
    title = book.add_format({"bold": True, "font_size": 14})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    ws.write_string(0, 0, sheet.title, title)
    ws.write_string(1, 0, sheet.subtitle)
    for c, h in enumerate(sheet.head):
        ws.write_string(3, c, h, bold)
        ws.set_column(c, c, 20 if "身份证" in h else 14 if c else 6)
    for r, row in enumerate(sheet.rows, start=4):
        for c, value in enumerate(row):
            # Strings stay strings: ID numbers must not become numbers or formulas.
            ws.write_string(r, c, excel_text(value))
    ws.write_string(len(sheet.rows) + 5, 0, sheet.footer)
    book.close()
    return out.getvalue()


def _pdf(sheet: BatchSheet) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdf_font()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=landscape(A4), title=f"{sheet.batch.code}{sheet.name}", author="安康市总工会"
    )
    h1 = ParagraphStyle("h1", fontName=PDF_FONT, fontSize=15, leading=20)
    body = ParagraphStyle("body", fontName=PDF_FONT, fontSize=9, leading=12)
    cell = ParagraphStyle("cell", fontName=PDF_FONT, fontSize=8, leading=10)
    data: list[list[Any]] = [[Paragraph(h, cell) for h in sheet.head]]
    data += [[Paragraph(v, cell) for v in row] for row in sheet.rows]
    weights = [COLUMN_WEIGHT.get(h, 1.2) for h in sheet.head]
    table = Table(data, repeatRows=1, colWidths=[doc.width * w / sum(weights) for w in weights])
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
            Paragraph(sheet.title, h1),
            Paragraph(sheet.subtitle, body),
            Spacer(1, 8),
            table,
            Spacer(1, 8),
            Paragraph(sheet.footer, body),
        ]
    )
    return out.getvalue()


# ---------------------------------------------------------------- 接待需求表


def _host_needs(user: User, batch: Batch) -> BatchSheet:
    full = can_see_full_pii(user)
    invs = scoped(
        Invitation.objects.filter(batch=batch, status__in=[*SEAT_STATUSES])
        .select_related("person__org", "need")
        .order_by("person__name_pinyin", "id"),
        user,
        org_field="person__org",
        person_field="person",
    )
    head = ["序号", "姓名", "性别", "出生日期", "工作单位", "状态", "饮食要求", "行动能力"]
    head += ["紧急联系人"]
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
    return BatchSheet(
        batch=batch,
        name="接待需求表",
        head=head,
        rows=rows,
        footer="本表含个人信息，仅供接待单位安排食宿和健康保障使用，请妥善保管，用后销毁。",
        full=full,
        model="recuperation.need",
        pii_note="；含健康信息",
    )


def host_needs_xlsx(*, user: User, batch: Batch) -> bytes:
    """The host's needs table of a batch as .xlsx."""
    return _export(user, _host_needs(user, batch), "xlsx")


def host_needs_pdf(*, user: User, batch: Batch) -> bytes:
    """The same table as a PDF (reportlab, built-in Chinese CID font)."""
    return _export(user, _host_needs(user, batch), "pdf")


# ---------------------------------------------------------------- 参加人员名单


def _roster(user: User, batch: Batch) -> BatchSheet:
    if not roster_is_final(batch):
        raise RecuperationError(
            f"批次{batch.code}的名单将于{roster_lock_date(batch):%Y年%m月%d日}锁定，"
            "锁定后才能导出参加人员名单"
        )
    full = can_see_full_pii(user)
    attendance = batch.finished or batch.invitations.filter(attended__isnull=False).exists()
    head = ["序号", "姓名", "性别", "工作单位", "身份证号码", "手机号"]
    head += ["紧急联系人", "紧急联系电话"] + (["出勤"] if attendance else [])
    rows = []
    for n, inv in enumerate(selectors.final_roster(batch, user=user), start=1):
        p = inv.person
        need: Need | None = getattr(inv, "need", None)
        emergency = need.emergency_phone if need is not None else ""
        row = [
            str(n),
            p.name,
            p.get_sex_display(),
            p.work_unit or p.org.name,
            p.id_number if full else p.id_masked,
            (p.phone if full else p.phone_masked) if p.phone_masked else "",
            need.emergency_name if need else "",
            emergency if full else mask_phone(emergency) if emergency else "",
        ]
        if attendance:
            row.append(ATTENDED_LABEL[inv.attended])
        rows.append(row)
    note = "含完整身份证号码和手机号，" if full else "证件号和电话已脱敏；"
    return BatchSheet(
        batch=batch,
        name="参加人员名单",
        head=head,
        rows=rows,
        footer=f"本名单{note}仅供办理出行、住宿和保险使用，请妥善保管，用后销毁。",
        full=full,
        model="recuperation.invitation",
        pii_note="；含完整身份证号码和手机号",
    )


def roster_xlsx(*, user: User, batch: Batch) -> bytes:
    """The final roster of a batch as .xlsx (only once the roster is locked)."""
    return _export(user, _roster(user, batch), "xlsx")


def roster_pdf(*, user: User, batch: Batch) -> bytes:
    """The final roster of a batch as a PDF."""
    return _export(user, _roster(user, batch), "pdf")
