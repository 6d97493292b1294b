"""Filter sets of the ledger's list pages (on core.filters)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.core.filters import ALL, FilterForm, FilterSet
from gonghui.relief import selectors_cases as selectors
from gonghui.relief.models.cases import CaseStatus, Category

RECHECK_STATES = [
    ("", "全部"),
    ("pending", "待复核"),
    ("overdue", "逾期未复核"),
    ("done", "已复核"),
]


class CaseFilterForm(FilterForm):
    status = forms.ChoiceField(label="状态", required=False, choices=ALL + CaseStatus.choices)
    category = forms.ChoiceField(label="困难类别", required=False, choices=ALL + Category.choices)
    org = forms.ChoiceField(label="建档工会", required=False)


class CaseFilterSet(FilterSet):
    form_class = CaseFilterForm
    search_placeholder = "档案编号、姓名、拼音或身份证号"

    selector = selectors.case_list


class RecheckFilterForm(FilterForm):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    state = forms.ChoiceField(label="复核状态", required=False, choices=RECHECK_STATES)
    org = forms.ChoiceField(label="建档工会", required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        field.error_messages["min_value"] = "年度应在2000到2100之间"
        field.error_messages["max_value"] = "年度应在2000到2100之间"
        field.error_messages["invalid"] = "年度应为四位数字"


class RecheckFilterSet(FilterSet):
    form_class = RecheckFilterForm
    search_placeholder = "档案编号、姓名、拼音或身份证号"

    @property
    def queryset(self) -> QuerySet[Any]:
        return selectors.recheck_list(user=self.user, **self.values)
