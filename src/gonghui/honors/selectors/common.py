"""What the honors selectors share: the date, the scope of a person's records, the search."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from gonghui.core import clock
from gonghui.core.models import Organization, Person, User
from gonghui.core.scope import scoped
from gonghui.core.selectors import person_search_q


def _today() -> dt.date:
    return clock.today()


def _person_scoped(qs: QuerySet[Any], user: User) -> QuerySet[Any]:
    return scoped(qs, user, org_field="person__org", person_field="person")


def _person_matches(q: str) -> Q:
    """Records of the persons a search names (name, pinyin, ID or phone number)."""
    return Q(person__in=Person.objects.filter(person_search_q(q)).values("pk"))


def _in_subtree_of(org_id: str | int, org_field: str = "person__org") -> Q:
    """Records whose organization lies in the subtree of the organization picked in a filter
    (an unknown one matches nothing)."""
    org = Organization.objects.filter(pk=org_id).first()
    if org is None:
        return Q(pk__in=[])
    return Q(**{f"{org_field}__in": org.subtree()})
