"""The roster and the referral letter render as real PDFs with Chinese text (poppler)."""

import os
import shutil
import subprocess

import pytest

from gonghui.honors.exporters import DEFAULT_ROSTER_KEYS, referral_letter_pdf, roster_pdf
from gonghui.honors.selectors import registry_list
from gonghui.honors.services import demand_file, demand_refer, demand_sort

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed"),
]


def _render(pdf: bytes, tmp_path, name: str) -> list:
    src = tmp_path / f"{name}.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(src), str(tmp_path / name)], check=True)
    pngs = sorted(tmp_path.glob(f"{name}*.png"))
    keep = os.environ.get("GONGHUI_KEEP_PDF_PNG")
    if keep:
        for p in pngs:
            shutil.copy(p, keep)
    return pngs


def _text(pdf: bytes, tmp_path) -> str:
    src = tmp_path / "t.pdf"
    src.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(src), "-"], capture_output=True, text=True).stdout


def test_roster_pdf_renders_with_chinese_text(hw, tmp_path):
    out, count = roster_pdf(
        user=hw.w.city_admin,
        queryset=registry_list(user=hw.w.city_admin),
        keys=DEFAULT_ROSTER_KEYS,
        want_full=False,
        title="安康市总工会2026年劳模名册",
        recipients="县委组织部、人力资源和社会保障局",
    )
    pdf = out.getvalue()
    assert count == 2
    assert _render(pdf, tmp_path, "roster")
    text = _text(pdf, tmp_path)
    assert "劳模名册" in text and "张伟" in text and "陕西省劳动模范" in text


def test_referral_letter_renders_with_chinese_text(hw, tmp_path):
    d = demand_file(
        user=hw.w.hanbin_member,
        person=hw.hanbin_mw,
        title="子女入学",
        content="孩子明年上小学，希望协调就近入学学位。",
    )
    d = demand_sort(user=hw.w.hanbin_officer, demand=d, category="schooling", officer=None)
    d = demand_refer(
        user=hw.w.hanbin_officer,
        demand=d,
        department="education",
        department_name="汉滨区教育体育局",
    )
    pdf = referral_letter_pdf(user=hw.w.hanbin_officer, demand=d)
    assert _render(pdf, tmp_path, "letter")
    text = _text(pdf, tmp_path)
    assert "劳模诉求转办联系函" in text and "汉滨区教育体育局" in text
