"""A person who dies or loses the qualifying honor gives up their 疗休养 seat: honors sends
core.signals.eligibility_lost, recuperation withdraws every open invitation with the reason and
the seat goes down the waiting list as after a decline; a stored run or waiting list never
invites such a person later."""

from __future__ import annotations

import datetime as dt

from gonghui.core.models import AuditLog, Person, PersonStatus
from gonghui.core.signals import eligibility_lost
from gonghui.honors.models import Honor, HonorStatus
from gonghui.recuperation import services
from gonghui.recuperation.models import (
    Availability,
    Invitation,
    InvitationStatus,
    Notification,
)


def _published(rw, *, max_size=2):
    """The city plan published: two seats in B1, seven people on the waiting list."""
    plan = rw.plan()
    rw.batch(plan, "B1", max_size=max_size)
    rw.approve(plan)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    services.selection_publish(user=rw.w.city_admin, run=run)
    return plan, run


def _lose(person: Person, reason: str = "人员已故") -> None:
    eligibility_lost.send(sender=Person, person=person, reason=reason, user=None)


def _seat(plan) -> Invitation:
    return Invitation.objects.filter(plan=plan).select_related("person").order_by("pk").first()


def test_lost_eligibility_withdraws_the_invitation_with_the_reason(rw):
    plan, _run = _published(rw)
    inv = _seat(plan)
    _lose(inv.person, "人员已故")
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.WITHDRAWN
    assert inv.get_status_display() == "已撤回"
    assert inv.withdraw_reason == "人员已故" and inv.withdrawn_at is not None


def test_lost_eligibility_withdraws_a_confirmed_seat_too(rw):
    plan, _run = _published(rw)
    inv = services.invitation_confirm(user=rw.w.city_admin, invitation=_seat(plan))
    _lose(inv.person, "荣誉撤销：弄虚作假")
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.WITHDRAWN
    assert inv.withdraw_reason == "荣誉撤销：弄虚作假"


def test_the_withdrawn_seat_goes_to_the_first_on_the_waiting_list(rw):
    plan, run = _published(rw)
    inv = _seat(plan)
    _lose(inv.person)
    nxt = Invitation.objects.get(plan=plan, candidate_id=run.output["waitlist"][0])
    assert nxt.batch_id == inv.batch_id and nxt.from_waitlist
    assert nxt.status == InvitationStatus.INVITED
    assert Notification.objects.filter(person=nxt.person, title="疗休养递补入选通知").exists()
    held = Invitation.objects.filter(batch=inv.batch, status__in=["invited", "confirmed"])
    assert held.count() == 2


def test_each_withdrawal_writes_an_audit_entry_with_the_person_and_the_cause(rw):
    plan, _run = _published(rw)
    inv = _seat(plan)
    _lose(inv.person, "人员已故")
    entry = AuditLog.objects.get(
        model="recuperation.invitation", object_id=str(inv.pk), action="update"
    )
    assert entry.note == "人员已故：撤回疗休养邀请"
    assert entry.person_id == inv.person_id
    assert entry.before["status"] == "invited" and entry.after["status"] == "withdrawn"


def test_the_person_is_told_that_the_invitation_was_withdrawn(rw):
    plan, _run = _published(rw)
    inv = _seat(plan)
    _lose(inv.person, "荣誉撤销：弄虚作假")
    notice = Notification.objects.get(person=inv.person, title="疗休养邀请撤回通知")
    assert "荣誉撤销：弄虚作假" in notice.body and "B1" in notice.body


def test_sending_the_signal_twice_changes_nothing_more(rw):
    plan, _run = _published(rw)
    person = _seat(plan).person
    _lose(person)
    counts = (Invitation.objects.count(), AuditLog.objects.count(), Notification.objects.count())
    _lose(person)
    again = (Invitation.objects.count(), AuditLog.objects.count(), Notification.objects.count())
    assert again == counts


def test_a_seat_with_attendance_recorded_is_kept(rw, today):
    plan, _run = _published(rw)
    inv = services.invitation_confirm(user=rw.w.city_admin, invitation=_seat(plan))
    today(dt.date(2026, 12, 15))  # B1 left on 14 Dec
    services.attendance_record(
        user=rw.w.city_admin, batch=inv.batch, person=inv.person, attended=True
    )
    _lose(inv.person)
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.CONFIRMED and inv.attended is True


def test_a_seat_is_withdrawn_after_the_roster_lock_but_nobody_moves_up(rw, today):
    plan, _run = _published(rw)
    inv = services.invitation_confirm(user=rw.w.city_admin, invitation=_seat(plan))
    today(dt.date(2026, 12, 10))  # B1 leaves 14 Dec: its roster is locked
    _lose(inv.person)
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.WITHDRAWN
    assert not Invitation.objects.filter(plan=plan, from_waitlist=True).exists()


def test_time_preferences_for_a_plan_not_yet_published_are_removed(rw):
    plan = rw.plan()
    b1 = rw.batch(plan, "B1")
    person = rw.people[0]
    services.availability_set(user=rw.w.hanbin_member, plan=plan, person=person, preferred=[b1])
    _lose(person)
    assert not Availability.objects.filter(plan=plan, person=person).exists()


def test_the_waiting_list_skips_a_person_whose_honor_was_revoked_since_the_run(rw):
    plan, run = _published(rw)
    first, second = run.output["waitlist"][:2]
    # Revoked in the registry (honors sends its own signal; the waiting list must not care).
    Honor.objects.filter(person_id=run.person_id(first)).update(
        status=HonorStatus.REVOKED, revoked_on=dt.date(2026, 11, 20), revoke_reason="弄虚作假"
    )
    nxt = services.invitation_decline(user=rw.w.city_admin, invitation=_seat(plan))
    assert nxt is not None and nxt.candidate_id == second


def test_publishing_skips_a_selected_person_who_died_since_the_run(rw):
    plan = rw.plan()
    rw.batch(plan, "B1", max_size=2)
    rw.approve(plan)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    chosen = run.output["assignments"][0]["candidate"]
    Person.objects.filter(pk=run.person_id(chosen)).update(status=PersonStatus.DECEASED)
    run = services.selection_publish(user=rw.w.city_admin, run=run)
    assert not Invitation.objects.filter(plan=plan, candidate_id=chosen).exists()
    assert "人员已故" in run.message
    # The seat went to the first on the waiting list instead.
    filler = Invitation.objects.get(plan=plan, candidate_id=run.output["waitlist"][0])
    assert filler.from_waitlist


def test_marking_a_person_deceased_in_honors_withdraws_their_seat(rw):
    """End to end: honors' 标记已故 sends the signal, the seat is withdrawn."""
    from gonghui.honors.services import person_mark_deceased

    plan, run = _published(rw)
    inv = _seat(plan)
    person_mark_deceased(user=rw.w.city_admin, person=inv.person)
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.WITHDRAWN
    assert "已故" in inv.withdraw_reason
    assert Invitation.objects.filter(plan=plan, candidate_id=run.output["waitlist"][0]).exists()
