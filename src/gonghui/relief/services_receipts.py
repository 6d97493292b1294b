"""签收 of distribution items: the date with a signed scan or photo, or 代领 with the receiver's
name and reason; only for items of an approved list."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gonghui.core import audit, clock, documents
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, User
from gonghui.core.permissions import requires
from gonghui.relief.models import Distribution, DistributionList, ListStatus


def receipt_check(upload: UploadedFile) -> str:
    """The content type of an acceptable receipt (judged by its bytes), else a Chinese error."""
    try:
        return documents.check(upload, column="upload")
    except DomainError as exc:
        raise DomainError(f"签收凭证{exc.message}", column="upload") from None


@requires("relief.list.receipt", on="item")
def receipt_sign(
    *,
    user: User,
    item: Distribution,
    signed_on: dt.date | None,
    upload: UploadedFile | None = None,
    proxy_name: str = "",
    proxy_reason: str = "",
) -> Distribution:
    """登记签收: the date and a signed scan or photo, or 代领 (the receiver's name and reason)."""
    who = item.person.name
    proxy_name = " ".join(str(proxy_name or "").split())
    proxy_reason = " ".join(str(proxy_reason or "").split())
    if signed_on is None:
        raise DomainError(f"{who}：请填写签收日期", column="signed_on")
    if signed_on > clock.today():
        raise DomainError(f"{who}：签收日期{signed_on:%Y-%m-%d}不能晚于今天", column="signed_on")
    if proxy_name or proxy_reason:
        if not proxy_name:
            raise DomainError(f"{who}：代领须填写代领人姓名", column="proxy_name")
        if not proxy_reason:
            raise DomainError(f"{who}：代领须填写代领原因", column="proxy_reason")
        if len(proxy_name) > 40:
            raise DomainError(f"{who}：代领人姓名过长（最多40个字）", column="proxy_name")
        if len(proxy_reason) > 200:
            raise DomainError(f"{who}：代领原因过长（最多200个字）", column="proxy_reason")
    elif upload is None:
        raise DomainError(
            f"{who}：请上传签字的签收单扫描件或照片，或填写代领人及代领原因", column="upload"
        )
    kind = receipt_check(upload) if upload is not None else ""
    with documents.removed_on_error() as stored, transaction.atomic():
        # The list first (退回 locks it too: a list is never returned while an item of it is
        # being signed for), then the item.
        DistributionList.objects.select_for_update().filter(pk=item.dlist_id).first()
        locked = (
            Distribution.objects.select_for_update()
            .select_related("dlist", "person")
            .get(pk=item.pk)
        )
        if locked.dlist.status != ListStatus.APPROVED:
            raise DomainError(
                f"{who}所在名单{locked.dlist.get_status_display()}，名单审批后才能登记签收"
            )
        if locked.signed_on is not None:
            raise DomainError(f"{who}已于{locked.signed_on:%Y-%m-%d}签收，不能重复登记")
        if locked.dlist.approved_at and signed_on < clock.day_of(locked.dlist.approved_at):
            raise DomainError(
                f"{who}：签收日期{signed_on:%Y-%m-%d}不能早于名单审批日期", column="signed_on"
            )
        path = ""
        if upload is not None:
            folder = f"relief/receipts/{locked.campaign_id}"
            path = documents.save(upload, kind, folder=folder, stored=stored)
        locked.signed_on = signed_on
        locked.receipt_path = path
        locked.proxy_name = proxy_name
        locked.proxy_reason = proxy_reason
        locked.receipt_by = user
        locked.save()
    return locked


@requires("relief.campaign.view", on="item")
def receipt_open(*, user: User, item: Distribution) -> IO[Any]:
    """The stored scan or photo of a receipt (it shows a signature: each view is logged)."""
    if not item.receipt_path:
        raise DomainError(f"{item.person.name}没有上传签收凭证")
    fileobj = default_storage.open(item.receipt_path, "rb")
    audit.record(
        action=AuditAction.VIEW_PII,
        instance=item,
        user=user,
        note=f"查看{item.person.name}的签收凭证",
    )
    return fileobj
