"""Abstract bases for the bookkeeping fields every domain record carries."""

from __future__ import annotations

from django.conf import settings
from django.db import models


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

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
