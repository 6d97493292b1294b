"""`{% load perms %}`: buttons and row actions drawn from the permission table."""

from __future__ import annotations

from typing import Any

from django import template

from gonghui.core.permissions import can

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed(context: dict[str, Any], key: str, target: Any = None) -> bool:
    """`{% allowed "recuperation.plan.change" plan as may_change %}` for the request's user."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return can(user, key, target)
