"""专项审计 of a campaign: recipients, the duplicates found and how each was resolved, amounts
set apart from the standard with their reasons, unsigned items; exported to Excel; each viewer
sees their own subtree's lists only."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from gonghui.core.models import AuditAction, AuditLog
from gonghui.relief.services_lists import (
    duplicate_resolve,
    list_add,
    list_approve,
    list_create,
    list_submit,
)
from tests import factories
from tests.kit import page_text, signed_in
from tests.relief.fixtures_activities import apply, approved_list, campaign, frozen, media, warmth

pytestmark = pytest.mark.usefixtures("frozen")
__all__ = ["frozen", "media"]


@pytest.fixture
def scene(world) -> dict[str, Any]:
    """张伟 of 汉滨 was put on the city's own list too; the city's item was taken off with a
    note. 汉滨's list (张伟, and 王芳 at 1,200 元 with a reason) and 石泉's (李娜) are approved."""
    camp = warmth(world)
    wang = factories.person(world.hanbin_union, "王芳")
    city_list = list_create(user=world.city_admin, campaign=camp, org=world.city)
    list_add(user=world.city_admin, dlist=city_list, person=world.hanbin_person, group="deep")
    hanbin = list_create(user=world.hanbin_chair, campaign=camp, org=world.hanbin_union)
    list_add(user=world.hanbin_chair, dlist=hanbin, person=world.hanbin_person, group="deep")
    list_add(
        user=world.hanbin_chair,
        dlist=hanbin,
        person=wang,
        group="deep",
        amount="1200",
        override_reason="家中两人重病",
    )
    list_submit(user=world.hanbin_chair, dlist=hanbin)
    duplicate_resolve(
        user=world.city_admin, item=city_list.items.get(), note="已由汉滨区报送，市总名单移出"
    )
    list_approve(user=world.hanbin_officer, dlist=hanbin)
    approved_list(
        world,
        camp,
        world.shiquan_union,
        [world.shiquan_person],
        submitter=world.shiquan_officer,
        approver=world.city_admin,
    )
    return {"campaign": camp}


def _url(camp: Any, export: bool = False) -> str:
    name = "relief:campaign_audit_export" if export else "relief:campaign_audit"
    return reverse(name, args=[camp.pk])


def _count(html: str, key: str) -> int:
    marker = f'id="count-{key}">'
    start = html.index(marker) + len(marker)
    return int(html[start : html.index("<", start)])


def test_the_auditor_sees_recipients_duplicates_overrides_and_unsigned(world, scene):
    response = signed_in(world.auditor).get(_url(scene["campaign"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert (_count(html, "recipients"), _count(html, "duplicates")) == (3, 1)
    assert (_count(html, "overrides"), _count(html, "unsigned")) == (1, 3)
    text = page_text(response)
    assert "已由汉滨区报送，市总名单移出" in text and "city_admin" in text
    assert "家中两人重病" in text and "1,200.00" in text
    assert world.hanbin_person.id_masked in text
    assert world.hanbin_person.id_number not in text


def test_a_county_officer_sees_the_city_campaign_for_their_county_only(world, scene):
    response = signed_in(world.hanbin_officer).get(_url(scene["campaign"]))
    html = response.content.decode()
    assert _count(html, "recipients") == 2
    assert "李娜" not in page_text(response)


def test_another_countys_campaign_is_not_found_and_chairs_and_members_are_refused(world, scene):
    hanbin_camp = campaign(world, "coolness", org=world.hanbin)
    assert signed_in(world.shiquan_officer).get(_url(hanbin_camp)).status_code == 404
    assert signed_in(world.hanbin_chair).get(_url(scene["campaign"])).status_code == 403
    assert signed_in(world.hanbin_member).get(_url(scene["campaign"])).status_code == 403


def test_the_export_holds_each_part_on_its_own_sheet_and_is_logged(world, scene):
    response = signed_in(world.auditor).get(_url(scene["campaign"], export=True))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["发放对象", "重复人员处理", "调整金额", "未签收"]
    rows = {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}
    assert len(rows["发放对象"]) == 1 + 3
    assert rows["重复人员处理"][1][0] == "张伟"
    assert "已由汉滨区报送，市总名单移出" in rows["重复人员处理"][1]
    assert "家中两人重病" in rows["调整金额"][1]
    assert all(world.hanbin_person.id_number not in str(r) for r in rows["发放对象"])
    entry = AuditLog.objects.get(action=AuditAction.EXPORT, model="relief.campaign")
    assert entry.user == world.auditor and "发放对象3条" in entry.note


@pytest.mark.usefixtures("media")
def test_a_schooling_campaign_adds_its_grants(world):
    camp = campaign(world, "schooling")
    apply(world, camp, name="赵小刚")
    response = signed_in(world.city_admin).get(_url(camp))
    assert "赵小刚" in page_text(response)
    book = signed_in(world.city_admin).get(_url(camp, export=True))
    assert "金秋助学" in openpyxl.load_workbook(io.BytesIO(book.content)).sheetnames
