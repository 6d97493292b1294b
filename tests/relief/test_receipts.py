"""签收: a date and a signed scan or photo, or 代领 with the receiver's name and reason; only for
approved lists; the unsigned items are listed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditLog
from gonghui.core.permissions import Denied
from gonghui.relief.selectors_campaigns import unsigned_items
from gonghui.relief.services_receipts import receipt_open, receipt_sign
from tests.relief.fixtures_campaigns import add, approved, county_list, person_in, submitted, warmth

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64
DAY = dt.date(2025, 12, 20)


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2025, 12, 10, 9, 0), tick=False):
        yield


@pytest.fixture
def items(world, frozen):
    dlist = county_list(world, warmth(world))
    one = add(world, dlist, world.hanbin_person)
    two = add(world, dlist, person_in(world.hanbin_union, "王芳"), "relative")
    approved(world, dlist)
    return one, two


def test_a_signed_photo_is_stored_and_the_item_counts_as_signed(world, items):
    one, _ = items
    with time_machine.travel(dt.datetime(2025, 12, 21, 9, 0), tick=False):
        signed = receipt_sign(
            user=world.hanbin_officer,
            item=one,
            signed_on=DAY,
            upload=SimpleUploadedFile("签收单.jpg", JPEG),
        )
        assert signed.signed and signed.receipt_path.startswith("relief/receipts/")
        assert default_storage.open(signed.receipt_path).read() == JPEG
        assert [
            i.person.name for i in unsigned_items(user=world.hanbin_officer, campaign=one.campaign)
        ] == ["王芳"]
        with receipt_open(user=world.auditor, item=signed) as fh:
            assert fh.read() == JPEG
    assert AuditLog.objects.filter(action="view_pii", note__contains="签收凭证").exists()


def test_proxy_needs_the_receivers_name_and_reason(world, items):
    one, _ = items
    with time_machine.travel(dt.datetime(2025, 12, 21, 9, 0), tick=False):
        with pytest.raises(DomainError, match="张伟：代领须填写代领原因"):
            receipt_sign(user=world.hanbin_officer, item=one, signed_on=DAY, proxy_name="张强")
        with pytest.raises(DomainError, match="张伟：代领须填写代领人姓名"):
            receipt_sign(user=world.hanbin_officer, item=one, signed_on=DAY, proxy_reason="住院")
        one.refresh_from_db()
        assert not one.signed
        receipt_sign(
            user=world.hanbin_officer,
            item=one,
            signed_on=DAY,
            proxy_name="张强",
            proxy_reason="本人住院，由儿子代领",
        )
    one.refresh_from_db()
    assert (one.signed_on, one.proxy_name, one.receipt_path) == (DAY, "张强", "")


def test_neither_a_scan_nor_a_proxy_is_refused(world, items):
    one, _ = items
    with time_machine.travel(dt.datetime(2025, 12, 21, 9, 0), tick=False):
        with pytest.raises(DomainError, match="请上传签字的签收单扫描件或照片"):
            receipt_sign(user=world.hanbin_officer, item=one, signed_on=DAY)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("签收单.jpg", b"MZ\x90\x00 not a picture", "不是PDF或图片"),
        ("签收单.png", JPEG, "扩展名与文件内容不符"),
        ("签收单.pdf", b"", "是空文件"),
    ],
)
def test_an_upload_is_judged_by_its_bytes(world, items, name, content, message):
    one, _ = items
    with time_machine.travel(dt.datetime(2025, 12, 21, 9, 0), tick=False):
        with pytest.raises(DomainError, match=message):
            receipt_sign(
                user=world.hanbin_officer,
                item=one,
                signed_on=DAY,
                upload=SimpleUploadedFile(name, content),
            )
    one.refresh_from_db()
    assert not one.signed


def test_a_future_date_and_a_second_receipt_are_refused(world, items):
    one, _ = items
    with time_machine.travel(dt.datetime(2025, 12, 21, 9, 0), tick=False):
        with pytest.raises(DomainError, match="不能晚于今天"):
            receipt_sign(
                user=world.hanbin_officer,
                item=one,
                signed_on=dt.date(2025, 12, 22),
                upload=SimpleUploadedFile("a.pdf", PDF),
            )
        receipt_sign(
            user=world.hanbin_officer,
            item=one,
            signed_on=DAY,
            upload=SimpleUploadedFile("a.pdf", PDF),
        )
        with pytest.raises(DomainError, match="张伟已于2025-12-20签收，不能重复登记"):
            receipt_sign(
                user=world.hanbin_officer, item=one, signed_on=DAY, proxy_name="x", proxy_reason="y"
            )


def test_a_receipt_for_an_unapproved_list_is_refused(world, frozen):
    dlist = county_list(world, warmth(world))
    item = add(world, dlist, world.hanbin_person)
    with pytest.raises(DomainError, match="张伟所在名单草稿，名单审批后才能登记签收"):
        receipt_sign(
            user=world.hanbin_officer,
            item=item,
            signed_on=dt.date(2025, 12, 10),
            upload=SimpleUploadedFile("a.pdf", PDF),
        )
    submitted(world, dlist)
    with pytest.raises(DomainError, match="名单已报送，名单审批后才能登记签收"):
        receipt_sign(
            user=world.hanbin_officer,
            item=item,
            signed_on=dt.date(2025, 12, 10),
            proxy_name="张强",
            proxy_reason="住院",
        )
    item.refresh_from_db()
    assert not item.signed


def test_another_county_and_the_auditor_cannot_sign(world, items):
    one, _ = items
    with time_machine.travel(dt.datetime(2025, 12, 21, 9, 0), tick=False):
        for user in (world.shiquan_officer, world.auditor):
            with pytest.raises(Denied):
                receipt_sign(
                    user=user, item=one, signed_on=DAY, proxy_name="张强", proxy_reason="住院"
                )


def test_the_unsigned_list_is_scoped(world, items):
    one, _ = items
    assert unsigned_items(user=world.shiquan_officer, campaign=one.campaign) == []
    assert len(unsigned_items(user=world.city_admin, campaign=one.campaign)) == 2
