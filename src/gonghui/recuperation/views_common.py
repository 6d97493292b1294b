"""What the recuperation pages share: reading `?year=` and posted ids, the form and confirmation
pages, the way back after a button, and file downloads."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core import clock, web
from gonghui.core.exporting import XLSX_TYPE
from gonghui.recuperation.models import Batch

T = TypeVar("T")

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": XLSX_TYPE,
}


def year_param(request: HttpRequest) -> int:
    """`?year=`: this year when absent; a Chinese message and a sensible year when bad."""
    this = clock.today().year
    raw = (request.GET.get("year") or "").strip()
    if not raw:
        return this
    try:
        year = int(raw)
    except ValueError:
        messages.error(request, f"年度“{raw[:20]}”无效，已显示{this}年")
        return this
    clamped = min(max(year, 2000), this + 1)
    if clamped != year:
        messages.error(request, f"年度应在2000年至{this + 1}年之间，已显示{clamped}年")
    return clamped


def int_param(value: Any) -> int | None:
    """A posted id; None when it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def act_on_chosen(
    request: HttpRequest,
    chosen: T | None,
    missing: str,
    fn: Callable[[T], Any],
    ok: Callable[[T], str],
) -> None:
    """A button naming one record (a posted id, looked up among those the user may pick): the
    error `missing` when it named none, else the service `fn` as web.act calls it."""
    if chosen is None:
        messages.error(request, missing)
        return
    picked = chosen
    web.act(request, lambda: fn(picked), ok(picked))


def chosen_batches(
    request: HttpRequest, batches: Iterable[Batch]
) -> tuple[list[Batch], list[Batch]]:
    """The batches ticked as 不能参加 and 希望参加 (unknown or foreign ids are ignored)."""
    chosen = {b.pk: b for b in batches}
    picked = {
        name: [chosen[i] for i in map(int_param, request.POST.getlist(name)) if i in chosen]
        for name in ("unavailable", "preferred")
    }
    return picked["unavailable"], picked["preferred"]


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    title: str,
    back: str,
    submit: str = "保存",
    intro: str = "",
) -> HttpResponse:
    """A page with one form; `back` is the address of the page it returns to."""
    return render(
        request,
        "recuperation/form.html",
        {"title": title, "form": form, "back_href": back, "submit": submit, "intro": intro},
    )


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    details: list[str],
    submit: str,
    back: str,
) -> HttpResponse:
    """A GET asking to confirm what the POST to the same address does."""
    return render(
        request,
        "recuperation/confirm.html",
        {
            "title": title,
            "question": question,
            "details": details,
            "submit": submit,
            "back_href": back,
        },
    )


def back(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the recuperation page the button was on (`next`), else to `default`."""
    nxt = request.POST.get("next", "")
    return redirect(nxt if nxt.startswith("/recuperation/") else default)


def mine_url(anchor: str = "") -> str:
    return reverse("recuperation:mine") + anchor


def download(content: bytes, fmt: str, name: str, ascii_name: str) -> HttpResponse:
    """A file to save: `name` (Chinese) with `ascii_name` for clients that need one."""
    return web.download(
        content, filename=name, fallback=ascii_name, content_type=CONTENT_TYPES[fmt]
    )
