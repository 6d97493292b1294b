"""API tokens: shown once at creation, stored as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import models

from gonghui.core import clock
from gonghui.core.models_base import Created


class ApiToken(Created):
    user = models.ForeignKey(
        "core.User", verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("名称", max_length=60, default="默认")
    key_hash = models.CharField("令牌摘要", max_length=64, unique=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        verbose_name = "API令牌"
        verbose_name_plural = "API令牌"

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"

    @staticmethod
    def _digest(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: Any, name: str = "默认") -> str:
        """Create a token and return its raw value (only this once)."""
        raw = secrets.token_urlsafe(32)
        cls.objects.create(user=user, name=name, key_hash=cls._digest(raw))
        return raw

    @classmethod
    def authenticate(cls, raw: str) -> Any:
        token = cls.objects.select_related("user").filter(key_hash=cls._digest(raw)).first()
        if token is None or not token.user.is_active:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=clock.now())
        return token.user
