"""Filters of the 一函两书 list: search, kind, violation, status, year and organization."""

from __future__ import annotations

from typing import Any

from django import forms

from gonghui.core import clock
from gonghui.core.filters import ALL, FilterForm, FilterSet
from gonghui.core.models import User
from gonghui.workplace import selectors_letters as selectors
from gonghui.workplace.models import LetterKind, LetterStatus, Violation


def year_choices() -> list[tuple[str, str]]:
    this = clock.today().year
    return [(str(y), f"{y}年") for y in range(this, this - 8, -1)]


class LetterFilterForm(FilterForm):
    kind = forms.ChoiceField(label="文书类型", required=False, choices=ALL + LetterKind.choices)
    violation = forms.ChoiceField(label="违法情形", required=False, choices=ALL + Violation.choices)
    status = forms.ChoiceField(label="状态", required=False, choices=ALL + LetterStatus.choices)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    org = forms.ChoiceField(label="发函单位", required=False)
    overdue = forms.BooleanField(label="逾期未整改", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].choices = ALL + year_choices()  # type: ignore[attr-defined]


class LetterFilterSet(FilterSet):
    form_class = LetterFilterForm
    search_placeholder = "文书编号、单位名称或统一社会信用代码"
    selector = selectors.letter_list
