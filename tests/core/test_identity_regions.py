"""The region code of an ID number (its first 6 digits) is a GB/T 2260 code, current or abolished.

An ID number keeps the code of the place that issued it: 安康 numbers issued before 2000 start
with 6124xx (安康地区), later ones with 6109xx (安康市), and both stay valid.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.demo import COUNTIES, ZONE_REGION
from gonghui.core.errors import DomainError
from gonghui.core.validators import (
    PROVINCES,
    build_id_number,
    id_check_digit,
    parse_id_number,
    region_codes,
)
from tests import factories

# Every code in the table, current and abolished, and any 6 digits outside it.
TABLE_CODES = st.sampled_from(sorted(region_codes()))
UNKNOWN_CODES = st.from_regex(r"[0-9]{6}", fullmatch=True).filter(lambda c: c not in region_codes())
BIRTHS = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2005, 12, 31))


def number_with_region(region: str, birth: dt.date = dt.date(1985, 3, 14), seq: int = 123) -> str:
    """A number with a correct check digit whatever the region (build_id_number refuses bad ones)."""
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_digit(first17)


@pytest.mark.parametrize("region", ["000000", "990000"])
def test_region_outside_any_province_is_refused(region):
    with pytest.raises(DomainError, match=f"前两位“{region[:2]}”不是省级行政区划代码"):
        parse_id_number(number_with_region(region))


def test_unknown_county_in_a_real_province_is_refused():
    # 610999: in 陕西, but no such county has ever existed.
    with pytest.raises(DomainError, match="“610999”不是行政区划代码"):
        parse_id_number(number_with_region("610999"))


@pytest.mark.parametrize(
    "region, name",
    [
        ("612400", "安康地区"),  # the prefecture until 2000
        ("612401", "安康市"),  # the county-level city 1988–2000, now 汉滨区
        ("612421", "安康县"),  # until 1988
        ("612429", "旬阳县"),  # 安康地区's 旬阳县, later 610928
        ("610928", "旬阳县"),  # 安康市's 旬阳县 until it became 旬阳市 610981 in 2021
    ],
)
def test_abolished_ankang_codes_stay_valid(region, name):
    assert region_codes()[region] == name
    assert parse_id_number(number_with_region(region)).region == region


@pytest.mark.parametrize("region", ["610981", "610902", "610900"])
def test_current_ankang_codes_are_valid(region):
    assert parse_id_number(number_with_region(region)).region == region


def test_the_table_covers_exactly_the_34_provinces():
    assert len(PROVINCES) == 34
    assert {code[:2] for code in region_codes()} == PROVINCES


def test_the_table_holds_only_six_digit_codes():
    assert all(len(code) == 6 and code.isdigit() for code in region_codes())
    assert len(region_codes()) > 7000  # 1980–2025: current and abolished


@given(TABLE_CODES, BIRTHS, st.integers(min_value=0, max_value=999))
def test_every_code_in_the_table_makes_a_valid_number(region, birth, seq):
    assert parse_id_number(build_id_number(region, birth, seq)).region == region


@given(UNKNOWN_CODES, BIRTHS, st.integers(min_value=0, max_value=999))
def test_every_code_outside_the_table_is_refused(region, birth, seq):
    with pytest.raises(DomainError, match="地址码"):
        parse_id_number(number_with_region(region, birth, seq))


@given(UNKNOWN_CODES)
def test_build_id_number_never_makes_a_number_with_an_unknown_region(region):
    with pytest.raises(ValueError):
        build_id_number(region, dt.date(1985, 3, 14), 1)


def test_demo_county_codes_and_zone_region_are_in_the_table():
    codes = {code for _, code in COUNTIES if code} | {"610900", ZONE_REGION}
    assert codes <= set(region_codes())


def test_factory_numbers_validate():
    for _ in range(5):
        assert parse_id_number(factories.id_number()).region == "610902"
    assert parse_id_number(factories.id_number(region="610922", male=False)).sex == "F"
