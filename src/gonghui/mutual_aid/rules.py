"""Plan rules as data: the default plans of a year, disease lists, and the payout arithmetic.

The numbers are [default] settings (domain.md §3): an administrator edits them per plan and
year on the AidPlan rows; `default_plans` only seeds a new year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# 重大疾病 list (a subset of the 中国保险行业协会 25 种 with the keywords a diagnosis uses).
CRITICAL_DISEASES: list[dict[str, Any]] = [
    {"name": "恶性肿瘤", "keywords": ["恶性肿瘤", "癌", "白血病", "淋巴瘤", "肉瘤"]},
    {"name": "急性心肌梗死", "keywords": ["心肌梗死", "心肌梗塞", "心梗"]},
    {"name": "脑中风后遗症", "keywords": ["脑中风", "脑卒中", "脑梗死", "脑出血"]},
    {"name": "重大器官移植术", "keywords": ["器官移植", "造血干细胞移植", "骨髓移植"]},
    {"name": "冠状动脉搭桥术", "keywords": ["冠状动脉搭桥", "冠脉搭桥"]},
    {"name": "终末期肾病", "keywords": ["终末期肾病", "尿毒症", "慢性肾衰竭"]},
    {"name": "多个肢体缺失", "keywords": ["肢体缺失", "截肢"]},
    {"name": "急性或亚急性重症肝炎", "keywords": ["重症肝炎", "肝衰竭"]},
    {"name": "良性脑肿瘤", "keywords": ["良性脑肿瘤"]},
    {"name": "帕金森病", "keywords": ["帕金森"]},
    {"name": "重型再生障碍性贫血", "keywords": ["再生障碍性贫血"]},
    {"name": "主动脉手术", "keywords": ["主动脉手术", "主动脉夹层"]},
]

# 女职工特殊疾病 (the usual 女职工安康 list).
FEMALE_DISEASES: list[dict[str, Any]] = [
    {"name": "乳腺癌", "keywords": ["乳腺癌", "乳腺恶性肿瘤"]},
    {"name": "宫颈癌", "keywords": ["宫颈癌", "子宫颈恶性肿瘤"]},
    {"name": "子宫内膜癌", "keywords": ["子宫内膜癌", "子宫体恶性肿瘤"]},
    {"name": "卵巢癌", "keywords": ["卵巢癌", "卵巢恶性肿瘤"]},
    {"name": "输卵管癌", "keywords": ["输卵管癌"]},
    {"name": "阴道癌", "keywords": ["阴道癌"]},
    {"name": "外阴癌", "keywords": ["外阴癌"]},
]


def match_disease(diagnosis: str, diseases: list[dict[str, Any]]) -> str | None:
    """The listed disease a diagnosis names (by keyword), or None."""
    text = "".join(diagnosis.split())
    if not text:
        return None
    for disease in diseases:
        for keyword in [disease["name"], *disease.get("keywords", [])]:
            if keyword and keyword in text:
                return str(disease["name"])
    return None


def default_plans(year: int) -> list[dict[str, Any]]:
    """The five plans of a year as AidPlan field values ([default] figures)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    common = {"year": year, "period_start": start, "period_end": end}
    return [
        {
            **common,
            "name": "住院医疗互助保障",
            "category": "hospital",
            "contribution": Decimal("30.00"),
            "waiting_days": 90,
            "payout_rule": "ratio",
            "deductible": Decimal("500.00"),
            "ratio": Decimal("0.550"),
            "cap_per_claim": Decimal("20000.00"),
            "cap_per_year": Decimal("50000.00"),
        },
        {
            **common,
            "name": "重大疾病互助保障",
            "category": "critical",
            "contribution": Decimal("40.00"),
            "waiting_days": 180,
            "waiting_exempt_accident": False,
            "payout_rule": "fixed",
            "fixed_amount": Decimal("40000.00"),
            "cap_per_claim": Decimal("40000.00"),
            "cap_per_year": Decimal("40000.00"),
            "diseases": CRITICAL_DISEASES,
        },
        {
            **common,
            "name": "女职工特殊疾病互助保障",
            "category": "female",
            "contribution": Decimal("20.00"),
            "waiting_days": 180,
            "waiting_exempt_accident": False,
            "payout_rule": "fixed",
            "fixed_amount": Decimal("30000.00"),
            "cap_per_claim": Decimal("30000.00"),
            "cap_per_year": Decimal("30000.00"),
            "women_only": True,
            "diseases": FEMALE_DISEASES,
        },
        {
            **common,
            "name": "意外伤害互助保障",
            "category": "accident",
            "contribution": Decimal("15.00"),
            "waiting_days": 0,
            "payout_rule": "ratio",
            "deductible": Decimal("100.00"),
            "ratio": Decimal("0.800"),
            "cap_per_claim": Decimal("10000.00"),
            "cap_per_year": Decimal("20000.00"),
        },
        {
            **common,
            "name": "住院津贴互助保障",
            "category": "allowance",
            "contribution": Decimal("10.00"),
            "waiting_days": 90,
            "payout_rule": "per_day",
            "per_day": Decimal("50.00"),
            "max_days": 30,
            "cap_per_claim": Decimal("1500.00"),
            "cap_per_year": Decimal("3000.00"),
        },
    ]


