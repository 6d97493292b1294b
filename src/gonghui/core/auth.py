"""Password login with lockout: N consecutive failures lock the account for M minutes."""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from gonghui.core.audit import audit_log
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, User


class LoginRefused(DomainError):
    """Wrong credentials or a locked account; the message is shown on the login page."""


def _minutes_left(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds() / 60))


def locked_message(until: dt.datetime, now: dt.datetime | None = None) -> str:
    return f"账号已锁定，请 {_minutes_left(until, now or timezone.now())} 分钟后再试"


def bad_credentials_message() -> str:
    return (
        f"用户名或密码错误（连续失败 {settings.LOGIN_MAX_FAILURES} 次，"
        f"账号将被锁定 {settings.LOGIN_LOCKOUT_MINUTES} 分钟）"
    )


def _record_failure(user: User, now: dt.datetime) -> dt.datetime | None:
    """Count one failure; returns the lock end when this failure locks the account."""
    with transaction.atomic():
        # .update() keeps these bookkeeping writes out of the generic change log.
        User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
        failures = (
            User.objects.select_for_update().values_list("failed_logins", flat=True).get(pk=user.pk)
        )
        if failures < settings.LOGIN_MAX_FAILURES:
            audit_log(
                action=AuditAction.LOGIN_FAILED,
                instance=user,
                user=user,
                org=user.organization,
                note=f"密码错误，连续第 {failures} 次",
            )
            return None
        until = now + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=until)
        audit_log(
            action=AuditAction.LOCKED,
            instance=user,
            user=user,
            org=user.organization,
            note=f"连续 {failures} 次密码错误，锁定 {settings.LOGIN_LOCKOUT_MINUTES} 分钟",
        )
        return until


def login_authenticate(*, request: HttpRequest, username: str, password: str) -> User:
    """The user for these credentials, or LoginRefused with a Chinese message (audited)."""
    username = username.strip()
    now = timezone.now()
    known = User.objects.select_related("organization").filter(username=username).first()
    if known is not None and known.locked_until is not None and known.locked_until > now:
        audit_log(
            action=AuditAction.LOGIN_FAILED,
            instance=known,
            user=known,
            org=known.organization,
            note="账号锁定期间尝试登录",
        )
        raise LoginRefused(locked_message(known.locked_until, now))
    user = authenticate(request, username=username, password=password)
    if user is None:
        if known is None:
            audit_log(
                action=AuditAction.LOGIN_FAILED,
                model="core.user",
                note=f"未知用户名“{username[:60]}”",
            )
            raise LoginRefused(bad_credentials_message())
        until = _record_failure(known, now)
        if until is not None:
            raise LoginRefused(locked_message(until, now))
        raise LoginRefused(bad_credentials_message())
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        user.failed_logins, user.locked_until = 0, None
    return user
