"""Migration 0004 on an existing database: lists get the default budget line, paid lists their
date and a marked voucher, repeated letter numbers are corrected and the counters start after them."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("honors", "0003_visittask_created_by")]
AFTER = [("honors", "0004_eligibility_budget_letter_numbers")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.fixture(autouse=True)
def _latest_afterwards():
    """Going back to 0003 also unapplies every migration that depends on honors (other apps'
    too): the database is brought back to the latest of every app for the tests after this."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_lists_and_letters_are_brought_in_line(world):
    old = _migrate(BEFORE)
    SubsidyList = old.get_model("honors", "SubsidyList")
    Demand = old.get_model("honors", "Demand")
    User = old.get_model("core", "User")
    Person = old.get_model("core", "Person")
    maker = User.objects.get(pk=world.hanbin_officer.pk)
    checker = User.objects.get(pk=world.city_admin.pk)
    paid_at = timezone.make_aware(dt.datetime(2025, 12, 20, 9))
    paid = SubsidyList.objects.create(
        org_id=world.hanbin.pk,
        year=2025,
        made_by=maker,
        approved_by=checker,
        status="paid",
        paid_at=paid_at,
    )
    draft = SubsidyList.objects.create(org_id=world.hanbin.pk, year=2026, made_by=maker)
    person = Person.objects.get(pk=world.hanbin_person.pk)
    letters = []
    for i, number in enumerate(
        ["安工诉函〔2026〕1号", "安工诉函〔2026〕2号", "安工诉函〔2026〕2号"]
    ):
        letters.append(
            Demand.objects.create(
                person=person,
                title=f"诉求{i}",
                content="内容",
                filed_on=dt.date(2026, 3, 1),
                referred_on=dt.date(2026, 3, 2 + i),
                letter_number=number,
                status="referred",
                due_date=dt.date(2026, 4, 1),
            )
        )

    new = _migrate(AFTER)
    SubsidyList = new.get_model("honors", "SubsidyList")
    Demand = new.get_model("honors", "Demand")
    Counter = new.get_model("honors", "DemandLetterCounter")
    assert SubsidyList.objects.get(pk=draft.pk).budget_line == "工会经费—劳模慰问补助"
    p = SubsidyList.objects.get(pk=paid.pk)
    assert p.paid_on == timezone.localtime(paid_at).date() and p.voucher_number
    numbers = [Demand.objects.get(pk=d.pk).letter_number for d in letters]
    assert numbers == ["安工诉函〔2026〕1号", "安工诉函〔2026〕2号", "安工诉函〔2026〕3号"]
    assert "更正为安工诉函〔2026〕3号" in Demand.objects.get(pk=letters[2].pk).steps.get().note
    assert Counter.objects.get(year=2026).last == 3
