"""Money is yuan as a two-place Decimal; floats are refused."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.errors import DomainError
from gonghui.core.money import format_money, to_money


@pytest.mark.parametrize(
    "value, expected",
    [
        ("12.3", "12.30"),
        (8000, "8000.00"),
        ("1,114,100.00", "1114100.00"),
        ("１２", "12.00"),
        (Decimal("3200"), "3200.00"),
        (" 0.5 ", "0.50"),
        ("111.41万".replace("万", ""), "111.41"),
    ],
)
def test_amounts_become_two_place_decimals(value, expected):
    amount = to_money(value)
    assert amount == Decimal(expected)
    assert amount.as_tuple().exponent == -2


def test_float_is_refused_with_a_chinese_message():
    with pytest.raises(DomainError, match="不能使用浮点数"):
        to_money(0.1)


def test_more_than_two_decimals_is_refused():
    with pytest.raises(DomainError, match="最多保留两位小数"):
        to_money("10.005")


def test_negative_amounts_are_refused_unless_allowed():
    with pytest.raises(DomainError, match="不能为负数"):
        to_money("-5")
    assert to_money("-5", allow_negative=True) == Decimal("-5.00")


@pytest.mark.parametrize("value", ["abc", "", "NaN", "Infinity", "1e400000000"])
def test_non_amounts_are_refused_naming_the_field(value):
    with pytest.raises(DomainError, match="补贴金额"):
        to_money(value, field="补贴金额")


def test_format_money_groups_thousands():
    assert format_money(Decimal("1114100.5")) == "1,114,100.50"


@given(st.lists(st.integers(min_value=0, max_value=10**9), max_size=50))
def test_sums_of_cents_are_exact(cents):
    amounts = [to_money(f"{c // 100}.{c % 100:02d}") for c in cents]
    assert sum(amounts, Decimal("0.00")) == Decimal(sum(cents)) / 100


def test_every_page_shows_money_one_way():
    from decimal import Decimal

    from gonghui.core.money import yuan
    from gonghui.core.tables import fmt_money
    from gonghui.core.templatetags.gonghui_ui import yuan as yuan_filter

    for value, shown in [
        (Decimal("1234567"), "1,234,567.00 元"),
        ("5580.8", "5,580.80 元"),
        (139920, "139,920.00 元"),
        (None, ""),
        ("", ""),
        ("待定", "待定"),
    ]:
        assert yuan(value) == fmt_money(value) == yuan_filter(value) == shown
