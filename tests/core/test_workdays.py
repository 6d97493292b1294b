"""Working days follow the Chinese statutory calendar, 调休 included."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core import workdays
from gonghui.core.workdays import add_workdays, is_workday, workdays_between

# The calendar reads the admin-entered years (none here) before the package.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_calendar():
    workdays.invalidate()
    yield
    workdays.invalidate()


def test_national_day_2025_is_off_and_its_makeup_days_are_on():
    assert is_workday(dt.date(2025, 9, 28))  # Sunday, 调休 make-up workday
    assert is_workday(dt.date(2025, 10, 11))  # Saturday, 调休 make-up workday
    assert not any(is_workday(dt.date(2025, 10, d)) for d in range(1, 9))
    assert not is_workday(dt.date(2025, 10, 12))  # an ordinary Sunday


def test_seven_working_days_over_national_day_2025():
    # From Friday 26 Sep: 28, 29, 30 Sep; (1–8 Oct off); 9, 10, 11 (make-up Sat), 13 Oct.
    assert add_workdays(dt.date(2025, 9, 26), 7) == dt.date(2025, 10, 13)


def test_seven_working_days_on_an_ordinary_week():
    assert add_workdays(dt.date(2025, 6, 2), 7) == dt.date(2025, 6, 11)


def test_spring_festival_2025_is_skipped():
    # 春节 2025: 28 Jan – 4 Feb off, Sunday 26 Jan and Saturday 8 Feb make-up workdays.
    assert add_workdays(dt.date(2025, 1, 27), 1) == dt.date(2025, 2, 5)
    assert is_workday(dt.date(2025, 2, 8))


def test_years_the_calendar_does_not_know_fall_back_to_weekdays():
    assert is_workday(dt.date(2099, 6, 5))  # a Friday
    assert not is_workday(dt.date(2099, 6, 6))  # a Saturday


def test_a_year_the_calendar_does_not_know_is_flagged_as_estimated():
    assert not workdays.year_known(2099)
    assert workdays.deadline(dt.date(2099, 6, 5), 1) == (dt.date(2099, 6, 8), True)


def test_package_years_still_count_national_day_2026():
    # 国庆 2026: 1–7 Oct off, Saturday 10 Oct a make-up workday.
    assert workdays.year_source(2026) == "package"
    assert workdays.deadline(dt.date(2026, 9, 30), 3) == (dt.date(2026, 10, 10), False)
    assert not any(is_workday(dt.date(2026, 10, d)) for d in range(1, 8))


@given(
    st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2025, 12, 1)),
    st.integers(min_value=0, max_value=30),
)
def test_counting_back_the_deadline_gives_the_same_number(start, days):
    deadline = add_workdays(start, days)
    assert workdays_between(start, deadline) == days
    assert days == 0 or is_workday(deadline)
