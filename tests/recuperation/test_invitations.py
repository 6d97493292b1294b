"""Invitations: confirm before the deadline, decline or lapse moves the waiting list up within
the budget, the roster locks before departure, seats are never oversold."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from gonghui.core.errors import DomainError
from gonghui.core.permissions import Denied
from gonghui.recuperation import services
from gonghui.recuperation.models import Invitation, InvitationStatus, Notification


def _published(rw, *, max_size=2, budget="100000.00", batches=1):
    plan = rw.plan(budget=budget)
    rw.batch(plan, "B1", max_size=max_size)
    if batches > 1:
        rw.batch(plan, "B2", start=dt.date(2026, 12, 21), max_size=max_size)
    rw.approve(plan)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    services.selection_publish(user=rw.w.city_admin, run=run)
    return plan, run


def test_the_invited_person_confirms_in_self_service(rw):
    plan, _run = _published(rw, max_size=9)
    inv = Invitation.objects.get(plan=plan, person=rw.people[0])
    inv = services.invitation_confirm(user=rw.w.hanbin_member, invitation=inv)
    assert inv.status == InvitationStatus.CONFIRMED and inv.responded_by == rw.w.hanbin_member


def test_a_member_cannot_answer_someone_elses_invitation(rw):
    plan, _run = _published(rw, max_size=9)
    other = Invitation.objects.filter(plan=plan).exclude(person=rw.people[0]).first()
    with pytest.raises(Denied, match="该记录不在您的管辖范围内"):
        services.invitation_confirm(user=rw.w.hanbin_member, invitation=other)
    other.refresh_from_db()
    assert other.status == InvitationStatus.INVITED


def test_a_decline_invites_the_first_on_the_waiting_list(rw):
    plan, run = _published(rw, max_size=2)
    first_waiting = run.output["waitlist"][0]
    inv = Invitation.objects.filter(plan=plan).first()
    nxt = services.invitation_decline(user=rw.w.city_admin, invitation=inv, reason="身体原因")
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.DECLINED and inv.decline_reason == "身体原因"
    assert nxt is not None and nxt.candidate_id == first_waiting and nxt.from_waitlist
    assert nxt.batch_id == inv.batch_id and nxt.status == InvitationStatus.INVITED
    assert Notification.objects.filter(person=nxt.person, title="疗休养递补入选通知").exists()
    assert (
        Invitation.objects.filter(batch=inv.batch, status__in=["invited", "confirmed"]).count() == 2
    )


def test_the_waiting_list_skips_people_who_cannot_take_that_batch(rw):
    plan = rw.plan()
    b1 = rw.batch(plan, "B1", max_size=2)
    rw.batch(plan, "B2", start=dt.date(2026, 12, 21), max_size=2)
    rw.approve(plan)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    # Mark the first waiting person unavailable for B1 in the stored input (as if they said so).
    import json

    data = json.loads(run.input_json)
    w0 = run.output["waitlist"][0]
    for c in data["candidates"]:
        if c["id"] == w0:
            c["unavailable"] = ["B1"]
    run.input_json = services.canonical_json(data)
    import hashlib

    run.input_sha256 = hashlib.sha256(run.input_json.encode()).hexdigest()
    run.save()
    services.selection_publish(user=rw.w.city_admin, run=run)
    inv = Invitation.objects.filter(batch=b1).first()
    nxt = services.invitation_decline(user=rw.w.city_admin, invitation=inv)
    assert nxt.candidate_id == run.output["waitlist"][1]


def test_the_waiting_list_respects_the_budget(rw):
    # Budget for exactly two people in 汉滨 (3500 each): nobody more expensive can move up.
    plan, run = _published(rw, max_size=2, budget="7000.00")
    invs = list(Invitation.objects.filter(plan=plan))
    assert sum(i.cost for i in invs) <= plan.budget
    cheap = [c for c in run.output["waitlist"]]
    inv = invs[0]
    nxt = services.invitation_decline(user=rw.w.city_admin, invitation=inv)
    total = sum(
        i.cost for i in Invitation.objects.filter(plan=plan, status__in=["invited", "confirmed"])
    )
    assert total <= plan.budget
    if nxt is not None:
        assert nxt.candidate_id in cheap


def test_confirming_after_the_deadline_is_refused(rw, today):
    plan, _run = _published(rw)
    inv = (
        Invitation.objects.get(plan=plan, person=rw.people[0])
        if Invitation.objects.filter(plan=plan, person=rw.people[0]).exists()
        else Invitation.objects.filter(plan=plan).first()
    )
    today(dt.date(2026, 11, 27))  # deadline was Thu 26 Nov
    with pytest.raises(DomainError, match="已超过确认截止日期（2026年11月26日），不能再确认"):
        services.invitation_confirm(user=rw.w.city_admin, invitation=inv)
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.INVITED


def test_a_lapse_expires_the_invitation_and_invites_the_next(rw):
    plan, run = _published(rw, max_size=2)
    n = services.invitation_expire_overdue(today=dt.date(2026, 11, 27))
    assert n == 2
    assert Invitation.objects.filter(plan=plan, status=InvitationStatus.EXPIRED).count() == 2
    fresh = Invitation.objects.filter(plan=plan, status=InvitationStatus.INVITED)
    assert fresh.count() == 2 and all(i.from_waitlist for i in fresh)
    assert {i.candidate_id for i in fresh} == set(run.output["waitlist"][:2])


def test_the_roster_locks_days_before_departure(rw, today):
    plan, _run = _published(rw)
    inv = Invitation.objects.filter(plan=plan).first()
    today(dt.date(2026, 12, 7))  # B1 leaves 14 Dec; lock 7 days before
    with pytest.raises(DomainError, match="名单已于2026年12月07日锁定"):
        services.invitation_decline(user=rw.w.city_admin, invitation=inv)


def test_the_database_refuses_a_second_seat_for_a_person_in_the_same_plan(rw):
    plan, run = _published(rw, batches=2)
    inv = Invitation.objects.filter(plan=plan, batch__code="B1").first()
    b2 = plan.batches.get(code="B2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            plan=plan,
            batch=b2,
            person=inv.person,
            run=run,
            candidate_id=inv.candidate_id,
            cost=1,
            deadline=inv.deadline,
        )


def test_an_officer_cannot_invite_into_a_full_batch(rw):
    plan, _run = _published(rw, max_size=2)
    with pytest.raises(DomainError, match="批次B1已满（最多2人）"):
        services.batch_invite_next(user=rw.w.city_admin, batch=plan.batches.get(code="B1"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_at_once_never_push_a_batch_past_its_maximum(rw):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    plan, _run = _published(rw, max_size=3)
    batch = plan.batches.get(code="B1")
    # Free one seat, then let two officers fill it at the same time (plus two declines at once).
    invs = list(Invitation.objects.filter(batch=batch))
    Invitation.objects.filter(pk=invs[0].pk).update(status=InvitationStatus.DECLINED)
    barrier = threading.Barrier(4)
    errors: list[str] = []

    def fill() -> None:
        try:
            barrier.wait()
            services.batch_invite_next(user=rw.w.city_admin, batch=batch)
        except DomainError as exc:
            errors.append(exc.message)
        finally:
            connection.close()

    def decline(inv) -> None:
        try:
            barrier.wait()
            services.invitation_decline(user=rw.w.city_admin, invitation=inv)
        except DomainError as exc:
            errors.append(exc.message)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=fill),
        threading.Thread(target=fill),
        threading.Thread(target=decline, args=(invs[1],)),
        threading.Thread(target=decline, args=(invs[2],)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    held = Invitation.objects.filter(batch=batch, status__in=["invited", "confirmed"]).count()
    assert held <= batch.max_size
    assert held == 3  # every free seat was filled from the 6-person waiting list
    assert (
        Invitation.objects.filter(plan=plan, status__in=["invited", "confirmed"])
        .values("person")
        .distinct()
        .count()
        == held
    )
