"""The one way a page calls a service: run it, show its Chinese error or the success message.

Views never write themselves: they read through selectors, write through services (which check
the permission table and run in a transaction) and report the outcome with these helpers.

    if act(request, lambda: services.claim_accept(user=request.user, claim=claim), "已受理"):
        ...

    outcome = submit(request, form, lambda d: services.plan_create(user=request.user, **d),
                     ok=lambda plan: f"已创建{plan}")
    if outcome:
        return redirect(outcome.value)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from gonghui.core.errors import DomainError
from gonghui.core.models import User


class Outcome(NamedTuple):
    """What a service call came to: truthy when it succeeded; `value` is what it returned."""

    ok: bool
    value: Any = None

    def __bool__(self) -> bool:
        return self.ok


FAILED = Outcome(False)


def user_of(request: HttpRequest) -> User:
    """The signed-in user of a page behind login_required (typed, so views need no ignores)."""
    user = request.user
    assert isinstance(user, User), "user_of() is for pages behind login_required"
    return user


def _say(request: HttpRequest, ok: str | Callable[[Any], str] | None, value: Any) -> None:
    if ok is not None:
        message = ok(value) if callable(ok) else ok
        if message:
            messages.success(request, message)


def act(
    request: HttpRequest, fn: Callable[[], Any], ok: str | Callable[[Any], str] | None = None
) -> Outcome:
    """Call a service; its DomainError becomes an error message (and nothing was written: the
    service runs in a transaction), otherwise `ok` (a text, or a function of the result) is
    shown."""
    try:
        value = fn()
    except DomainError as exc:
        messages.error(request, exc.message)
        return FAILED
    _say(request, ok, value)
    return Outcome(True, value)


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    fn: Callable[[dict[str, Any]], Any],
    ok: str | Callable[[Any], str] | None = None,
) -> Outcome:
    """On a POST with a valid form, call the service with the cleaned data; its DomainError is
    put on the field it names (or on the form) so the page shows it beside the input. A GET, an
    invalid form or a refused call give a falsy Outcome: render the form again."""
    if request.method != "POST" or not form.is_valid():
        return FAILED
    try:
        value = fn(form.cleaned_data)
    except DomainError as exc:
        add_domain_error = getattr(form, "add_domain_error", None)
        if add_domain_error is not None:
            add_domain_error(exc)
        else:
            form.add_error(None, exc.message)
        return FAILED
    _say(request, ok, value)
    return Outcome(True, value)
