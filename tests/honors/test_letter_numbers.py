"""安工诉函 numbers of 劳模诉求 referrals: one sequence a year, never repeated."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import IntegrityError, connection, connections, transaction

from gonghui.honors.models import Demand, DemandLetterCounter
from gonghui.honors.services import demand_file, demand_refer, demand_sort

pytestmark = pytest.mark.django_db


def _sorted(hw, title="子女入学"):
    d = demand_file(user=hw.w.hanbin_member, person=hw.hanbin_mw, title=title, content="请协调")
    return demand_sort(user=hw.w.hanbin_officer, demand=d, category="schooling", officer=None)


def _refer(hw, d, on=None):
    return demand_refer(user=hw.w.hanbin_officer, demand=d, department="education", referred_on=on)


def test_referrals_are_numbered_one_after_another_in_the_year(hw):
    a = _refer(hw, _sorted(hw, "一"))
    b = _refer(hw, _sorted(hw, "二"))
    year = a.referred_on.year
    assert (a.letter_number, b.letter_number) == (
        f"安工诉函〔{year}〕1号",
        f"安工诉函〔{year}〕2号",
    )
    assert DemandLetterCounter.objects.get(year=year).last == 2


def test_the_database_refuses_a_letter_number_twice(hw):
    a = _refer(hw, _sorted(hw, "一"))
    b = _sorted(hw, "二")
    with pytest.raises(IntegrityError), transaction.atomic():
        Demand.objects.filter(pk=b.pk).update(letter_number=a.letter_number)


def test_a_rereferral_into_the_next_year_does_not_free_its_number(hw):
    """Counting the year's referred demands gave a number again once one moved to the next year."""
    with time_machine.travel(dt.datetime(2025, 12, 29, 10, tzinfo=dt.UTC), tick=False):
        a = _refer(hw, _sorted(hw, "一"))
        b = _sorted(hw, "二")
    assert a.letter_number == "安工诉函〔2025〕1号"
    with time_machine.travel(dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC), tick=False):
        a = _refer(hw, a)  # referred again (to the same department) in the new year
        b = _refer(hw, b, on=dt.date(2025, 12, 31))
    assert a.letter_number == "安工诉函〔2025〕1号"
    assert b.letter_number == "安工诉函〔2025〕2号"


def test_numbers_given_before_the_counter_existed_are_not_given_again(hw):
    a = _refer(hw, _sorted(hw, "一"))
    DemandLetterCounter.objects.all().delete()  # as after the migration of an old database
    year = a.referred_on.year
    Demand.objects.filter(pk=a.pk).update(letter_number=f"安工诉函〔{year}〕7号")
    assert _refer(hw, _sorted(hw, "二")).letter_number == f"安工诉函〔{year}〕8号"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_referrals_at_once_get_two_different_numbers(hw):
    demands = [_sorted(hw, "一"), _sorted(hw, "二")]
    barrier = threading.Barrier(2)
    numbers: list[str] = []
    errors: list[str] = []

    def refer(d):
        try:
            barrier.wait(timeout=10)
            numbers.append(_refer(hw, d).letter_number)
        except Exception as exc:  # reported by the assertion below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=refer, args=(d,)) for d in demands]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert len(numbers) == 2 and len(set(numbers)) == 2, numbers
    assert set(Demand.objects.values_list("letter_number", flat=True)) == set(numbers)
