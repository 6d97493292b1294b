"""Forms of the 互助保障 pages; the services do the real validation."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.core.forms import DateInput, DomainErrorFormMixin, MultipleFileField
from gonghui.mutual_aid.models import AidPlan, Category, EventKind, Payer, PayoutRule
from gonghui.mutual_aid.services import BatchSummary, InvoiceData, PlanData


def _plans(active: bool = True) -> QuerySet[AidPlan]:
    """The plans a form offers (a lazy queryset: each form reads them afresh)."""
    qs = AidPlan.objects.order_by("-year", "category")
    return qs.filter(is_active=True) if active else qs


class EnrollmentForm(DomainErrorFormMixin, forms.Form):
    # The page's lookups name the field a refusal belongs to (DomainError.column).
    column_fields = {"id_number": "id_number", "credit_code": "credit_code"}

    id_number = forms.CharField(label="身份证号码", max_length=18)
    plan = forms.ModelChoiceField(label="保障项目", queryset=_plans())
    credit_code = forms.CharField(
        label="参保单位统一社会信用代码",
        max_length=18,
        required=False,
        help_text="单位缴纳、单位与工会分担时必填",
    )
    payer = forms.ChoiceField(label="缴费方式", choices=Payer.choices)


class BillForm(DomainErrorFormMixin, forms.Form):
    column_fields = {"credit_code": "credit_code"}

    plan = forms.ModelChoiceField(label="保障项目", queryset=_plans(active=False))
    credit_code = forms.CharField(
        label="参保单位统一社会信用代码",
        max_length=18,
        required=False,
        help_text="不填则为本工会的免费保障（工会全额）名单开单",
    )


class PayForm(forms.Form):
    amount = forms.CharField(label="到账金额（元）", max_length=20)
    paid_on = forms.DateField(label="到账日期", widget=DateInput)
    reference = forms.CharField(label="凭证号", max_length=60, required=False)


class ClaimForm(DomainErrorFormMixin, forms.Form):
    column_fields = {"id_number": "id_number", "plan": "plan"}

    id_number = forms.CharField(
        label="申领人身份证号码", max_length=18, required=False, help_text="单位代为申报时填写"
    )
    plan = forms.ModelChoiceField(label="保障项目", queryset=_plans(active=False))
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


class IdListField(forms.Field):
    """A list of record ids posted as repeated fields (checkboxes, hidden inputs)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        out = []
        for v in values:
            text = str(v).strip()
            if not text.isdigit():
                raise forms.ValidationError("所选记录无效，请刷新页面后重新勾选")
            out.append(int(text))
        return sorted(set(out))


class _SummaryFields(forms.Form):
    """The summary the officer confirms (count, total, budget line), carried as hidden fields
    from the page that showed it to the service that compares it with the records."""

    count = forms.IntegerField(widget=forms.HiddenInput, required=False)
    total = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def summary(self, budget_line: str) -> BatchSummary | None:
        d = self.cleaned_data
        if d.get("count") is None or not d.get("total"):
            return None
        try:
            total = Decimal(d["total"])
        except InvalidOperation:
            return None
        return BatchSummary(count=d["count"], total=total, budget_line=budget_line)


class BatchForm(_SummaryFields):
    """生成支付批次: the selected waiting payments and the budget line; posted first from the
    payments page (to see the summary), then from the summary with `confirm` ticked."""

    payment = IdListField(label="待支付申领", required=False)
    budget_year = forms.IntegerField(label="预算年度", min_value=2000, max_value=2100)
    budget_line = forms.CharField(label="预算科目", max_length=60)
    step = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm = forms.BooleanField(
        label="我已核对以上笔数、合计金额和预算科目，确认生成支付批次", required=False
    )

    def clean_payment(self) -> list[int]:
        ids: list[int] = self.cleaned_data["payment"]
        if not ids:
            raise forms.ValidationError("请勾选要纳入支付批次的申领")
        return ids


class BatchEditForm(forms.Form):
    budget_year = forms.IntegerField(label="预算年度", min_value=2000, max_value=2100)
    budget_line = forms.CharField(label="预算科目", max_length=60)


class BatchRemoveForm(forms.Form):
    payment = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="移出原因", max_length=200)


class PaidForm(_SummaryFields):
    """标记已支付, on its own confirmation page: the bank's date and voucher, a tick to confirm."""

    paid_on = forms.DateField(label="银行支付日期", widget=DateInput)
    voucher = forms.CharField(label="凭证号", max_length=40)
    budget_line = forms.CharField(widget=forms.HiddenInput, required=False, max_length=60)
    confirm = forms.BooleanField(
        label="我已核对支付日期、凭证号和批次的笔数、合计金额，确认标记已支付（标记后批次锁定，不能撤销）",
        error_messages={"required": "请勾选确认后再标记已支付"},
    )


class BankForm(forms.Form):
    payee_bank = forms.CharField(label="开户行", max_length=60)
    account = forms.CharField(label="银行账号", max_length=40)


class BudgetForm(forms.Form):
    year = forms.IntegerField(label="预算年度", min_value=2000, max_value=2100)
    line = forms.CharField(label="预算科目", max_length=60)
    amount = forms.CharField(
        label="预算金额（元）",
        max_length=20,
        required=False,
        help_text="不填表示只设科目、不控制金额",
    )


class EnrollmentCancelForm(forms.Form):
    on = forms.DateField(
        label="退保日期",
        widget=DateInput,
        help_text="自该日起（含当日）不再保障，此前发生的事件仍可申领",
    )
    reason = forms.CharField(label="退保原因", max_length=200)
    confirm = forms.BooleanField(
        label="我已核实参保人和退保日期，确认办理退保（退保后不能撤销）",
        error_messages={"required": "请勾选确认后再办理退保"},
    )


