"""Filters of the 建会攻坚, 建会走访, 建会记录, 集中入会 and 示范点 lists."""

from __future__ import annotations

from typing import Any

from django import forms

from gonghui.core import clock
from gonghui.core.filters import ALL, FilterForm, FilterSet
from gonghui.core.models import User
from gonghui.workplace import selectors_organizing as selectors
from gonghui.workplace.models import DriveStatus, SiteStatus, VisitOutcome


def year_choices() -> list[tuple[str, str]]:
    this = clock.today().year
    return ALL + [(str(y), f"{y}年") for y in range(this + 1, this - 6, -1)]


class _YearFilterForm(FilterForm):
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].choices = year_choices()  # type: ignore[attr-defined]


class DriveFilterForm(_YearFilterForm):
    status = forms.ChoiceField(label="状态", required=False, choices=ALL + DriveStatus.choices)
    org = forms.ChoiceField(label="组织单位", required=False)


class DriveFilterSet(FilterSet):
    form_class = DriveFilterForm
    search_placeholder = "攻坚行动名称或目标企业"
    selector = selectors.drive_list


class VisitFilterForm(_YearFilterForm):
    outcome = forms.ChoiceField(
        label="走访结果", required=False, choices=ALL + VisitOutcome.choices
    )


class VisitFilterSet(FilterSet):
    form_class = VisitFilterForm
    search_placeholder = "企业、走访人员或情况"
    selector = selectors.visit_list


class FoundingFilterForm(_YearFilterForm):
    org = forms.ChoiceField(label="上级工会", required=False)


class FoundingFilterSet(FilterSet):
    form_class = FoundingFilterForm
    search_placeholder = "企业、工会名称或主席姓名"
    selector = selectors.founding_list


class JoinEventFilterForm(_YearFilterForm):
    org = forms.ChoiceField(label="主办单位", required=False)


class JoinEventFilterSet(FilterSet):
    form_class = JoinEventFilterForm
    search_placeholder = "活动名称、地点或工会"
    selector = selectors.join_event_list


class SiteFilterForm(_YearFilterForm):
    status = forms.ChoiceField(label="状态", required=False, choices=ALL + SiteStatus.choices)
    budget = forms.ChoiceField(label="预算科目", required=False)
    org = forms.ChoiceField(label="命名单位", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, user=user, **kwargs)
        lines = selectors.budget_choices(user=user)
        self.fields["budget"].choices = ALL + [  # type: ignore[attr-defined]
            (str(b.pk), f"{b.year}年 {b.line}（{b.org.name}）") for b in lines
        ]


class SiteFilterSet(FilterSet):
    form_class = SiteFilterForm
    search_placeholder = "企业名称或凭证号"
    selector = selectors.site_list
