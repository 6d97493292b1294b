"""The final roster (参加人员名单) of a batch as .xlsx and PDF, once the roster is locked."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog
from gonghui.recuperation import exporters, services
from gonghui.recuperation.models import Invitation, InvitationStatus

LOCK_DAY = dt.date(2026, 12, 7)  # B1 leaves on 14 Dec; the roster locks 7 days before


def _confirmed_batch(rw):
    plan = rw.plan()
    rw.batch(plan, "B1", max_size=3)
    rw.approve(plan)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    services.selection_publish(user=rw.w.city_admin, run=run)
    for inv in Invitation.objects.filter(plan=plan):
        services.invitation_confirm(user=rw.w.city_admin, invitation=inv)
    batch = plan.batches.get(code="B1")
    # Someone of the 汉滨 union, whose chair sees them.
    inv = (
        batch.invitations.filter(person__org=rw.w.hanbin_union)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    assert inv is not None
    services.need_save(
        user=rw.w.city_admin,
        invitation=inv,
        emergency_name="王秀兰（配偶）",
        emergency_phone="13912345678",
    )
    return batch, inv


def _cells(content: bytes) -> list[str]:
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    return [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]


def test_the_roster_cannot_be_exported_before_it_is_locked(rw, today):
    batch, _inv = _confirmed_batch(rw)
    with pytest.raises(DomainError, match="批次B1的名单将于2026年12月07日锁定，锁定后才能导出"):
        exporters.roster_xlsx(user=rw.w.city_admin, batch=batch)
    c = Client()
    c.force_login(rw.w.city_admin)
    page = c.get(reverse("recuperation:batch_detail", args=[batch.pk])).content.decode()
    assert "12月7日锁定后可导出" in page and 'id="roster-xlsx"' not in page
    r = c.get(reverse("recuperation:batch_roster", args=[batch.pk, "xlsx"]), follow=True)
    assert "锁定后才能导出参加人员名单" in r.content.decode()
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT, note__contains="参加人员名单")


def test_an_officer_exports_the_locked_roster_with_full_numbers_and_it_is_logged(rw, today):
    batch, inv = _confirmed_batch(rw)
    today(LOCK_DAY)
    c = Client()
    c.force_login(rw.w.city_admin)
    assert (
        'id="roster-xlsx"'
        in c.get(reverse("recuperation:batch_detail", args=[batch.pk])).content.decode()
    )
    r = c.get(reverse("recuperation:batch_roster", args=[batch.pk, "xlsx"]))
    assert r.status_code == 200 and 'filename="roster-B1.xlsx"' in r["Content-Disposition"]
    cells = _cells(r.content)
    assert cells[0] == "2026年劳模疗休养 第B1批次 参加人员名单"
    header = [
        "序号",
        "姓名",
        "性别",
        "工作单位",
        "身份证号码",
        "手机号",
        "紧急联系人",
        "紧急联系电话",
    ]
    assert all(h in cells for h in header)
    p = inv.person
    assert p.name in cells and p.id_number in cells and p.phone in cells
    assert "王秀兰（配偶）" in cells and "13912345678" in cells
    confirmed = batch.invitations.filter(status=InvitationStatus.CONFIRMED).count()
    assert AuditLog.objects.filter(
        action=AuditAction.EXPORT,
        user=rw.w.city_admin,
        note=f"导出批次B1参加人员名单（Excel）{confirmed}人",
    ).exists()
    assert AuditLog.objects.filter(
        action=AuditAction.EXPORT_PII, user=rw.w.city_admin, note__contains="参加人员名单"
    ).exists()


def test_a_chair_gets_the_roster_of_their_union_masked(rw, today):
    batch, inv = _confirmed_batch(rw)
    today(LOCK_DAY)
    cells = _cells(exporters.roster_xlsx(user=rw.w.hanbin_chair, batch=batch))
    p = inv.person
    assert p.name in cells and p.id_masked in cells and p.phone_masked in cells
    assert p.id_number not in cells and p.phone not in cells
    assert "139****5678" in cells and "13912345678" not in cells
    # Only people of the chair's own union are listed.
    others = batch.invitations.exclude(person__org=rw.w.hanbin_union).select_related("person")
    assert not any(o.person.name in cells for o in others)
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT_PII, user=rw.w.hanbin_chair)
    assert AuditLog.objects.filter(action=AuditAction.EXPORT, user=rw.w.hanbin_chair).exists()


def test_after_the_trip_the_roster_shows_who_went(rw, today):
    batch, inv = _confirmed_batch(rw)
    today(dt.date(2026, 12, 19))
    for other in batch.invitations.filter(status=InvitationStatus.CONFIRMED):
        services.attendance_record(
            user=rw.w.city_admin, batch=batch, person=other.person, attended=other.pk != inv.pk
        )
    cells = _cells(exporters.roster_xlsx(user=rw.w.city_admin, batch=batch))
    assert "出勤" in cells and "未参加" in cells and "参加" in cells


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_roster_pdf_has_chinese_text_and_masked_numbers_for_a_chair(rw, today, tmp_path):
    batch, inv = _confirmed_batch(rw)
    today(LOCK_DAY)
    c = Client()
    c.force_login(rw.w.hanbin_chair)
    r = c.get(reverse("recuperation:batch_roster", args=[batch.pk, "pdf"]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    src = tmp_path / "roster.pdf"
    src.write_bytes(r.content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(src), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "参加人员名单" in text and inv.person.name in text
    assert inv.person.id_masked in text and inv.person.id_number not in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(src), str(tmp_path / "p")], check=True)
    assert list(tmp_path.glob("p*.png"))
