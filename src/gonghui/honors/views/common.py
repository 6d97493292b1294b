"""What the honors pages share: the year asked for (and a page's address for a year), a person in
scope."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.urls import reverse

from gonghui.core import clock
from gonghui.core.models import Person
from gonghui.core.params import query_year
from gonghui.core.selectors import person_list
from gonghui.core.web import user_of


def _year(request: HttpRequest) -> int:
    """`?year=` (or a form's year): this year when absent; a bad one answers the Chinese 400."""
    this = clock.today().year
    return query_year(request.GET) or query_year(request.POST, default=this)


def _year_url(url_name: str, year: int) -> str:
    """The page of a year's settings (节日走访, 补助标准, 年度规则) showing `year`."""
    return f"{reverse(url_name)}?year={year}"


def _person_in_scope(request: HttpRequest, person_pk: int) -> Person:
    try:
        return person_list(user=user_of(request)).get(pk=person_pk)
    except Person.DoesNotExist:
        raise Http404("找不到该人员，或不在您的管辖范围内") from None
