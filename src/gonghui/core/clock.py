"""What day and time it is: the one clock every module reads.

Nothing else calls `timezone.now()`, `date.today()` or `time.time()` (tests/core/test_clock.py
checks the source). Tests that depend on the date freeze it with time-machine, which moves this
clock with everything else; `make test-clock` runs the suite under faketime on awkward days.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """The current moment, timezone-aware (UTC inside, Asia/Shanghai when shown)."""
    return timezone.now()


def today() -> dt.date:
    """Today's date in Asia/Shanghai (the federation's working day)."""
    return timezone.localdate()


def day_of(moment: dt.datetime) -> dt.date:
    """The federation's date (Asia/Shanghai) of a stored moment; converts, reads no clock."""
    return timezone.localdate(moment)


def local_now() -> dt.datetime:
    """The current moment in Asia/Shanghai, for stamps printed on exports."""
    return timezone.localtime(now())


def timestamp() -> float:
    """Seconds since the epoch, for session and rate-limit bookkeeping."""
    return now().timestamp()
