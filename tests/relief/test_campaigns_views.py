"""The 四送 campaign pages through the browser's requests: each step a user takes, its Chinese
refusal on the page, and scope (石泉 never sees 汉滨's lists)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gonghui.relief.models import Campaign, Distribution, ListStatus
from gonghui.relief.models.campaigns import DuplicateResolution
from gonghui.relief.services_lists import list_add, list_create
from tests.relief.fixtures_campaigns import (
    BUDGET,
    add,
    approved,
    county_list,
    filed_case,
    person_in,
    submitted,
    warmth,
)


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def text(response) -> str:
    return response.content.decode()


def test_the_campaign_list_shows_the_citys_campaign_to_a_county(world):
    warmth(world)
    response = client(world.hanbin_officer).get(reverse("relief:campaign_list"))
    assert response.status_code == 200
    assert "2025年冬送温暖" in text(response)


def test_an_officer_creates_a_campaign_on_the_form(world):
    c = client(world.hanbin_officer)
    assert c.get(reverse("relief:campaign_new")).status_code == 200
    response = c.post(
        reverse("relief:campaign_new"),
        {
            "kind": "warmth",
            "name": "汉滨区冬送温暖",
            "year": "2025",
            "org": str(world.hanbin.pk),
            "s0_group": "deep",
            "s0_amount": "1000",
            "s0_goods": "米面油",
            "s1_group": "other",
            "s1_label": "劳模",
            "s1_amount": "600",
            "f0_source": "上级拨付",
            "f0_amount": "50000",
            "b0_line": BUDGET,
            "b0_amount": "50000",
        },
    )
    campaign = Campaign.objects.get(name="汉滨区冬送温暖")
    assert response.status_code == 302
    assert {(s.group, s.label) for s in campaign.standards.all()} == {
        ("deep", "深度困难"),
        ("劳模", "劳模"),
    }
    detail = client(world.hanbin_officer).get(response["Location"])
    assert "劳模" in text(detail) and "50,000.00 元" in text(detail)


def test_a_bad_standard_is_shown_on_the_form_and_nothing_is_created(world):
    response = client(world.city_admin).post(
        reverse("relief:campaign_new"),
        {
            "kind": "warmth",
            "name": "冬送温暖",
            "year": "2025",
            "org": str(world.city.pk),
            "s0_group": "deep",
            "s0_amount": "一千",
        },
    )
    assert response.status_code == 200
    assert "第1条慰问标准的慰问金标准“一千”不是有效的金额" in text(response)
    assert not Campaign.objects.exists()


def test_a_county_makes_a_list_from_the_campaign_page_and_fills_it(world):
    campaign = warmth(world)
    filed_case(person_in(world.hanbin_union, "赵一"), "deep")
    c = client(world.hanbin_officer)
    response = c.post(
        reverse("relief:campaign_detail", args=[campaign.pk]),
        {"org": str(world.hanbin.pk), "budget_line": BUDGET},
    )
    dlist = campaign.lists.get()
    assert response["Location"] == reverse("relief:list_detail", args=[dlist.pk])
    c.post(reverse("relief:list_generate", args=[dlist.pk]), {"groups": ["deep"]})
    c.post(
        reverse("relief:list_add", args=[dlist.pk]),
        {"id_number": world.hanbin_person.id_number, "group": "relative"},
    )
    page = text(c.get(reverse("relief:list_detail", args=[dlist.pk])))
    assert "赵一" in page and "张伟" in page
    assert "2人 / 1,500.00 元" in page


def test_adding_above_the_standard_without_a_reason_says_why_on_the_page(world):
    dlist = county_list(world, warmth(world))
    c = client(world.hanbin_officer)
    response = c.post(
        reverse("relief:list_add", args=[dlist.pk]),
        {"id_number": world.hanbin_person.id_number, "group": "deep", "amount": "1500"},
        follow=True,
    )
    assert "高于“深度困难”的标准1,000.00 元，须填写调整原因" in text(response)
    assert not dlist.items.exists()


def test_adding_a_person_of_another_county_is_refused_without_saying_where(world):
    dlist = county_list(world, warmth(world))
    response = client(world.hanbin_officer).post(
        reverse("relief:list_add", args=[dlist.pk]),
        {"id_number": world.shiquan_person.id_number, "group": "deep"},
        follow=True,
    )
    assert "汉滨区总工会的管辖范围内没有此身份证号码的职工" in text(response)
    assert "李娜" not in text(response)
    assert not dlist.items.exists()


def _xlsx(rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号码", "对象类别", "金额", "调整原因", "物资"])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_import_with_errors_lists_them_by_row_and_column_and_writes_nothing(world):
    dlist = county_list(world, warmth(world))
    number = world.hanbin_person.id_number
    upload = SimpleUploadedFile(
        "名单.xlsx",
        _xlsx(
            [
                ["张伟", number, "深度困难", "", "", ""],
                ["张伟", number.lower(), "深度困难", "", "", ""],
            ]
        ),
    )
    response = client(world.hanbin_officer).post(
        reverse("relief:list_import", args=[dlist.pk]), {"upload": upload}, follow=True
    )
    page = text(response)
    assert "导入未执行" in page and "第3行" in page and "身份证号码与第2行重复" in page
    assert not dlist.items.exists()


def test_submit_and_approve_go_through_a_confirmation(world):
    dlist = county_list(world, warmth(world))
    add(world, dlist, world.hanbin_person)
    c = client(world.hanbin_officer)
    confirm = c.get(reverse("relief:list_submit", args=[dlist.pk]))
    assert "共1人，合计1,000.00 元" in text(confirm)
    c.post(reverse("relief:list_submit", args=[dlist.pk]), {})  # not confirmed
    dlist.refresh_from_db()
    assert dlist.status == ListStatus.DRAFT
    c.post(reverse("relief:list_submit", args=[dlist.pk]), {"confirm": "on"})
    dlist.refresh_from_db()
    assert dlist.status == ListStatus.SUBMITTED
    same = c.post(reverse("relief:list_approve", args=[dlist.pk]), {"confirm": "on"})
    assert "审批人须不同于报送人" in text(same)
    client(world.city_admin).post(
        reverse("relief:list_approve", args=[dlist.pk]), {"confirm": "on"}
    )
    dlist.refresh_from_db()
    assert dlist.status == ListStatus.APPROVED


def test_return_asks_for_a_reason(world):
    dlist = county_list(world, warmth(world))
    add(world, dlist, world.hanbin_person)
    submitted(world, dlist)
    c = client(world.city_admin)
    c.post(reverse("relief:list_return", args=[dlist.pk]), {"reason": ""})
    dlist.refresh_from_db()
    assert dlist.status == ListStatus.SUBMITTED
    c.post(reverse("relief:list_return", args=[dlist.pk]), {"reason": "缺少签字"})
    dlist.refresh_from_db()
    assert (dlist.status, dlist.returned_reason) == (ListStatus.RETURNED, "缺少签字")


def test_the_export_holds_the_lists_people_masked(world):
    dlist = county_list(world, warmth(world))
    add(world, dlist, world.hanbin_person)
    response = client(world.hanbin_officer).get(reverse("relief:list_export", args=[dlist.pk]))
    body = b"".join(response.streaming_content)
    wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    cells = [str(c) for row in wb.active.iter_rows(values_only=True) for c in row if c]
    assert "张伟" in cells
    assert world.hanbin_person.id_number not in cells
    assert world.hanbin_person.id_masked in cells


def test_the_duplicates_page_shows_both_lists_and_resolves_one_with_a_note(world):
    campaign = warmth(world)
    hanbin = county_list(world, campaign)
    add(world, hanbin, world.hanbin_person)
    city = list_create(user=world.city_admin, campaign=campaign, org=world.city, budget_line=BUDGET)
    city_item = list_add(
        user=world.city_admin, dlist=city, person=world.hanbin_person, group="relative"
    )
    submitted(world, hanbin)
    c = client(world.city_admin)
    page = text(c.get(reverse("relief:campaign_duplicates", args=[campaign.pk])))
    assert "张伟" in page and "汉滨区总工会" in page and "安康市总工会" in page
    assert "1,000.00 元" in page and "500.00 元" in page
    c.post(reverse("relief:item_resolve", args=[city_item.pk]), {"note": "由汉滨区慰问"})
    assert not Distribution.objects.filter(pk=city_item.pk).exists()
    assert DuplicateResolution.objects.get().note == "由汉滨区慰问"
    page = text(c.get(reverse("relief:campaign_duplicates", args=[campaign.pk])))
    assert "没有重复人员" in page and "由汉滨区慰问" in page


def test_receipt_on_the_page_then_the_unsigned_page_forgets_the_person(world):
    with time_machine.travel(dt.datetime(2025, 12, 10, 9, 0), tick=False):
        dlist = county_list(world, warmth(world))
        item = add(world, dlist, world.hanbin_person)
        approved(world, dlist)
        c = client(world.hanbin_officer)
        unsigned = reverse("relief:campaign_unsigned", args=[dlist.campaign_id])
        assert "张伟" in text(c.get(unsigned))
        bad = c.post(
            reverse("relief:item_receipt", args=[item.pk]),
            {"signed_on": "2025-12-10", "proxy_name": "张强"},
        )
        assert "代领须填写代领原因" in text(bad)
        done = c.post(
            reverse("relief:item_receipt", args=[item.pk]),
            {"signed_on": "2025-12-10", "upload": SimpleUploadedFile("签收.pdf", b"%PDF-1.4 x")},
            follow=True,
        )
        assert "已登记张伟的签收" in text(done)
        item.refresh_from_db()
        assert item.signed
        assert "张伟" not in text(c.get(unsigned))
        assert c.get(reverse("relief:item_receipt_file", args=[item.pk])).status_code == 200


@pytest.mark.parametrize(
    "name",
    ["relief:list_detail", "relief:list_export", "relief:list_submit", "relief:list_template"],
)
def test_shiquan_never_sees_hanbins_list(world, name):
    dlist = county_list(world, warmth(world))
    add(world, dlist, world.hanbin_person)
    response = client(world.shiquan_officer).get(reverse(name, args=[dlist.pk]))
    assert response.status_code in (403, 404)


def test_shiquan_sees_neither_hanbins_lists_nor_people_on_the_campaign_pages(world):
    campaign = warmth(world)
    dlist = county_list(world, campaign)
    add(world, dlist, world.hanbin_person)
    approved(world, dlist)
    c = client(world.shiquan_officer)
    for name in (
        "relief:campaign_detail",
        "relief:campaign_duplicates",
        "relief:campaign_unsigned",
    ):
        page = text(c.get(reverse(name, args=[campaign.pk])))
        assert "张伟" not in page and "汉滨区总工会" not in page
    response = c.post(reverse("relief:item_remove", args=[dlist.items.get().pk]))
    assert response.status_code == 404
    assert dlist.items.count() == 1


def test_the_shiquan_samples_for_the_scope_walk_stay_out_of_hanbins_pages(world):
    from tests.relief.fixtures_campaigns import shiquan_campaign_records

    markers = shiquan_campaign_records(world)
    city = warmth(world)
    c = client(world.hanbin_officer)
    pages = [
        reverse("relief:campaign_list"),
        reverse("relief:campaign_detail", args=[city.pk]),
        reverse("relief:campaign_duplicates", args=[city.pk]),
        reverse("relief:campaign_unsigned", args=[city.pk]),
    ]
    for url in pages:
        body = text(c.get(url))
        assert not [m for m in markers if m in body], url
    shiquan = Campaign.objects.get(name="石泉标记活动冬送")
    assert c.get(reverse("relief:campaign_detail", args=[shiquan.pk])).status_code == 404
    seen = client(world.shiquan_officer).get(
        reverse("relief:campaign_duplicates", args=[shiquan.pk])
    )
    assert "石泉标记处理说明" in text(seen)


def test_the_auditor_reads_the_pages_without_their_buttons(world):
    campaign = warmth(world)
    dlist = county_list(world, campaign)
    add(world, dlist, world.hanbin_person)
    c = client(world.auditor)
    detail = text(c.get(reverse("relief:campaign_detail", args=[campaign.pk])))
    assert "汉滨区总工会" in detail and "专项审计" in detail
    assert "编制发放名单" not in detail and "结束活动" not in detail
    page = text(c.get(reverse("relief:list_detail", args=[dlist.pk])))
    assert "张伟" in page
    assert "报送…" not in page and "移出" not in page and "添加人员" not in page
    refused = c.post(reverse("relief:list_submit", args=[dlist.pk]), {"confirm": "on"})
    assert refused.status_code == 403


def test_a_long_list_is_shown_a_hundred_at_a_time_with_its_whole_total(world):
    dlist = county_list(world, warmth(world))
    for n in range(101):
        add(world, dlist, person_in(world.hanbin_union, f"职工{n:03d}"), "relative")
    c = client(world.hanbin_officer)
    first = text(c.get(reverse("relief:list_detail", args=[dlist.pk])))
    assert "101人 / 50,500.00 元" in first and "第1页，共2页" in first
    assert "职工000" in first and "职工100" not in first
    second = text(c.get(reverse("relief:list_detail", args=[dlist.pk]) + "?page=2"))
    assert "职工100" in second and "职工000" not in second
    assert c.get(reverse("relief:list_detail", args=[dlist.pk]) + "?page=abc").status_code == 400


@pytest.mark.parametrize(
    "written",
    [
        lambda n: n[:6] + n[8:17],  # the old 15-digit number
        lambda n: "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in n),
        lambda n: f" {n[:6]} {n[6:14]} {n[14:]} ",
    ],
    ids=["fifteen-digits", "full-width", "spaces"],
)
def test_the_same_person_typed_another_way_is_refused_on_the_page(world, written):
    dlist = county_list(world, warmth(world))
    add(world, dlist, world.hanbin_person)
    response = client(world.hanbin_officer).post(
        reverse("relief:list_add", args=[dlist.pk]),
        {"id_number": written(world.hanbin_person.id_number), "group": "relative"},
        follow=True,
    )
    assert "张伟已在本名单中，不能重复列入" in text(response)
    assert dlist.items.count() == 1
