"""What the honors pages share: the year asked for, downloads, a person in scope, form errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse

from gonghui.core import clock
from gonghui.core.exporting import content_disposition
from gonghui.core.models import Person
from gonghui.core.params import query_year
from gonghui.core.selectors import person_list
from gonghui.core.web import FAILED, Outcome, act, submit, user_of


def _year(request: HttpRequest) -> int:
    """`?year=` (or a form's year): this year when absent; a bad one answers the Chinese 400."""
    this = clock.today().year
    return query_year(request.GET) or query_year(request.POST, default=this)


def _download(content: bytes, filename: str, fallback: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, fallback)
    response["Cache-Control"] = "no-store"
    return response


def _person_in_scope(request: HttpRequest, person_pk: int) -> Person:
    try:
        return person_list(user=user_of(request)).get(pk=person_pk)
    except Person.DoesNotExist:
        raise Http404("找不到该人员，或不在您的管辖范围内") from None


def _form_errors(form: forms.BaseForm) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


def flash_submit(
    request: HttpRequest,
    form: forms.BaseForm,
    fn: Callable[[dict[str, Any]], Any],
    ok: str | Callable[[Any], str] | None = None,
    *,
    invalid: str = "",
) -> Outcome:
    """core.web.submit for a button that posts and goes back to its page (which does not show
    this form): the form's errors (or `invalid`, when given) and the service's refusal become
    the error message."""
    if not form.is_valid():
        messages.error(request, invalid or _form_errors(form))
        return FAILED
    outcome = submit(request, form, fn, ok)
    if not outcome:
        messages.error(request, _form_errors(form))
    return outcome


def _download_or_back(
    request: HttpRequest,
    make: Callable[[], bytes],
    *,
    back: HttpResponse,
    filename: str,
    fallback: str,
    content_type: str,
) -> HttpResponse:
    """The file `make` builds, or (it refused, saying why) back to the page."""
    made = act(request, make)
    if not made:
        return back
    return _download(made.value, filename, fallback, content_type)
