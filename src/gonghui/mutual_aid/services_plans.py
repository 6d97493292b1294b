"""Writes of 保障项目: a period's terms as the administrator enters them, checked here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from gonghui.core.db import lock_row, unique_or
from gonghui.core.errors import DomainError
from gonghui.core.models import User
from gonghui.core.money import to_money
from gonghui.core.permissions import requires
from gonghui.core.templatetags.gonghui_ui import yuan
from gonghui.mutual_aid import rules
from gonghui.mutual_aid.models import (
    AidPlan,
    Category,
    PayoutRule,
)
from gonghui.mutual_aid.rules import ZERO


def plan_seed_year(*, year: int) -> list[AidPlan]:
    """Create the year's default plans (idempotent); for demo data and fixtures, pages use plan_seed."""
    out = []
    with transaction.atomic():
        for values in rules.default_plans(year):
            plan, _ = AidPlan.objects.get_or_create(name=values["name"], year=year, defaults=values)
            out.append(plan)
    return out


@requires("mutual_aid.plan.create")
def plan_seed(*, user: User, year: int) -> list[AidPlan]:
    """按默认规则生成 a year's plans from the plans page (idempotent by name and year)."""
    return plan_seed_year(year=year)


@dataclass
class PlanData:
    """The terms of one plan for one coverage period, as an administrator enters them."""

    name: str
    category: str
    year: int
    period_start: dt.date
    period_end: dt.date
    contribution: Any
    payout_rule: str
    cap_per_claim: Any
    cap_per_year: Any
    waiting_days: int = 90
    waiting_exempt_renewal: bool = True
    waiting_exempt_accident: bool = True
    deductible: Any = "0"
    ratio: Any = "0"  # a fraction: 0.55 is 55%
    per_day: Any = "0"
    max_days: int = 0
    fixed_amount: Any = "0"
    women_only: bool = False
    diseases: list[dict[str, Any]] | None = None


def plan_clean(data: PlanData) -> dict[str, Any]:
    """The AidPlan field values of `data`, or a Chinese error naming the first wrong term."""
    name = " ".join(str(data.name).split())
    if not name:
        raise DomainError("请填写项目名称")
    if data.category not in Category.values:
        raise DomainError("保障类别无效")
    if data.payout_rule not in PayoutRule.values:
        raise DomainError("给付方式无效")
    if not 2000 <= data.year <= 2100:
        raise DomainError(f"年度{data.year}无效")
    if data.period_start is None or data.period_end is None:
        raise DomainError("请填写保障期起止日期")
    if data.period_end < data.period_start:
        raise DomainError(
            f"保障期止{data.period_end:%Y-%m-%d}不能早于保障期起{data.period_start:%Y-%m-%d}"
        )
    if data.period_start.year != data.year:
        raise DomainError(f"保障期起{data.period_start:%Y-%m-%d}应在{data.year}年度内")
    money = {
        "contribution": to_money(data.contribution, field="每人缴费"),
        "deductible": to_money(data.deductible, field="起付线"),
        "per_day": to_money(data.per_day, field="每日津贴"),
        "fixed_amount": to_money(data.fixed_amount, field="定额"),
        "cap_per_claim": to_money(data.cap_per_claim, field="每次最高给付"),
        "cap_per_year": to_money(data.cap_per_year, field="年度累计最高给付"),
    }
    try:
        ratio = Decimal(str(data.ratio).strip())
    except (ArithmeticError, ValueError):
        raise DomainError(f"给付比例“{data.ratio}”不是有效的数字") from None
    if not ratio.is_finite() or not ZERO <= ratio <= 1:
        raise DomainError(f"给付比例应在0%到100%之间（填写的是{(ratio * 100).normalize():f}%）")
    if ratio != ratio.quantize(Decimal("0.001")):
        raise DomainError("给付比例最多保留一位小数的百分数（如55.5%）")
    if not 0 <= data.waiting_days <= 730:
        raise DomainError("观察期应在0到730天之间")
    if not 0 <= data.max_days <= 366:
        raise DomainError("每次最多天数应在0到366天之间")
    if money["cap_per_claim"] <= 0:
        raise DomainError("每次最高给付必须大于0")
    if money["cap_per_claim"] > money["cap_per_year"]:
        raise DomainError(
            f"每次最高给付{yuan(money['cap_per_claim'])}不能超过年度累计最高给付"
            f"{yuan(money['cap_per_year'])}"
        )
    if data.payout_rule == PayoutRule.RATIO and ratio <= 0:
        raise DomainError("按比例给付须填写大于0%的给付比例")
    if data.payout_rule == PayoutRule.PER_DAY and money["per_day"] <= 0:
        raise DomainError("按住院天数给付须填写每日津贴")
    if data.payout_rule == PayoutRule.FIXED and money["fixed_amount"] <= 0:
        raise DomainError("定额给付须填写定额")
    diseases = [
        {
            "name": str(d.get("name", "")).strip(),
            "keywords": [str(k).strip() for k in d.get("keywords", []) if str(k).strip()],
        }
        for d in data.diseases or []
        if str(d.get("name", "")).strip()
    ]
    if data.category in (Category.CRITICAL, Category.FEMALE) and not diseases:
        raise DomainError("重大疾病、女职工特殊疾病项目须填写病种目录")
    return {
        "name": name,
        "category": data.category,
        "year": data.year,
        "period_start": data.period_start,
        "period_end": data.period_end,
        "waiting_days": data.waiting_days,
        "waiting_exempt_renewal": data.waiting_exempt_renewal,
        "waiting_exempt_accident": data.waiting_exempt_accident,
        "payout_rule": data.payout_rule,
        "ratio": ratio,
        "max_days": data.max_days,
        "women_only": data.women_only,
        "diseases": diseases,
        **money,
    }


def _plan_name_free(name: str, year: int, exclude: int | None = None) -> None:
    taken = AidPlan.objects.filter(name=name, year=year)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise DomainError(f"{year}年已有保障项目“{name}”，请换一个名称")


@requires("mutual_aid.plan.create")
def plan_create(*, user: User, data: PlanData) -> AidPlan:
    """A new plan for one coverage period (open for enrollment)."""
    values = plan_clean(data)
    with transaction.atomic():
        _plan_name_free(values["name"], values["year"])
        plan = AidPlan(**values, is_active=True)
        with unique_or(f"{values['year']}年已有保障项目“{values['name']}”"):
            plan.save()
    return plan


@requires("mutual_aid.plan.change", on="plan")
def plan_update(*, user: User, plan: AidPlan, data: PlanData) -> AidPlan:
    """Change a period's terms while nobody is enrolled in it yet."""
    values = plan_clean(data)
    with transaction.atomic():
        plan = lock_row(plan)
        count = plan.enrollments.count()
        if count:
            raise DomainError(
                f"“{plan}”已有{count}条参保登记，规则不能再修改；如需调整，请停止本期参保并新建下一期"
            )
        _plan_name_free(values["name"], values["year"], exclude=plan.pk)
        for key, value in values.items():
            setattr(plan, key, value)
        plan.save()
    return plan


@requires("mutual_aid.plan.close", on="plan")
def plan_close(*, user: User, plan: AidPlan) -> AidPlan:
    """停止参保: no new enrollments; those already covered keep their cover and claims."""
    with transaction.atomic():
        plan = lock_row(plan)
        if not plan.is_active:
            raise DomainError(f"“{plan}”已停止参保登记")
        plan.is_active = False
        plan.save()
    return plan
