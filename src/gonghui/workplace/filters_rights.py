"""Filters of the mediation, inspection and consultation lists."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from gonghui.core import clock
from gonghui.core.filters import ALL, FilterForm, FilterSet
from gonghui.core.models import User
from gonghui.workplace import selectors_rights as selectors
from gonghui.workplace.models import Body, Channel, MediationStage, Violation

_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)


def year_choices() -> list[tuple[str, str]]:
    this = clock.today().year
    return ALL + [(str(y), f"{y}年") for y in range(this, this - 8, -1)]


class _YearForm(FilterForm):
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].choices = year_choices()  # type: ignore[attr-defined]


class MediationFilterForm(_YearForm):
    stage = forms.ChoiceField(label="阶段", required=False, choices=ALL + MediationStage.choices)
    body = forms.ChoiceField(label="协同单位", required=False, choices=ALL + Body.choices)
    dispute = forms.ChoiceField(label="争议类型", required=False, choices=ALL + Violation.choices)


class MediationFilterSet(FilterSet):
    form_class = MediationFilterForm
    search_placeholder = "案件编号、申请人、被申请人或单位"
    selector = selectors.mediation_list


HAZARD_STATES = [
    ("", "全部"),
    ("open", "有未整改隐患"),
    ("overdue", "有逾期未整改隐患"),
    ("none", "未发现隐患"),
]


class InspectionFilterForm(_YearForm):
    hazards = forms.ChoiceField(label="隐患", required=False, choices=HAZARD_STATES)


class InspectionFilterSet(FilterSet):
    form_class = InspectionFilterForm
    search_placeholder = "被检查单位、统一社会信用代码或检查人员"
    selector = selectors.inspection_list


class MonthInput(forms.TextInput):
    input_type = "month"


class ConsultationFilterForm(FilterForm):
    channel = forms.ChoiceField(label="咨询方式", required=False, choices=ALL + Channel.choices)
    topic = forms.ChoiceField(label="咨询事项", required=False, choices=ALL + Violation.choices)
    month = forms.CharField(label="月份", required=False, max_length=7, widget=MonthInput)

    def clean_month(self) -> tuple[int, int] | None:
        raw = (self.cleaned_data.get("month") or "").strip()
        if not raw:
            return None
        found = _MONTH.match(raw)
        if not found or not (1900 <= int(found[1]) <= 2100 and 1 <= int(found[2]) <= 12):
            raise forms.ValidationError("月份应为“2026-03”这样的年月")
        return int(found[1]), int(found[2])


class ConsultationFilterSet(FilterSet):
    form_class = ConsultationFilterForm
    search_placeholder = "咨询内容、解答、咨询人或单位"
    selector = selectors.consultation_list

    def describe(self) -> str:
        parts = []
        for name, value in self.values.items():
            if name == "month":
                parts.append(f"月份={value[0]}-{value[1]:02d}")
            else:
                field = self.form.fields[name]
                shown = dict(getattr(field, "choices", [])).get(str(value), value)
                parts.append(f"{field.label}={str(shown).strip()}")
        return "；".join(parts)
