"""Claim documents: kept under their own name for the reviewer, served only in scope, and a
refused upload writes nothing (no claim, no row, no file)."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog
from gonghui.mutual_aid import services, services_claims
from gonghui.mutual_aid.models import Category, Claim, ClaimDocument, ClaimStatus
from tests import factories
from tests.mutual_aid.conftest import EVENT, enroll_paid, file_hospital

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
NAME = "出院小结（张伟）.pdf"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def _upload(name, content):
    f = io.BytesIO(content)
    f.name = name
    return f


def _member_files(client, aid, world, documents):
    client.force_login(world.hanbin_member)
    return client.post(
        "/mutual-aid/claims/new/",
        {
            "plan": aid.plans[Category.HOSPITAL].pk,
            "event_kind": "illness",
            "event_date": EVENT.isoformat(),
            "diagnosis": "肺炎",
            "hospital": "安康市中心医院",
            "admitted_on": EVENT.isoformat(),
            "discharged_on": (EVENT + dt.timedelta(days=5)).isoformat(),
            "self_paid": "3000",
            "invoices": "D-1,3500",
            "documents": documents,
        },
        follow=True,
    )


def test_the_reviewer_sees_the_original_name_and_opens_the_file(aid, world, client, media):
    enroll_paid(aid, world.hanbin_person)
    _member_files(client, aid, world, [_upload(NAME, PDF)])
    doc = ClaimDocument.objects.get()
    assert doc.name == NAME and NAME not in doc.path  # stored under a random name
    client.force_login(aid.reviewer)
    page = client.get(f"/mutual-aid/claims/{doc.claim_id}/").content.decode()
    assert f'href="/mutual-aid/documents/{doc.pk}/"' in page and NAME in page
    response = client.get(f"/mutual-aid/documents/{doc.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert quote(NAME) in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("inline;")
    assert AuditLog.objects.filter(
        action=AuditAction.VIEW_PII, user=aid.reviewer, note__contains=NAME
    ).exists()


def test_a_document_is_served_only_within_scope(aid, world, client):
    enroll_paid(aid, world.hanbin_person)
    _member_files(client, aid, world, [_upload(NAME, PDF)])
    doc = ClaimDocument.objects.get()
    url = f"/mutual-aid/documents/{doc.pk}/"
    assert client.get(url).status_code == 200  # the member's own claim
    client.force_login(world.shiquan_officer)
    assert client.get(url).status_code == 404
    other_member = factories.user(
        "member", aid.union, "other_member", person=factories.person(aid.union, "王强")
    )
    client.force_login(other_member)
    assert client.get(url).status_code == 404
    assert not AuditLog.objects.filter(
        action=AuditAction.VIEW_PII, user__in=[world.shiquan_officer, other_member]
    ).exists()


def test_an_oversized_upload_writes_nothing(aid, world, client, media):
    enroll_paid(aid, world.hanbin_person)
    big = _upload("检查报告.pdf", PDF + b"0" * (10 * 1024 * 1024))
    html = _member_files(client, aid, world, [_upload("发票.pdf", PDF), big]).content.decode()
    assert "“检查报告.pdf”大小10.0MB，超过10MB上限" in html
    assert not Claim.objects.exists() and not ClaimDocument.objects.exists()
    assert _files(media) == []


def test_a_wrong_type_writes_nothing(aid, world, client, media):
    enroll_paid(aid, world.hanbin_person)
    html = _member_files(
        client, aid, world, [_upload("发票.pdf", PDF), _upload("照片.pdf", PNG)]
    ).content.decode()
    assert "“照片.pdf”的扩展名与文件内容不符" in html
    assert not Claim.objects.exists() and _files(media) == []


def test_a_refused_supplement_writes_nothing_and_keeps_the_clock_paused(aid, world, media):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e)
    services.claim_accept(claim=claim, user=aid.officer)
    services.claim_request_supplement(claim=claim, user=aid.reviewer, note="请补充出院小结")
    exe = SimpleUploadedFile("出院小结.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(DomainError, match="不是PDF或图片"):
        services.claim_supplement_done(
            claim=claim, user=aid.officer, documents=[SimpleUploadedFile("a.pdf", PDF), exe]
        )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUPPLEMENT
    assert not claim.documents.exists() and _files(media) == []


def test_files_saved_before_a_failure_are_removed_with_the_rollback(aid, world, media, monkeypatch):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]

    def broken_step(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services_claims, "_step", broken_step)
    with pytest.raises(RuntimeError):
        file_hospital(aid, e, documents=[SimpleUploadedFile("出院小结.pdf", PDF)])
    assert not Claim.objects.exists() and _files(media) == []


def test_a_long_name_keeps_its_extension():
    name = "很长的文件名" * 50 + ".pdf"
    shown = services.document_display_name("C:\\Users\\张伟\\" + name)
    assert shown.endswith(".pdf") and len(shown) == 200 and "\\" not in shown
