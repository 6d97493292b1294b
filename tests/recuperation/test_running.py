"""Provincial-trip import, host needs (encrypted health data), running a batch, attendance,
costs and variance, feedback, inbound groups and the year in numbers."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from gonghui.core.errors import DomainError
from gonghui.core.importing import get_importer, run_import
from gonghui.core.models import AuditAction, AuditLog
from gonghui.recuperation import exporters, selectors, services
from gonghui.recuperation.models import Invitation, InvitationStatus, Need, Trip, TripSource
from tests import factories


def _xlsx(tmp_path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号码", "年度", "疗养院"])
    for r in rows:
        ws.append(r)
    path = tmp_path / "省总名单.xlsx"
    wb.save(path)
    return path


def test_the_provincial_list_import_records_provincial_trips(rw, tmp_path):
    p = rw.people[2]
    path = _xlsx(tmp_path, [[p.name, p.id_number, 2026, "陕西省工人疗养院"]])
    report = run_import(
        get_importer("provincial_trips"),
        path,
        filename="省总名单.xlsx",
        user=rw.w.city_admin,
        commit=True,
    )
    assert report.committed and report.new == 1
    trip = Trip.objects.get(person=p)
    assert (trip.year, trip.level, trip.source) == (2026, "provincial", TripSource.PROVINCIAL_LIST)


def test_a_provincial_list_with_an_unknown_id_number_writes_nothing(rw, tmp_path):
    p = rw.people[2]
    unknown = factories.id_number("610902")
    path = _xlsx(
        tmp_path,
        [
            [p.name, p.id_number, 2026, "陕西省工人疗养院"],
            ["王某", unknown, 2026, "陕西省工人疗养院"],
        ],
    )
    report = run_import(
        get_importer("provincial_trips"),
        path,
        filename="省总名单.xlsx",
        user=rw.w.city_admin,
        commit=True,
    )
    assert not report.committed and not Trip.objects.exists()
    [err] = report.errors
    assert (err.row, err.column) == (3, "身份证号码")
    assert err.message == "身份证号码未在人员档案中登记，请先登记该人员"


def _roster(rw, today):
    plan = rw.plan()
    rw.batch(plan, "B1", max_size=3)
    rw.approve(plan)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    services.selection_publish(user=rw.w.city_admin, run=run)
    for inv in Invitation.objects.filter(plan=plan):
        services.invitation_confirm(user=rw.w.city_admin, invitation=inv)
    return plan, plan.batches.get(code="B1")


def test_health_data_is_stored_encrypted_and_exported_only_for_roles_that_need_it(rw, today):
    _plan, batch = _roster(rw, today)
    inv = batch.invitations.first()
    need = services.need_save(
        user=rw.w.city_admin,
        invitation=inv,
        diet="低糖",
        health="糖尿病",
        mobility="可自行行走",
        emergency_name="家属",
        emergency_phone="13912345678",
    )
    raw = Need.objects.values_list("health_enc", flat=True).get(pk=need.pk)
    assert "糖尿病" not in raw and need.health == "糖尿病"
    content = exporters.host_needs_xlsx(user=rw.w.city_admin, batch=batch)
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "糖尿病" in cells and "低糖" in cells
    assert AuditLog.objects.filter(
        action=AuditAction.EXPORT_PII, note__contains="接待需求表"
    ).exists()
    chair = exporters.host_needs_xlsx(user=rw.w.hanbin_chair, batch=batch)
    cells = [
        c
        for row in openpyxl.load_workbook(io.BytesIO(chair)).active.iter_rows(values_only=True)
        for c in row
        if c
    ]
    assert "糖尿病" not in cells and "低糖" in cells


def test_the_host_needs_pdf_is_a_pdf(rw, today):
    _plan, batch = _roster(rw, today)
    services.need_save(user=rw.w.city_admin, invitation=batch.invitations.first(), health="高血压")
    pdf = exporters.host_needs_pdf(user=rw.w.city_admin, batch=batch)
    assert pdf.startswith(b"%PDF")


def test_attendance_for_someone_not_on_the_roster_is_refused(rw, today):
    _plan, batch = _roster(rw, today)
    outsider = next(p for p in rw.people if not batch.invitations.filter(person=p).exists())
    today(dt.date(2026, 12, 15))
    with pytest.raises(DomainError, match=f"{outsider.name}不在批次B1的确认名单中，不能登记出勤"):
        services.attendance_record(
            user=rw.w.city_admin, batch=batch, person=outsider, attended=True
        )
    assert not Trip.objects.exists()


def test_attendance_costs_variance_and_history_for_next_years_cooldown(rw, today):
    _plan, batch = _roster(rw, today)
    staff = services.staff_add(user=rw.w.city_admin, batch=batch, name="王干事", duty="领队")
    items = services.itinerary_default(user=rw.w.city_admin, batch=batch)
    assert {i.get_kind_display() for i in items} >= {
        "爱国主义教育",
        "红色教育",
        "理疗康复",
        "学习交流",
        "座谈",
        "事迹报告",
        "合影",
    }
    assert staff.batch == batch
    today(dt.date(2026, 12, 19))
    invs = list(batch.invitations.filter(status=InvitationStatus.CONFIRMED))
    for inv in invs[:-1]:
        services.attendance_record(
            user=rw.w.city_admin,
            batch=batch,
            person=inv.person,
            attended=True,
            travel_reimbursed="480.00",
        )
    services.attendance_record(
        user=rw.w.city_admin, batch=batch, person=invs[-1].person, attended=False
    )
    services.batch_record_costs(user=rw.w.city_admin, batch=batch, accommodation="6000.00")
    services.batch_finish(user=rw.w.city_admin, batch=batch)
    assert Trip.objects.filter(batch=batch).count() == len(invs) - 1
    report = selectors.year_report(user=rw.w.city_admin, year=2026)
    [row] = report.batches
    assert row["actual"] == Decimal("6000.00") + Decimal("480.00") * (len(invs) - 1)
    assert row["variance"] == row["actual"] - row["planned"]
    assert report.outbound_people == len(invs) - 1 and report.outbound_batches == 1
    # Next year the attendees are in cooldown.
    went = invs[0].person
    from gonghui.recuperation.services import selection_build_input  # noqa: F401

    assert Trip.objects.filter(person=went, year=2026, level="city").exists()


def test_feedback_only_from_those_who_went_and_its_summary(rw, today):
    _plan, batch = _roster(rw, today)
    today(dt.date(2026, 12, 19))
    invs = list(batch.invitations.all())
    services.attendance_record(
        user=rw.w.city_admin, batch=batch, person=invs[0].person, attended=True
    )
    services.attendance_record(
        user=rw.w.city_admin, batch=batch, person=invs[1].person, attended=False
    )
    invs[0].refresh_from_db()
    invs[1].refresh_from_db()
    services.feedback_submit(
        user=rw.w.city_admin, invitation=invs[0], satisfaction=5, comments="安排周到"
    )
    with pytest.raises(DomainError, match="只有实际参加疗休养的人员可以评价"):
        services.feedback_submit(user=rw.w.city_admin, invitation=invs[1], satisfaction=4)
    with pytest.raises(DomainError, match="满意度应为1至5分"):
        services.feedback_submit(user=rw.w.city_admin, invitation=invs[0], satisfaction=6)
    report = selectors.year_report(user=rw.w.city_admin, year=2026)
    assert report.feedback == [{"invitation__batch__code": "B1", "n": 1, "avg": 5.0}]
    assert report.feedback_by_base[0]["invitation__batch__base__name"] == "宁波工人疗养院"


def test_inbound_groups_count_in_the_year(rw):
    ex = services.exchange_create(
        user=rw.w.city_admin, partner="常州市总工会", city="常州", signed_on=dt.date(2025, 3, 1)
    )
    services.inbound_create(
        user=rw.w.city_admin,
        agreement=ex,
        partner="常州市总工会",
        size=140,
        start_date=dt.date(2026, 6, 1),
        end_date=dt.date(2026, 6, 7),
        sites="瀛湖、石泉、紫阳",
        local_spending="560000.00",
    )
    services.inbound_create(
        user=rw.w.city_admin,
        partner="伊金霍洛旗总工会",
        size=35,
        start_date=dt.date(2026, 8, 1),
        end_date=dt.date(2026, 8, 5),
    )
    with pytest.raises(DomainError, match="离开日期2026-08-01早于抵达日期2026-08-05"):
        services.inbound_create(
            user=rw.w.city_admin,
            partner="x",
            size=3,
            start_date=dt.date(2026, 8, 5),
            end_date=dt.date(2026, 8, 1),
        )
    report = selectors.year_report(user=rw.w.city_admin, year=2026)
    assert (report.inbound_batches, report.inbound_people) == (2, 175)
    assert report.inbound_spending == Decimal("560000.00")


def test_the_plan_is_completed_once_its_batches_have_finished(rw, today):
    plan, batch = _roster(rw, today)
    plan.refresh_from_db()
    with pytest.raises(DomainError, match="批次B1尚未结束，不能办结方案"):
        services.plan_complete(user=rw.w.city_admin, plan=plan)
    today(dt.date(2026, 12, 19))
    for inv in batch.invitations.filter(status=InvitationStatus.CONFIRMED):
        services.attendance_record(
            user=rw.w.city_admin, batch=batch, person=inv.person, attended=True
        )
    services.batch_finish(user=rw.w.city_admin, batch=batch)
    assert services.plan_complete(user=rw.w.city_admin, plan=plan).status == "completed"


def test_the_daily_command_lapses_overdue_invitations(rw, today):
    import io

    from django.core.management import call_command

    plan = rw.plan()
    rw.batch(plan, "B1", max_size=2)
    rw.approve(plan)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    services.selection_publish(user=rw.w.city_admin, run=run)
    today(dt.date(2026, 11, 27))  # the deadline (26 Nov) has passed
    out = io.StringIO()
    call_command("recuperation_expire", stdout=out)
    assert "逾期未确认2份" in out.getvalue()
    assert Invitation.objects.filter(plan=plan, status=InvitationStatus.EXPIRED).count() == 2
    assert Invitation.objects.filter(plan=plan, status=InvitationStatus.INVITED).count() == 2
