"""Filter sets of the honors list pages (GET forms feeding the scoped selectors)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.core import clock
from gonghui.core.filters import ALL, YES_NO, FilterForm, FilterSet
from gonghui.core.models import NewEmploymentForm, PersonStatus
from gonghui.honors import selectors
from gonghui.honors.models import (
    DemandCategory,
    DemandStatus,
    HonorLevel,
    HonorStatus,
    HonorType,
    SubsidyListStatus,
    VisitOccasion,
    VisitStatus,
)


def _years() -> list[tuple[str, str]]:
    this = clock.today().year
    return ALL + [(str(y), f"{y}年") for y in range(this + 1, this - 6, -1)]


class RegistryFilterForm(FilterForm):
    level = forms.ChoiceField(label="级别", required=False, choices=[*ALL, *HonorLevel.choices])
    honor_type = forms.ChoiceField(label="荣誉类型", required=False)
    org = forms.ChoiceField(label="县区/工会", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=ALL + PersonStatus.choices)
    frontline = forms.ChoiceField(label="一线", required=False, choices=YES_NO)
    hardship = forms.ChoiceField(label="艰苦岗位", required=False, choices=YES_NO)
    key_sector = forms.ChoiceField(label="重点领域", required=False, choices=YES_NO)
    new_form = forms.ChoiceField(
        label="新就业形态",
        required=False,
        choices=[*ALL, ("any", "任一新就业形态"), ("none", "否"), *NewEmploymentForm.choices[1:]],
    )
    valid = forms.ChoiceField(
        label="荣誉",
        required=False,
        choices=[("1", "有有效荣誉"), ("", "全部"), ("0", "已无有效荣誉")],
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["honor_type"].choices = ALL + [  # type: ignore[attr-defined]
            (str(t.pk), t.name) for t in HonorType.objects.filter(collective=False)
        ]
        self.fields["valid"].label = "荣誉状态"


class RegistryFilterSet(FilterSet):
    form_class = RegistryFilterForm
    search_placeholder = "姓名 / 拼音 / 身份证号 / 手机号"

    @property
    def values(self) -> dict[str, Any]:
        v = super().values
        if "valid" not in getattr(self.form, "data", {}):
            v["valid"] = "1"
        return v

    @property
    def queryset(self) -> QuerySet[Any]:
        v = dict(self.values)
        county = v.pop("org", "")
        valid = v.pop("valid", "")
        return selectors.registry_list(user=self.user, county=county, valid=valid, **v)


class HonorTypeFilterForm(FilterForm):
    level = forms.ChoiceField(label="级别", required=False, choices=[*ALL, *HonorLevel.choices])
    collective = forms.ChoiceField(
        label="授予对象", required=False, choices=[*ALL, ("0", "个人荣誉"), ("1", "集体荣誉")]
    )
    active = forms.ChoiceField(
        label="状态", required=False, choices=[*ALL, ("1", "启用"), ("0", "已停用")]
    )


class HonorTypeFilterSet(FilterSet):
    form_class = HonorTypeFilterForm
    search_placeholder = "荣誉名称"

    @property
    def queryset(self) -> QuerySet[Any]:
        return selectors.honor_type_list(**self.values)


class HonorFilterForm(FilterForm):
    status = forms.ChoiceField(label="状态", required=False, choices=ALL + HonorStatus.choices)
    year = forms.ChoiceField(label="年度", required=False)
    collective = forms.ChoiceField(label="集体荣誉", required=False, choices=YES_NO)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        this = clock.today().year
        self.fields["year"].choices = ALL + [(str(y), f"{y}年") for y in range(this, 1989, -1)]  # type: ignore[attr-defined]


class HonorFilterSet(FilterSet):
    form_class = HonorFilterForm
    search_placeholder = "姓名、身份证号、集体名称或文号"

    selector = selectors.honor_list


class VisitFilterForm(FilterForm):
    year = forms.ChoiceField(label="年度", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=ALL + VisitStatus.choices)
    occasion = forms.ChoiceField(
        label="走访时机", required=False, choices=ALL + VisitOccasion.choices
    )
    overdue = forms.ChoiceField(
        label="逾期", required=False, choices=[("", "全部"), ("1", "仅逾期")]
    )
    org = forms.ChoiceField(label="县区/工会", required=False)
    officer = forms.ChoiceField(
        label="走访干部", required=False, choices=[("", "全部"), ("me", "我负责的")]
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()  # type: ignore[attr-defined]


class VisitFilterSet(FilterSet):
    form_class = VisitFilterForm
    search_placeholder = "走访对象姓名、拼音或身份证号"

    selector = selectors.visit_task_list


class SubsidyFilterForm(FilterForm):
    year = forms.ChoiceField(label="年度", required=False)
    status = forms.ChoiceField(
        label="状态", required=False, choices=ALL + SubsidyListStatus.choices
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()  # type: ignore[attr-defined]


class SubsidyFilterSet(FilterSet):
    form_class = SubsidyFilterForm
    search_placeholder = "编制单位"

    @property
    def queryset(self) -> QuerySet[Any]:
        v = dict(self.values)
        q = v.pop("q", "")
        qs = selectors.subsidy_list_list(user=self.user, **v)
        return qs.filter(org__name__icontains=q) if q else qs


class DemandFilterForm(FilterForm):
    status = forms.ChoiceField(
        label="状态", required=False, choices=[*ALL, ("open", "未销号"), *DemandStatus.choices]
    )
    category = forms.ChoiceField(label="类别", required=False, choices=ALL + DemandCategory.choices)
    overdue = forms.ChoiceField(
        label="逾期", required=False, choices=[("", "全部"), ("1", "仅逾期")]
    )


class DemandFilterSet(FilterSet):
    form_class = DemandFilterForm
    search_placeholder = "劳模姓名或诉求标题"

    selector = selectors.demand_list
