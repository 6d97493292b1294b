"""保障项目 managed in the app: a city admin creates, edits (while nobody is enrolled) and
closes a period; every other role sees the page read-only."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.permissions import Denied
from gonghui.mutual_aid import services
from gonghui.mutual_aid.models import AidPlan, Category, Payer

PLANS = "/mutual-aid/plans/"


def _terms(**changes):
    data = {
        "name": "新就业形态意外伤害互助保障",
        "category": "accident",
        "year": "2027",
        "period_start": "2027-01-01",
        "period_end": "2027-12-31",
        "contribution": "12.50",
        "waiting_days": "0",
        "waiting_exempt_accident": "on",
        "payout_rule": "ratio",
        "deductible": "100",
        "ratio_percent": "85.5",
        "per_day": "0",
        "max_days": "0",
        "fixed_amount": "0",
        "cap_per_claim": "10000",
        "cap_per_year": "20000",
        "diseases": "",
    }
    data.update(changes)
    return data


def test_city_admin_creates_a_plan_from_the_plans_page(aid, world, client):
    client.force_login(world.city_admin)
    page = client.get(PLANS).content.decode()
    assert 'href="/mutual-aid/plans/new/"' in page
    response = client.post("/mutual-aid/plans/new/", _terms(), follow=True)
    assert "已新建保障项目“2027年新就业形态意外伤害互助保障”" in response.content.decode()
    plan = AidPlan.objects.get(name="新就业形态意外伤害互助保障", year=2027)
    assert plan.ratio == Decimal("0.855") and plan.contribution == Decimal("12.50")
    assert plan.is_active and not plan.waiting_exempt_renewal
    entry = AuditLog.objects.get(model="mutual_aid.aidplan", object_id=str(plan.pk))
    assert entry.action == AuditAction.CREATE and entry.user == world.city_admin
    assert "85.5%" in client.get(PLANS).content.decode()


def test_next_period_form_starts_from_the_last_terms_one_year_later(aid, world, client):
    client.force_login(world.city_admin)
    critical = aid.plans[Category.CRITICAL]
    html = client.get(f"/mutual-aid/plans/new/?from={critical.pk}").content.decode()
    assert 'value="2027-01-01"' in html and 'value="2027"' in html
    assert "恶性肿瘤：癌、白血病、淋巴瘤、肉瘤" in html
    data = _terms(
        name="重大疾病互助保障",
        category="critical",
        payout_rule="fixed",
        fixed_amount="40000",
        cap_per_claim="40000",
        cap_per_year="40000",
        diseases="恶性肿瘤：癌、白血病\n急性心肌梗死：心梗",
    )
    client.post("/mutual-aid/plans/new/", data)
    plan = AidPlan.objects.get(name="重大疾病互助保障", year=2027)
    assert plan.diseases == [
        {"name": "恶性肿瘤", "keywords": ["恶性肿瘤", "癌", "白血病"]},
        {"name": "急性心肌梗死", "keywords": ["急性心肌梗死", "心梗"]},
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"period_start": "2027-06-30", "period_end": "2027-01-01"},
            "保障期止2027-01-01不能早于保障期起2027-06-30",
        ),
        ({"contribution": "-5"}, "每人缴费不能为负数"),
        ({"ratio_percent": "120"}, "给付比例应在0%到100%之间（填写的是120%）"),
        ({"ratio_percent": "-10"}, "给付比例应在0%到100%之间"),
        (
            {"cap_per_claim": "30000"},
            "每次最高给付30,000.00 元不能超过年度累计最高给付20,000.00 元",
        ),
        ({"category": "critical"}, "重大疾病、女职工特殊疾病项目须填写病种目录"),
        (
            {
                "name": "住院医疗互助保障",
                "year": "2026",
                "period_start": "2026-01-01",
                "period_end": "2026-12-31",
            },
            "2026年已有保障项目“住院医疗互助保障”",
        ),
    ],
)
def test_wrong_terms_are_explained_in_chinese_and_nothing_is_saved(
    aid, world, client, changes, message
):
    client.force_login(world.city_admin)
    before = AidPlan.objects.count()
    html = client.post("/mutual-aid/plans/new/", _terms(**changes)).content.decode()
    assert message in html
    assert AidPlan.objects.count() == before
    assert 'value="新就业形态意外伤害互助保障"' in html or "住院医疗互助保障" in html


def test_a_period_nobody_joined_can_be_edited_and_the_change_is_audited(aid, world, client):
    client.force_login(world.city_admin)
    plan = aid.plans[Category.ALLOWANCE]
    html = client.get(f"/mutual-aid/plans/{plan.pk}/edit/").content.decode()
    assert 'value="50.00"' in html  # per_day prefilled
    data = _terms(
        name=plan.name,
        category="allowance",
        year="2026",
        period_start="2026-01-01",
        period_end="2026-12-31",
        contribution="12.00",
        payout_rule="per_day",
        per_day="60",
        max_days="30",
        cap_per_claim="1800",
        cap_per_year="3600",
        ratio_percent="0",
    )
    response = client.post(f"/mutual-aid/plans/{plan.pk}/edit/", data, follow=True)
    assert "已保存“2026年住院津贴互助保障”的保障规则" in response.content.decode()
    plan.refresh_from_db()
    assert (plan.contribution, plan.per_day) == (Decimal("12.00"), Decimal("60.00"))
    entry = AuditLog.objects.filter(
        model="mutual_aid.aidplan", object_id=str(plan.pk), action=AuditAction.UPDATE
    ).get()
    assert entry.user == world.city_admin
    assert (entry.before["contribution"], entry.after["contribution"]) == ("10.00", "12.00")


def test_a_period_with_enrollments_cannot_be_edited(aid, world, client):
    plan = aid.plans[Category.HOSPITAL]
    services.enrollment_create(
        user=aid.officer,
        plan=plan,
        person=world.hanbin_person,
        payer=Payer.UNIT,
        employer=aid.employer,
    )
    client.force_login(world.city_admin)
    assert f"/mutual-aid/plans/{plan.pk}/edit/" not in client.get(PLANS).content.decode()
    data = _terms(
        name=plan.name,
        category="hospital",
        year="2026",
        period_start="2026-01-01",
        period_end="2026-12-31",
        contribution="1.00",
        ratio_percent="55",
        deductible="500",
        cap_per_claim="20000",
        cap_per_year="50000",
    )
    html = client.post(f"/mutual-aid/plans/{plan.pk}/edit/", data).content.decode()
    assert "“2026年住院医疗互助保障”已有1条参保登记，规则不能再修改" in html
    plan.refresh_from_db()
    assert plan.contribution == Decimal("30.00")


def test_closing_a_period_needs_a_confirmation_and_stops_new_enrollments(aid, world, client):
    plan = aid.plans[Category.HOSPITAL]
    client.force_login(world.city_admin)
    url = f"/mutual-aid/plans/{plan.pk}/close/"
    page = client.get(url).content.decode()
    assert "停止后不能再登记参保" in page and "确认停止参保" in page
    assert "请勾选确认" in client.post(url, {}).content.decode()
    plan.refresh_from_db()
    assert plan.is_active
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "已停止“2026年住院医疗互助保障”的参保登记" in response.content.decode()
    plan.refresh_from_db()
    assert not plan.is_active
    assert "已停止" in client.get(PLANS).content.decode()
    with pytest.raises(DomainError, match="已停止参保登记"):
        services.enrollment_create(
            user=aid.officer,
            plan=plan,
            person=world.hanbin_person,
            payer=Payer.UNIT,
            employer=aid.employer,
        )


@pytest.mark.parametrize("role", ["hanbin_officer", "hanbin_chair", "auditor", "hanbin_member"])
def test_other_roles_see_the_plans_read_only(aid, world, client, role):
    plan = aid.plans[Category.HOSPITAL]
    client.force_login(getattr(world, role))
    page = client.get(PLANS)
    assert page.status_code == 200 and "2026年住院医疗互助保障" in page.content.decode()
    assert "新建保障项目" not in page.content.decode()
    assert client.get("/mutual-aid/plans/new/").status_code == 403
    assert client.post("/mutual-aid/plans/new/", _terms()).status_code == 403
    assert client.post(f"/mutual-aid/plans/{plan.pk}/close/", {"confirm": "on"}).status_code == 403
    plan.refresh_from_db()
    assert plan.is_active and not AidPlan.objects.filter(year=2027).exists()


def test_plan_service_refuses_anyone_but_the_city_admin(aid, world):
    with pytest.raises(Denied, match="无权停止保障项目参保登记"):
        services.plan_close(user=world.hanbin_officer, plan=aid.plans[Category.HOSPITAL])
