"""Forms of 一函两书. They only parse input; the services validate."""

from __future__ import annotations

from typing import Any

from django import forms

from gonghui.core import clock
from gonghui.core.forms import DateInput, DomainErrorFormMixin
from gonghui.core.models import User
from gonghui.workplace.models import Letter, LetterKind, Violation
from gonghui.workplace.selectors_letters import notices_open

_AMOUNT = {"inputmode": "decimal"}
_TEXT = {"rows": 5}


def notice_label(notice: Letter) -> str:
    return f"{notice.number}（{notice.employer.name}，{notice.get_violation_display()}）"


class LetterForm(DomainErrorFormMixin, forms.Form):
    column_fields = {
        "文书类型": "kind",
        "前序提示函": "follows",
        "用人单位": "employer",
        "违法情形": "violation",
        "查明事实": "facts",
        "整改要求": "demand",
        "发函日期": "issued_on",
        "整改期限": "deadline",
        "涉及欠薪金额": "arrears_claimed",
        "涉及职工人数": "workers_involved",
    }
    kind = forms.ChoiceField(label="文书类型", choices=LetterKind.choices)
    follows = forms.ModelChoiceField(
        label="前序提示函",
        queryset=Letter.objects.none(),
        required=False,
        empty_label="无（发提示函时不选）",
        help_text="意见书、建议书须跟在发给同一单位的提示函之后（按企业工作设置）",
    )
    employer = forms.CharField(
        label="用人单位",
        max_length=200,
        required=False,
        help_text="单位全称或统一社会信用代码，须为您管辖范围内已登记的用人单位；"
        "选择了前序提示函时可不填",
    )
    violation = forms.ChoiceField(label="违法情形", choices=Violation.choices)
    facts = forms.CharField(
        label="查明事实", max_length=3000, widget=forms.Textarea(_TEXT), strip=True
    )
    demand = forms.CharField(
        label="整改要求", max_length=3000, widget=forms.Textarea(_TEXT), strip=True
    )
    issued_on = forms.DateField(label="发函日期", widget=DateInput)
    deadline = forms.DateField(
        label="整改期限",
        required=False,
        widget=DateInput,
        help_text="留空则按设置自动计算（发函日期后若干个工作日）；不能早于发函日期",
    )
    arrears_claimed = forms.CharField(
        label="涉及欠薪金额（元）",
        max_length=20,
        initial="0",
        widget=forms.TextInput(_AMOUNT),
        help_text="拖欠工资的文书必填；追回欠薪合计不能超过此金额",
    )
    workers_involved = forms.IntegerField(
        label="涉及职工人数", min_value=0, max_value=1_000_000, initial=0
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["follows"]
        field.queryset = notices_open(user=user)  # type: ignore[attr-defined]
        field.label_from_instance = notice_label  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = "所选提示函不存在、已整改或不在您的管辖范围内"
        self.fields["issued_on"].initial = clock.today()


class ReplyForm(forms.Form):
    replied_on = forms.DateField(label="回复日期", widget=DateInput)
    reply = forms.CharField(label="单位回复", max_length=1000, widget=forms.Textarea({"rows": 3}))


class RectifiedForm(forms.Form):
    rectified_on = forms.DateField(label="整改完成日期", widget=DateInput)
    rectification = forms.CharField(
        label="整改情况", max_length=1000, widget=forms.Textarea({"rows": 3})
    )


class UnrectifiedForm(forms.Form):
    note = forms.CharField(label="未整改情况", max_length=1000, widget=forms.Textarea({"rows": 3}))


class RecoveryForm(forms.Form):
    worker_name = forms.CharField(label="职工姓名", max_length=40, required=False)
    id_number = forms.CharField(
        label="身份证号码",
        max_length=30,
        required=False,
        help_text="可不填；填写时须为您管辖范围内已登记的职工，姓名以档案为准",
    )
    claimed = forms.CharField(
        label="被拖欠金额（元）", max_length=20, widget=forms.TextInput(_AMOUNT)
    )
    recovered = forms.CharField(
        label="追回金额（元）", max_length=20, widget=forms.TextInput(_AMOUNT)
    )
    recovered_on = forms.DateField(label="追回日期", widget=DateInput)
