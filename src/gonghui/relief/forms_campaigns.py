"""Forms of the 四送 campaign pages. They only parse input; the services validate."""

from __future__ import annotations

from typing import Any

from django import forms

from gonghui.core import clock
from gonghui.core.filters import ALL, FilterForm, FilterSet
from gonghui.core.forms import DateInput, DomainErrorFormMixin, org_field
from gonghui.core.models import Organization, OrgKind, User
from gonghui.core.money import yuan
from gonghui.core.scope import organizations_for
from gonghui.relief.models import Campaign, CampaignKind, Category
from gonghui.relief.selectors_campaigns import campaign_list
from gonghui.relief.services_campaigns import BudgetData, FundData, StandardData

STANDARD_ROWS = 5
FUND_ROWS = 4
BUDGET_ROWS = 4
_AMOUNT = {"inputmode": "decimal", "class": "form-control form-control-sm"}
_TEXT = {"class": "form-control form-control-sm"}


def year_choices() -> list[tuple[str, str]]:
    this = clock.today().year
    return [(str(y), f"{y}年") for y in range(this + 1, this - 6, -1)]


class CampaignFilterForm(FilterForm):
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label="活动类型", required=False, choices=ALL + CampaignKind.choices)

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].choices = ALL + year_choices()  # type: ignore[attr-defined]


class CampaignFilterSet(FilterSet):
    form_class = CampaignFilterForm
    search_placeholder = "活动名称"
    selector = campaign_list


