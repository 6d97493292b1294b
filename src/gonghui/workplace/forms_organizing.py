"""Forms of 建会入会 work and 示范点. They only parse input; the services validate."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from gonghui.core import clock
from gonghui.core.forms import DateInput, DomainErrorFormMixin, org_field
from gonghui.core.models import Employer, NewEmploymentForm, Organization, User
from gonghui.core.scope import organizations_for
from gonghui.workplace.models import Budget, Drive, VisitOutcome
from gonghui.workplace.selectors_organizing import (
    budget_choices,
    drives_open_for,
    officers_for,
    parents_for,
    unions_for,
)
from gonghui.workplace.services_organizing import JoinerData

# Rows of people a 集中入会 form offers at once (more are added on the event's page).
JOINER_ROWS = 10
_SMALL = {"class": "form-control form-control-sm"}
_CODES_HELP = "每行一个统一社会信用代码（也可用逗号、空格分隔），须为管辖范围内尚未建会的企业"


def year_choices() -> list[tuple[int, str]]:
    this = clock.today().year
    return [(y, f"{y}年") for y in range(this + 1, this - 6, -1)]


def split_codes(text: str) -> list[str]:
    return [c for c in re.split(r"[\s,，;；、]+", text or "") if c]


def _user_label(u: User) -> str:
    name = u.get_full_name() or u.username
    org = u.organization.name if u.organization else ""
    return f"{name}（{org}）" if org else name


class DriveForm(DomainErrorFormMixin, forms.Form):
    """新建/修改建会攻坚."""

    column_fields = {
        "攻坚行动名称": "name",
        "年度": "year",
        "截止日期": "ends_on",
        "责任人": "officer",
        "说明": "note",
        "企业": "codes",
        "统一社会信用代码": "codes",
    }
    name = forms.CharField(label="攻坚行动名称", max_length=100)
    year = forms.TypedChoiceField(label="年度", coerce=int)
    officer = forms.ModelChoiceField(
        label="责任人", queryset=User.objects.none(), empty_label="请选择"
    )
    starts_on = forms.DateField(label="开始日期", widget=DateInput)
    ends_on = forms.DateField(label="截止日期", widget=DateInput)
    note = forms.CharField(
        label="说明", max_length=500, required=False, widget=forms.Textarea({"rows": 2})
    )
    codes = forms.CharField(
        label="目标企业",
        required=False,
        max_length=20_000,
        help_text=_CODES_HELP + "；也可创建后在攻坚行动页面勾选",
        widget=forms.Textarea({"rows": 3}),
    )

    def __init__(self, *args: Any, user: User, drive: Drive | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()  # type: ignore[attr-defined]
        self.fields["year"].initial = clock.today().year
        officers = officers_for(user=user, org=drive.org if drive else None)
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]
        self.fields["officer"].label_from_instance = _user_label  # type: ignore[attr-defined]
        self.fields["officer"].error_messages["invalid_choice"] = "所选责任人不在您的管辖范围内"
        if drive is None:
            self.fields["org"] = org_field("组织单位", organizations_for(user), user)
            self.fields["org"].initial = user.organization_id
            self.order_fields(["org"])
        else:
            del self.fields["codes"]


class TargetAddForm(DomainErrorFormMixin, forms.Form):
    """Target employers for a drive: ticked among the candidates, or typed by credit code."""

    column_fields = {"企业": "codes", "统一社会信用代码": "codes"}
    employers = forms.ModelMultipleChoiceField(
        label="候选企业", queryset=Employer.objects.none(), required=False
    )
    codes = forms.CharField(
        label="统一社会信用代码",
        required=False,
        max_length=20_000,
        help_text=_CODES_HELP,
        widget=forms.Textarea({"rows": 2}),
    )

    def __init__(self, *args: Any, candidates: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["employers"]
        if candidates is not None:
            field.queryset = candidates  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = "所选企业不存在或不在攻坚行动的范围内"


class VisitForm(DomainErrorFormMixin, forms.Form):
    """登记建会走访."""

    column_fields = {
        "统一社会信用代码": "credit_code",
        "企业": "credit_code",
        "攻坚行动": "drive",
        "走访日期": "visited_on",
        "走访人员": "visitors",
        "走访结果": "outcome",
        "情况记录": "note",
    }
    credit_code = forms.CharField(
        label="企业统一社会信用代码", max_length=30, help_text="须为管辖范围内已登记的用人单位"
    )
    drive = forms.ModelChoiceField(
        label="攻坚行动",
        queryset=Drive.objects.none(),
        required=False,
        empty_label="不属于攻坚行动",
    )
    visited_on = forms.DateField(label="走访日期", widget=DateInput)
    visitors = forms.CharField(label="走访人员", max_length=200)
    outcome = forms.ChoiceField(label="走访结果", choices=[("", "请选择"), *VisitOutcome.choices])
    note = forms.CharField(
        label="情况记录", max_length=500, required=False, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["drive"]
        field.queryset = drives_open_for(user=user)  # type: ignore[attr-defined]
        field.label_from_instance = lambda d: f"{d.name}（{d.org.name}）"  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = "所选攻坚行动不存在、已结束或不在您的管辖范围内"
        self.fields["visitors"].initial = user.get_full_name() or user.username
        self.fields["visited_on"].initial = clock.today()


class FoundingForm(DomainErrorFormMixin, forms.Form):
    """登记建会: the employer, where the union sits, its name and founding meeting."""

    column_fields = {
        "统一社会信用代码": "credit_code",
        "企业": "credit_code",
        "上级工会": "parent",
        "组织名称": "name",
        "工会名称": "name",
        "上级组织下已有同名": "name",
        "成立大会日期": "meeting_on",
        "工会主席": "chair_name",
        "参会人数": "attendees",
        "首批会员人数": "members",
        "攻坚行动": "drive",
        "说明": "note",
    }
    credit_code = forms.CharField(
        label="企业统一社会信用代码", max_length=30, help_text="须为管辖范围内尚未建会的企业"
    )
    parent = forms.ModelChoiceField(
        label="上级工会",
        queryset=Organization.objects.none(),
        empty_label="请选择",
        help_text="企业的属地工会，或管辖范围内的县（市、区）总工会、行业或区域性工会联合会",
    )
    name = forms.CharField(label="工会名称", max_length=120, help_text="如：某某有限公司工会委员会")
    meeting_on = forms.DateField(label="成立大会日期", widget=DateInput)
    chair_name = forms.CharField(label="工会主席", max_length=40)
    attendees = forms.IntegerField(label="参会人数", min_value=1, max_value=1_000_000)
    members = forms.IntegerField(label="首批会员人数", min_value=1, max_value=1_000_000)
    drive = forms.ModelChoiceField(
        label="攻坚行动",
        queryset=Drive.objects.none(),
        required=False,
        empty_label="不指定（自动关联进行中的攻坚行动）",
    )
    note = forms.CharField(
        label="说明", max_length=500, required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args: Any, user: User, employer: Employer | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        parent.queryset = parents_for(user=user, employer=employer)  # type: ignore[attr-defined]
        parent.label_from_instance = lambda o: f"{o.name}（{o.get_kind_display()}）"  # type: ignore[attr-defined]
        parent.error_messages["invalid_choice"] = "所选上级工会不在您的管辖范围内"
        drive = self.fields["drive"]
        drive.queryset = drives_open_for(user=user)  # type: ignore[attr-defined]
        drive.label_from_instance = lambda d: f"{d.name}（{d.org.name}）"  # type: ignore[attr-defined]
        drive.error_messages["invalid_choice"] = "所选攻坚行动不存在、已结束或不在您的管辖范围内"
        if employer is not None:
            self.fields["credit_code"].initial = employer.credit_code
            parent.initial = employer.org_id
            self.fields["name"].initial = f"{employer.name}工会委员会"


class JoinersForm(DomainErrorFormMixin, forms.Form):
    """Rows of people joining at a 集中入会 (blank rows are left out)."""

    forms_choices = [("", "否"), *NewEmploymentForm.choices[1:]]

    def __init__(self, *args: Any, rows: int = JOINER_ROWS, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.row_count = rows
        for i in range(rows):
            self.fields[f"j{i}_name"] = forms.CharField(
                label="姓名", required=False, max_length=40, widget=forms.TextInput(_SMALL)
            )
            self.fields[f"j{i}_id"] = forms.CharField(
                label="身份证号码", required=False, max_length=30, widget=forms.TextInput(_SMALL)
            )
            self.fields[f"j{i}_phone"] = forms.CharField(
                label="手机号", required=False, max_length=20, widget=forms.TextInput(_SMALL)
            )
            self.fields[f"j{i}_form"] = forms.ChoiceField(
                label="新就业形态",
                required=False,
                choices=self.forms_choices,
                widget=forms.Select({"class": "form-select form-select-sm"}),
            )

    def joiner_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"j{i}_{n}"] for n in ("name", "id", "phone", "form")]
            for i in range(self.row_count)
        ]

    def joiners(self) -> list[JoinerData]:
        d = self.cleaned_data
        out = []
        for i in range(self.row_count):
            name, number = d.get(f"j{i}_name") or "", d.get(f"j{i}_id") or ""
            phone, form = d.get(f"j{i}_phone") or "", d.get(f"j{i}_form") or ""
            if name or number or phone or form:
                out.append(JoinerData(name, number, phone, form))
        return out

    def add_domain_error(self, exc: Any) -> None:
        self.add_error(None, exc.message)


class JoinEventForm(JoinersForm):
    """登记集中入会: the event, then the rows of people who joined."""

    BASE = ("org", "union", "title", "held_on", "place", "note")
    title = forms.CharField(label="活动名称", max_length=100)
    held_on = forms.DateField(label="活动日期", widget=DateInput)
    place = forms.CharField(label="地点", max_length=100, required=False)
    note = forms.CharField(
        label="说明", max_length=500, required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_field("主办单位", organizations_for(user), user)
        self.fields["org"].initial = user.organization_id
        self.fields["union"] = org_field(
            "入会的工会",
            unions_for(user=user),
            user,
            help_text="新会员加入的基层工会，或行业、区域性工会联合会",
        )

    def base_fields_bound(self) -> list[forms.BoundField]:
        return [self[name] for name in self.BASE]

    def add_domain_error(self, exc: Any) -> None:
        field = {
            "活动名称": "title",
            "地点": "place",
            "活动日期": "held_on",
            "说明": "note",
            "入会的工会": "union",
        }.get(exc.column or "")
        self.add_error(field, exc.message)


class SiteForm(DomainErrorFormMixin, forms.Form):
    """命名党工共建示范点."""

    column_fields = {
        "统一社会信用代码": "credit_code",
        "企业": "credit_code",
        "预算科目": "budget",
        "说明": "note",
    }
    credit_code = forms.CharField(
        label="企业统一社会信用代码", max_length=30, help_text="须为管辖范围内已建工会的企业"
    )
    year = forms.TypedChoiceField(label="年度", coerce=int)
    budget = forms.ModelChoiceField(
        label="预算科目",
        queryset=Budget.objects.none(),
        empty_label="请选择",
        help_text="补助按该年度的补助标准从所选预算科目列支",
    )
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()  # type: ignore[attr-defined]
        self.fields["year"].initial = clock.today().year
        budget = self.fields["budget"]
        budget.queryset = budget_choices(user=user)  # type: ignore[attr-defined]
        budget.label_from_instance = lambda b: f"{b.year}年 {b.org.name} {b.line}"  # type: ignore[attr-defined]
        budget.error_messages["invalid_choice"] = "所选预算科目不在您的管辖范围内"


class SitePayForm(forms.Form):
    paid_on = forms.DateField(label="发放日期", widget=DateInput)
    voucher = forms.CharField(label="凭证号", max_length=40)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=200)
