"""Rate limit of the public progress query (claim number + ID number, no login).

Without a limit, anyone could try ID numbers against a known claim number. After
`rules.PROGRESS_MAX_FAILURES` failed lookups from one address within
`rules.PROGRESS_WINDOW_SECONDS`, the address is refused for `rules.PROGRESS_BLOCK_SECONDS`.
Django's cache holds the counts (the default local-memory cache is enough for one process;
a shared cache such as Redis makes the limit hold across processes).

Only REMOTE_ADDR is used: X-Forwarded-For is set by the client and would let anyone reset
their count. Behind a reverse proxy, the proxy must set REMOTE_ADDR to the client's address.
"""

from __future__ import annotations

import hashlib
import math

from django.core.cache import cache
from django.http import HttpRequest

from gonghui.core import clock
from gonghui.mutual_aid import rules

_PREFIX = "mutual_aid:progress:"


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _key(kind: str, address: str) -> str:
    # Hashed: cache keys must be short and free of the ':' and spaces an IPv6 address carries.
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"{_PREFIX}{kind}:{digest}"


def _now() -> float:
    return clock.timestamp()


def blocked_minutes(address: str) -> int:
    """Minutes the address must still wait (0 when it may query)."""
    until = cache.get(_key("block", address))
    if until is None:
        return 0
    left = float(until) - _now()
    return max(math.ceil(left / 60), 1) if left > 0 else 0


def record_failure(address: str) -> bool:
    """Count one failed lookup; True when this failure starts a block."""
    now = _now()
    window = rules.PROGRESS_WINDOW_SECONDS
    key = _key("fail", address)
    recent = [t for t in cache.get(key, []) if now - t < window]
    recent.append(now)
    if len(recent) >= rules.PROGRESS_MAX_FAILURES:
        cache.set(
            _key("block", address),
            now + rules.PROGRESS_BLOCK_SECONDS,
            timeout=rules.PROGRESS_BLOCK_SECONDS,
        )
        cache.delete(key)
        return True
    cache.set(key, recent, timeout=window)
    return False


def blocked_message(minutes: int) -> str:
    return (
        f"查询失败次数过多：同一网络地址{rules.PROGRESS_WINDOW_SECONDS // 60}分钟内"
        f"已有{rules.PROGRESS_MAX_FAILURES}次未查到，为保护申领人信息，暂停查询。"
        f"请约{minutes}分钟后再试；如忘记申领编号，请联系所在工会。"
    )
