"""Filter sets of the 企业台账 list and the review queue (on core.filters)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.core.filters import ALL, FilterForm, FilterSet
from gonghui.core.models import EmployerKind
from gonghui.workplace import selectors_employers as selectors
from gonghui.workplace.models import ReviewStatus
from gonghui.workplace.rules import OrganizingStatus

SOURCE_CHOICES = ALL + [(s.value, s.label) for s in selectors.FEED_SOURCES]
# Blank is the queue itself (pending); the decided ones on request.
REVIEW_STATES = [
    ("", "待核对"),
    (ReviewStatus.MERGED, "已合并"),
    (ReviewStatus.SEPARATE, "确认为不同单位"),
    (ReviewStatus.REJECTED, "已驳回"),
    ("all", "全部"),
]


class EmployerFilterForm(FilterForm):
    org = forms.ChoiceField(label="所属区县", required=False)
    status = forms.ChoiceField(
        label="组织状态", required=False, choices=ALL + OrganizingStatus.choices
    )
    source = forms.ChoiceField(label="数据来源", required=False, choices=SOURCE_CHOICES)
    kind = forms.ChoiceField(label="单位类型", required=False, choices=ALL + EmployerKind.choices)
    sanxin = forms.ChoiceField(
        label="新经济/新社会组织", required=False, choices=selectors.SANXIN_CHOICES
    )


class EmployerFilterSet(FilterSet):
    form_class = EmployerFilterForm
    search_placeholder = "单位名称或统一社会信用代码"

    def __init__(self, data: Any, *, user: Any, threshold: int | None = None):
        self.threshold = threshold
        super().__init__(data, user=user)

    @property
    def queryset(self) -> QuerySet[Any]:
        return selectors.employer_list(user=self.user, threshold=self.threshold, **self.values)


class ReviewFilterForm(FilterForm):
    status = forms.ChoiceField(label="状态", required=False, choices=REVIEW_STATES)
    source = forms.ChoiceField(label="数据来源", required=False, choices=SOURCE_CHOICES)
    org = forms.ChoiceField(label="属地工会", required=False)


class ReviewFilterSet(FilterSet):
    form_class = ReviewFilterForm
    search_placeholder = "来源名称、统一社会信用代码或同名单位"

    selector = selectors.review_list