class CloseForm(forms.Form):
    confirm = forms.BooleanField(
        label="确认停止本期参保登记",
        error_messages={"required": "请勾选确认后再停止参保"},
    )


_DISEASE_SPLIT = re.compile(r"[、,，;；/]+")


def diseases_text(diseases: list[dict[str, Any]]) -> str:
    """The disease list as the textarea shows it: one per line, 名称：关键词、关键词."""
    lines = []
    for d in diseases or []:
        keywords = [k for k in d.get("keywords", []) if k and k != d.get("name")]
        lines.append(d["name"] + ("：" + "、".join(keywords) if keywords else ""))
    return "\n".join(lines)


def parse_diseases(text: str) -> list[dict[str, Any]]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        name, _, rest = line.replace(":", "：").partition("：")
        name = name.strip()
        keywords = [k.strip() for k in _DISEASE_SPLIT.split(rest) if k.strip()]
        out.append({"name": name, "keywords": [name, *[k for k in keywords if k != name]]})
    return out


class PlanForm(forms.Form):
    """保障项目 and the terms of its coverage period; amounts are checked by the service."""

    name = forms.CharField(label="项目名称", max_length=80)
    category = forms.ChoiceField(label="保障类别", choices=Category.choices)
    year = forms.IntegerField(label="年度")
    period_start = forms.DateField(label="保障期起", widget=DateInput)
    period_end = forms.DateField(label="保障期止", widget=DateInput)
    contribution = forms.CharField(label="每人缴费（元）", max_length=20)
    waiting_days = forms.IntegerField(label="观察期（天）", initial=90)
    waiting_exempt_renewal = forms.BooleanField(label="连续续保免观察期", required=False)
    waiting_exempt_accident = forms.BooleanField(label="意外事故免观察期", required=False)
    payout_rule = forms.ChoiceField(label="给付方式", choices=PayoutRule.choices)
    deductible = forms.CharField(label="起付线（元）", max_length=20, initial="0", required=False)
    ratio_percent = forms.CharField(
        label="给付比例（%）",
        max_length=10,
        initial="0",
        required=False,
        help_text="0到100之间，如55表示55%",
    )
    per_day = forms.CharField(label="每日津贴（元）", max_length=20, initial="0", required=False)
    max_days = forms.IntegerField(
        label="每次最多给付天数", initial=0, required=False, help_text="0或不填表示不限"
    )
    fixed_amount = forms.CharField(label="定额（元）", max_length=20, initial="0", required=False)
    cap_per_claim = forms.CharField(label="每次最高给付（元）", max_length=20)
    cap_per_year = forms.CharField(label="年度累计最高给付（元）", max_length=20)
    women_only = forms.BooleanField(label="仅限女职工参加", required=False)
    diseases = forms.CharField(
        label="病种目录",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="重大疾病、女职工特殊疾病项目必填；每行一种：病种名称：诊断关键词、关键词",
    )

    @classmethod
    def initial_from(cls, plan: AidPlan, *, next_period: bool = False) -> dict[str, Any]:
        """Initial values from an existing plan (for the next period: one year later)."""
        start, end, year = plan.period_start, plan.period_end, plan.year
        if next_period:
            year += 1
            start = _one_year_later(start)
            end = _one_year_later(end)
        return {
            "name": plan.name,
            "category": plan.category,
            "year": year,
            "period_start": start,
            "period_end": end,
            "contribution": f"{plan.contribution:.2f}",
            "waiting_days": plan.waiting_days,
            "waiting_exempt_renewal": plan.waiting_exempt_renewal,
            "waiting_exempt_accident": plan.waiting_exempt_accident,
            "payout_rule": plan.payout_rule,
            "deductible": f"{plan.deductible:.2f}",
            "ratio_percent": f"{(plan.ratio * 100).normalize():f}",
            "per_day": f"{plan.per_day:.2f}",
            "max_days": plan.max_days,
            "fixed_amount": f"{plan.fixed_amount:.2f}",
            "cap_per_claim": f"{plan.cap_per_claim:.2f}",
            "cap_per_year": f"{plan.cap_per_year:.2f}",
            "women_only": plan.women_only,
            "diseases": diseases_text(plan.diseases),
        }

    def clean_ratio_percent(self) -> Decimal:
        text = self.cleaned_data["ratio_percent"].strip().rstrip("%％")
        try:
            value = Decimal(text or "0")
        except InvalidOperation:
            raise forms.ValidationError(f"给付比例“{text}”不是有效的数字") from None
        if not value.is_finite():
            raise forms.ValidationError(f"给付比例“{text}”不是有效的数字")
        return value

    def clean_diseases(self) -> list[dict[str, Any]]:
        return parse_diseases(self.cleaned_data.get("diseases", ""))

    def plan_data(self) -> PlanData:
        d = self.cleaned_data
        return PlanData(
            name=d["name"],
            category=d["category"],
            year=d["year"],
            period_start=d["period_start"],
            period_end=d["period_end"],
            contribution=d["contribution"],
            payout_rule=d["payout_rule"],
            cap_per_claim=d["cap_per_claim"],
            cap_per_year=d["cap_per_year"],
            waiting_days=d["waiting_days"],
            waiting_exempt_renewal=d["waiting_exempt_renewal"],
            waiting_exempt_accident=d["waiting_exempt_accident"],
            deductible=d["deductible"] or "0",
            ratio=d["ratio_percent"] / 100,
            per_day=d["per_day"] or "0",
            max_days=d["max_days"] or 0,
            fixed_amount=d["fixed_amount"] or "0",
            women_only=d["women_only"],
            diseases=d["diseases"],
        )


def _one_year_later(day: Any) -> Any:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
