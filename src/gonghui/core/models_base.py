"""Abstract bases for the bookkeeping fields every domain record carries, and the fields for the
organization a record belongs to and a user it names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from gonghui.core.models import Organization, User


def user_ref(
    verbose_name: str, *, blank: bool = True
) -> models.ForeignKey[User | None, User | None]:
    """A user a record names (who entered it, the officer, who acted), kept as a reference only:
    deleting the account leaves the record and empties the field."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def owning_org(verbose_name: str) -> models.ForeignKey[Organization, Organization]:
    """The organization a record belongs to (scope reads it: who may see and change the record);
    an organization that still owns records cannot be deleted."""
    return models.ForeignKey(
        "core.Organization", verbose_name=verbose_name, on_delete=models.PROTECT, related_name="+"
    )


class Created(models.Model):
    """When the record was entered."""

    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        abstract = True


class Stamped(Created):
    """When the record was entered and last changed."""

    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class Recorded(Created):
    """When and by whom the record was entered (the user is kept as a reference only: deleting
    an account does not delete what it entered)."""

    created_by = user_ref("登记人")

    class Meta:
        abstract = True


class StoredDocument(models.Model):
    """An uploaded supporting document (PDF or image, checked by content: core.documents),
    kept as a storage path — not a FileField: core.audit's snapshot holds plain values only —
    with the name the user gave it, its type and size."""

    path = models.CharField("存储路径", max_length=255)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=40)
    size = models.PositiveIntegerField("大小")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name