class CampaignForm(DomainErrorFormMixin, forms.Form):
    """新建四送活动: the campaign, up to five standards, four funds and four budget lines (blank
    rows are left out)."""

    column_fields = {"name": "name", "org": "org"}
    kind = forms.ChoiceField(label="活动类型", choices=CampaignKind.choices)
    name = forms.CharField(label="活动名称", max_length=100)
    year = forms.TypedChoiceField(label="年度", coerce=int)
    org = forms.ModelChoiceField(
        label="主办工会", queryset=Organization.objects.none(), empty_label=None
    )
    starts_on = forms.DateField(label="开始日期", required=False, widget=DateInput)
    ends_on = forms.DateField(label="结束日期", required=False, widget=DateInput)
    note = forms.CharField(label="活动说明", required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()  # type: ignore[attr-defined]
        self.fields["year"].initial = clock.today().year
        orgs = organizations_for(user).filter(kind__in=[OrgKind.CITY, OrgKind.COUNTY])
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["org"].initial = user.organization_id
        self.fields["org"].error_messages["invalid_choice"] = "所选工会不在您的管辖范围内"
        groups = [("", "—")] + [(v, label) for v, label in Category.choices] + [("other", "其他")]
        for i in range(STANDARD_ROWS):
            self.fields[f"s{i}_group"] = forms.ChoiceField(
                label="对象类别",
                required=False,
                choices=groups,
                widget=forms.Select({"class": "form-select form-select-sm"}),
            )
            self.fields[f"s{i}_label"] = forms.CharField(
                label="名称（其他类别必填）",
                required=False,
                max_length=40,
                widget=forms.TextInput(_TEXT),
            )
            self.fields[f"s{i}_amount"] = forms.CharField(
                label="标准（元）", required=False, max_length=20, widget=forms.TextInput(_AMOUNT)
            )
            self.fields[f"s{i}_goods"] = forms.CharField(
                label="慰问物资", required=False, max_length=200, widget=forms.TextInput(_TEXT)
            )
        for i in range(FUND_ROWS):
            self.fields[f"f{i}_source"] = forms.CharField(
                label="资金来源", required=False, max_length=60, widget=forms.TextInput(_TEXT)
            )
            self.fields[f"f{i}_amount"] = forms.CharField(
                label="金额（元）", required=False, max_length=20, widget=forms.TextInput(_AMOUNT)
            )
        for i in range(BUDGET_ROWS):
            self.fields[f"b{i}_line"] = forms.CharField(
                label="预算科目", required=False, max_length=60, widget=forms.TextInput(_TEXT)
            )
            self.fields[f"b{i}_amount"] = forms.CharField(
                label="预算金额（元）",
                required=False,
                max_length=20,
                widget=forms.TextInput(_AMOUNT),
            )
        if not self.is_bound:
            self.initial.update({"s0_group": "deep", "s1_group": "relative"})

    BASE = ("kind", "name", "year", "org", "starts_on", "ends_on", "note")

    def base_fields_bound(self) -> list[forms.BoundField]:
        return [self[name] for name in self.BASE]

    def rows(self, prefix: str, count: int, names: tuple[str, ...]) -> list[list[forms.BoundField]]:
        return [[self[f"{prefix}{i}_{n}"] for n in names] for i in range(count)]

    def standard_rows(self) -> list[list[forms.BoundField]]:
        return self.rows("s", STANDARD_ROWS, ("group", "label", "amount", "goods"))

    def fund_rows(self) -> list[list[forms.BoundField]]:
        return self.rows("f", FUND_ROWS, ("source", "amount"))

    def budget_rows(self) -> list[list[forms.BoundField]]:
        return self.rows("b", BUDGET_ROWS, ("line", "amount"))

    def standards(self) -> list[StandardData]:
        d = self.cleaned_data
        out = []
        for i in range(STANDARD_ROWS):
            group, label = d.get(f"s{i}_group") or "", d.get(f"s{i}_label") or ""
            amount, goods = d.get(f"s{i}_amount") or "", d.get(f"s{i}_goods") or ""
            if not (group or label or amount or goods):
                continue
            if group == "other":
                group = label
            out.append(StandardData(group, label, amount, goods))
        return out

    def funds(self) -> list[FundData]:
        d = self.cleaned_data
        return [
            FundData(d.get(f"f{i}_source") or "", d.get(f"f{i}_amount") or "")
            for i in range(FUND_ROWS)
            if d.get(f"f{i}_source") or d.get(f"f{i}_amount")
        ]

    def budgets(self) -> list[BudgetData]:
        d = self.cleaned_data
        return [
            BudgetData(d.get(f"b{i}_line") or "", d.get(f"b{i}_amount") or "")
            for i in range(BUDGET_ROWS)
            if d.get(f"b{i}_line") or d.get(f"b{i}_amount")
        ]


class ListCreateForm(DomainErrorFormMixin, forms.Form):
    column_fields = {"org": "org", "budget_line": "budget_line"}
    budget_line = forms.ChoiceField(label="预算科目", required=False)

    def __init__(self, *args: Any, user: User, campaign: Campaign, **kwargs: Any):
        super().__init__(*args, **kwargs)
        orgs = organizations_for(user).filter(path__startswith=campaign.org.path)
        self.fields["org"] = org_field("报送单位", orgs, user, initial=user.organization_id)
        self.order_fields(["org", "budget_line"])
        lines = list(campaign.budgets.values_list("line", flat=True))
        self.fields["budget_line"].choices = [("", "—")] + [(x, x) for x in lines]  # type: ignore[attr-defined]


class ItemAddForm(DomainErrorFormMixin, forms.Form):
    column_fields = {
        "id_number": "id_number",
        "person": "id_number",
        "group": "group",
        "amount": "amount",
        "override_reason": "override_reason",
        "goods": "goods",
    }
    id_number = forms.CharField(label="身份证号码", max_length=30)
    group = forms.ChoiceField(label="对象类别")
    amount = forms.CharField(
        label="金额（元）",
        required=False,
        max_length=20,
        help_text="不填按标准",
        widget=forms.TextInput({"inputmode": "decimal"}),
    )
    override_reason = forms.CharField(
        label="调整原因", required=False, max_length=200, help_text="金额高于标准时必填"
    )
    goods = forms.CharField(label="物资", required=False, max_length=200, help_text="不填按标准")

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [  # type: ignore[attr-defined]
            (s.group, f"{s.label}（{yuan(s.amount)}）") for s in campaign.standards.all()
        ]


class GenerateForm(forms.Form):
    groups = forms.MultipleChoiceField(
        label="困难类别", choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )


class ImportForm(forms.Form):
    upload = forms.FileField(
        label="Excel文件",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )
    check_only = forms.BooleanField(label="只校验，不写入", required=False)


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label="我已核对名单，确认提交", required=True)


class ReasonForm(DomainErrorFormMixin, forms.Form):
    column_fields = {"reason": "reason"}
    reason = forms.CharField(label="退回原因", max_length=300, widget=forms.Textarea({"rows": 3}))


class ResolveForm(forms.Form):
    note = forms.CharField(label="处理说明", max_length=300)


class ReceiptForm(DomainErrorFormMixin, forms.Form):
    column_fields = {
        "signed_on": "signed_on",
        "upload": "upload",
        "proxy_name": "proxy_name",
        "proxy_reason": "proxy_reason",
    }
    signed_on = forms.DateField(label="签收日期", widget=DateInput)
    upload = forms.FileField(
        label="签收单扫描件或照片",
        required=False,
        help_text="PDF或图片（JPG、PNG），不超过10MB；代领时可不上传",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    proxy_name = forms.CharField(label="代领人", required=False, max_length=40)
    proxy_reason = forms.CharField(label="代领原因", required=False, max_length=200)
