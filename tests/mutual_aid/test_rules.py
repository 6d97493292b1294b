"""The payout arithmetic: never negative, never above the caps, exact to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gonghui.mutual_aid.rules import (
    CRITICAL_DISEASES,
    FEMALE_DISEASES,
    PlanTerms,
    compute_payout,
    hospital_days,
    match_disease,
)

money = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False)
ratio = st.decimals(min_value=0, max_value=1, places=3, allow_nan=False)


@given(
    rule=st.sampled_from(["ratio", "per_day", "fixed"]),
    self_paid=money,
    deductible=money,
    r=ratio,
    per_day=money,
    days=st.integers(min_value=0, max_value=400),
    max_days=st.integers(min_value=0, max_value=60),
    fixed=money,
    cap_claim=money,
    cap_year=money,
    used=money,
)
def test_payout_is_never_negative_nor_above_either_cap(
    rule, self_paid, deductible, r, per_day, days, max_days, fixed, cap_claim, cap_year, used
):
    terms = PlanTerms(rule, deductible, r, per_day, max_days, fixed, cap_claim, cap_year)
    out = compute_payout(terms, self_paid=self_paid, days=days, paid_this_year=used)
    assert out.amount >= 0
    assert out.amount <= cap_claim
    assert out.amount <= max(cap_year - used, Decimal(0))
    assert out.amount == out.amount.quantize(Decimal("0.01"))
    assert out.lines[-1] == ("核定互助金", f"{out.amount:.2f}")


def test_ratio_rule_matches_the_hubei_hospitalization_example():
    # 冯某: 1.28万 self-paid after 医保 → "近7000元" 住院医疗互助金 under the default plan.
    terms = PlanTerms(
        "ratio",
        Decimal("500"),
        Decimal("0.55"),
        cap_per_claim=Decimal("20000"),
        cap_per_year=Decimal("50000"),
    )
    out = compute_payout(terms, self_paid=Decimal("12800.00"), days=10, paid_this_year=Decimal(0))
    assert out.amount == Decimal("6765.00")
    assert out.capped == ""


def test_cap_per_claim_applies_with_its_reason():
    terms = PlanTerms(
        "ratio",
        Decimal("0"),
        Decimal("1"),
        cap_per_claim=Decimal("20000"),
        cap_per_year=Decimal("50000"),
    )
    out = compute_payout(terms, self_paid=Decimal("429800.00"), days=0, paid_this_year=Decimal(0))
    assert out.amount == Decimal("20000.00")
    assert "每次最高给付20000.00元" in out.capped


def test_yearly_cap_leaves_only_the_remainder():
    terms = PlanTerms(
        "fixed",
        fixed_amount=Decimal("3000"),
        cap_per_claim=Decimal("3000"),
        cap_per_year=Decimal("5000"),
    )
    out = compute_payout(terms, self_paid=Decimal(0), days=0, paid_this_year=Decimal("4000.00"))
    assert out.amount == Decimal("1000.00")
    assert "剩余额度1000.00元" in out.capped


def test_per_day_allowance_counts_at_most_max_days():
    terms = PlanTerms(
        "per_day",
        per_day=Decimal("50"),
        max_days=30,
        cap_per_claim=Decimal("5000"),
        cap_per_year=Decimal("5000"),
    )
    out = compute_payout(terms, self_paid=Decimal(0), days=45, paid_this_year=Decimal(0))
    assert out.amount == Decimal("1500.00")


def test_same_day_stay_counts_one_day():
    assert hospital_days(dt.date(2026, 3, 1), dt.date(2026, 3, 1)) == 1
    assert hospital_days(dt.date(2026, 3, 1), dt.date(2026, 2, 1)) == 0


def test_disease_lists_recognise_the_seed_diagnoses():
    assert match_disease("急性前壁心肌梗死", CRITICAL_DISEASES) == "急性心肌梗死"
    assert match_disease("左侧乳腺癌（浸润性导管癌）", FEMALE_DISEASES) == "乳腺癌"
    assert match_disease("左侧乳腺癌", CRITICAL_DISEASES) == "恶性肿瘤"
    assert match_disease("帕金森病", CRITICAL_DISEASES) == "帕金森病"
    assert match_disease("急性阑尾炎", CRITICAL_DISEASES) is None
