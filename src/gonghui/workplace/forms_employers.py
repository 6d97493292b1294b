"""Forms of the 企业台账 pages (review decisions, settings, budget lines). They only parse input;
the services check and write."""

from __future__ import annotations

from typing import Any

from django import forms

from gonghui.core.forms import DomainErrorFormMixin
from gonghui.workplace.services_employers import NOTE_MAX
from gonghui.workplace.services_settings import LINE_MAX

YEAR_ERRORS = {
    "min_value": "年度应在2000到2100之间",
    "max_value": "年度应在2000到2100之间",
    "invalid": "年度应为四位数字",
    "required": "请填写年度",
}


class DecisionForm(forms.Form):
    """合并到该单位 / 确认为不同单位: an optional note."""

    note = forms.CharField(
        label="核对说明",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"核对说明最多{NOTE_MAX}个字"},
    )


class RejectForm(forms.Form):
    """驳回: the reason is required."""

    note = forms.CharField(
        label="驳回原因",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "请填写驳回原因",
            "max_length": f"驳回原因最多{NOTE_MAX}个字",
        },
    )


class SettingForm(DomainErrorFormMixin, forms.Form):
    column_fields = {
        "year": "year",
        "union_threshold": "union_threshold",
        "site_subsidy": "site_subsidy",
        "rectify_days": "rectify_days",
        "hazard_days": "hazard_days",
    }

    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, error_messages=YEAR_ERRORS
    )
    union_threshold = forms.IntegerField(
        label="单独建会职工人数下限（人）",
        min_value=1,
        max_value=10_000,
        initial=25,
        help_text="职工人数达到此数且未建会的企业，依法推动单独建工会",
        error_messages={
            "required": "请填写单独建会职工人数下限",
            "invalid": "单独建会职工人数下限应为整数",
            "min_value": "单独建会职工人数下限应在1到10000之间",
            "max_value": "单独建会职工人数下限应在1到10000之间",
        },
    )
    site_subsidy = forms.DecimalField(
        label="示范点补助标准（元/个）",
        min_value=0,
        max_digits=12,
        decimal_places=2,
        initial="5000.00",
        error_messages={
            "required": "请填写示范点补助标准",
            "invalid": "示范点补助标准应为金额，如5000.00",
            "min_value": "示范点补助标准不能为负数",
            "max_digits": "示范点补助标准过大",
            "max_decimal_places": "示范点补助标准最多保留两位小数",
        },
    )
    notice_first = forms.BooleanField(
        label="意见书、建议书须先发提示函", required=False, initial=True
    )
    rectify_days = forms.IntegerField(
        label="整改期限（工作日）",
        min_value=1,
        max_value=365,
        initial=15,
        error_messages={
            "required": "请填写整改期限",
            "invalid": "整改期限应为整数",
            "min_value": "整改期限应在1到365个工作日之间",
            "max_value": "整改期限应在1到365个工作日之间",
        },
    )
    hazard_days = forms.IntegerField(
        label="隐患整改期限（工作日）",
        min_value=1,
        max_value=365,
        initial=10,
        error_messages={
            "required": "请填写隐患整改期限",
            "invalid": "隐患整改期限应为整数",
            "min_value": "隐患整改期限应在1到365个工作日之间",
            "max_value": "隐患整改期限应在1到365个工作日之间",
        },
    )


class BudgetForm(DomainErrorFormMixin, forms.Form):
    column_fields = {"year": "year", "line": "line", "amount": "amount"}

    year = forms.IntegerField(
        label="预算年度", min_value=2000, max_value=2100, error_messages=YEAR_ERRORS
    )
    line = forms.CharField(
        label="预算科目",
        max_length=LINE_MAX,
        help_text="如“党工共建示范点补助”；同一年度同名科目再次保存即修改金额",
        error_messages={
            "required": "请填写预算科目",
            "max_length": f"预算科目最多{LINE_MAX}个字",
        },
    )
    amount = forms.DecimalField(
        label="预算金额（元）",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": "请填写预算金额",
            "invalid": "预算金额应为金额，如140000.00",
            "min_value": "预算金额不能为负数",
            "max_digits": "预算金额过大",
            "max_decimal_places": "预算金额最多保留两位小数",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].widget.attrs["placeholder"] = "党工共建示范点补助"
