"""Trips of every origin count for the no-repeat rule (两年内不重复): the city's plans, a
county's own plan, the provincial list and outbound 互派 groups; the run page names the trip.
One person holds one seat a year, whichever plan it is in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.errors import DomainError
from gonghui.core.permissions import Denied
from gonghui.recuperation import selectors, services
from gonghui.recuperation.models import (
    Invitation,
    InvitationStatus,
    OutboundGroup,
    Trip,
    TripLevel,
    TripSource,
)
from tests.recuperation.conftest import TODAY


def _city_run(rw, *, max_size=9):
    plan = rw.plan()
    rw.batch(plan, "B1", max_size=max_size)
    rw.approve(plan)
    return plan, services.selection_run(user=rw.w.city_admin, plan=plan)


def _explanation(run, person):
    return run.output["explanations"][services.candidate_code(run.plan.year, person.pk)]


def _county_plan(rw, officer, year, *, start, max_size=9, title=None, only=None):
    """A county's own plan of `year`, approved, run and published (invitations out); with
    `only`, everyone else of the county says they cannot take its batch."""
    plan = services.plan_create(
        user=officer,
        year=year,
        title=title or f"石泉县{year}年劳模疗休养方案",
        budget="100000.00",
        budget_line="县总工会经费",
    )
    services.batch_add(
        user=officer,
        plan=plan,
        code="S1",
        base=rw.base2,
        start_date=start,
        end_date=start + dt.timedelta(days=4),
        min_size=1,
        max_size=max_size,
        cost_per_person="2000.00",
        travel_cost={"*": "300.00"},
    )
    if only is not None:
        batch = plan.batches.get()
        for person in rw.people:
            if person != only and person.org.path.startswith(officer.organization.path):
                services.availability_set(
                    user=officer, plan=plan, person=person, unavailable=[batch]
                )
    plan = services.plan_approve(
        user=officer, plan=plan, meeting_date=dt.date(year, 3, 2), minute_no=f"县纪要〔{year}〕2号"
    )
    run = services.selection_run(user=officer, plan=plan)
    services.selection_publish(user=officer, run=run)
    return plan


def _county_trip_last_year(rw, today, person):
    """石泉 ran its own 2025 plan and `person` went (attendance recorded)."""
    officer = rw.w.shiquan_officer
    today(dt.date(2025, 3, 2))
    plan = _county_plan(rw, officer, 2025, start=dt.date(2025, 5, 12))
    inv = Invitation.objects.get(plan=plan, person=person)
    services.invitation_confirm(user=officer, invitation=inv)
    today(dt.date(2025, 5, 17))
    batch = plan.batches.get()
    services.attendance_record(user=officer, batch=batch, person=person, attended=True)
    today(TODAY)
    return plan


def _outbound(rw, *, start=dt.date(2025, 6, 9), user=None):
    user = user or rw.w.city_admin
    agreement = services.exchange_create(
        user=user, partner="铜川市总工会", city="铜川", signed_on=dt.date(2024, 3, 1)
    )
    return services.outbound_create(
        user=user,
        agreement=agreement,
        destination="照金红色教育基地",
        start_date=start,
        end_date=start + dt.timedelta(days=5),
    )


# ---------------------------------------------------------------- county plans


def test_attendance_on_a_county_plan_records_a_county_level_trip(rw, today):
    person = rw.w.shiquan_person
    _county_trip_last_year(rw, today, person)
    trip = Trip.objects.get(person=person)
    assert (trip.year, trip.level, trip.source) == (2025, TripLevel.COUNTY, TripSource.SYSTEM)
    assert trip.origin == "县级方案"


def test_a_county_run_trip_last_year_makes_the_person_ineligible_this_year(rw, today):
    person = rw.w.shiquan_person
    _county_trip_last_year(rw, today, person)
    _plan, run = _city_run(rw)
    e = _explanation(run, person)
    assert e["eligible"] is False and e["reasons"] == ["cooldown"]


def test_a_county_level_trip_counts_for_the_cooldown(rw):
    person = rw.people[4]
    Trip.objects.create(
        person=person, year=2025, level="county", source=TripSource.SYSTEM, destination="岚皋"
    )
    _plan, run = _city_run(rw)
    assert _explanation(run, person)["reasons"] == ["cooldown"]


def test_the_run_page_names_the_county_plan_behind_the_cooldown(rw, today):
    person = rw.w.shiquan_person
    _county_trip_last_year(rw, today, person)
    _plan, run = _city_run(rw)
    [row] = [
        r for r in selectors.explanation_rows(run, user=rw.w.city_admin) if r["person"] == person
    ]
    assert row["reasons"] == [
        "间隔期内已参加或已入选疗休养：2025年县级方案（石泉县总工会·上坝河劳模疗休养基地），"
        "按规定本年度不再安排"
    ]


# ---------------------------------------------------------------- outbound 互派 groups


def test_an_outbound_exchange_trip_last_year_makes_the_person_ineligible_this_year(rw):
    person = rw.people[2]
    group = _outbound(rw)
    services.outbound_add_person(user=rw.w.city_admin, group=group, person=person)
    _plan, run = _city_run(rw)
    e = _explanation(run, person)
    assert e["eligible"] is False and e["reasons"] == ["cooldown"]


def test_an_outbound_participant_gets_an_exchange_trip(rw):
    person = rw.people[2]
    group = _outbound(rw)
    trip = services.outbound_add_person(user=rw.w.city_admin, group=group, person=person)
    assert (trip.year, trip.level, trip.source) == (2025, TripLevel.CITY, TripSource.EXCHANGE)
    assert trip.outbound == group and trip.destination == "铜川·照金红色教育基地"
    assert trip.origin == "互派外出"


def test_an_outbound_trip_two_years_ago_no_longer_blocks(rw):
    person = rw.people[2]
    group = _outbound(rw, start=dt.date(2024, 6, 10))
    services.outbound_add_person(user=rw.w.city_admin, group=group, person=person)
    _plan, run = _city_run(rw)
    assert _explanation(run, person)["eligible"] is True


def test_the_run_page_names_the_outbound_trip_behind_the_cooldown(rw):
    person = rw.people[2]
    group = _outbound(rw)
    services.outbound_add_person(user=rw.w.city_admin, group=group, person=person)
    _plan, run = _city_run(rw)
    client = Client()
    client.force_login(rw.w.city_admin)
    page = client.get(reverse("recuperation:run_detail", args=[run.pk])).content.decode()
    assert "2025年互派外出（安康市总工会派出·铜川·照金红色教育基地）" in page


def test_a_person_is_added_to_an_outbound_group_once(rw):
    group = _outbound(rw)
    services.outbound_add_person(user=rw.w.city_admin, group=group, person=rw.people[2])
    with pytest.raises(DomainError, match="已在该团组中"):
        services.outbound_add_person(user=rw.w.city_admin, group=group, person=rw.people[2])


def test_a_county_officer_cannot_add_another_countys_person_to_its_group(rw):
    group = _outbound(rw, user=rw.w.hanbin_officer)
    with pytest.raises(Denied):
        services.outbound_add_person(
            user=rw.w.hanbin_officer, group=group, person=rw.w.shiquan_person
        )
    assert not Trip.objects.exists()


def test_an_outbound_group_outside_the_agreement_dates_is_refused(rw):
    agreement = services.exchange_create(
        user=rw.w.city_admin,
        partner="宝鸡市总工会",
        city="宝鸡",
        signed_on=dt.date(2025, 3, 1),
        valid_until=dt.date(2025, 12, 31),
    )
    with pytest.raises(DomainError, match="不在互派协议“宝鸡·宝鸡市总工会”的有效期内"):
        services.outbound_create(
            user=rw.w.city_admin,
            agreement=agreement,
            destination="太白山",
            start_date=dt.date(2026, 5, 1),
            end_date=dt.date(2026, 5, 6),
        )
    assert not OutboundGroup.objects.exists()


def test_removing_an_outbound_participant_removes_the_trip(rw):
    group = _outbound(rw)
    services.outbound_add_person(user=rw.w.city_admin, group=group, person=rw.people[2])
    services.outbound_remove_person(user=rw.w.city_admin, group=group, person=rw.people[2])
    assert not Trip.objects.filter(person=rw.people[2]).exists()


def test_officers_record_an_outbound_group_and_its_people_on_the_pages(rw):
    agreement = services.exchange_create(
        user=rw.w.city_admin, partner="铜川市总工会", city="铜川", signed_on=dt.date(2024, 3, 1)
    )
    client = Client()
    client.force_login(rw.w.city_admin)
    r = client.post(
        reverse("recuperation:outbound_create"),
        {
            "agreement": agreement.pk,
            "destination": "照金红色教育基地",
            "start_date": "2026-06-08",
            "end_date": "2026-06-13",
        },
    )
    group = OutboundGroup.objects.get()
    assert r.status_code == 302 and r.url == reverse(
        "recuperation:outbound_detail", args=[group.pk]
    )
    person = rw.people[3]
    r = client.post(reverse("recuperation:outbound_detail", args=[group.pk]), {"person": person.pk})
    assert r.status_code == 302
    assert Trip.objects.filter(person=person, outbound=group, source="exchange").exists()
    page = client.get(reverse("recuperation:outbound_detail", args=[group.pk])).content.decode()
    assert person.name in page
    listing = client.get(reverse("recuperation:inbound_list") + "?year=2026").content.decode()
    assert "照金红色教育基地" in listing and "1人" in listing


# ---------------------------------------------------------------- one seat a year


def test_a_person_invited_in_the_county_plan_is_not_selected_in_the_city_plan(rw):
    person = rw.w.shiquan_person
    county = _county_plan(rw, rw.w.shiquan_officer, 2026, start=dt.date(2026, 12, 21))
    assert Invitation.objects.filter(plan=county, person=person, status="invited").exists()
    _plan, run = _city_run(rw)
    assert _explanation(run, person)["reasons"] == ["cooldown"]
    [row] = [
        r for r in selectors.explanation_rows(run, user=rw.w.city_admin) if r["person"] == person
    ]
    assert "本年度已在石泉县总工会“石泉县2026年劳模疗休养方案”中入选" in row["reasons"][0]


def test_publishing_skips_a_person_who_took_a_seat_in_another_plan_since_the_run(rw):
    person = rw.w.shiquan_person
    type(person).objects.filter(pk=person.pk).update(
        frontline=True, hardship_post=True, key_sector=True
    )
    plan, run = _city_run(rw, max_size=2)
    cid = services.candidate_code(run.plan.year, person.pk)
    assert cid in {a["candidate"] for a in run.output["assignments"]}
    # Meanwhile 石泉 published its own plan, with this person in it.
    _county_plan(rw, rw.w.shiquan_officer, 2026, start=dt.date(2026, 12, 21))
    run = services.selection_publish(user=rw.w.city_admin, run=run)
    assert not Invitation.objects.filter(plan=plan, person=person).exists()
    assert "已在石泉县总工会“石泉县2026年劳模疗休养方案”中入选（待确认），同一年度只安排一次" in (
        run.message
    )
    held = Invitation.objects.filter(plan=plan, status__in=["invited", "confirmed"])
    assert held.count() == 2  # the free seat went down the waiting list


def test_the_waiting_list_skips_a_person_holding_a_seat_in_another_plan(rw):
    plan, run = _city_run(rw, max_size=2)
    services.selection_publish(user=rw.w.city_admin, run=run)
    first, second = run.output["waitlist"][:2]
    waiting = type(rw.w.shiquan_person).objects.get(pk=run.person_id(first))
    in_shiquan = waiting.org.path.startswith(rw.w.shiquan.path)
    officer = rw.w.shiquan_officer if in_shiquan else rw.w.hanbin_officer
    county = _county_plan(
        rw,
        officer,
        2026,
        start=dt.date(2026, 12, 21),
        title="县级2026年劳模疗休养方案",
        only=waiting,
    )
    assert Invitation.objects.filter(plan=county, person=waiting).exists()
    inv = Invitation.objects.filter(plan=plan, status=InvitationStatus.INVITED).first()
    nxt = services.invitation_decline(user=rw.w.city_admin, invitation=inv)
    assert nxt is not None and nxt.candidate_id == second
    assert not Invitation.objects.filter(plan=plan, person=waiting).exists()
