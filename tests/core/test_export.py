"""Excel export of list pages: the current filtered rows, masked unless asked and allowed, audited."""

from __future__ import annotations

import io
from urllib.parse import unquote

import openpyxl
from django.urls import reverse

from gonghui.core.models import AuditAction, AuditLog
from tests import factories


def sheet_rows(response) -> list[list]:
    content = b"".join(response.streaming_content)
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [list(r) for r in workbook.active.iter_rows(values_only=True)]


def data_rows(rows: list[list]) -> list[list]:
    """Rows between the header and the trailing note."""
    return [r for r in rows[1:] if r[1] is not None]


def test_export_contains_only_the_filtered_rows_masked(world, client):
    factories.person(world.hanbin_union, "王芳", phone="13711112222")
    client.force_login(world.city_admin)
    response = client.post(reverse("core:person_list") + "?q=zw")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet_rows(response)
    header = rows[0]
    assert header[:5] == ["姓名", "性别", "出生日期", "身份证号码", "手机号"]
    body = data_rows(rows)
    assert [r[0] for r in body] == ["张伟"]
    assert body[0][3] == world.hanbin_person.id_masked
    assert body[0][4] == "138****5678"


def test_export_filename_is_chinese_with_date(world, client):
    client.force_login(world.hanbin_officer)
    response = client.post(reverse("core:person_list"))
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="person_')
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded).startswith("人员档案_") and encoded.endswith(".xlsx")


def test_every_export_is_audited(world, client):
    client.force_login(world.hanbin_officer)
    client.post(reverse("core:person_list") + "?status=active")
    entry = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert entry.user == world.hanbin_officer
    assert "导出人员档案 1 条" in entry.note and "状态=在职" in entry.note
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT_PII).exists()


def test_unmasked_export_for_an_allowed_role_is_logged(world, client):
    client.force_login(world.hanbin_officer)
    response = client.post(reverse("core:person_list"), {"full": "1"})
    body = data_rows(sheet_rows(response))
    assert body[0][3] == world.hanbin_person.id_number
    assert body[0][4] == "13800135678"
    entry = AuditLog.objects.get(action=AuditAction.EXPORT_PII)
    assert entry.user == world.hanbin_officer and "1 条" in entry.note


def test_full_export_request_is_masked_for_the_chair(world, client):
    client.force_login(world.hanbin_chair)
    page = client.get(reverse("core:person_list")).content.decode()
    assert "导出完整信息" not in page
    response = client.post(reverse("core:person_list"), {"full": "1"})
    body = data_rows(sheet_rows(response))
    assert body[0][3] == world.hanbin_person.id_masked
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT_PII).exists()


def test_export_respects_scope(world, client):
    client.force_login(world.shiquan_officer)
    body = data_rows(sheet_rows(client.post(reverse("core:person_list"))))
    assert [r[0] for r in body] == ["李娜"]


def test_membership_and_employer_and_audit_exports_open(world, client):
    factories.employer(world.hanbin, "汉滨某公司")
    client.force_login(world.city_admin)
    memberships = data_rows(sheet_rows(client.post(reverse("core:membership_list") + "?q=lina")))
    assert [r[0] for r in memberships] == ["李娜"]
    employers = data_rows(sheet_rows(client.post(reverse("core:employer_list"))))
    assert [r[0] for r in employers] == ["汉滨某公司"]
    audit = sheet_rows(client.post(reverse("core:audit_list") + "?action=export"))
    assert audit[0][:3] == ["时间", "操作人", "操作"]


def test_export_requires_csrf_token(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.city_admin)
    assert strict.post(reverse("core:person_list")).status_code == 403
