"""Honors exports: the yearly roster (.xlsx via core.exporting, PDF), the bank payment sheet,
and the referral letter of a demand (PDF). Every export is logged; PII masked unless allowed."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.db.models import QuerySet

from gonghui.core import audit, clock
from gonghui.core.errors import DomainError
from gonghui.core.exporting import PDF_FONT, excel_text, pdf_font, write_xlsx
from gonghui.core.models import AuditAction, User
from gonghui.core.permissions import can, requires
from gonghui.core.pii import log_unmasked_export
from gonghui.core.tables import Column, Table, yes_no
from gonghui.core.workdays import add_workdays
from gonghui.honors.models import Demand, ModelWorker, PaymentStatus, SubsidyList
from gonghui.honors.services import bank_account_of

# ---------------------------------------------------------------- the roster (劳模名册)

ROSTER_RECIPIENTS = [
    ("org_dept", "县委组织部"),
    ("hr_bureau", "人力资源和社会保障局"),
    ("hitech_park", "高新技术产业园区"),
]


@dataclass(frozen=True)
class RosterColumn:
    key: str
    header: str
    value: Callable[[ModelWorker], Any]
    full: Callable[[ModelWorker], Any] | None = None
    width: int = 14  # xlsx width; the PDF scales these to the page
    default: bool = True


def _honors_text(m: ModelWorker) -> str:
    # Filled by roster_queryset's prefetch; valid honors only, highest level first.
    items = sorted(
        getattr(m.person, "valid_honors", []), key=lambda h: (h.honor_type.level, -h.year)
    )
    return "；".join(f"{h.year}年{h.honor_type.name}" for h in items)


ROSTER_COLUMNS: list[RosterColumn] = [
    RosterColumn("name", "姓名", lambda m: m.person.name, width=10),
    RosterColumn("sex", "性别", lambda m: m.person.get_sex_display(), width=6),
    RosterColumn("birth", "出生年月", lambda m: f"{m.person.birth_date:%Y-%m}", width=10),
    RosterColumn(
        "id_number",
        "身份证号码",
        lambda m: m.person.id_masked,
        full=lambda m: m.person.id_number,
        width=22,
    ),
    RosterColumn(
        "phone",
        "手机号",
        lambda m: m.person.phone_masked,
        full=lambda m: m.person.phone,
        width=14,
        default=False,
    ),
    RosterColumn("level", "劳模级别", lambda m: m.get_level_display() if m.level else "", width=10),
    RosterColumn(
        "top_honor",
        "最高荣誉",
        lambda m: f"{m.top_honor.year}年{m.top_honor.honor_type.name}" if m.top_honor else "",
        width=24,
    ),
    RosterColumn("honors", "全部有效荣誉", _honors_text, width=40, default=False),
    RosterColumn("org", "所属工会", lambda m: m.person.org.name, width=24),
    RosterColumn("work_unit", "工作单位", lambda m: m.person.work_unit, width=26),
    RosterColumn("post", "岗位", lambda m: m.person.post, width=12),
    RosterColumn("education", "学历", lambda m: m.person.education, width=8, default=False),
    RosterColumn(
        "political", "政治面貌", lambda m: m.person.political_status, width=10, default=False
    ),
    RosterColumn(
        "frontline", "一线职工", lambda m: yes_no(m.person.frontline), width=8, default=False
    ),
    RosterColumn("status", "状态", lambda m: m.person.get_status_display(), width=6),
]
ROSTER_BY_KEY = {c.key: c for c in ROSTER_COLUMNS}
DEFAULT_ROSTER_KEYS = [c.key for c in ROSTER_COLUMNS if c.default]


def roster_columns(keys: Iterable[str]) -> list[RosterColumn]:
    chosen = [ROSTER_BY_KEY[k] for k in keys if k in ROSTER_BY_KEY]
    if not chosen:
        raise DomainError("请至少选择一列")
    return chosen


def roster_table(columns: list[RosterColumn]) -> Table:
    """A core Table with the chosen columns, so the .xlsx goes through core.exporting."""

    class RosterTable(Table):
        model_label = "honors.modelworker"

    RosterTable.columns = [Column(c.header, c.value, full=c.full, width=c.width) for c in columns]
    return RosterTable()


def roster_queryset(
    qs: QuerySet[ModelWorker], columns: list[RosterColumn]
) -> QuerySet[ModelWorker]:
    from django.db.models import Prefetch

    from gonghui.honors.models import Honor

    if any(c.key == "honors" for c in columns):
        qs = qs.prefetch_related(
            Prefetch(
                "person__honors",
                queryset=Honor.objects.filter(status="valid").select_related("honor_type"),
                to_attr="valid_honors",
            )
        )
    return qs


def _log_roster(
    *, user: User, fmt: str, count: int, full: bool, recipients: str, filters: str
) -> None:
    note = f"导出劳模名册（{fmt}）{count}人；报送：{recipients or '未指定'}" + (
        f"；筛选：{filters}" if filters else ""
    )
    audit.record(
        action=AuditAction.EXPORT,
        user=user,
        model="honors.modelworker",
        org=getattr(user, "organization", None),
        note=note[:200],
    )
    if full:
        log_unmasked_export(user=user, model="honors.modelworker", count=count, note=note[:200])


def roster_xlsx(
    *,
    user: User,
    queryset: QuerySet[ModelWorker],
    keys: list[str],
    want_full: bool,
    recipients: str = "",
    filters: str = "",
    fileobj: Any = None,
) -> tuple[Any, int]:
    """The roster as .xlsx (core.exporting.write_xlsx); returns (file object, rows)."""
    columns = roster_columns(keys)
    full = bool(want_full and can(user, "core.person.reveal"))
    out = fileobj if fileobj is not None else io.BytesIO()
    stamp = clock.local_now()
    note = (f"报送：{recipients}　" if recipients else "") + (
        f"导出人：{user.username}　导出时间：{stamp:%Y-%m-%d %H:%M}"
        + ("　（含完整个人信息，请妥善保管）" if full else "　（个人信息已脱敏）")
    )
    count = write_xlsx(
        out,
        table=roster_table(columns),
        rows=roster_queryset(queryset, columns).iterator(chunk_size=2000),
        full=full,
        sheet="劳模名册",
        note=note,
    )
    _log_roster(
        user=user, fmt="Excel", count=count, full=full, recipients=recipients, filters=filters
    )
    return out, count


def _fit(text: str, width: float, size: float, cache: dict[str, float]) -> str:
    """Cut `text` so it fits `width` points (CJK glyphs are 1 em, ASCII about half)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if not text:
        return ""
    w = cache.get(text)
    if w is None:
        w = stringWidth(text, PDF_FONT, size)
        if len(cache) < 50000:
            cache[text] = w
    if w <= width:
        return text
    out = text
    while out and stringWidth(out + "…", PDF_FONT, size) > width:
        out = out[:-1]
    return out + "…"


