"""The legal consultations log (法律咨询): logged by officers and chairs through the form, the
list (scoped, filtered by channel, topic and month, exported, flat query count), refusals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from gonghui.core.errors import DomainError
from gonghui.core.models import Organization
from gonghui.core.permissions import Denied
from gonghui.workplace.models import Consultation
from tests import factories
from tests.kit import (
    ListPageCase,
    PermissionCase,
    Post,
    Unchanged,
    form_errors,
    mark,
    page_text,
    signed_in,
    xlsx_cells,
)
from tests.workplace.fixtures_rights import TODAY, consultation, frozen

pytestmark = pytest.mark.usefixtures("frozen")
__all__ = ["frozen"]


class TestConsultationList(ListPageCase):
    url = "workplace:consultation_list"
    model = Consultation
    viewers = ("city_admin", "hanbin_officer", "hanbin_chair", "auditor")

    def make(self, org: Organization, n: int) -> list[Consultation]:
        return [consultation(self.world, org=org, question=mark("咨询")) for _ in range(n)]

    def text(self, obj: Consultation) -> str:
        return obj.question


def _form(**changes: Any) -> dict[str, Any]:
    data = {
        "consulted_on": "2026-06-29",
        "channel": "hotline",
        "asker": "张师傅",
        "employer": "",
        "topic": "social_insurance",
        "question": "单位不给交社保，离职时能要求补偿吗",
        "answer": "可向社保经办机构投诉，并可以此为由解除劳动合同主张经济补偿",
    }
    data.update(changes)
    return data


class TestConsultationPosts(PermissionCase):
    def posts(self) -> list[Post]:
        return [
            Post(
                reverse("workplace:consultation_new"),
                "workplace.consultation.record",
                lambda user: _form(question=mark("咨询")),
                target=self.world.hanbin_union,
            )
        ]


def test_a_chair_logs_a_consultation_of_their_union(world):
    client = signed_in(world.hanbin_chair)
    response = client.post(reverse("workplace:consultation_new"), _form())
    assert response["Location"] == reverse("workplace:consultation_list")
    found = Consultation.objects.get()
    assert found.org == world.hanbin_union
    assert found.created_by == world.hanbin_chair
    assert found.consulted_on == dt.date(2026, 6, 29)
    text = page_text(client.get(response["Location"]))
    assert "12351热线" in text and "未依法缴纳社会保险" in text and "张师傅" in text


def test_a_consultation_names_an_employer_of_the_users_area(world):
    employer = factories.employer(world.hanbin_union, "汉滨区速达快递站")
    client = signed_in(world.hanbin_officer)
    client.post(reverse("workplace:consultation_new"), _form(employer="汉滨区速达快递站"))
    assert Consultation.objects.get().employer == employer
    foreign = factories.employer(world.shiquan_union, "石泉某快递站")
    state = Unchanged()
    response = client.post(
        reverse("workplace:consultation_new"), _form(employer=foreign.credit_code)
    )
    assert form_errors(response) == [
        f"您的管辖范围内没有统一社会信用代码为{foreign.credit_code}的用人单位"
    ]
    assert not state.changes()


def test_blank_or_future_consultations_are_refused(world):
    client = signed_in(world.hanbin_officer)
    state = Unchanged()
    response = client.post(
        reverse("workplace:consultation_new"), _form(question="", answer="", channel="")
    )
    assert set(form_errors(response)) == {"请选择咨询方式", "请填写咨询内容", "请填写解答情况"}
    response = client.post(reverse("workplace:consultation_new"), _form(consulted_on="2026-07-01"))
    assert form_errors(response) == ["咨询日期不能晚于今天（2026-06-30）"]
    assert not state.changes()


def test_service_refuses_unknown_choices_and_the_member(world):
    with pytest.raises(DomainError, match="未知的咨询方式“fax”"):
        consultation(world, channel="fax")
    with pytest.raises(DomainError, match="未知的咨询事项“divorce”"):
        consultation(world, topic="divorce")
    with pytest.raises(Denied):
        consultation(world, user=world.hanbin_member, org=world.hanbin_union)
    with pytest.raises(Denied):
        consultation(world, user=world.hanbin_officer, org=world.shiquan)
    assert not Consultation.objects.exists()


def test_list_filters_by_channel_topic_and_month(world):
    consultation(world, question="五月电话合同", consulted_on=dt.date(2026, 5, 20))
    consultation(world, question="六月来访加班", channel="visit", topic="overtime")
    client = signed_in(world.hanbin_officer)
    url = reverse("workplace:consultation_list")

    def shown(query: str) -> set[str]:
        text = page_text(client.get(url + query))
        return {q for q in ("五月电话合同", "六月来访加班") if q in text}

    assert shown("") == {"五月电话合同", "六月来访加班"}
    assert shown("?channel=visit") == {"六月来访加班"}
    assert shown("?topic=contract") == {"五月电话合同"}
    assert shown("?month=2026-05") == {"五月电话合同"}
    assert shown(f"?month={TODAY:%Y-%m}") == {"六月来访加班"}
    assert shown("?q=加班") == {"六月来访加班"}
    # A month that is not one is shown as an error and not applied.
    response = client.get(url + "?month=2026-13")
    assert response.status_code == 200
    assert "月份应为“2026-03”这样的年月" in page_text(response)
    cells = xlsx_cells(client.post(url + "?month=2026-05"))
    assert "五月电话合同" in cells and "六月来访加班" not in cells
