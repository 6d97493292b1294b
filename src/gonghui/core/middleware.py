"""Remembers the acting user for the audit log (thread-local, cleared after each request)."""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpRequest, HttpResponse

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
