"""Request plumbing: the acting user for the audit log (thread-local, cleared after each request),
the staff idle timeout and the forced password change."""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from gonghui.core import clock

_state = threading.local()


def get_current_user() -> Any:
    return getattr(_state, "user", None)


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Attribute audit entries to `user` outside a request (commands, jobs, tests)."""
    previous = getattr(_state, "user", None)
    _state.user = user
    try:
        yield
    finally:
        _state.user = previous


class CurrentUserMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        _state.user = user if user is not None and user.is_authenticated else None
        try:
            return self.get_response(request)
        finally:
            _state.user = None


class IdleTimeoutMiddleware:
    """Log a staff user out after IDLE_TIMEOUT_MINUTES without a request (shared office PCs)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.role != "member":
            now = int(clock.timestamp())
            last = request.session.get("last_seen")
            limit = settings.IDLE_TIMEOUT_MINUTES * 60
            if isinstance(last, int) and now - last > limit:
                from gonghui.core.auth import logout_record  # auth imports the audit → here

                logout_record(
                    request=request,
                    user=user,
                    note=f"超过{settings.IDLE_TIMEOUT_MINUTES}分钟未操作，自动退出",
                )
                logout(request)
                messages.info(request, f"超过{settings.IDLE_TIMEOUT_MINUTES}分钟未操作，请重新登录")
                return redirect_to_login(request.get_full_path())
            # Written at most once a minute, so most requests do not save the session.
            if not isinstance(last, int) or now - last >= 60:
                request.session["last_seen"] = now
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """Until a temporary password is changed, every page leads to 修改密码 (or 退出)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            target = reverse("core:password_change")
            exempt = (target, reverse("core:logout"), settings.STATIC_URL, "/api/")
            if not request.path.startswith(exempt):
                messages.warning(request, "您正在使用临时密码，请先修改密码")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