@dataclass(frozen=True)
class PlanTerms:
    """What the arithmetic needs of a plan (built from an AidPlan, or directly in tests)."""

    payout_rule: str
    deductible: Decimal = ZERO
    ratio: Decimal = ZERO
    per_day: Decimal = ZERO
    max_days: int = 0
    fixed_amount: Decimal = ZERO
    cap_per_claim: Decimal = ZERO
    cap_per_year: Decimal = ZERO

    @classmethod
    def of(cls, plan: Any) -> PlanTerms:
        return cls(
            payout_rule=plan.payout_rule,
            deductible=plan.deductible,
            ratio=plan.ratio,
            per_day=plan.per_day,
            max_days=plan.max_days,
            fixed_amount=plan.fixed_amount,
            cap_per_claim=plan.cap_per_claim,
            cap_per_year=plan.cap_per_year,
        )


@dataclass
class Payout:
    amount: Decimal
    lines: list[tuple[str, str]] = field(default_factory=list)  # (说明, 金额或数值)
    capped: str = ""  # the reason when a cap applied

    @property
    def breakdown(self) -> list[list[str]]:
        """The lines as a claim stores them (JSON)."""
        return [list(line) for line in self.lines]


def _m(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def hospital_days(admitted: dt.date | None, discharged: dt.date | None) -> int:
    """住院天数: discharge minus admission, a same-day stay counting one day."""
    if admitted is None or discharged is None or discharged < admitted:
        return 0
    return max((discharged - admitted).days, 1)


def compute_payout(
    terms: PlanTerms, *, self_paid: Decimal, days: int, paid_this_year: Decimal
) -> Payout:
    """The amount a claim yields, with its breakdown; never negative, never above the caps."""
    lines: list[tuple[str, str]] = []
    if terms.payout_rule == "ratio":
        base = max(self_paid - terms.deductible, ZERO)
        raw = _m(base * terms.ratio)
        lines += [
            ("医保报销后个人自付", f"{self_paid:.2f}"),
            ("减：起付线", f"{terms.deductible:.2f}"),
            ("给付比例", f"{terms.ratio * 100:.1f}%"),
            ("按比例计算", f"{raw:.2f}"),
        ]
    elif terms.payout_rule == "per_day":
        counted = min(days, terms.max_days) if terms.max_days else days
        raw = _m(terms.per_day * max(counted, 0))
        lines += [
            ("住院天数", str(days)),
            ("计给付天数", str(counted)),
            ("每日津贴", f"{terms.per_day:.2f}"),
            ("按天数计算", f"{raw:.2f}"),
        ]
    else:
        raw = _m(terms.fixed_amount)
        lines.append(("定额给付", f"{raw:.2f}"))
    raw = max(raw, ZERO)
    year_left = max(terms.cap_per_year - paid_this_year, ZERO)
    amount = raw
    capped = ""
    if amount > terms.cap_per_claim:
        amount = _m(terms.cap_per_claim)
        capped = f"超过每次最高给付{terms.cap_per_claim:.2f}元，按上限给付"
    if amount > year_left:
        amount = _m(year_left)
        capped = (
            f"本年度已给付{paid_this_year:.2f}元，年度累计上限{terms.cap_per_year:.2f}元，"
            f"剩余额度{year_left:.2f}元"
        )
    if capped:
        lines.append(("封顶", capped))
    lines.append(("核定互助金", f"{amount:.2f}"))
    return Payout(amount=amount, lines=lines, capped=capped)


# The promise: paid within this many working days of a complete application. [seed 002]
PAY_WITHIN_WORKDAYS = 7
# Public progress query: after this many failed lookups from one address within the window,
# the address is refused for the block time (see throttle.py).
PROGRESS_MAX_FAILURES = 5
PROGRESS_WINDOW_SECONDS = 15 * 60
PROGRESS_BLOCK_SECONDS = 15 * 60
