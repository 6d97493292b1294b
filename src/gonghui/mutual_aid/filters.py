"""Filter sets of the 互助保障 list pages (on core.filters)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.core.filters import ALL, FilterForm, FilterSet
from gonghui.mutual_aid import selectors
from gonghui.mutual_aid.models import AidPlan, BillStatus, ClaimStatus, EnrollmentStatus


def _plan_choices() -> list[tuple[str, str]]:
    return ALL + [(str(p.pk), str(p)) for p in AidPlan.objects.order_by("-year", "category")]


class EnrollmentFilterForm(FilterForm):
    plan = forms.ChoiceField(label="保障项目", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=ALL + EnrollmentStatus.choices)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = _plan_choices()  # type: ignore[attr-defined]


class EnrollmentFilterSet(FilterSet):
    form_class = EnrollmentFilterForm
    search_placeholder = "姓名、拼音或身份证号"

    @property
    def queryset(self) -> QuerySet[Any]:
        return selectors.enrollment_list(user=self.user, **self.values)


class ClaimFilterForm(FilterForm):
    plan = forms.ChoiceField(label="保障项目", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=ALL + ClaimStatus.choices)
    overdue = forms.ChoiceField(
        label="超过7个工作日", required=False, choices=[("", "全部"), ("1", "仅超期")]
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = _plan_choices()  # type: ignore[attr-defined]


class ClaimFilterSet(FilterSet):
    form_class = ClaimFilterForm
    search_placeholder = "申领编号、姓名或身份证号"

    @property
    def queryset(self) -> QuerySet[Any]:
        return selectors.claim_list(user=self.user, **self.values)


class BillFilterForm(FilterForm):
    status = forms.ChoiceField(label="状态", required=False, choices=ALL + BillStatus.choices)


class BillFilterSet(FilterSet):
    form_class = BillFilterForm
    search_placeholder = "（按状态筛选）"

    @property
    def queryset(self) -> QuerySet[Any]:
        v = dict(self.values)
        v.pop("q", None)
        return selectors.bill_list(user=self.user, **v)
