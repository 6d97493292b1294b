"""PostgreSQL: officers issuing at the same moment take turns on the counter row — every letter
gets its own number and the numbers run 1, 2, 3 … without a gap, per kind."""

from __future__ import annotations

import pytest
from django.db import connection

from gonghui.workplace.models import Letter, LetterKind
from tests.kit import race
from tests.workplace.fixtures_letters import employer, frozen, issue

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("frozen")]
__all__ = ["frozen"]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")


def test_letters_issued_at_once_are_numbered_without_gaps_or_repeats(world):
    firms = [employer(world.hanbin_union) for _ in range(6)]
    notice = issue(world, to=firms[0])
    calls = [lambda f=f: issue(world, to=f) for f in firms]
    # Two officers of the same federation would race alike; these are the same officer twice.
    calls += [lambda: issue(world, kind=LetterKind.OPINION, follows=notice) for _ in range(3)]
    # One refused in the middle of the race (deadline before the letter) takes no number.
    calls.append(lambda: issue(world, to=firms[1], deadline=notice.issued_on.replace(day=1)))
    outcomes = race(calls)
    assert outcomes.count("ok") == 9, outcomes
    numbers = set(Letter.objects.values_list("number", flat=True))
    assert numbers == {f"汉滨工监提〔2026〕{n}号" for n in range(1, 8)} | {
        f"汉滨工监意〔2026〕{n}号" for n in range(1, 4)
    }
