"""Forms of 劳模工匠助企行. They only parse input; the services validate."""

from __future__ import annotations

from typing import Any

from django import forms

from gonghui.core import clock
from gonghui.core.forms import DateInput, DomainErrorFormMixin
from gonghui.core.models import Employer, Organization, OrgKind, User
from gonghui.core.scope import organizations_for
from gonghui.honors.models import ModelWorker
from gonghui.workplace.models import Field, NeedKind, Outcome, Squad, Urgency
from gonghui.workplace.selectors_service import squads_for_assign

_CHOOSE = [("", "请选择")]


def _fields(label: str, **kw: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=Field.choices,
        required=False,  # the service says 请至少选择一项… in Chinese
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        **kw,
    )


# ---------------------------------------------------------------- needs


class NeedForm(DomainErrorFormMixin, forms.Form):
    """企业点单. An officer names the enterprise (code or name); a chair's is their own."""

    column_fields = {
        "企业": "employer",
        "需求类型": "kind",
        "所属领域": "field",
        "紧急程度": "urgency",
        "需求标题": "title",
        "需求描述": "description",
        "企业联系人": "contact",
        "基层工会主席只能": "employer",
    }
    employer = forms.CharField(
        label="企业",
        max_length=200,
        required=False,
        help_text="统一社会信用代码或企业全称，须为您管辖范围内已登记的企业",
    )
    kind = forms.ChoiceField(label="需求类型", choices=_CHOOSE + NeedKind.choices, required=False)
    field = forms.ChoiceField(label="所属领域", choices=_CHOOSE + Field.choices, required=False)
    urgency = forms.ChoiceField(
        label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL, required=False
    )
    title = forms.CharField(label="需求标题", max_length=100, required=False)
    description = forms.CharField(
        label="需求描述",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="遇到的技术或管理难题、现状和希望得到的帮助",
    )
    contact = forms.CharField(label="企业联系人", max_length=40, required=False)

    def __init__(self, *args: Any, own: Employer | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if own is not None:
            # A grassroots chair files for their own enterprise only.
            del self.fields["employer"]


# ---------------------------------------------------------------- the need's buttons


class AssignForm(DomainErrorFormMixin, forms.Form):
    squad = forms.ModelChoiceField(
        label="承接分队", queryset=Squad.objects.none(), empty_label="请选择", required=False
    )
    note = forms.CharField(label="派单说明", max_length=300, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["squad"]
        field.queryset = squads_for_assign(user=user)  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = "所选分队不存在、已停止服务或不在您的管辖范围内"
        field.label_from_instance = lambda s: f"{s.name}（{s.org.name}）"  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", max_length=300, required=False)


class ReasonForm(forms.Form):
    # Not required here: the service refuses a blank reason with its own message.
    reason = forms.CharField(label="原因", max_length=300, required=False)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label="服务日期", widget=DateInput, required=False)
    note = forms.CharField(label="服务内容", max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("initial", {"visited_on": clock.today()})
        super().__init__(*args, **kwargs)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label="服务成效", choices=_CHOOSE + Outcome.choices, required=False)
    trained = forms.CharField(
        label="培训人数",
        max_length=8,
        required=False,
        help_text="服务成效为“开展培训”时填写",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(label="成效说明", max_length=500, required=False)
    done_on = forms.DateField(label="服务完成日期", widget=DateInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("initial", {"done_on": clock.today()})
        super().__init__(*args, **kwargs)


class ConfirmForm(forms.Form):
    rating = forms.CharField(label="企业评价（1-5星）", max_length=2, required=False)
    comment = forms.CharField(label="企业意见", max_length=300, required=False)


# ---------------------------------------------------------------- squads


def squad_orgs(user: User) -> Any:
    """Where a squad may belong: the city or a county federation of the user's subtree."""
    return organizations_for(user).filter(kind__in=[OrgKind.CITY, OrgKind.COUNTY]).order_by("path")


class SquadForm(DomainErrorFormMixin, forms.Form):
    column_fields = {
        "分队名称": "name",
        "服务领域": "areas",
        "所属工会": "org",
        "分队长": "leader",
    }
    org = forms.ModelChoiceField(
        label="所属工会", queryset=Organization.objects.none(), empty_label="请选择"
    )
    name = forms.CharField(
        label="分队名称", max_length=60, error_messages={"required": "请填写分队名称"}
    )
    areas = _fields("服务领域")
    leader = forms.ModelChoiceField(
        label="分队长", queryset=ModelWorker.objects.none(), required=False, empty_label="（暂无）"
    )
    is_active = forms.BooleanField(label="在岗（可接受派单）", required=False, initial=True)

    def __init__(self, *args: Any, user: User, squad: Squad | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if squad is None:
            field = self.fields["org"]
            field.queryset = squad_orgs(user)  # type: ignore[attr-defined]
            field.error_messages["invalid_choice"] = "所选工会不存在或不在您的管辖范围内"
            field.error_messages["required"] = "请选择分队所属工会"
            del self.fields["leader"]
        else:
            del self.fields["org"]
            leader = self.fields["leader"]
            leader.queryset = ModelWorker.objects.filter(  # type: ignore[attr-defined]
                squads__squad=squad
            ).select_related("person")
            leader.label_from_instance = lambda mw: mw.person.name  # type: ignore[attr-defined]
            leader.error_messages["invalid_choice"] = "分队长须为本分队成员"


class MemberForm(DomainErrorFormMixin, forms.Form):
    column_fields = {"劳模工匠": "who", "专长领域": "skills", "专长说明": "specialty"}
    who = forms.CharField(
        label="劳模工匠",
        max_length=40,
        required=False,
        help_text="劳模名册中的姓名或身份证号码（同名时填身份证号码）",
    )
    skills = _fields("专长领域")
    specialty = forms.CharField(label="专长说明", max_length=200, required=False)
