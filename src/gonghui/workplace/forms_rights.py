"""Forms of the mediation, inspection and consultation pages. They only parse input; the
services check and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from gonghui.core.forms import DateInput, DomainErrorFormMixin, MultipleFileField
from gonghui.workplace.models import Body, Channel, MediationStage, Violation
from gonghui.workplace.services_rights import HazardData

# The hazard rows of the inspection form (more can be added on the inspection's page).
HAZARD_ROWS = 5
_AMOUNT = {"inputmode": "decimal"}
_EMPLOYER_HELP = "填写统一社会信用代码或单位全称，须为您管辖范围内已登记的用人单位"


def _required(form: forms.Form, **messages: str) -> None:
    for name, message in messages.items():
        form.fields[name].error_messages["required"] = message


class MediationForm(DomainErrorFormMixin, forms.Form):
    """受理调解案件."""

    column_fields = {
        "申请人": "applicant",
        "涉及职工人数": "applicants",
        "用人单位": "employer",
        "被申请人": "respondent",
        "争议类型": "dispute",
        "协同单位": "bodies",
        "请求金额": "amount_claimed",
        "受理日期": "received_on",
        "案情摘要": "summary",
    }

    applicant = forms.CharField(label="申请人", max_length=100, help_text="集体争议填写代表人")
    applicants = forms.IntegerField(label="涉及职工人数", min_value=1, initial=1)
    employer = forms.CharField(
        label="用人单位", max_length=200, required=False, help_text=_EMPLOYER_HELP
    )
    respondent = forms.CharField(
        label="被申请人", max_length=200, required=False, help_text="不填则为上面的用人单位"
    )
    dispute = forms.ChoiceField(label="争议类型", choices=[("", "请选择"), *Violation.choices])
    bodies = forms.MultipleChoiceField(
        label="协同单位（可多选）",
        choices=Body.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    amount_claimed = forms.CharField(
        label="请求金额（元）",
        max_length=20,
        required=False,
        initial="0",
        widget=forms.TextInput(_AMOUNT),
    )
    received_on = forms.DateField(label="受理日期", widget=DateInput, required=False)
    summary = forms.CharField(
        label="案情摘要", max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _required(
            self,
            applicant="请填写申请人",
            applicants="请填写涉及职工人数",
            dispute="请选择争议类型",
            summary="请填写案情摘要",
        )


class MoveForm(DomainErrorFormMixin, forms.Form):
    """A stage move of a case (from its page)."""

    column_fields = {
        "阶段": "stage",
        "办理日期": "on_date",
        "协议金额": "amount_agreed",
        "处理结果": "outcome",
        "说明": "note",
    }

    stage = forms.ChoiceField(label="进入阶段", choices=MediationStage.choices)
    on_date = forms.DateField(label="办理日期", widget=DateInput, required=False)
    amount_agreed = forms.CharField(
        label="协议金额（元）",
        max_length=20,
        required=False,
        help_text="达成调解协议时必填",
        widget=forms.TextInput(_AMOUNT),
    )
    outcome = forms.CharField(
        label="协议内容 / 处理结果",
        max_length=1000,
        required=False,
        help_text="达成调解协议时必填",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(label="说明", max_length=1000, required=False)

    def __init__(self, *args: Any, choices: tuple[str, ...] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        if choices:
            field = self.fields["stage"]
            field.choices = [(s, MediationStage(s).label) for s in choices]  # type: ignore[attr-defined]
        _required(self, stage="请选择要进入的阶段")


class InspectionForm(DomainErrorFormMixin, forms.Form):
    """登记安全检查; the hazards come in HazardRow forms."""

    column_fields = {
        "被检查单位": "employer",
        "检查日期": "inspected_on",
        "检查人员": "inspectors",
        "检查情况": "note",
    }

    employer = forms.CharField(label="被检查单位", max_length=200, help_text=_EMPLOYER_HELP)
    inspected_on = forms.DateField(label="检查日期", widget=DateInput)
    inspectors = forms.CharField(label="检查人员", max_length=200)
    note = forms.CharField(
        label="检查情况",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _required(
            self,
            employer="请填写被检查单位",
            inspected_on="请填写检查日期",
            inspectors="请填写检查人员",
        )


class HazardRow(forms.Form):
    """One hazard found; a row without a description is skipped."""

    description = forms.CharField(label="隐患描述", max_length=500, required=False)
    deadline = forms.DateField(label="整改期限", widget=DateInput, required=False)

    def hazard(self) -> HazardData | None:
        d = self.cleaned_data if self.is_valid() else {}
        text = (d.get("description") or "").strip()
        if not text:
            return None
        return HazardData(text, d.get("deadline"))


def hazard_rows(data: QueryDict | None) -> list[HazardRow]:
    return [HazardRow(data, prefix=f"h{i}") for i in range(HAZARD_ROWS)]


def hazards_of_rows(rows: list[HazardRow]) -> list[HazardData]:
    return [h for h in (r.hazard() for r in rows) if h is not None]


def rows_valid(rows: list[HazardRow]) -> bool:
    """Every row parses (a typed deadline is a date); a row's error is shown beside it."""
    return all(r.is_valid() for r in rows)


class HazardForm(DomainErrorFormMixin, forms.Form):
    """A hazard added to an inspection afterwards."""

    column_fields = {"隐患描述": "description", "整改期限": "deadline"}

    description = forms.CharField(label="隐患描述", max_length=500)
    deadline = forms.DateField(label="整改期限", widget=DateInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _required(self, description="请填写隐患描述")


class HazardCloseForm(DomainErrorFormMixin, forms.Form):
    """整改销号: the date of the fix and the evidence."""

    column_fields = {"整改日期": "fixed_on", "整改佐证": "evidence"}

    fixed_on = forms.DateField(label="整改日期", widget=DateInput)
    evidence = MultipleFileField(
        label="整改佐证（照片或PDF，可多选，每个不超过10MB）", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _required(self, fixed_on="请填写整改日期")


class ConsultationForm(DomainErrorFormMixin, forms.Form):
    """登记法律咨询."""

    column_fields = {
        "咨询日期": "consulted_on",
        "咨询方式": "channel",
        "咨询人": "asker",
        "涉及单位": "employer",
        "咨询事项": "topic",
        "咨询内容": "question",
        "解答情况": "answer",
    }

    consulted_on = forms.DateField(label="咨询日期", widget=DateInput, required=False)
    channel = forms.ChoiceField(label="咨询方式", choices=[("", "请选择"), *Channel.choices])
    asker = forms.CharField(label="咨询人", max_length=40, required=False)
    employer = forms.CharField(
        label="涉及单位", max_length=200, required=False, help_text=_EMPLOYER_HELP
    )
    topic = forms.ChoiceField(label="咨询事项", choices=[("", "请选择"), *Violation.choices])
    question = forms.CharField(
        label="咨询内容", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    answer = forms.CharField(
        label="解答情况", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _required(
            self,
            channel="请选择咨询方式",
            topic="请选择咨询事项",
            question="请填写咨询内容",
            answer="请填写解答情况",
        )
