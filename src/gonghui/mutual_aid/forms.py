"""Forms of the 互助保障 pages; the services do the real validation."""

from __future__ import annotations

from typing import Any

from django import forms

from gonghui.core.errors import DomainError
from gonghui.mutual_aid.models import AidPlan, EventKind, Payer
from gonghui.mutual_aid.services import InvoiceData


class DateInput(forms.DateInput):
    input_type = "date"


def _plans(active: bool = True) -> Any:
    qs = AidPlan.objects.order_by("-year", "category")
    return qs.filter(is_active=True) if active else qs


class EnrollmentForm(forms.Form):
    id_number = forms.CharField(label="身份证号码", max_length=18)
    plan = forms.ModelChoiceField(label="保障项目", queryset=AidPlan.objects.none())
    credit_code = forms.CharField(
        label="参保单位统一社会信用代码",
        max_length=18,
        required=False,
        help_text="单位缴纳、单位与工会分担时必填",
    )
    payer = forms.ChoiceField(label="缴费方式", choices=Payer.choices)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = _plans()  # type: ignore[attr-defined]


class BillForm(forms.Form):
    plan = forms.ModelChoiceField(label="保障项目", queryset=AidPlan.objects.none())
    credit_code = forms.CharField(
        label="参保单位统一社会信用代码",
        max_length=18,
        required=False,
        help_text="不填则为本工会的免费保障（工会全额）名单开单",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = _plans(active=False)  # type: ignore[attr-defined]


class PayForm(forms.Form):
    amount = forms.CharField(label="到账金额（元）", max_length=20)
    paid_on = forms.DateField(label="到账日期", widget=DateInput)
    reference = forms.CharField(label="凭证号", max_length=60, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ClaimForm(forms.Form):
    id_number = forms.CharField(
        label="申领人身份证号码", max_length=18, required=False, help_text="单位代为申报时填写"
    )
    plan = forms.ModelChoiceField(label="保障项目", queryset=AidPlan.objects.none())
    event_kind = forms.ChoiceField(label="事件类型", choices=EventKind.choices)
    event_date = forms.DateField(label="出险（发病/受伤）日期", widget=DateInput)
    diagnosis = forms.CharField(label="诊断", max_length=200)
    hospital = forms.CharField(label="就诊医院", max_length=100, required=False)
    admitted_on = forms.DateField(label="入院日期", widget=DateInput, required=False)
    discharged_on = forms.DateField(label="出院日期", widget=DateInput, required=False)
    self_paid = forms.CharField(label="医保报销后个人自付（元）", max_length=20, initial="0")
    invoices = forms.CharField(
        label="医疗发票",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "每行一张：发票号码,金额"}),
        help_text="每行一张发票：发票号码,金额",
    )
    documents = MultipleFileField(
        label="申领材料（PDF或JPG、PNG图片，每个不超过10MB）", required=False
    )
    payee_bank = forms.CharField(label="开户行", max_length=60, required=False)
    account = forms.CharField(label="银行账号", max_length=30, required=False)

    def __init__(self, *args: Any, member: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = _plans(active=False)  # type: ignore[attr-defined]
        if member:
            del self.fields["id_number"]

    def clean_invoices(self) -> list[InvoiceData]:
        out = []
        for n, line in enumerate(self.cleaned_data.get("invoices", "").splitlines(), 1):
            line = line.strip().replace("，", ",")
            if not line:
                continue
            parts = [p.strip() for p in line.split(",")]
            if len(parts) != 2 or not parts[0]:
                raise forms.ValidationError(f"第{n}行应为“发票号码,金额”")
            out.append(InvoiceData(parts[0], parts[1]))
        return out


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", max_length=300, required=False)


class ProgressForm(forms.Form):
    number = forms.CharField(label="申领编号", max_length=20)
    id_number = forms.CharField(label="申领人身份证号码", max_length=18)


class PaidForm(forms.Form):
    paid_on = forms.DateField(label="银行支付日期", widget=DateInput)


def domain_message(exc: DomainError) -> str:
    return exc.message
