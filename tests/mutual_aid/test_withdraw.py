"""退保: an officer in scope withdraws an enrollment after a confirmation step; cover stops
from the given date and later events are refused with the reason."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog
from gonghui.mutual_aid import services
from gonghui.mutual_aid.models import Category, EnrollmentStatus
from tests.mutual_aid.conftest import YEAR, enroll_paid, file_hospital

ON = dt.date(YEAR, 9, 1)
REASON = "调离本单位"


@pytest.fixture
def enrollment(aid, world):
    return enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]


def _url(enrollment, tail=""):
    return f"/mutual-aid/enrollments/{enrollment.pk}/{tail}"


def test_officer_withdraws_from_the_list_after_a_confirmation_step(aid, enrollment, client):
    client.force_login(aid.officer)
    listing = client.get("/mutual-aid/enrollments/").content.decode()
    assert f'href="{_url(enrollment)}"' in listing
    detail = client.get(_url(enrollment)).content.decode()
    assert f'href="{_url(enrollment, "cancel/")}"' in detail
    confirm = client.get(_url(enrollment, "cancel/")).content.decode()
    assert "退保日期当日及以后发生的事件不能申领" in confirm and "确认退保" in confirm

    unconfirmed = client.post(_url(enrollment, "cancel/"), {"on": ON.isoformat(), "reason": REASON})
    assert "请勾选确认后再办理退保" in unconfirmed.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE

    done = client.post(
        _url(enrollment, "cancel/"),
        {"on": ON.isoformat(), "reason": REASON, "confirm": "on"},
        follow=True,
    ).content.decode()
    assert "已为张伟办理退保：“2026年住院医疗互助保障”自2026-09-01起不再保障" in done
    assert "自2026-09-01起不再保障；原因：调离本单位" in done
    assert 'id="cancel-enrollment"' not in done  # no second withdrawal offered
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.cancelled_on, enrollment.cancel_reason) == (
        EnrollmentStatus.CANCELLED,
        ON,
        REASON,
    )
    entry = AuditLog.objects.get(
        model="mutual_aid.enrollment", object_id=str(enrollment.pk), action=AuditAction.UPDATE
    )
    assert entry.user == aid.officer and entry.after["cancel_reason"] == REASON


def test_a_claim_for_an_event_after_the_withdrawal_is_refused_with_the_reason(
    aid, world, enrollment, client
):
    services.enrollment_cancel(user=aid.officer, enrollment=enrollment, reason=REASON, on=ON)
    client.force_login(aid.officer)
    event = ON + dt.timedelta(days=9)
    html = client.post(
        "/mutual-aid/claims/new/",
        {
            "id_number": world.hanbin_person.id_number,
            "plan": enrollment.plan_id,
            "event_kind": "illness",
            "event_date": event.isoformat(),
            "diagnosis": "肺炎",
            "hospital": "安康市中心医院",
            "admitted_on": event.isoformat(),
            "discharged_on": (event + dt.timedelta(days=5)).isoformat(),
            "self_paid": "3000",
            "invoices": "W-1,3500",
        },
        follow=True,
    ).content.decode()
    assert (
        "“2026年住院医疗互助保障”已于2026-09-01退保（退保原因：调离本单位），"
        "出险日期2026-09-10不在保障期内，不能申领"
    ) in html
    assert not enrollment.claims.exists()
    with pytest.raises(DomainError, match="已于2026-09-01退保"):
        file_hospital(aid, enrollment, event=ON)  # the withdrawal day itself is not covered


def test_an_event_before_the_withdrawal_can_still_be_claimed(aid, enrollment):
    services.enrollment_cancel(user=aid.officer, enrollment=enrollment, reason=REASON, on=ON)
    enrollment.refresh_from_db()
    claim = file_hospital(aid, enrollment, event=ON - dt.timedelta(days=20))
    assert claim.amount > 0 and claim.enrollment_id == enrollment.pk


def test_withdrawal_is_refused_when_a_claim_covers_a_later_event(aid, enrollment):
    claim = file_hospital(aid, enrollment, event=ON)
    with pytest.raises(DomainError, match=f"申领{claim.number}的出险日期2026-09-01不早于退保日期"):
        services.enrollment_cancel(
            user=aid.officer, enrollment=enrollment, reason=REASON, on=ON - dt.timedelta(days=5)
        )
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE and enrollment.cancelled_on is None


def test_withdrawal_date_must_lie_in_the_cover(aid, enrollment, client):
    client.force_login(aid.officer)
    html = client.post(
        _url(enrollment, "cancel/"), {"on": "2026-01-01", "reason": REASON, "confirm": "on"}
    ).content.decode()
    assert "退保日期2026-01-01不能早于保障生效日2026-01-05" in html
    with pytest.raises(DomainError, match="不能晚于保障期止2026-12-31"):
        services.enrollment_cancel(
            user=aid.officer, enrollment=enrollment, reason=REASON, on=dt.date(2027, 1, 1)
        )
    with pytest.raises(DomainError, match="请填写退保原因"):
        services.enrollment_cancel(user=aid.officer, enrollment=enrollment, reason=" ", on=ON)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE


def test_an_officer_of_another_county_cannot_see_or_withdraw(world, enrollment, client):
    client.force_login(world.shiquan_officer)
    assert client.get(_url(enrollment)).status_code == 404
    data = {"on": ON.isoformat(), "reason": REASON, "confirm": "on"}
    assert client.post(_url(enrollment, "cancel/"), data).status_code == 404
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE


def test_the_auditor_sees_the_enrollment_but_cannot_withdraw(world, enrollment, client):
    client.force_login(world.auditor)
    page = client.get(_url(enrollment)).content.decode()
    assert "2026年住院医疗互助保障" in page and 'id="cancel-enrollment"' not in page
    data = {"on": ON.isoformat(), "reason": REASON, "confirm": "on"}
    assert client.post(_url(enrollment, "cancel/"), data).status_code == 403
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE


def test_a_withdrawn_person_may_enroll_again(aid, world, enrollment):
    services.enrollment_cancel(user=aid.officer, enrollment=enrollment, reason=REASON, on=ON)
    again = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    assert again.pk != enrollment.pk and again.status == EnrollmentStatus.ACTIVE