def roster_pdf(
    *,
    user: User,
    queryset: QuerySet[ModelWorker],
    keys: list[str],
    want_full: bool,
    title: str,
    recipients: str = "",
    filters: str = "",
    fileobj: Any = None,
) -> tuple[Any, int]:
    """The roster as a landscape A4 PDF with Chinese text; refuses an empty selection."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    columns = roster_columns(keys)
    if not queryset.exists():
        raise DomainError("所选范围内没有劳模，无法生成PDF名册，请调整筛选条件")
    full = bool(want_full and can(user, "core.person.reveal"))
    pdf_font()
    out = fileobj if fileobj is not None else io.BytesIO()
    page_w, page_h = landscape(A4)
    margin, size, row_h = 28.0, 8.5, 15.0
    usable = page_w - 2 * margin
    seq_w = 30.0
    total = sum(c.width for c in columns)
    widths = [(usable - seq_w) * c.width / total for c in columns]
    pdf = canvas.Canvas(out, pagesize=(page_w, page_h), pageCompression=1)
    pdf.setTitle(title)
    pdf.setAuthor("安康市总工会")
    stamp = clock.local_now()
    footer = (f"报送：{recipients}　" if recipients else "") + (
        f"导出人：{user.username}　{stamp:%Y-%m-%d %H:%M}　"
        + ("含完整个人信息，请妥善保管" if full else "个人信息已脱敏")
    )
    cache: dict[str, float] = {}
    getters = [(c.full if full and c.full else c.value) for c in columns]
    state = {"page": 0, "y": 0.0}

    def header() -> None:
        state["page"] += 1
        y = page_h - margin
        if state["page"] == 1:
            pdf.setFont(PDF_FONT, 16)
            pdf.drawCentredString(page_w / 2, y - 12, title)
            y -= 30
        pdf.setFont(PDF_FONT, size)
        pdf.setFillGray(0.88)
        pdf.rect(margin, y - row_h + 3, usable, row_h, stroke=0, fill=1)
        pdf.setFillGray(0)
        x = margin
        pdf.drawString(x + 2, y - row_h + 7, "序号")
        x += seq_w
        for c, w in zip(columns, widths, strict=True):
            pdf.drawString(x + 2, y - row_h + 7, _fit(c.header, w - 4, size, cache))
            x += w
        state["y"] = y - row_h

    def footer_line() -> None:
        pdf.setFont(PDF_FONT, 7.5)
        pdf.drawString(margin, margin - 14, footer)
        pdf.drawRightString(page_w - margin, margin - 14, f"第 {state['page']} 页")

    header()
    count = 0
    qs = roster_queryset(queryset, columns).iterator(chunk_size=2000)
    for m in qs:
        if state["y"] - row_h < margin:
            footer_line()
            pdf.showPage()
            header()
            pdf.setFont(PDF_FONT, size)
        count += 1
        y = state["y"]
        if count % 2 == 0:
            pdf.setFillGray(0.96)
            pdf.rect(margin, y - row_h + 3, usable, row_h, stroke=0, fill=1)
            pdf.setFillGray(0)
        x = margin
        pdf.drawString(x + 2, y - row_h + 7, str(count))
        x += seq_w
        for get, w in zip(getters, widths, strict=True):
            value = get(m)
            pdf.drawString(
                x + 2, y - row_h + 7, _fit("" if value is None else str(value), w - 4, size, cache)
            )
            x += w
        state["y"] = y - row_h
    footer_line()
    pdf.setFont(PDF_FONT, 9)
    if state["y"] - 20 > margin:
        pdf.drawString(margin, state["y"] - 16, f"合计 {count} 人")
    pdf.save()
    _log_roster(
        user=user, fmt="PDF", count=count, full=full, recipients=recipients, filters=filters
    )
    return out, count


# ---------------------------------------------------------------- bank payment sheet


@requires("honors.subsidy.export_full", on="subsidy_list")
def payment_sheet_xlsx(*, user: User, subsidy_list: SubsidyList) -> bytes:
    """The bank payment sheet of an approved list: full ID and account numbers (logged)."""
    if subsidy_list.status not in ("approved", "paid"):
        raise DomainError("名单审核通过后才能导出银行代发表")
    lines = list(
        subsidy_list.payments.exclude(status=PaymentStatus.CANCELLED)
        .select_related("person__org", "person__model_worker")
        .order_by("person__org__path", "person__name_pinyin")
    )
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    sheet = book.add_worksheet("银行代发表")
    bold = book.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7"})
    title_fmt = book.add_format({"bold": True, "font_size": 14})
    money = book.add_format({"num_format": "#,##0.00", "border": 1})
    cell = book.add_format({"border": 1})
    sheet.write_string(
        0, 0, f"{subsidy_list.org.name}{subsidy_list.year}年劳模慰问补助银行代发表", title_fmt
    )
    budget = f"预算科目：{subsidy_list.budget_line}"
    if subsidy_list.budget_amount is not None:
        budget += f"　预算金额：{subsidy_list.budget_amount}元　预算余额：{subsidy_list.budget_remaining}元"
    if subsidy_list.voucher_number:
        budget += f"　发放日期：{subsidy_list.paid_on}　凭证号：{subsidy_list.voucher_number}"
    sheet.write_string(1, 0, budget)
    headers = [
        "序号",
        "姓名",
        "身份证号码",
        "开户银行",
        "银行账号",
        "金额（元）",
        "劳模级别",
        "所属工会",
        "备注",
    ]
    for c, (h, w) in enumerate(zip(headers, [6, 10, 22, 18, 26, 12, 10, 28, 16], strict=True)):
        sheet.write_string(2, c, h, bold)
        sheet.set_column(c, c, w)
    total = Decimal("0.00")
    for i, p in enumerate(lines, start=1):
        mw = getattr(p.person, "model_worker", None)
        r = 2 + i
        sheet.write_number(r, 0, i, cell)
        sheet.write_string(r, 1, excel_text(p.person.name), cell)
        sheet.write_string(r, 2, excel_text(p.person.id_number), cell)
        sheet.write_string(r, 3, excel_text(mw.bank_name if mw else ""), cell)
        sheet.write_string(r, 4, excel_text(bank_account_of(mw)), cell)
        # xlsxwriter writes numbers as doubles; two-decimal yuan amounts are exact to the cent.
        sheet.write_number(r, 5, float(p.amount), money)
        sheet.write_string(r, 6, excel_text(p.get_level_display()), cell)
        sheet.write_string(r, 7, excel_text(p.person.org.name), cell)
        sheet.write_string(
            r, 8, excel_text("" if (mw and mw.bank_account_enc) else "缺银行账号"), cell
        )
        total += p.amount
    r = 3 + len(lines)
    sheet.write_string(r, 4, "合计", bold)
    sheet.write_number(r, 5, float(total), money)
    sheet.write_string(
        r + 2,
        0,
        f"制表：{subsidy_list.made_by}　审核：{subsidy_list.approved_by}　"
        f"导出：{user.username} {clock.local_now():%Y-%m-%d %H:%M}",
    )
    sheet.freeze_panes(3, 0)
    book.close()
    note = f"导出{subsidy_list}银行代发表 {len(lines)} 人，合计 {total} 元"
    audit.record(action=AuditAction.EXPORT, instance=subsidy_list, user=user, note=note)
    log_unmasked_export(user=user, model="honors.subsidypayment", count=len(lines), note=note)
    return out.getvalue()


# ---------------------------------------------------------------- referral letter


def _wrap(text: str, width: float, size: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line = ""
        for ch in para:
            if stringWidth(line + ch, PDF_FONT, size) > width:
                lines.append(line)
                line = ch
            else:
                line += ch
        lines.append(line)
    return lines


def referral_letter_pdf(*, user: User, demand: Demand) -> bytes:
    """部门联动 referral letter (劳模诉求转办联系函) as PDF."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from gonghui.honors.rules import rules_for

    if not demand.referred_on or not demand.department:
        raise DomainError("该诉求尚未转部门联动，没有联系函")
    pdf_font()
    out = io.BytesIO()
    w, h = A4
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setTitle(f"劳模诉求转办联系函 {demand.letter_number}")
    left, right = 72.0, w - 72.0
    y = h - 90
    pdf.setFont(PDF_FONT, 20)
    pdf.drawCentredString(w / 2, y, "劳模诉求转办联系函")
    y -= 28
    pdf.setFont(PDF_FONT, 11)
    pdf.drawCentredString(w / 2, y, demand.letter_number)
    y -= 40
    pdf.setFont(PDF_FONT, 13)
    pdf.drawString(left, y, f"{demand.department_name}：")
    y -= 26
    person = demand.person
    deadline = add_workdays(
        demand.referred_on, rules_for(demand.referred_on.year).demand_feedback_days
    )
    body = (
        f"　　我会收到劳模{person.name}同志（{person.work_unit or person.org.name}）"
        f"于{demand.filed_on:%Y年%m月%d日}提出的诉求“{demand.title}”，"
        f"经工会梳理（类别：{demand.get_category_display() or '其他'}），"
        f"根据“劳模诉求—工会梳理—部门联动—反馈销号”工作机制，现转请贵单位协助办理。"
        f"\n　　诉求内容：{demand.content}"
        f"\n　　请于{deadline:%Y年%m月%d日}前将办理情况反馈我会，以便及时向劳模本人反馈并销号。"
        f"\n　　联系人：{demand.officer or user}"
    )
    for line in _wrap(body, right - left, 13):
        if y < 140:
            pdf.showPage()
            pdf.setFont(PDF_FONT, 13)
            y = h - 90
        pdf.drawString(left, y, line)
        y -= 22
    y -= 30
    org = person.org.ancestors().filter(depth__lte=1).last() or person.org
    pdf.drawRightString(right, y, org.name)
    y -= 22
    pdf.drawRightString(right, y, f"{demand.referred_on:%Y年%m月%d日}")
    pdf.setFont(PDF_FONT, 8)
    pdf.drawString(left, 50, f"劳模身份证号码：{person.id_masked}　本函由工会服务平台生成")
    pdf.save()
    audit.record(
        action=AuditAction.EXPORT,
        instance=demand,
        user=user,
        note=f"生成联系函{demand.letter_number}",
    )
    return out.getvalue()
