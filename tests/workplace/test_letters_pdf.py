"""The letter as served to the employer: an A4 PDF rendered by poppler (pdftoppm) to a page image,
and its text (pdftotext) holding the header, the title, the number, the employer, the facts, the
demand, the deadline and the issuing federation; each download is logged."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gonghui.core.models import AuditLog
from gonghui.workplace.models import LetterKind
from tests.kit import resolve_url, signed_in
from tests.workplace.fixtures_letters import employer, frozen, issue

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen"),
    pytest.mark.skipif(
        not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
        reason="未安装 poppler-utils（pdftoppm、pdftotext）",
    ),
]
__all__ = ["frozen"]

# A4 is 595.3 × 841.9 points (1/72 inch): at 50 dpi the page image is 414 × 585 pixels.
DPI = 50


def _download(client, letter, tmp_path: Path) -> Path:
    response = client.get(resolve_url("workplace:letter_pdf", letter))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert ".pdf" in response["Content-Disposition"]
    path = tmp_path / f"letter_{letter.pk}.pdf"
    path.write_bytes(response.content)
    return path


def _text(pdf: Path) -> str:
    """The PDF's text with line breaks and spaces taken out (lines wrap mid-sentence)."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", out.stdout.decode())


def _render(pdf: Path, name: str) -> Path:
    """Page 1 as a PNG (also kept at /tmp/letters-<name>.png for a person to look at)."""
    stem = pdf.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile", str(pdf), stem],
        check=True,
        capture_output=True,
    )
    png = stem.with_suffix(".png")
    shutil.copy(png, f"/tmp/letters-{name}.png")
    return png


def _png_size(png: Path) -> tuple[int, int]:
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_a_notice_pdf_renders_on_a4_and_says_what_the_employer_must_do(world, tmp_path):
    firm = employer(world.hanbin_union, "安康市汉滨区鑫源建筑工程有限公司")
    letter = issue(
        world,
        to=firm,
        facts="你单位2026年7月至8月拖欠一线施工人员工资",
        demand="立即足额支付所欠工资，并建立工资支付台账",
        arrears="135000.00",
        workers=23,
    )
    client = signed_in(world.hanbin_officer)
    pdf = _download(client, letter, tmp_path)
    assert _png_size(_render(pdf, "notice")) == (414, 585)
    text = _text(pdf)
    for part in (
        "汉滨区总工会劳动法律监督",
        "工会劳动法律监督提示函",
        "汉滨工监提〔2026〕1号",
        "安康市汉滨区鑫源建筑工程有限公司：",
        "你单位存在拖欠工资的情形：你单位2026年7月至8月拖欠一线施工人员工资。",
        "涉及职工23人，拖欠工资共计135,000.00元",
        "立即足额支付所欠工资，并建立工资支付台账",
        "请你单位于2026年10月23日前整改完毕",
        "整改期限：2026-10-23",
        "2026年9月28日",
    ):
        assert part in text, f"{part} not in the PDF: {text}"
    entry = AuditLog.objects.get(action="export", model="workplace.letter")
    assert entry.note == "下载提示函PDF 汉滨工监提〔2026〕1号"
    assert entry.user == world.hanbin_officer


def test_an_opinion_pdf_recalls_the_notice_it_follows(world, tmp_path):
    notice = issue(world)
    opinion = issue(world, kind=LetterKind.OPINION, follows=notice, deadline=notice.deadline)
    pdf = _download(signed_in(world.city_admin), opinion, tmp_path)
    _render(pdf, "opinion")
    text = _text(pdf)
    assert "工会劳动法律监督意见书" in text and "汉滨工监意〔2026〕1号" in text
    assert (
        "我会于2026年9月28日向你单位发出《工会劳动法律监督提示函》（汉滨工监提〔2026〕1号）" in text
    )
    assert "现提出如下监督意见" in text


def test_a_long_letter_flows_onto_a_second_page(world, tmp_path):
    facts = "；".join(
        f"第{i}项：未按劳动合同约定的时间足额支付第{i}批职工的工资" for i in range(1, 40)
    )
    letter = issue(world, facts=facts)
    pdf = _download(signed_in(world.hanbin_officer), letter, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True).stdout.decode()
    assert re.search(r"Pages:\s+2", info), info
    text = _text(pdf)
    assert "第39项" in text and "请你单位于2026年10月23日前整改完毕" in text


def test_the_pdf_is_for_staff_of_the_letters_county(world):
    letter = issue(world)
    assert (
        signed_in(world.hanbin_member).get(resolve_url("workplace:letter_pdf", letter)).status_code
        == 403
    )
    assert (
        signed_in(world.shiquan_officer)
        .get(resolve_url("workplace:letter_pdf", letter))
        .status_code
        == 404
    )
    assert not AuditLog.objects.filter(action="export", model="workplace.letter").exists()
