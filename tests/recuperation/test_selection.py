"""Selection: candidates from the registry, the planner as a job, stored input/SHA/output,
publicity and the explanation each person sees; the downloaded input re-runs identically."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import gonghui
from gonghui.core.errors import DomainError
from gonghui.core.models import Job, JobStatus
from gonghui.core.sms import LogSmsSender
from gonghui.recuperation import selectors, services
from gonghui.recuperation.models import (
    Invitation,
    InvitationStatus,
    Notification,
    PlanStatus,
    RunStatus,
    SelectionRun,
    Trip,
    TripLevel,
    TripSource,
)


def _approved(rw, **kw):
    plan = rw.plan(**kw)
    rw.batch(plan, "B1", max_size=3)
    rw.batch(plan, "B2", start=dt.date(2026, 12, 21), max_size=3)
    return rw.approve(plan)


def test_a_plan_run_before_approval_is_refused_and_nothing_is_written(rw):
    plan = rw.plan()
    rw.batch(plan)
    with pytest.raises(DomainError, match="工作方案尚未经党组会审定，不能进行遴选"):
        services.selection_start(user=rw.w.city_admin, plan=plan)
    assert not SelectionRun.objects.exists() and not Job.objects.exists()


def test_input_holds_registry_honors_flags_org_codes_trips_and_availability(rw):
    plan = _approved(rw)
    Trip.objects.create(
        person=rw.people[2],
        year=2026,
        level=TripLevel.PROVINCIAL,
        source=TripSource.PROVINCIAL_LIST,
        destination="陕西省工人疗养院",
    )
    b1 = plan.batches.get(code="B1")
    services.availability_set(
        user=rw.w.hanbin_member, plan=plan, person=rw.people[0], unavailable=[b1]
    )
    data = services.selection_build_input(plan=plan)
    by_id = {c["id"]: c for c in data["candidates"]}
    assert len(by_id) == 9
    me = by_id[services.candidate_code(plan.year, rw.people[0].pk)]
    assert me["org"] == "610902" and me["unavailable"] == ["B1"]
    assert me["honors"] == [{"kind": "劳动模范", "level": "city", "year": 2020, "valid": True}]
    assert by_id[services.candidate_code(plan.year, rw.people[6].pk)]["org"] == "610922"
    assert by_id[services.candidate_code(plan.year, rw.people[2].pk)]["trips"] == [
        {"year": 2026, "level": "provincial"}
    ]
    assert [b["id"] for b in data["batches"]] == ["B1", "B2"]
    assert data["batches"][0]["travel_cost"] == {"*": "800.00", "610902": "500.00"}


def test_the_selection_job_stores_input_sha_seed_and_output(rw):
    plan = _approved(rw)
    run = services.selection_start(user=rw.w.city_admin, plan=plan)
    run.refresh_from_db()
    assert run.job.status == JobStatus.DONE and run.job.progress == run.job.total == 3
    assert run.status == RunStatus.DONE and run.seed == plan.seed
    assert run.input_sha256 == hashlib.sha256(run.input_json.encode()).hexdigest()
    assert len(run.output["assignments"]) == 6  # 2 batches × max 3, budget allows
    assert set(run.output["explanations"]) == {
        c["id"] for c in json.loads(run.input_json)["candidates"]
    }


def test_an_ineligible_person_gets_the_reason_in_their_own_words(rw):
    from gonghui.core.models import Role
    from tests import factories
    from tests.recuperation.conftest import give

    craftsman = factories.person(rw.w.hanbin_union, "王工匠")
    give(rw.w.city_admin, craftsman, "金州工匠", 2021)  # a city title, but not an eligible kind
    user = factories.user(Role.MEMBER, rw.w.hanbin_union, "craftsman", person=craftsman)
    plan = _approved(rw)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    services.selection_publish(user=rw.w.city_admin, run=run)
    [mine] = selectors.my_results(user=user)
    assert mine.explanation["eligible"] is False
    assert mine.reasons == [
        "没有符合条件的有效荣誉（须为市级及以上劳动模范、先进工作者或五一劳动奖章获得者）",
        f"依据《{mine.plan.title}》（第{mine.plan.version}版）第二条 参加对象",
    ]


def test_a_person_not_chosen_sees_score_and_waitlist_place(rw):
    plan = rw.plan()
    rw.batch(plan, "B1", max_size=2)
    rw.approve(plan)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    services.selection_publish(user=rw.w.city_admin, run=run)
    waiting = run.output["waitlist"]
    assert len(waiting) == 7
    from gonghui.core.models import Person, Role
    from tests import factories

    p = Person.objects.get(pk=run.person_id(waiting[0]))
    user = getattr(p, "user", None) or factories.user(Role.MEMBER, p.org, "waiting1", person=p)
    [mine] = selectors.my_results(user=user)
    assert mine.explanation["selected"] is False and mine.explanation["score"] > 0
    assert any("列候补第1位" in r for r in mine.reasons)


def test_publishing_invites_the_selected_notifies_and_opens_publicity(rw):
    plan = _approved(rw)
    LogSmsSender.sent.clear()
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    run = services.selection_publish(user=rw.w.city_admin, run=run)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RUNNING and run.status == RunStatus.PUBLISHED
    assert run.publicity_until == dt.date(2026, 11, 30)  # 5 working days after Mon 23 Nov
    invs = Invitation.objects.filter(run=run)
    assert invs.count() == 6 and {i.status for i in invs} == {InvitationStatus.INVITED}
    assert {i.deadline for i in invs} == {dt.date(2026, 11, 26)}  # 3 working days
    assert Notification.objects.filter(title="疗休养入选通知").count() == 6
    sms_people = [t for _, t in LogSmsSender.sent if "入选" in t]
    assert len(sms_people) >= 1 and "*" in LogSmsSender.sent[0][0]
    listed = selectors.publicity(run, user=rw.w.city_admin)
    assert sum(len(b.people) for b in listed) == 6 == sum(b.total for b in listed)
    assert all("*" in inv.person.id_masked for b in listed for inv in b.people)


def test_a_second_publication_is_refused(rw):
    plan = _approved(rw)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    services.selection_publish(user=rw.w.city_admin, run=run)
    with pytest.raises(DomainError, match="遴选结果已公示，不能重新遴选"):
        services.selection_run(user=rw.w.city_admin, plan=plan)


def test_the_stored_input_run_through_the_command_line_gives_the_same_assignments(rw, tmp_path):
    plan = _approved(rw)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    path = tmp_path / "input.json"
    path.write_text(run.input_json, encoding="utf-8")
    out = tmp_path / "out.json"
    proc = subprocess.run(
        [sys.executable, "-m", "gonghui", "recuperation", "solve", str(path), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(gonghui.__file__).resolve().parents[1])},
    )
    assert proc.returncode == 0, proc.stderr
    again = json.loads(out.read_text(encoding="utf-8"))
    key = lambda a: (a["candidate"], a["batch"])  # noqa: E731
    assert sorted(again["assignments"], key=key) == sorted(run.output["assignments"], key=key)
    assert again["waitlist"] == run.output["waitlist"]


def test_cooldown_from_an_attended_trip_last_year_blocks_this_year(rw):
    Trip.objects.create(
        person=rw.people[3],
        year=2025,
        level=TripLevel.CITY,
        source=TripSource.SYSTEM,
        destination="宁波工人疗养院",
    )
    plan = _approved(rw)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    e = run.output["explanations"][services.candidate_code(plan.year, rw.people[3].pk)]
    assert e["eligible"] is False and e["reasons"] == ["cooldown"]
