"""`{% load workdays %}`: “（按周一至周五估算）” beside deadlines in years without a calendar, and
the banner asking the admin for next year's 节假日安排."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from gonghui.core import clock, workdays
from gonghui.core.permissions import can

register = template.Library()

# From this month on, next year's notice is due (the State Council publishes it in autumn).
BANNER_FROM_MONTH = 11


@register.filter
def estimate_note(value: Any) -> str:
    """`{{ task.due_date|estimate_note }}`: the note when the date's year has no calendar."""
    if isinstance(value, dt.date) and not workdays.year_known(value.year):
        return workdays.ESTIMATE_NOTE
    return ""


def banner_year(user: Any, today: dt.date | None = None) -> int | None:
    """Next year, when `user` may enter it, it is November or later and it is still unknown."""
    if user is None or not can(user, "core.calendar.change"):
        return None
    today = today or clock.today()
    if today.month < BANNER_FROM_MONTH:
        return None
    year = today.year + 1
    return None if workdays.year_known(year) else year


@register.inclusion_tag("core/calendar/_banner.html", takes_context=True)
def calendar_banner(context: dict[str, Any]) -> dict[str, Any]:
    """The banner of base.html (nothing on pages rendered without a request, such as the 500)."""
    request = context.get("request")
    return {"year": banner_year(getattr(request, "user", None))}
