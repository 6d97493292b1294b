"""Filters of the 企业点单 and 技术服务分队 lists."""

from __future__ import annotations

from typing import Any

from django import forms

from gonghui.core import clock
from gonghui.core.filters import ALL, FilterForm, FilterSet
from gonghui.core.models import User
from gonghui.workplace import selectors_service as selectors
from gonghui.workplace.models import Field, NeedKind, NeedStatus, Urgency


class NeedFilterForm(FilterForm):
    status = forms.ChoiceField(label="状态", required=False, choices=ALL + NeedStatus.choices)
    field = forms.ChoiceField(label="所属领域", required=False, choices=ALL + Field.choices)
    urgency = forms.ChoiceField(label="紧急程度", required=False, choices=ALL + Urgency.choices)
    kind = forms.ChoiceField(label="需求类型", required=False, choices=ALL + NeedKind.choices)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    org = forms.ChoiceField(label="属地工会", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, user=user, **kwargs)
        this = clock.today().year
        years = [(str(y), f"{y}年") for y in range(this, this - 6, -1)]
        self.fields["year"].choices = ALL + years  # type: ignore[attr-defined]


class NeedFilterSet(FilterSet):
    form_class = NeedFilterForm
    search_placeholder = "点单编号、企业、标题或分队"
    selector = selectors.need_list


class SquadFilterForm(FilterForm):
    field = forms.ChoiceField(label="服务领域", required=False, choices=ALL + Field.choices)
    active = forms.ChoiceField(
        label="状态", required=False, choices=[*ALL, ("1", "在岗"), ("0", "停止服务")]
    )
    org = forms.ChoiceField(label="所属工会", required=False)


class SquadFilterSet(FilterSet):
    form_class = SquadFilterForm
    search_placeholder = "分队名称或成员姓名"
    selector = selectors.squad_list
