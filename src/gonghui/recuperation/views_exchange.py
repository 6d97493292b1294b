"""Pages of 互派与接待: the year's groups received and sent and the agreements, with the forms
that record them, and an outbound group's people."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.models import User
from gonghui.core.permissions import authorize
from gonghui.core.web import page, submit
from gonghui.recuperation import selectors, services
from gonghui.recuperation.forms import ExchangeForm, InboundForm, OutboundForm
from gonghui.recuperation.views_common import act_on_chosen, form_page, int_param, year_param


def _inbound_page(
    request: HttpRequest, user: User, bound: dict[str, forms.BaseForm] | None = None
) -> HttpResponse:
    """互派与接待 of the user's subtree, with the entry forms (`bound`: the one posted, with its
    errors, by its name in the page: inbound_form, exchange_form or outbound_form)."""
    year = year_param(request)
    x = selectors.year_exchanges(user=user, year=year)
    return render(
        request,
        "recuperation/inbound_list.html",
        {
            "title": "互派交流与来安接待",
            "year": year,
            "groups": x.inbound,
            "people": x.inbound_people,
            "outbound": x.outbound,
            "outbound_people": x.outbound_people,
            "exchanges": x.agreements,
            "inbound_form": InboundForm(agreements=x.agreements),
            "exchange_form": ExchangeForm(),
            "outbound_form": OutboundForm(agreements=x.agreements),
            **(bound or {}),
        },
    )


def _record(
    request: HttpRequest,
    user: User,
    form: forms.BaseForm,
    service: Callable[..., Any],
    ok: str,
    slot: str,
    then: Callable[[Any], HttpResponse] | None = None,
) -> HttpResponse:
    """One of the page's entry forms posted: saved, or the page again with the form's errors."""
    outcome = submit(request, form, lambda d: service(user=user, **d), ok)
    if outcome:
        return then(outcome.value) if then else redirect("recuperation:inbound_list")
    return _inbound_page(request, user, {slot: form})


@page("recuperation.inbound.create")
def inbound_list(request: HttpRequest, user: User) -> HttpResponse:
    """Groups received and agreements (the subtree's); POST records a received group."""
    authorize(user, "recuperation.inbound.view")
    if request.method != "POST":
        return _inbound_page(request, user)
    form = InboundForm(request.POST, agreements=selectors.exchange_list(user=user))
    return _record(
        request, user, form, services.inbound_create, "已登记来安接待团组", "inbound_form"
    )


@page("recuperation.exchange.create", post=True)
def exchange_create(request: HttpRequest, user: User) -> HttpResponse:
    """Record a 互派协议 signed by the user's organization (the form is on 互派与接待)."""
    authorize(user, "recuperation.inbound.view")
    form = ExchangeForm(request.POST)
    return _record(request, user, form, services.exchange_create, "已登记互派协议", "exchange_form")


@page("recuperation.outbound.create", post=True)
def outbound_create(request: HttpRequest, user: User) -> HttpResponse:
    """Record a group sent under a 互派协议 (the form is on 互派与接待); then add its people."""
    authorize(user, "recuperation.inbound.view")
    form = OutboundForm(request.POST, agreements=selectors.exchange_list(user=user))
    return _record(
        request,
        user,
        form,
        services.outbound_create,
        "已登记互派外出团组，请添加参加人员",
        "outbound_form",
        then=lambda group: redirect("recuperation:outbound_detail", pk=group.pk),
    )


@page("recuperation.exchange.change")
def exchange_edit(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    agreement = selectors.exchange_get(user=user, pk=pk)
    authorize(user, "recuperation.exchange.change", agreement)
    form = ExchangeForm(request.POST or None, initial=ExchangeForm.initial_from(agreement))
    if submit(
        request,
        form,
        lambda d: services.exchange_update(user=user, agreement=agreement, **d),
        "互派协议已保存",
    ):
        return redirect("recuperation:inbound_list")
    return form_page(
        request,
        form,
        title=f"编辑互派协议 — {agreement}",
        back=reverse("recuperation:inbound_list"),
    )


# ---------------------------------------------------------------- an outbound group's people


@page("recuperation.outbound.change")
def outbound_detail(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    """An outbound group and its people; POST adds a model worker of the sending organization."""
    authorize(user, "recuperation.inbound.view")
    group = selectors.outbound_get(user=user, pk=pk)
    if request.method == "POST":
        chosen = int_param(request.POST.get("person")) or None
        act_on_chosen(
            request,
            selectors.outbound_candidate(user=user, group=group, person_id=chosen),
            "请选择派出单位管辖范围内的劳模",
            lambda person: services.outbound_add_person(user=user, group=group, person=person),
            lambda person: f"已添加{person.name}，计入其疗休养经历（互派外出）",
        )
        return redirect("recuperation:outbound_detail", pk=group.pk)
    return render(
        request,
        "recuperation/outbound_detail.html",
        {
            "title": f"互派外出团组 — {group}",
            "group": group,
            "trips": selectors.outbound_participants(group),
            "choices": selectors.outbound_candidates(user=user, group=group)[:500],
        },
    )


@page("recuperation.outbound.change", post=True)
def outbound_remove(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    group = selectors.outbound_get(user=user, pk=pk)
    act_on_chosen(
        request,
        selectors.outbound_participant(group, int_param(request.POST.get("person"))),
        "该人员不在本团组中",
        lambda person: services.outbound_remove_person(user=user, group=group, person=person),
        lambda person: f"已将{person.name}移出团组",
    )
    return redirect("recuperation:outbound_detail", pk=group.pk)
