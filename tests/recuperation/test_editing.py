"""Correcting what was entered: batches of a draft plan (edit, delete with confirmation, frozen
after the 党组会), 疗休养基地 (edit, delete or deactivate when used) and 互派协议 (edit)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.permissions import Denied
from gonghui.recuperation import services
from gonghui.recuperation.models import Base, Batch, ExchangeAgreement


def _login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _draft(rw):
    plan = rw.plan()
    b1 = rw.batch(plan, "B1")
    b2 = rw.batch(plan, "B2", start=dt.date(2026, 12, 21), base=rw.base2)
    return plan, b1, b2


# ---------------------------------------------------------------- batches


def test_editing_a_batch_of_a_draft_plan_changes_it_and_is_audited(rw):
    _plan, _b1, b2 = _draft(rw)
    c = _login(rw.w.city_admin)
    page = c.get(reverse("recuperation:batch_edit", args=[b2.pk])).content.decode()
    # The form shows what is saved, dates as <input type=date> needs them.
    assert 'value="B2"' in page and "610902=500.00" in page and 'value="2026-12-21"' in page
    r = c.post(
        reverse("recuperation:batch_edit", args=[b2.pk]),
        {
            "code": "B2",
            "base": rw.base2.pk,
            "start_date": "2026-12-21",
            "end_date": "2026-12-26",
            "min_size": 2,
            "max_size": 4,
            "cost_per_person": "3100.00",
            "travel_cost": "610902=500\n*=900",
        },
        follow=True,
    )
    assert "已保存批次B2" in r.content.decode()
    b2.refresh_from_db()
    assert (b2.days, b2.max_size, str(b2.cost_per_person)) == (6, 4, "3100.00")
    assert b2.travel_cost == {"610902": "500.00", "*": "900.00"}
    entry = AuditLog.objects.filter(
        model="recuperation.batch", object_id=str(b2.pk), action=AuditAction.UPDATE
    ).latest("pk")
    assert entry.user == rw.w.city_admin and entry.after["max_size"] == 4


def test_an_edit_that_overlaps_another_batch_at_the_same_base_is_refused(rw):
    plan, _b1, _b2 = _draft(rw)
    b3 = rw.batch(plan, "B3", start=dt.date(2026, 12, 28))
    with pytest.raises(DomainError, match=r"与批次B1.*在同一基地的日期重叠"):
        services.batch_update(
            user=rw.w.city_admin,
            batch=b3,
            code="B3",
            base=rw.base,
            start_date=dt.date(2026, 12, 15),
            end_date=dt.date(2026, 12, 19),
            min_size=1,
            max_size=3,
            cost_per_person="3000",
            travel_cost={"*": "800"},
        )
    b3.refresh_from_db()
    assert b3.start_date == dt.date(2026, 12, 28)


def test_deleting_a_batch_asks_first_then_deletes(rw):
    plan, _b1, b2 = _draft(rw)
    c = _login(rw.w.city_admin)
    url = reverse("recuperation:batch_delete", args=[b2.pk])
    page = c.get(url).content.decode()
    assert "确定从" in page and "删除批次B2吗？删除后不可恢复。" in page and "确认删除" in page
    assert Batch.objects.filter(pk=b2.pk).exists()  # asking changes nothing
    r = c.post(url, follow=True)
    assert "已删除批次B2" in r.content.decode()
    assert list(plan.batches.values_list("code", flat=True)) == ["B1"]
    assert AuditLog.objects.filter(
        model="recuperation.batch", object_id=str(b2.pk), action=AuditAction.DELETE
    ).exists()


def test_after_approval_a_batch_can_be_neither_edited_nor_deleted(rw):
    plan, b1, _b2 = _draft(rw)
    rw.approve(plan)
    message = "方案已经党组会审定（当前状态：党组会审定），批次已冻结，不能修改或删除"
    with pytest.raises(DomainError, match=message):
        services.batch_delete(user=rw.w.city_admin, batch=b1)
    c = _login(rw.w.city_admin)
    for name in ("batch_edit", "batch_delete"):
        r = c.get(reverse(f"recuperation:{name}", args=[b1.pk]), follow=True)
        assert message in r.content.decode()
    r = c.post(reverse("recuperation:batch_delete", args=[b1.pk]), follow=True)
    assert message in r.content.decode()
    assert plan.batches.count() == 2
    # The plan page offers no edit or delete once approved.
    page = c.get(reverse("recuperation:plan_detail", args=[plan.pk])).content.decode()
    assert reverse("recuperation:batch_delete", args=[b1.pk]) not in page


def test_a_county_officer_cannot_change_the_city_plans_batches(rw):
    _plan, b1, _b2 = _draft(rw)
    with pytest.raises(Denied, match="不在您的管辖范围内"):
        services.batch_delete(user=rw.w.hanbin_officer, batch=b1)
    r = _login(rw.w.hanbin_officer).post(reverse("recuperation:batch_delete", args=[b1.pk]))
    assert r.status_code == 403
    assert Batch.objects.filter(pk=b1.pk).exists()


# ---------------------------------------------------------------- bases


def test_an_officer_creates_and_edits_a_base(rw):
    c = _login(rw.w.hanbin_officer)
    c.post(
        reverse("recuperation:base_list"),
        {"name": "瀛湖劳模疗休养基地", "place": "安康市汉滨区瀛湖", "capacity": 30},
    )
    base = Base.objects.get(name="瀛湖劳模疗休养基地")
    r = c.post(
        reverse("recuperation:base_edit", args=[base.pk]),
        {
            "name": "瀛湖劳模疗休养基地",
            "place": "安康市汉滨区瀛湖镇",
            "capacity": 45,
            "services": "生态康养",
            "contact": "李主任 0915-1234567",
            "is_active": "on",
        },
        follow=True,
    )
    assert "已保存基地“瀛湖劳模疗休养基地”" in r.content.decode()
    base.refresh_from_db()
    assert (base.place, base.capacity, base.contact) == (
        "安康市汉滨区瀛湖镇",
        45,
        "李主任 0915-1234567",
    )
    assert AuditLog.objects.filter(
        model="recuperation.base", object_id=str(base.pk), action=AuditAction.UPDATE
    ).exists()


def test_a_base_cannot_shrink_below_a_planned_batch(rw):
    plan = rw.plan()
    rw.batch(plan, "B1", max_size=30)
    with pytest.raises(DomainError, match="批次B1（2026年）安排了最多30人，接待能力不能低于30人"):
        services.base_update(
            user=rw.w.city_admin, base=rw.base, name=rw.base.name, place=rw.base.place, capacity=20
        )


def test_an_unused_base_is_deleted_after_confirmation(rw):
    base = services.base_create(user=rw.w.city_admin, name="试点基地", place="石泉县", capacity=30)
    c = _login(rw.w.city_admin)
    url = reverse("recuperation:base_delete", args=[base.pk])
    assert "确定删除基地“试点基地”吗？" in c.get(url).content.decode()
    r = c.post(url, follow=True)
    assert "已删除基地“试点基地”" in r.content.decode()
    assert not Base.objects.filter(pk=base.pk).exists()


def test_a_used_base_is_deactivated_instead_and_offered_no_more(rw):
    plan = rw.plan()
    rw.batch(plan, "B1")
    c = _login(rw.w.city_admin)
    url = reverse("recuperation:base_delete", args=[rw.base.pk])
    assert "已有1个批次使用，不能删除。确定停用吗？" in c.get(url).content.decode()
    r = c.post(url, follow=True)
    assert "已有批次使用，已改为停用" in r.content.decode()
    rw.base.refresh_from_db()
    assert Base.objects.filter(pk=rw.base.pk).exists() and not rw.base.is_active
    with pytest.raises(DomainError, match="基地“宁波工人疗养院”已停用，不能安排批次"):
        rw.batch(plan, "B2", start=dt.date(2026, 12, 21))
    form = c.get(reverse("recuperation:batch_create", args=[plan.pk])).content.decode()
    assert "宁波工人疗养院" not in form
    # The batch that already uses it can still be edited.
    page = c.get(reverse("recuperation:batch_edit", args=[plan.batches.get().pk])).content
    assert "宁波工人疗养院" in page.decode()


def test_a_grassroots_chair_cannot_maintain_bases_or_agreements(rw):
    with pytest.raises(Denied, match="您的账号无权新增疗休养基地"):
        services.base_create(user=rw.w.hanbin_chair, name="x基地", place="x", capacity=10)
    with pytest.raises(Denied, match="您的账号无权删除或停用疗休养基地"):
        services.base_delete(user=rw.w.hanbin_chair, base=rw.base2)
    with pytest.raises(Denied, match="您的账号无权登记互派协议"):
        services.exchange_create(
            user=rw.w.hanbin_chair, partner="x", city="x", signed_on=dt.date(2025, 3, 1)
        )
    c = _login(rw.w.hanbin_chair)
    assert c.get(reverse("recuperation:base_edit", args=[rw.base.pk])).status_code == 403
    assert c.post(reverse("recuperation:base_delete", args=[rw.base2.pk])).status_code == 403
    assert Base.objects.filter(pk=rw.base2.pk, is_active=True).exists()


# ---------------------------------------------------------------- exchange agreements


def test_an_exchange_agreement_is_edited_through_its_page(rw):
    # 汉滨 signed it, so 汉滨 keeps it (the city's agreements are the city's: see
    # test_a_county_officer_neither_sees_nor_edits_the_city_agreement).
    ex = services.exchange_create(
        user=rw.w.hanbin_officer, partner="宝鸡市总工会", city="宝鸡", signed_on=dt.date(2025, 3, 1)
    )
    c = _login(rw.w.hanbin_officer)
    assert "编辑" in c.get(reverse("recuperation:inbound_list")).content.decode()
    r = c.post(
        reverse("recuperation:exchange_edit", args=[ex.pk]),
        {
            "partner": "宝鸡市总工会",
            "city": "宝鸡",
            "signed_on": "2025-03-01",
            "valid_until": "2027-12-31",
            "terms": "每年互派两批劳模疗休养团组",
        },
        follow=True,
    )
    assert "互派协议已保存" in r.content.decode()
    ex.refresh_from_db()
    assert (ex.valid_until, ex.terms) == (dt.date(2027, 12, 31), "每年互派两批劳模疗休养团组")
    assert AuditLog.objects.filter(
        model="recuperation.exchangeagreement", object_id=str(ex.pk), action=AuditAction.UPDATE
    ).exists()


def test_an_agreement_valid_until_before_it_was_signed_is_refused(rw):
    ex = services.exchange_create(
        user=rw.w.city_admin, partner="铜川市总工会", city="铜川", signed_on=dt.date(2025, 3, 1)
    )
    r = _login(rw.w.city_admin).post(
        reverse("recuperation:exchange_edit", args=[ex.pk]),
        {
            "partner": "铜川市总工会",
            "city": "铜川",
            "signed_on": "2025-03-01",
            "valid_until": "2024-01-01",
        },
    )
    assert "有效期至2024-01-01早于签订日期2025-03-01" in r.content.decode()
    assert ExchangeAgreement.objects.get(pk=ex.pk).valid_until is None
