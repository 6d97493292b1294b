"""Forms of the recuperation pages. They only parse input; services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model, Q, QuerySet
from django.forms.models import model_to_dict

from gonghui.core.errors import DomainError
from gonghui.core.forms import DateInput, DomainErrorFormMixin
from gonghui.recuperation import rules
from gonghui.recuperation.models import Base, Batch, ExchangeAgreement, ItemKind, Plan


class RecordInitialMixin:
    """`initial_from(record)`: the initial values of the form's fields the record has too."""

    @classmethod
    def initial_from(cls, record: Model) -> dict[str, Any]:
        fields = list(getattr(cls, "base_fields", {}))
        return model_to_dict(record, fields=fields)


class PlanForm(RecordInitialMixin, DomainErrorFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="方案名称", max_length=120)
    budget = forms.DecimalField(label="预算（元）", max_digits=12, decimal_places=2, min_value=0)
    budget_line = forms.CharField(label="预算科目", max_length=100, initial="工会经费·职工疗休养")
    seed = forms.IntegerField(label="抽签种子", help_text="同分时按此种子公开抽签，任何人可复算")
    cooldown_years = forms.IntegerField(
        label="间隔年限", min_value=1, initial=2, help_text="2 表示两年内不重复安排"
    )
    skip_if_provincial_trip_same_year = forms.BooleanField(
        label="当年参加省级疗休养的不再安排市级", required=False, initial=True
    )
    exclude_retired = forms.BooleanField(label="不含退休人员", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in rules.WEIGHT_LABELS.items():
            self.fields[f"w_{key}"] = forms.IntegerField(
                label=f"权重·{label}", min_value=0, initial=rules.DEFAULT_POLICY["weights"][key]
            )

    def plan_data(self) -> dict[str, Any]:
        """What plan_create / plan_update take from the form (the year aside)."""
        d = self.cleaned_data
        keys = ("title", "budget", "budget_line", "seed")
        return {**{k: d[k] for k in keys}, "policy": self.policy()}

    def policy(self) -> dict[str, Any]:
        d = self.cleaned_data
        policy = rules.default_policy()
        policy["cooldown_years"] = d["cooldown_years"]
        policy["skip_if_provincial_trip_same_year"] = d["skip_if_provincial_trip_same_year"]
        policy["exclude_retired"] = d["exclude_retired"]
        policy["weights"] = {k: d[f"w_{k}"] for k in rules.WEIGHT_LABELS}
        return policy

    @classmethod
    def initial_from(cls, record: Model) -> dict[str, Any]:
        assert isinstance(record, Plan)
        initial = super().initial_from(record)
        policy = record.policy
        for key in ("cooldown_years", "skip_if_provincial_trip_same_year", "exclude_retired"):
            initial[key] = policy.get(key)
        for key, value in policy.get("weights", {}).items():
            initial[f"w_{key}"] = value
        return initial


def parse_travel(text: str) -> dict[str, str]:
    """Lines like "610902=900" or "*=1000" (县区代码或名称=往返差旅费)."""
    out: dict[str, str] = {}
    for n, line in enumerate(text.replace("，", ",").replace(",", "\n").splitlines(), start=1):
        line = line.strip().replace("＝", "=").replace("：", "=").replace(":", "=")
        if not line:
            continue
        if "=" not in line:
            raise DomainError(f"差旅费第{n}行“{line}”格式不对，应为“县区代码=金额”，如 610902=900")
        code, amount = (part.strip() for part in line.split("=", 1))
        out[code] = amount
    return out


class BatchForm(RecordInitialMixin, DomainErrorFormMixin, forms.Form):
    code = forms.CharField(label="批次编号", max_length=10, initial="B1")
    base = forms.ModelChoiceField(
        label="基地", queryset=Base.objects.filter(is_active=True), empty_label="请选择"
    )
    start_date = forms.DateField(label="出发日期", widget=DateInput)
    end_date = forms.DateField(label="返回日期", widget=DateInput)
    min_size = forms.IntegerField(label="最少人数", min_value=0, initial=30)
    max_size = forms.IntegerField(label="最多人数", min_value=0, initial=40)
    cost_per_person = forms.DecimalField(
        label="人均费用（元）", max_digits=10, decimal_places=2, min_value=0
    )
    travel_cost = forms.CharField(
        label="往返差旅费（按差旅标准）",
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="*=1000.00",
        help_text="每行“县区代码=金额”，如 610902=900；“*”为其余县区",
    )

    column_fields = {"差旅费": "travel_cost", "请填写默认差旅费": "travel_cost"}

    def __init__(self, *args: Any, batch: Batch | None = None, **kwargs: Any) -> None:
        if batch is not None:
            kwargs.setdefault("initial", self.initial_from(batch))
        super().__init__(*args, **kwargs)
        if batch is not None:
            # A batch keeps its base even after the base was deactivated.
            field = self.fields["base"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Base.objects.filter(Q(is_active=True) | Q(pk=batch.base_id))

    @classmethod
    def initial_from(cls, record: Model) -> dict[str, Any]:
        assert isinstance(record, Batch)
        travel = dict(record.travel_cost)
        default = travel.pop("*", None)
        lines = [f"{code}={amount}" for code, amount in sorted(travel.items())]
        if default is not None:
            lines.append(f"*={default}")
        return {**super().initial_from(record), "travel_cost": "\n".join(lines)}


class ApproveForm(DomainErrorFormMixin, forms.Form):
    meeting_date = forms.DateField(label="党组会日期", widget=DateInput)
    minute_no = forms.CharField(label="会议纪要编号", max_length=60)


class VersionForm(DomainErrorFormMixin, forms.Form):
    reason = forms.CharField(
        label="修订原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class NeedForm(DomainErrorFormMixin, forms.Form):
    diet = forms.CharField(label="饮食要求", max_length=200, required=False)
    health = forms.CharField(
        label="健康状况",
        max_length=500,
        required=False,
        help_text="如糖尿病、高血压；仅接待保障使用，加密保存",
    )
    mobility = forms.CharField(label="行动能力", max_length=100, required=False)
    emergency_name = forms.CharField(label="紧急联系人", max_length=40, required=False)
    emergency_phone = forms.CharField(label="紧急联系电话", max_length=20, required=False)


class FeedbackForm(DomainErrorFormMixin, forms.Form):
    satisfaction = forms.TypedChoiceField(
        label="满意度", coerce=int, choices=[(i, f"{i}分") for i in range(5, 0, -1)]
    )
    comments = forms.CharField(
        label="意见建议", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AgreementChoiceMixin:
    """The 互派协议 dropdown offers only the agreements the user may see (their subtree's):
    the form takes them as `agreements` (none when not given)."""

    fields: dict[str, forms.Field]

    def __init__(
        self, *args: Any, agreements: QuerySet[ExchangeAgreement] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.limit_agreements(agreements)

    def limit_agreements(self, agreements: QuerySet[ExchangeAgreement] | None) -> None:
        field = self.fields["agreement"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agreements if agreements is not None else ExchangeAgreement.objects.none()


class InboundForm(AgreementChoiceMixin, DomainErrorFormMixin, forms.Form):
    agreement = forms.ModelChoiceField(
        label="互派协议",
        queryset=ExchangeAgreement.objects.none(),
        required=False,
        empty_label="（无）",
    )
    partner = forms.CharField(label="来访单位", max_length=100)
    size = forms.IntegerField(label="人数", min_value=0)
    start_date = forms.DateField(label="抵达日期", widget=DateInput)
    end_date = forms.DateField(label="离开日期", widget=DateInput)
    sites = forms.CharField(
        label="参观地点", max_length=300, required=False, help_text="如 瀛湖、石泉、紫阳"
    )
    local_spending = forms.DecimalField(
        label="当地消费（元）", max_digits=12, decimal_places=2, min_value=0, initial=0
    )


class OutboundForm(AgreementChoiceMixin, DomainErrorFormMixin, forms.Form):
    agreement = forms.ModelChoiceField(
        label="互派协议", queryset=ExchangeAgreement.objects.none(), empty_label=None
    )
    destination = forms.CharField(
        label="目的地", max_length=100, help_text="对方安排的疗休养地点或基地"
    )
    start_date = forms.DateField(label="出发日期", widget=DateInput)
    end_date = forms.DateField(label="返回日期", widget=DateInput)
    note = forms.CharField(label="备注", max_length=300, required=False)


class ExchangeForm(RecordInitialMixin, DomainErrorFormMixin, forms.Form):
    partner = forms.CharField(label="合作工会", max_length=100)
    city = forms.CharField(label="所在城市", max_length=60)
    signed_on = forms.DateField(label="签订日期", widget=DateInput)
    valid_until = forms.DateField(label="有效期至", widget=DateInput, required=False)
    terms = forms.CharField(
        label="协议内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="资源互联、优势互补、信息互通、人员互动、客源互送",
    )


class BaseForm(RecordInitialMixin, DomainErrorFormMixin, forms.Form):
    name = forms.CharField(label="基地名称", max_length=100)
    place = forms.CharField(label="所在地", max_length=100)
    capacity = forms.IntegerField(label="接待能力（人/批）", min_value=0, initial=40)
    services = forms.CharField(
        label="服务内容", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    contact = forms.CharField(label="联系人及电话", max_length=100, required=False)


class BaseEditForm(BaseForm):
    is_active = forms.BooleanField(
        label="启用", required=False, help_text="停用的基地保留历史记录，但不能再安排新批次"
    )


class StaffForm(DomainErrorFormMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    duty = forms.CharField(label="职责", max_length=60, initial="领队")
    phone = forms.CharField(label="联系电话", max_length=20, required=False)


class ItineraryForm(DomainErrorFormMixin, forms.Form):
    date = forms.DateField(label="日期", widget=DateInput)
    kind = forms.ChoiceField(label="内容类别", choices=ItemKind.choices)
    title = forms.CharField(label="安排", max_length=120, required=False)
    place = forms.CharField(label="地点", max_length=100, required=False)
