"""The mediation pages: the list (scoped, filtered, exported, flat query count), 受理 through the
form, the case's page and its stage moves, and each POST route as each role."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gonghui.core.models import Organization
from gonghui.workplace.models import Mediation
from tests import factories
from tests.kit import (
    ListPageCase,
    PermissionCase,
    Post,
    Unchanged,
    flashed,
    form_errors,
    mark,
    page_text,
    signed_in,
    xlsx_cells,
)
from tests.workplace.fixtures_rights import frozen, mediation

pytestmark = pytest.mark.usefixtures("frozen")
__all__ = ["frozen"]


class TestMediationList(ListPageCase):
    url = "workplace:mediation_list"
    model = Mediation
    viewers = ("city_admin", "hanbin_officer", "auditor")

    def make(self, org: Organization, n: int) -> list[Mediation]:
        return [mediation(self.world, org=org, applicant=mark("申请人")) for _ in range(n)]

    def text(self, obj: Mediation) -> str:
        return obj.applicant


class TestMediationPosts(PermissionCase):
    def posts(self) -> list[Post]:
        w = self.world
        own = mediation(w, applicant=mark("申请人"))
        foreign = mediation(w, org=w.shiquan_union, applicant=mark("申请人"))
        return [
            Post(
                reverse("workplace:mediation_new"),
                "workplace.mediation.record",
                lambda user: {
                    "applicant": mark("申请人"),
                    "applicants": "2",
                    "respondent": "某物流公司",
                    "dispute": "overtime",
                    "bodies": ["hrss"],
                    "amount_claimed": "1200",
                    "summary": "长期加班无加班费",
                },
                target=w.hanbin,
            ),
            # posts() runs once per role: each moves a fresh case from 受理 to 调解中.
            Post(
                reverse("workplace:mediation_move", args=[own.pk]),
                "workplace.mediation.record",
                lambda user: {"stage": "mediating"},
                target=own,
            ),
            Post(
                reverse("workplace:mediation_move", args=[foreign.pk]),
                "workplace.mediation.record",
                {"stage": "mediating"},
                target=foreign,
            ),
        ]


def _form(**changes: Any) -> dict[str, Any]:
    data = {
        "applicant": "周建国等5人",
        "applicants": "5",
        "employer": "",
        "respondent": "汉滨区某劳务公司",
        "dispute": "wage_arrears",
        "bodies": ["court", "justice"],
        "amount_claimed": "52,000.00",
        "received_on": "2026-06-29",
        "summary": "项目完工后劳务公司拖欠5名农民工工资",
    }
    data.update(changes)
    return data


def test_intake_through_the_form_opens_the_case_page(world):
    client = signed_in(world.hanbin_officer)
    response = client.post(reverse("workplace:mediation_new"), _form())
    case = Mediation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workplace:mediation_detail", args=[case.pk])
    assert flashed(response) == ["已受理调解案件调2026-0001"]
    text = page_text(client.get(response["Location"]))
    assert "调解案件调2026-0001" in text
    assert "工会、法院、司法" in text
    assert "52,000.00 元" in text
    assert case.org == world.hanbin


def test_intake_by_employer_credit_code(world):
    employer = factories.employer(world.hanbin_union, "汉滨区鑫源食品厂")
    client = signed_in(world.hanbin_officer)
    client.post(
        reverse("workplace:mediation_new"),
        _form(employer=employer.credit_code.lower(), respondent=""),
    )
    case = Mediation.objects.get()
    assert case.employer == employer
    assert case.respondent == "汉滨区鑫源食品厂"


def test_intake_form_errors_are_shown_in_chinese_and_nothing_written(world):
    client = signed_in(world.hanbin_officer)
    state = Unchanged()
    response = client.post(reverse("workplace:mediation_new"), _form(employer="没有这家公司"))
    assert response.status_code == 200
    assert form_errors(response) == ["您的管辖范围内没有名称为“没有这家公司”的用人单位"]
    response = client.post(reverse("workplace:mediation_new"), _form(amount_claimed="五万"))
    assert form_errors(response) == ["请求金额“五万”不是有效的金额"]
    response = client.post(reverse("workplace:mediation_new"), _form(applicant="", summary=""))
    assert set(form_errors(response)) == {"请填写申请人", "请填写案情摘要"}
    assert not state.changes()


def test_the_case_page_moves_through_stages_and_refuses_an_agreement_without_amount(world):
    case = mediation(world)
    client = signed_in(world.hanbin_officer)
    move = reverse("workplace:mediation_move", args=[case.pk])
    detail = reverse("workplace:mediation_detail", args=[case.pk])
    page = page_text(client.get(detail))
    assert "办理下一步" in page
    response = client.post(move, {"stage": "mediating", "note": "已通知双方到场"})
    assert flashed(response) == [f"案件{case.number}已进入“调解中”"]
    response = client.post(move, {"stage": "agreed", "outcome": "分期支付"})
    assert flashed(response)[-1] == "达成调解协议须填写协议金额（无金额的填0）"
    case.refresh_from_db()
    assert case.stage == "mediating"
    response = client.post(
        move, {"stage": "agreed", "amount_agreed": "32000", "outcome": "分期支付"}
    )
    page = page_text(client.get(detail))
    assert "达成调解协议" in page
    assert "32,000.00 元" in page
    assert "本案已结案" in page
    assert "办理下一步" not in page


def test_the_case_page_offers_only_the_next_stages(world):
    case = mediation(world)
    client = signed_in(world.hanbin_officer)
    body = client.get(reverse("workplace:mediation_detail", args=[case.pk])).content.decode()
    assert 'value="mediating"' in body
    assert 'value="withdrawn"' in body
    assert 'value="agreed"' not in body


def test_auditor_sees_the_case_without_the_move_form(world):
    case = mediation(world)
    page = page_text(
        signed_in(world.auditor).get(reverse("workplace:mediation_detail", args=[case.pk]))
    )
    assert case.number in page
    assert "办理下一步" not in page


def test_another_countys_case_is_not_found(world):
    case = mediation(world, org=world.shiquan_union)
    client = signed_in(world.hanbin_officer)
    assert client.get(reverse("workplace:mediation_detail", args=[case.pk])).status_code == 404
    response = client.post(
        reverse("workplace:mediation_move", args=[case.pk]), {"stage": "mediating"}
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.stage == "intake"


def test_list_filters_by_stage_body_and_year(world):
    at_court = mediation(world, applicant="法院协同甲", bodies=["court"])
    at_hrss = mediation(world, applicant="人社协同乙", bodies=["hrss", "justice"])
    client = signed_in(world.hanbin_officer)
    url = reverse("workplace:mediation_list")
    client.post(reverse("workplace:mediation_move", args=[at_hrss.pk]), {"stage": "mediating"})

    def shown(query: str) -> set[str]:
        text = page_text(client.get(url + query))
        return {n for n in ("法院协同甲", "人社协同乙") if n in text}

    assert shown("?body=court") == {at_court.applicant}
    assert shown("?body=justice") == {at_hrss.applicant}
    assert shown("?stage=mediating") == {at_hrss.applicant}
    assert shown("?year=2026") == {at_court.applicant, at_hrss.applicant}
    assert shown("?year=2025") == set()
    assert shown("?q=法院协同") == {at_court.applicant}


def test_export_holds_the_filtered_cases_with_their_outcome(world):
    case = mediation(world, applicant="导出申请人")
    mediation(world, applicant="未选中的人", bodies=["justice"])
    client = signed_in(world.hanbin_officer)
    response = client.post(reverse("workplace:mediation_list") + "?body=court")
    cells = xlsx_cells(response)
    assert "导出申请人" in cells
    assert case.number in cells
    assert "法院、人社" in cells
    assert "未选中的人" not in cells
