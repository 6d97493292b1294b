"""一函两书 as the document served to the employer: an A4 PDF with the federation's red header
(its name and 劳动法律监督), the number, the title by kind, the addressee, the facts, the demand,
the deadline, and the issuing federation with the date. Every download is logged (EXPORT)."""

from __future__ import annotations

import datetime as dt
import io

from gonghui.core import audit, workdays
from gonghui.core.exporting import PDF_FONT, pdf_font
from gonghui.core.models import AuditAction, User
from gonghui.core.money import yuan
from gonghui.core.permissions import requires
from gonghui.workplace.models import Letter, LetterKind, Violation

TITLES = {
    LetterKind.NOTICE: "工会劳动法律监督提示函",
    LetterKind.OPINION: "工会劳动法律监督意见书",
    LetterKind.SUGGESTION: "工会劳动法律监督建议书",
}
# How each kind introduces its demand.
LEADS = {
    LetterKind.NOTICE: "现提示你单位依法整改：",
    LetterKind.OPINION: "现提出如下监督意见，请你单位依法整改：",
    LetterKind.SUGGESTION: "现提出如下建议，请你单位认真研究并依法整改：",
}
RED = (0.80, 0.0, 0.0)
# Chinese typesetting: these never start a line (they stay at the end of the one before).
NO_LINE_START = set("，。、；：？！）》」』”’%…")
BODY_SIZE = 13.0
LINE_GAP = 23.0


def cn_date(day: dt.date) -> str:
    """2026年3月2日, as official documents write dates."""
    return f"{day.year}年{day.month}月{day.day}日"


def wrap(text: str, width: float, size: float, *, indent: bool = True) -> list[str]:
    """Lines of at most `width` points; each paragraph starts two characters in."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line = "\u3000\u3000" if indent else ""
        for ch in para.strip():
            fits = stringWidth(line + ch, PDF_FONT, size) <= width
            if fits or ch in NO_LINE_START or not line.strip("\u3000"):
                line += ch
            else:
                lines.append(line)
                line = ch
        lines.append(line)
    return lines


def _sentence(text: str) -> str:
    """A paragraph ending in a full stop (typed text often leaves it out)."""
    text = text.strip()
    return text if text.endswith(("。", "！", "；", "：")) else text + "。"


def letter_body(letter: Letter) -> str:
    """The letter's text below the addressee, one paragraph a line."""
    parts = []
    notice = letter.follows
    if notice is not None:
        parts.append(
            f"我会于{cn_date(notice.issued_on)}向你单位发出《{TITLES[LetterKind.NOTICE]}》"
            f"（{notice.number}），提示你单位依法整改。"
            + (
                f"你单位于{cn_date(notice.replied_on)}作出回复，但"
                if notice.replied_on
                else "你单位"
            )
            + "相关问题至今未整改到位。"
        )
    facts = [line for line in letter.facts.splitlines() if line.strip()] or [""]
    facts[0] = f"经调查核实，你单位存在{letter.get_violation_display()}的情形：{facts[0]}"
    parts.extend(_sentence(line) for line in facts)
    if letter.arrears_claimed > 0:
        parts.append(
            f"上述问题涉及职工{letter.workers_involved}人，"
            f"{'拖欠工资' if letter.violation == Violation.WAGE_ARREARS else '涉及金额'}"
            f"共计{yuan(letter.arrears_claimed)}。"
        )
    parts.append(
        "根据《中华人民共和国工会法》《中华人民共和国劳动法》《中华人民共和国劳动合同法》等"
        "法律法规的规定，" + LEADS[LetterKind(letter.kind)]
    )
    parts.extend(_sentence(line) for line in letter.demand.splitlines() if line.strip())
    parts.append(
        f"请你单位于{cn_date(letter.deadline)}前整改完毕，并将整改情况书面回复我会。"
        "逾期未整改的，我会将提请劳动保障监察等有关部门依法处理。"
    )
    return "\n".join(parts)


@requires("workplace.letter.export", on="letter")
def letter_pdf(*, user: User, letter: Letter) -> bytes:
    """The letter as an A4 PDF with Chinese text; each download is logged."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf_font()
    out = io.BytesIO()
    w, h = A4
    left, right = 80.0, w - 80.0
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    title = TITLES[LetterKind(letter.kind)]
    pdf.setTitle(f"{title} {letter.number}")
    pdf.setAuthor(letter.org.name)
    pdf.setSubject(f"致{letter.employer.name}")

    # The red header: the federation's name and 劳动法律监督, the number, the red rule.
    y = h - 88
    pdf.setFillColorRGB(*RED)
    pdf.setFont(PDF_FONT, 24)
    pdf.drawCentredString(w / 2, y, f"{letter.org.name}劳动法律监督")
    pdf.setFillColorRGB(0, 0, 0)
    y -= 34
    pdf.setFont(PDF_FONT, 12)
    pdf.drawCentredString(w / 2, y, letter.number)
    y -= 12
    pdf.setStrokeColorRGB(*RED)
    pdf.setLineWidth(2)
    pdf.line(left - 10, y, right + 10, y)
    pdf.setLineWidth(0.6)
    pdf.line(left - 10, y - 3.5, right + 10, y - 3.5)
    pdf.setStrokeColorRGB(0, 0, 0)

    y -= 44
    pdf.setFont(PDF_FONT, 20)
    pdf.drawCentredString(w / 2, y, title)
    y -= 42
    pdf.setFont(PDF_FONT, BODY_SIZE)
    for line in wrap(f"{letter.employer.name}：", right - left, BODY_SIZE, indent=False):
        pdf.drawString(left, y, line)
        y -= LINE_GAP

    def new_page() -> float:
        pdf.showPage()
        pdf.setFont(PDF_FONT, BODY_SIZE)
        return h - 90

    for line in wrap(letter_body(letter), right - left, BODY_SIZE):
        if y < 150:
            y = new_page()
        pdf.drawString(left, y, line)
        y -= LINE_GAP
    if y < 190:
        y = new_page()
    y -= 36
    pdf.drawRightString(right, y, letter.org.name)
    y -= LINE_GAP
    pdf.drawRightString(right, y, cn_date(letter.issued_on))
    pdf.setFont(PDF_FONT, 8)
    foot = f"整改期限：{letter.deadline:%Y-%m-%d}"
    if workdays.estimated(letter.issued_on, letter.deadline):
        foot += workdays.ESTIMATE_NOTE
    foot += "　本文书一式两份，一份送达用人单位，一份存档　由工会服务平台生成"
    pdf.drawString(left, 50, foot)
    pdf.save()
    audit.record(
        action=AuditAction.EXPORT,
        instance=letter,
        user=user,
        note=f"下载{letter.get_kind_display()}PDF {letter.number}",
    )
    return out.getvalue()
