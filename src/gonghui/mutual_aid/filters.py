"""Filter sets of the 互助保障 list pages (on core.filters)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.core.filters import ALL, FilterForm, FilterSet
from gonghui.mutual_aid import selectors
from gonghui.mutual_aid.models import BillStatus, ClaimStatus, EnrollmentStatus


class _PlanFilterForm(FilterForm):
    """A filter form with the 保障项目 choice (the plans read once per form, never at import)."""

    plan = forms.ChoiceField(label="保障项目", required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["plan"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = ALL + [(str(p.pk), str(p)) for p in selectors.plan_list(user=self.user)]


class EnrollmentFilterForm(_PlanFilterForm):
    status = forms.ChoiceField(label="状态", required=False, choices=ALL + EnrollmentStatus.choices)


class EnrollmentFilterSet(FilterSet):
    form_class = EnrollmentFilterForm
    search_placeholder = "姓名、拼音或身份证号"

    selector = selectors.enrollment_list


class ClaimFilterForm(_PlanFilterForm):
    status = forms.ChoiceField(label="状态", required=False, choices=ALL + ClaimStatus.choices)
    overdue = forms.ChoiceField(
        label="超过7个工作日", required=False, choices=[("", "全部"), ("1", "仅超期")]
    )


class ClaimFilterSet(FilterSet):
    form_class = ClaimFilterForm
    search_placeholder = "申领编号、姓名或身份证号"

    selector = selectors.claim_list


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
