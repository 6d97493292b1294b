"""Forms of the ledger's pages. They only parse input; the services check and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from gonghui.core.forms import DateInput, DomainErrorFormMixin, MultipleFileField, org_field
from gonghui.core.models import User
from gonghui.core.scope import organizations_for
from gonghui.relief.models.cases import AidKind, Category, Cause, RecheckResult, Relation
from gonghui.relief.services_cases import MemberData

# The household rows of the apply and change forms.
MEMBER_ROWS = 6


class CaseForm(DomainErrorFormMixin, forms.Form):
    """申请 (and 修改申请): the household's situation; the members come in MemberRow forms."""

    column_fields = {
        "person": "id_number",
        "causes": "causes",
        "household_size": "household_size",
        "household_income": "household_income",
        "category": "accident",
        "documents": "documents",
    }

    id_number = forms.CharField(
        label="申请人身份证号码",
        max_length=30,
        help_text="申请人须已在人员库中登记，档案由其所属工会建档",
    )
    causes = forms.MultipleChoiceField(
        label="致困原因（可多选）",
        choices=Cause.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    household_size = forms.IntegerField(label="家庭人口（含申请人）", min_value=1, max_value=30)
    household_income = forms.DecimalField(
        label="家庭月总收入（元）", min_value=0, max_digits=12, decimal_places=2
    )
    accident = forms.BooleanField(
        label="因意外事故等突发情况致困（意外致困，不按收入认定）", required=False
    )
    address = forms.CharField(label="家庭住址", max_length=200, required=False)
    situation = forms.CharField(
        label="困难情况说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    documents = MultipleFileField(
        label="证明材料（PDF或JPG、PNG图片，每个不超过10MB）", required=False
    )

    def __init__(self, *args: Any, applicant: bool = True, uploads: bool = True, **kw: Any):
        super().__init__(*args, **kw)
        if not applicant:
            del self.fields["id_number"]
        if not uploads:
            del self.fields["documents"]
        self.fields["causes"].error_messages["required"] = "请至少选择一项致困原因"

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "causes": d["causes"],
            "household_size": d["household_size"],
            "household_income": d["household_income"],
            "address": d["address"],
            "situation": d["situation"],
            "category": Category.ACCIDENT if d["accident"] else None,
        }


class MemberRow(forms.Form):
    """One household member (not the applicant); a blank row is skipped."""

    name = forms.CharField(label="姓名", max_length=40, required=False)
    relation = forms.CharField(
        label="与申请人关系",
        required=False,
        widget=forms.Select(
            choices=[("", "请选择"), *Relation.choices],
            attrs={"class": "form-select form-select-sm", "aria-label": "与申请人关系"},
        ),
    )
    id_number = forms.CharField(label="身份证号码", max_length=30, required=False)
    occupation = forms.CharField(label="就业或就学情况", max_length=100, required=False)
    monthly_income = forms.CharField(label="月收入（元）", max_length=20, required=False)
    health = forms.CharField(label="健康状况", max_length=100, required=False)

    def member(self) -> MemberData | None:
        d = self.cleaned_data if self.is_valid() else {}
        if not any(
            (d.get(k) or "").strip()
            for k in ("name", "id_number", "occupation", "monthly_income", "health")
        ):
            return None
        return MemberData(
            name=d.get("name", ""),
            relation=d.get("relation", ""),
            id_number=d.get("id_number", ""),
            occupation=d.get("occupation", ""),
            monthly_income=(d.get("monthly_income") or "0").strip(),
            health=d.get("health", ""),
        )


def member_rows(data: QueryDict | None) -> list[MemberRow]:
    return [MemberRow(data, prefix=f"m{i}") for i in range(MEMBER_ROWS)]


def members_of(rows: list[MemberRow]) -> list[MemberData]:
    return [m for m in (r.member() for r in rows) if m is not None]


def rows_filled(rows: list[MemberRow]) -> bool:
    return any(r.member() is not None for r in rows)


class NoteForm(forms.Form):
    note = forms.CharField(label="意见", max_length=300, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=300)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "请填写原因"


class ExitForm(forms.Form):
    reason = forms.CharField(label="解困脱困原因", max_length=300)
    exited_on = forms.DateField(label="解困脱困日期", widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "请填写解困脱困原因"
        self.fields["exited_on"].error_messages["required"] = "请填写解困脱困日期"


class AidForm(forms.Form):
    kind = forms.ChoiceField(label="帮扶方式", choices=AidKind.choices)
    amount = forms.DecimalField(
        label="金额（元）", min_value=0, max_digits=12, decimal_places=2, required=False
    )
    description = forms.CharField(label="帮扶内容", max_length=300)
    given_on = forms.DateField(label="帮扶日期", widget=DateInput)
    budget_line = forms.CharField(label="预算科目", max_length=60, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_field(
            "帮扶单位", organizations_for(user), user, initial=user.organization_id
        )
        self.fields["description"].error_messages["required"] = "请填写帮扶内容"
        self.fields["given_on"].error_messages["required"] = "请填写帮扶日期"


class RecheckForm(DomainErrorFormMixin, forms.Form):
    column_fields = {
        "result": "result",
        "income_per_head": "income_per_head",
        "note": "note",
        "done_on": "done_on",
    }

    result = forms.ChoiceField(
        label="复核结论", choices=RecheckResult.choices, widget=forms.RadioSelect
    )
    income_per_head = forms.DecimalField(
        label="复核时家庭月人均收入（元）", min_value=0, max_digits=12, decimal_places=2
    )
    done_on = forms.DateField(label="复核日期", widget=DateInput, required=False)
    note = forms.CharField(
        label="说明（解困脱困时填写原因）",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SettingForm(DomainErrorFormMixin, forms.Form):
    column_fields = {
        "year": "year",
        "dibao": "dibao",
        "deep_multiple": "deep_multiple",
        "relative_multiple": "relative_multiple",
        "recheck_due": "recheck_due",
    }

    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    dibao = forms.DecimalField(
        label="城市低保标准（元/人·月）", min_value=0, max_digits=10, decimal_places=2
    )
    deep_multiple = forms.DecimalField(
        label="深度困难收入倍数", initial="1.00", min_value=0, max_digits=4, decimal_places=2
    )
    relative_multiple = forms.DecimalField(
        label="相对困难收入倍数", initial="1.50", min_value=0, max_digits=4, decimal_places=2
    )
    recheck_due = forms.DateField(label="年度复核截止日期", widget=DateInput)


class GenerateForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
