"""Forms of 金秋助学, 夏送清凉 and 春送岗位. They only parse input; the services validate."""

from __future__ import annotations

from typing import Any

from django import forms

from gonghui.core.forms import DateInput, DomainErrorFormMixin
from gonghui.core.models import User
from gonghui.relief.models import Campaign
from gonghui.relief.selectors_activities import campaigns_open

_AMOUNT = {"inputmode": "decimal"}


class _CampaignForm(DomainErrorFormMixin, forms.Form):
    """A form recording under an open campaign of `kind` that the user may record under."""

    kind = ""
    campaign = forms.ModelChoiceField(
        label="活动", queryset=Campaign.objects.none(), empty_label="请选择"
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["campaign"]
        field.queryset = campaigns_open(user=user, kind=self.kind)  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = "所选活动不存在、已结束或不在您的管辖范围内"
        field.label_from_instance = lambda c: f"{c.year}年 {c.name}（{c.org.name}）"  # type: ignore[attr-defined]


class GrantApplyForm(_CampaignForm):
    kind = "schooling"
    column_fields = {
        "活动": "campaign",
        "职工身份证号码": "parent_id_number",
        "学生姓名": "student_name",
        "学生身份证号码": "student_id",
        "录取院校": "university",
        "助学金": "amount",
        "录取通知书": "upload",
        "困难档案": "parent_id_number",
    }
    parent_id_number = forms.CharField(
        label="职工（家长）身份证号码", max_length=30, help_text="须为您管辖范围内已登记的职工"
    )
    student_name = forms.CharField(label="学生姓名", max_length=40)
    student_id = forms.CharField(label="学生身份证号码", max_length=30)
    university = forms.CharField(label="录取院校", max_length=100)
    amount = forms.CharField(label="助学金（元）", max_length=20, widget=forms.TextInput(_AMOUNT))
    upload = forms.FileField(
        label="录取通知书",
        help_text="PDF或图片（JPG、PNG），不超过10MB",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args: Any, user: User, member: bool = False, **kwargs: Any):
        super().__init__(*args, user=user, **kwargs)
        if member:
            # 职工本人 apply for their own child: the parent is the signed-in worker.
            del self.fields["parent_id_number"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=300, required=False)


class PaidForm(forms.Form):
    paid_on = forms.DateField(label="发放日期", widget=DateInput)


class SiteForm(_CampaignForm):
    kind = "coolness"
    column_fields = {
        "活动": "campaign",
        "统一社会信用代码": "credit_code",
        "慰问点位": "site",
        "高温一线职工人数": "workers",
        "慰问物资": "goods",
        "慰问金额": "amount",
        "慰问日期": "visited_on",
    }
    credit_code = forms.CharField(
        label="企业统一社会信用代码", max_length=30, help_text="须为您管辖范围内已登记的用人单位"
    )
    site = forms.CharField(label="慰问点位", max_length=100)
    workers = forms.IntegerField(label="高温一线职工人数", min_value=1)
    goods = forms.CharField(label="慰问物资", max_length=200, required=False)
    amount = forms.CharField(
        label="慰问金额（元）", max_length=20, initial="0", widget=forms.TextInput(_AMOUNT)
    )
    visited_on = forms.DateField(label="慰问日期", widget=DateInput)


class FairForm(_CampaignForm):
    kind = "jobs"
    column_fields = {
        "活动": "campaign",
        "举办日期": "held_on",
        "地点": "place",
        "参会企业数": "employers",
        "提供岗位数": "positions",
        "达成就业意向人数": "placed",
    }
    held_on = forms.DateField(label="举办日期", widget=DateInput)
    place = forms.CharField(label="地点", max_length=100)
    employers = forms.IntegerField(label="参会企业数", min_value=1)
    positions = forms.IntegerField(label="提供岗位数", min_value=0)
    placed = forms.IntegerField(label="达成就业意向人数", min_value=0)
