"""Forms of the honors pages; validation of meaning stays in services (Chinese DomainError)."""

from __future__ import annotations

from typing import Any

from django import forms

from gonghui.core import clock
from gonghui.core.forms import DateInput, org_field
from gonghui.core.models import Organization, Role, User
from gonghui.core.scope import organizations_for, scoped
from gonghui.honors import selectors
from gonghui.honors.exporters import DEFAULT_ROSTER_KEYS, ROSTER_COLUMNS, ROSTER_RECIPIENTS
from gonghui.honors.models import (
    EVENT_OCCASIONS,
    DemandCategory,
    Department,
    HonorCategory,
    HonorLevel,
    HonorType,
    YearRules,
)


def _today() -> Any:
    return clock.today()


def _day(label: str) -> forms.DateField:
    """A date that defaults to today; a missing or unreadable one is named in the message (the
    buttons that post it show messages, not the form)."""
    return forms.DateField(
        label=label,
        widget=DateInput,
        initial=_today,
        error_messages={"required": f"请填写{label}", "invalid": f"{label}格式不正确"},
    )


def officers_in_scope(user: User) -> Any:
    """Staff who can act in the user's subtree (for officer pickers)."""
    return (
        scoped(User.objects.all(), user, org_field="organization")
        .filter(
            role__in=[Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.GRASSROOTS_CHAIR],
            is_active=True,
        )
        .order_by("username")
    )


class HonorForm(forms.Form):
    id_number = forms.CharField(
        label="获得者身份证号码",
        max_length=18,
        required=False,
        help_text="个人荣誉填写；须已在人员档案中（可从劳模详情页直接登记）",
    )
    organization = forms.ModelChoiceField(
        label="获得集体",
        queryset=Organization.objects.none(),
        required=False,
        help_text="集体荣誉填写",
    )
    honor_type = forms.ModelChoiceField(
        label="荣誉类型", queryset=HonorType.objects.filter(is_active=True)
    )
    year = forms.IntegerField(label="授予年度", min_value=1950)
    authority = forms.CharField(label="授予机关", max_length=100, required=False)
    doc_number = forms.CharField(label="文号", max_length=60, required=False)

    def __init__(self, *args: Any, user: User, person: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = org_field(
            "获得集体", organizations_for(user), user, required=False, help_text="集体荣誉填写"
        )
        self.fields["year"].initial = _today().year
        if person is not None:
            del self.fields["id_number"]
            del self.fields["organization"]
            self.fields["honor_type"].queryset = HonorType.objects.filter(  # type: ignore[attr-defined]
                is_active=True, collective=False
            )


class HonorTypeForm(forms.Form):
    """The catalog entry; meaning (duplicates, kind vs category) is checked in services."""

    name = forms.CharField(label="荣誉名称", max_length=60, required=False)
    collective = forms.TypedChoiceField(
        label="授予对象",
        choices=[("0", "个人荣誉（授予个人）"), ("1", "集体荣誉（授予组织或集体）")],
        coerce=lambda v: v == "1",
        required=False,
        initial="0",
    )
    category = forms.ChoiceField(
        label="类别",
        required=False,
        choices=[("", "请选择"), *[c for c in HonorCategory.choices if c[0] != "collective"]],
        help_text="个人荣誉填写；集体荣誉自动归为“集体荣誉”",
    )
    level = forms.ChoiceField(
        label="级别", required=False, choices=[("", "请选择"), *HonorLevel.choices]
    )
    sort = forms.IntegerField(
        label="排序", initial=100, required=False, help_text="同级别内数字小的排在前面"
    )
    is_active = forms.BooleanField(
        label="启用（停用后不再用于登记新的荣誉，已有荣誉不受影响）", required=False, initial=True
    )

    @staticmethod
    def initial_for(ht: HonorType) -> dict[str, Any]:
        return {
            "name": ht.name,
            "collective": "1" if ht.collective else "0",
            "category": "" if ht.collective else ht.category,
            "level": ht.level,
            "sort": ht.sort,
            "is_active": ht.is_active,
        }

    @staticmethod
    def values(d: dict[str, Any]) -> dict[str, Any]:
        """Keyword arguments for services.honor_type_create/update from the cleaned data."""
        return {
            "name": d.get("name", ""),
            "collective": bool(d.get("collective")),
            "level": d.get("level") or 0,
            "category": d.get("category", ""),
            "sort": 100 if d.get("sort") is None else d["sort"],
            "is_active": bool(d.get("is_active")),
        }


class RevokeForm(forms.Form):
    revoked_on = _day("撤销日期")
    reason = forms.CharField(label="撤销原因", max_length=200, required=False)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label="事件", choices=EVENT_OCCASIONS)
    occurred_on = _day("发生日期")
    note = forms.CharField(label="情况说明", max_length=300, required=False)


class MoveForm(forms.Form):
    to_org = forms.ModelChoiceField(label="迁入组织", queryset=Organization.objects.none())
    on = _day("迁移日期")

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["to_org"] = org_field("迁入组织", organizations_for(user), user)


class BankForm(forms.Form):
    bank_name = forms.CharField(label="开户银行", max_length=60, required=False)
    account = forms.CharField(label="银行账号", max_length=40, required=False)


