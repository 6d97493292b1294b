"""Fields several honors models declare alike."""

from __future__ import annotations

from django.db import models

from gonghui.core.models import User


def user_ref(verbose_name: str) -> models.ForeignKey[User | None, User | None]:
    """A user a record names (the officer, who filed, who acted), kept as a reference only:
    deleting the account leaves the record and empties the field."""
    return models.ForeignKey(
        User,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
