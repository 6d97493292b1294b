"""The one SMS port: a sender behind an interface; the default only writes a (masked) log line.

A real gateway is plugged in with settings.SMS_SENDER = "dotted.path.Class" (a class with
`send(phone, text)`). The log sender also keeps the last messages in memory (`outbox()`), which
the development console and the tests read the registration codes from.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from gonghui.core.validators import mask_phone

log = logging.getLogger("gonghui.sms")


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LogSmsSender:
    """Writes each message to the log with the phone number masked."""

    sent: list[tuple[str, str]] = []  # (masked phone, text), the last 1000

    def send(self, phone: str, text: str) -> None:
        masked = mask_phone(phone) if phone else ""
        LogSmsSender.sent.append((masked, text))
        del LogSmsSender.sent[:-1000]
        log.info("SMS to %s: %s", masked, text)


class NullSmsSender:
    """Sends nothing (demo data: the phone numbers are made up)."""

    def send(self, phone: str, text: str) -> None:
        return None


_muted: ContextVar[bool] = ContextVar("sms_muted", default=False)


@contextmanager
def sms_muted() -> Iterator[None]:
    """No SMS leaves inside the block, whatever sender is configured."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def get_sms_sender() -> SmsSender:
    if _muted.get():
        return NullSmsSender()
    path = getattr(settings, "SMS_SENDER", "")
    return import_string(path)() if path else LogSmsSender()


def send_sms(phone: str, text: str) -> None:
    get_sms_sender().send(phone, text)


def outbox() -> list[tuple[str, str]]:
    """The messages the log sender kept: (masked phone, text), oldest first."""
    return list(LogSmsSender.sent)
