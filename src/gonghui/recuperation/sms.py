"""SMS sending behind an interface; the default sender only writes a (masked) log line.

A real gateway is plugged in with settings.RECUPERATION_SMS_SENDER = "dotted.path.Class"
(a class with `send(phone, text)`); nothing in the workflow depends on SMS arriving, since every
message is also an in-app notification.
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

    sent: list[tuple[str, str]] = []  # kept for tests and the development console

    def send(self, phone: str, text: str) -> None:
        masked = mask_phone(phone) if phone else ""
        LogSmsSender.sent.append((masked, text))
        del LogSmsSender.sent[:-1000]
        log.info("SMS to %s: %s", masked, text)


class NullSmsSender:
    """Sends nothing (demo data: the phone numbers are made up)."""

    def send(self, phone: str, text: str) -> None:
        return None


_muted: ContextVar[bool] = ContextVar("recuperation_sms_muted", default=False)


@contextmanager
def sms_muted() -> Iterator[None]:
    """No SMS leaves inside the block, whatever sender is configured (in-app notices still do)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def get_sms_sender() -> SmsSender:
    if _muted.get():
        return NullSmsSender()
    path = getattr(settings, "RECUPERATION_SMS_SENDER", "")
    return import_string(path)() if path else LogSmsSender()
