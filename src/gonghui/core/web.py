"""The one way a page calls a service: run it, show its Chinese error or the success message.

Views never write themselves: they read through selectors, write through services (which check
the permission table and run in a transaction) and report the outcome with these helpers.

    if act(request, lambda: services.claim_accept(user=request.user, claim=claim), "已受理"):
        ...

    outcome = submit(request, form, lambda d: services.plan_create(user=request.user, **d),
                     ok=lambda plan: f"已创建{plan}")
    if outcome:
        return redirect(outcome.value)

Every page declares itself with one decorator, `page`: signed-in users only, the table action its
POST performs (or none: its POST changes nothing), POST only when it is a button's target; a
view that names a `user` parameter receives the signed-in user:

    @page("recuperation.plan.approve", post=True)
    def plan_approve(request: HttpRequest, user: User, pk: int) -> HttpResponse:
        ...

A button whose small form posts from a page the view then redirects back to uses `act_on_form`;
a file to save is `download` (or `download_or_back` when its service may refuse); the buttons of
a detail page each get their own route from `action_paths`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from typing import IO, Any, NamedTuple, overload

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from gonghui.core.documents import EXTENSIONS
from gonghui.core.errors import DomainError
from gonghui.core.exporting import content_disposition
from gonghui.core.models import User
from gonghui.core.permissions import read_only, route_action


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


def page(
    action: str | Callable[..., str] | None = None, *, post: bool = False
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A page for signed-in users (login_required). `action` is the table action its POST
    performs (core.permissions.route_action: 403 before the view runs for a role the table
    refuses); None declares that its POST changes nothing (read_only). `post`: the page answers
    POST only (a button's target). A view with a `user` parameter receives the signed-in user."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        wants_user = "user" in inspect.signature(view).parameters

        @functools.wraps(view)
        def with_user(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if wants_user:
                kwargs["user"] = user_of(request)
            return view(request, *args, **kwargs)

        inner: Callable[..., HttpResponse] = require_POST(with_user) if post else with_user
        inner = read_only(inner) if action is None else route_action(action)(inner)
        return login_required(inner)

    return decorate


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


def form_errors(form: forms.BaseForm) -> str:
    """A form's errors as one line, for a message on the page the form was posted from."""
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


def act_on_form(
    request: HttpRequest,
    form: forms.BaseForm,
    fn: Callable[[dict[str, Any]], Any],
    ok: str | Callable[[Any], str] | None = None,
    *,
    invalid: str = "",
) -> Outcome:
    """A small form posted from another page (which the view redirects back to): an invalid form
    says `invalid` (or, without one, the form's own errors) and calls nothing; a valid one calls
    the service with the cleaned data as `act` does."""
    if not form.is_valid():
        messages.error(request, invalid or form_errors(form))
        return FAILED
    return act(request, lambda: fn(form.cleaned_data), ok)


@overload
def download(
    content: bytes, *, filename: str, fallback: str, content_type: str
) -> HttpResponse: ...


@overload
def download(
    content: IO[bytes], *, filename: str, fallback: str, content_type: str
) -> FileResponse: ...


def download(
    content: bytes | IO[bytes], *, filename: str, fallback: str, content_type: str
) -> HttpResponse | FileResponse:
    """A file to save: its bytes, or an open file streamed from where it is; `filename` (Chinese)
    with the ASCII `fallback` for clients that need one."""
    response: HttpResponse | FileResponse
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, fallback)
    response["Cache-Control"] = "no-store"
    return response


# The content type of each suffix core.documents saves under (its table, read the other way).
_SUFFIX_TYPES = {ext.lstrip("."): kind for kind, exts in EXTENSIONS.items() for ext in exts}


def show_document(fileobj: IO[bytes], *, path: str, name: str) -> FileResponse:
    """An uploaded document (core.documents) shown in the browser under `name`: its type from
    the stored path's suffix, never cached, never sniffed into something else."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else "bin"
    response = FileResponse(
        fileobj, content_type=_SUFFIX_TYPES.get(suffix, "application/octet-stream")
    )
    response["Content-Disposition"] = content_disposition(name, f"document.{suffix}").replace(
        "attachment;", "inline;", 1
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def download_or_back(
    request: HttpRequest,
    make: Callable[[], bytes],
    *,
    back: HttpResponse,
    filename: str,
    fallback: str,
    content_type: str,
) -> HttpResponse:
    """The file `make` builds, or (its service refused, saying why) `back` to the page."""
    made = act(request, make)
    if not made:
        return back
    return download(made.value, filename=filename, fallback=fallback, content_type=content_type)


def action_paths(
    route: str, view: Callable[..., Any], actions: Iterable[str], name: str
) -> list[URLPattern]:
    """One route per button of a page: `route` and `name` with `{action}` in them, e.g.
    ("visits/<int:pk>/{action}/", "visit_{action}"). Each passes its `action` to the view, so each
    POST route performs one action of the permission table (`route_action` reads the kwarg)."""
    return [
        path(route.format(action=a), view, {"action": a}, name=name.format(action=a))
        for a in actions
    ]
