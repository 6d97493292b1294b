"""Filters of the 金秋助学, 夏送清凉 and 春送岗位 lists and of the figures page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.core import clock
from gonghui.core.errors import DomainError
from gonghui.core.filters import ALL, FilterForm, FilterSet
from gonghui.core.models import User
from gonghui.relief import selectors_activities as selectors
from gonghui.relief.models import CampaignKind, GrantStatus
from gonghui.relief.selectors_figures import FIGURES, FigureScope, figure_scope


def year_choices() -> list[tuple[str, str]]:
    this = clock.today().year
    return [(str(y), f"{y}年") for y in range(this + 1, this - 6, -1)]


def campaign_choices(user: User, kind: str = "") -> list[tuple[str, str]]:
    seen = selectors.campaigns_seen(user=user, kind=kind).order_by("-year", "kind", "id")
    return ALL + [(str(c.pk), f"{c.year}年 {c.name}") for c in seen]


class _ActivityFilterForm(FilterForm):
    kind: str = ""
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    campaign = forms.ChoiceField(label="活动", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].choices = ALL + year_choices()  # type: ignore[attr-defined]
        self.fields["campaign"].choices = campaign_choices(user, self.kind)  # type: ignore[attr-defined]


class GrantFilterForm(_ActivityFilterForm):
    kind = CampaignKind.SCHOOLING
    status = forms.ChoiceField(label="状态", required=False, choices=ALL + GrantStatus.choices)


class GrantFilterSet(FilterSet):
    form_class = GrantFilterForm
    search_placeholder = "学生姓名、职工姓名或院校"
    selector = selectors.grant_list


class SiteFilterForm(_ActivityFilterForm):
    kind = CampaignKind.COOLNESS


class SiteFilterSet(FilterSet):
    form_class = SiteFilterForm
    search_placeholder = "企业或点位"
    selector = selectors.site_list


class FairFilterForm(_ActivityFilterForm):
    kind = CampaignKind.JOBS


class FairFilterSet(FilterSet):
    form_class = FairFilterForm
    search_placeholder = "地点"
    selector = selectors.fair_list


# ---------------------------------------------------------------- figures


class FigureFilterForm(FilterForm):
    """年度, 活动 and 组织 (the user's subtree) of the figures page and its drill-downs."""

    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    campaign = forms.ChoiceField(label="活动", required=False)
    org = forms.ChoiceField(label="组织", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].choices = year_choices()  # type: ignore[attr-defined]
        self.fields["campaign"].choices = campaign_choices(user)  # type: ignore[attr-defined]


class FigureFilterSet(FilterSet):
    """The scope of the figures; `queryset` is the drill-down of the figure `key`."""

    form_class = FigureFilterForm

    def __init__(self, data: Any, *, user: User, key: str = "households"):
        super().__init__(data, user=user)
        self.key = key

    @property
    def scope(self) -> FigureScope:
        v = self.values
        try:
            return figure_scope(
                user=self.user,
                year=v.get("year") or clock.today().year,
                org=v.get("org"),
                campaign=v.get("campaign"),
            )
        except DomainError:
            # The form's choices already keep to the user's scope; nothing else is shown.
            return figure_scope(user=self.user, year=clock.today().year)

    @property
    def queryset(self) -> QuerySet[Any]:
        return FIGURES[self.key].rows(self.scope)