class VisitRecordForm(forms.Form):
    visited_on = _day("走访日期")
    money = forms.CharField(label="慰问金（元）", max_length=20, required=False, initial="0")
    goods = forms.CharField(label="慰问物品", max_length=200, required=False)
    notes = forms.CharField(
        label="走访记录", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label="走访干部", queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers_in_scope(user)  # type: ignore[attr-defined]


class CancelForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=200, required=False)


class HolidayForm(forms.Form):
    name = forms.CharField(label="节日", max_length=20)
    date = forms.DateField(label="日期", widget=DateInput)


_SMALL = {"class": "form-control form-control-sm"}


class SubsidyBudgetForm(forms.Form):
    """预算科目 and 预算金额 of a payout list (at compute time, or changed before payment)."""

    # Text, not DecimalField: services give the Chinese message for bad amounts.
    budget_line = forms.CharField(
        label="预算科目", max_length=100, required=False, widget=forms.TextInput(attrs=_SMALL)
    )
    budget_amount = forms.CharField(
        label="预算金额（元）",
        max_length=20,
        required=False,
        help_text="可不填；填写后显示预算余额",
        widget=forms.TextInput(attrs={**_SMALL, "inputmode": "decimal"}),
    )


class SubsidyPaidForm(forms.Form):
    paid_on = forms.DateField(
        label="发放日期", widget=DateInput(attrs=_SMALL), initial=_today, required=False
    )
    voucher_number = forms.CharField(
        label="记账凭证号", max_length=60, required=False, widget=forms.TextInput(attrs=_SMALL)
    )


class DemandForm(forms.Form):
    title = forms.CharField(label="诉求标题", max_length=100, required=False)
    content = forms.CharField(
        label="诉求内容", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class DemandSortForm(forms.Form):
    category = forms.ChoiceField(
        label="诉求类别", choices=[("", "请选择"), *DemandCategory.choices], required=False
    )
    officer = forms.ModelChoiceField(label="承办干部", queryset=User.objects.none(), required=False)
    note = forms.CharField(label="梳理意见", max_length=300, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers_in_scope(user)  # type: ignore[attr-defined]


class DemandReferForm(forms.Form):
    department = forms.ChoiceField(
        label="联动部门", choices=[("", "请选择"), *Department.choices], required=False
    )
    department_name = forms.CharField(
        label="部门名称",
        max_length=60,
        required=False,
        help_text="如：旬阳市人力资源和社会保障局；选“其他部门”时必填",
    )
    referred_on = _day("转办日期")
    note = forms.CharField(label="转办说明", max_length=300, required=False)


class DemandAnswerForm(forms.Form):
    feedback = forms.CharField(
        label="办理反馈", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    answered_on = _day("反馈日期")


class YearRulesForm(forms.ModelForm):
    class Meta:
        model = YearRules
        fields = [
            "visit_event_days",
            "demand_sort_days",
            "demand_refer_days",
            "demand_feedback_days",
            "demand_close_days",
            "care_min_level",
            "retirees_eligible",
            "achievement_visit_years",
        ]
        help_texts = {
            "care_min_level": "低于该级别（或已故、按本年度规则不含的退休人员）不再享受走访、补助和诉求服务，"
            "其疗休养邀请等随之撤回",
            "retirees_eligible": "取消勾选后，办理退休的劳模不再享受劳模礼遇",
            "achievement_visit_years": "新登记的荣誉授予年度在此年限内的，生成“取得特殊成就”走访任务",
        }


class StandardForm(forms.Form):
    region = forms.ModelChoiceField(
        label="适用地区",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="全市默认标准",
    )
    level = forms.TypedChoiceField(label="劳模级别", choices=HonorLevel.choices, coerce=int)
    # Text, not DecimalField: services.subsidy_standard_set gives the Chinese message for
    # negatives, three decimals or letters.
    amount = forms.CharField(label="年补助标准（元）", max_length=20, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        regions = selectors.standard_regions(user=user)
        if user.role == Role.CITY_ADMIN:
            self.fields["region"] = org_field(
                "适用地区",
                regions,
                user,
                required=False,
                empty_label="全市默认标准",
                help_text="选“全市默认标准”适用于未单独设置的县（市、区）",
            )
        else:
            first = regions.first()
            self.fields["region"] = org_field(
                "适用地区", regions, user, initial=first.pk if first else None
            )


class RosterForm(forms.Form):
    columns = forms.MultipleChoiceField(
        label="名册列",
        choices=[(c.key, c.header) for c in ROSTER_COLUMNS],
        widget=forms.CheckboxSelectMultiple,
        initial=DEFAULT_ROSTER_KEYS,
        required=False,
    )
    recipients = forms.MultipleChoiceField(
        label="报送单位",
        choices=ROSTER_RECIPIENTS,
        widget=forms.CheckboxSelectMultiple,
        initial=[k for k, _ in ROSTER_RECIPIENTS],
        required=False,
    )
    fmt = forms.ChoiceField(
        label="格式",
        choices=[("xlsx", "Excel (.xlsx)"), ("pdf", "PDF")],
        initial="xlsx",
        widget=forms.RadioSelect,
    )
    full = forms.BooleanField(
        label="含完整身份证号码和手机号（仅限有权限的角色，导出将记录）", required=False
    )
