"""Query parameters of the pages: a number in range, or BadParameter with a Chinese message."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.params import MAX_ID, BadParameter, query_id, query_int, query_year


def test_a_year_is_read_from_ascii_digits():
    assert query_year({"year": " 2024 "}) == 2024


def test_an_absent_or_empty_year_gives_the_default():
    assert query_year({}, default=2026) == 2026
    assert query_year({"year": ""}, default=2026) == 2026
    assert query_year({}) is None


@pytest.mark.parametrize("raw", ["0", "1899", "2101", "99999999", "abc", "²", "1e3", "9" * 5000])
def test_a_year_outside_1900_to_2100_or_not_a_number_is_refused_in_chinese(raw):
    with pytest.raises(BadParameter, match=r"年度.*1900至2100之间的整数"):
        query_year({"year": raw})


@pytest.mark.parametrize("raw", ["0", "-1", str(MAX_ID + 1), str(10**30), "١٢", "\x00"])
def test_a_record_id_outside_a_bigint_or_not_ascii_digits_is_refused(raw):
    with pytest.raises(BadParameter):
        query_id({"person": raw}, "person", label="人员")


def test_the_largest_bigint_is_a_record_id():
    assert query_id({"pk": str(MAX_ID)}, "pk") == MAX_ID


@given(st.text())
def test_any_text_gives_a_number_in_range_or_bad_parameter(raw):
    try:
        value = query_int({"n": raw}, "n", label="数", minimum=-5, maximum=5)
    except BadParameter:
        return
    assert value is None or -5 <= value <= 5
