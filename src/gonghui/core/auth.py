"""Password login with lockout: N consecutive failures lock the account for M minutes.

Every attempt is audited (login history): successes, failures, lockouts and logouts, with the
client's address.
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest

from gonghui.core import audit, clock
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, User


class LoginRefused(DomainError):
    """Wrong credentials or a locked account; the message is shown on the login page."""


def _minutes_left(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds() / 60))


def locked_message(until: dt.datetime, now: dt.datetime | None = None) -> str:
    return f"账号已锁定，请 {_minutes_left(until, now or clock.now())} 分钟后再试"


def bad_credentials_message() -> str:
    return (
        f"用户名或密码错误（连续失败 {settings.LOGIN_MAX_FAILURES} 次，"
        f"账号将被锁定 {settings.LOGIN_LOCKOUT_MINUTES} 分钟）"
    )


def client_ip(request: HttpRequest | None) -> str:
    """The client's address (a reverse proxy must set REMOTE_ADDR, see DEVELOPERS.md)."""
    return str(request.META.get("REMOTE_ADDR", "")) if request is not None else ""


def _with_ip(note: str, request: HttpRequest | None) -> str:
    ip = client_ip(request)
    return f"{note}（IP {ip}）" if ip else note


def _record_account_event(user: User, action: str, note: str, request: HttpRequest | None) -> None:
    """An audit entry about a known account signing in or out, with the client's IP."""
    audit.record(
        action=action, instance=user, user=user, org=user.owner_org(), note=_with_ip(note, request)
    )


def _record_failure(
    user: User, now: dt.datetime, request: HttpRequest | None = None
) -> dt.datetime | None:
    """Count one failure; returns the lock end when this failure locks the account."""
    with transaction.atomic():
        # .update() keeps these bookkeeping writes out of the generic change log.
        User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
        failures = (
            User.objects.select_for_update().values_list("failed_logins", flat=True).get(pk=user.pk)
        )
        if failures < settings.LOGIN_MAX_FAILURES:
            _record_account_event(
                user, AuditAction.LOGIN_FAILED, f"密码错误，连续第 {failures} 次", request
            )
            return None
        until = now + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=until)
        _record_account_event(
            user,
            AuditAction.LOCKED,
            f"连续 {failures} 次密码错误，锁定 {settings.LOGIN_LOCKOUT_MINUTES} 分钟",
            request,
        )
        return until


def login_authenticate(*, request: HttpRequest, username: str, password: str) -> User:
    """The user for these credentials, or LoginRefused with a Chinese message (audited)."""
    username = username.strip()
    now = clock.now()
    known = (
        User.objects.select_related("organization", "person__org").filter(username=username).first()
    )
    if known is not None and known.locked_until is not None and known.locked_until > now:
        _record_account_event(known, AuditAction.LOGIN_FAILED, "账号锁定期间尝试登录", request)
        raise LoginRefused(locked_message(known.locked_until, now))
    user = authenticate(request, username=username, password=password)
    if user is None:
        if known is None:
            audit.record(
                action=AuditAction.LOGIN_FAILED,
                model="core.user",
                note=_with_ip(f"未知用户名“{username[:60]}”", request),
            )
            raise LoginRefused(bad_credentials_message())
        if not known.is_active and known.check_password(password):
            # Only someone who knows the password learns that the account was deactivated.
            _record_account_event(known, AuditAction.LOGIN_FAILED, "账号已停用", request)
            raise LoginRefused("账号已停用，请联系本级工会管理员")
        until = _record_failure(known, now, request)
        if until is not None:
            raise LoginRefused(locked_message(until, now))
        raise LoginRefused(bad_credentials_message())
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        user.failed_logins, user.locked_until = 0, None
    return user


def login_record(*, request: HttpRequest, user: User, note: str = "登录成功") -> None:
    """Audit a successful login (the login history's 登录成功 rows)."""
    _record_account_event(user, AuditAction.LOGIN, note, request)


def logout_record(*, request: HttpRequest | None, user: User, note: str = "退出登录") -> None:
    """Audit a logout, by the user or after the idle timeout."""
    _record_account_event(user, AuditAction.LOGOUT, note, request)
