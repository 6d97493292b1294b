"""金秋助学: apply (staff or 职工本人 for their own child), review by another officer, pay; every
refusal in Chinese with nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.permissions import Denied
from gonghui.relief.models import GrantStatus, StudentGrant
from gonghui.relief.services_activities import (
    grant_apply,
    grant_letter_open,
    grant_pay,
    grant_review,
)
from tests import factories
from tests.kit import Unchanged
from tests.relief.fixtures_activities import (
    YEAR,
    apply,
    campaign,
    child_id,
    frozen,
    letter,
    media,
)

pytestmark = pytest.mark.usefixtures("media", "frozen")
__all__ = ["frozen", "media"]


def _fifteen(eighteen: str) -> str:
    """The old 15-digit form of an 18-digit number born in the 1900s."""
    return eighteen[:6] + eighteen[8:17]


def test_a_chair_applies_and_the_letter_is_stored_under_a_random_name(world):
    camp = campaign(world, "schooling")
    number = child_id()
    grant = apply(world, camp, student_id=number)
    assert grant.status == GrantStatus.APPLIED
    assert (grant.year, grant.org, grant.amount) == (YEAR, world.hanbin_union, Decimal("3000.00"))
    assert grant.student_id == number
    assert grant.student_id_masked == number[:6] + "********" + number[-4:]
    assert grant.admission_path.startswith(f"relief/grants/{grant.pk}/")
    assert "录取" not in grant.admission_path
    assert default_storage.exists(grant.admission_path)
    assert grant.created_by == world.hanbin_chair


def test_a_member_applies_for_their_own_child(world):
    camp = campaign(world, "schooling")
    grant = apply(world, camp, user=world.hanbin_member)
    assert grant.person == world.hanbin_person
    assert grant.org == world.hanbin_person.org


def test_a_member_cannot_apply_for_another_workers_child(world):
    camp = campaign(world, "schooling")
    other = factories.person(world.hanbin_union, "王强")
    with pytest.raises(Denied):
        apply(world, camp, user=world.hanbin_member, person=other)
    assert not StudentGrant.objects.exists()


def test_shiquan_cannot_apply_for_a_hanbin_worker(world):
    camp = campaign(world, "schooling")
    with pytest.raises(Denied):
        apply(world, camp, user=world.shiquan_officer)


def test_the_same_student_twice_in_a_year_names_the_organization_that_applied(world):
    camp = campaign(world, "schooling")
    number = child_id()
    apply(world, camp, student_id=number)
    county_camp = campaign(world, "schooling", org=world.shiquan, name="石泉县金秋助学")
    state = Unchanged()
    # Another county, another campaign, the same student typed as a 15-digit old number would
    # not parse (born 2008): typed with a lowercase x or full-width digits it is the same.
    variants = [number, number.lower(), " ".join(number), number.translate(_FULL)]
    for typed in variants:
        with pytest.raises(DomainError) as err:
            apply(
                world,
                county_camp,
                user=world.shiquan_officer,
                person=world.shiquan_person,
                student_id=typed,
            )
        assert f"{YEAR}年已由汉滨区第一中学工会申报金秋助学" in err.value.message
        assert "同一学生每年只能资助一次" in err.value.message
    assert not state.changes()


_FULL = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")


def test_an_old_fifteen_digit_number_is_the_same_student(world):
    camp = campaign(world, "schooling")
    number = factories.id_number("610902", birth=dt.date(1999, 5, 1))  # a late student
    apply(world, camp, student_id=number)
    with pytest.raises(DomainError, match="同一学生每年只能资助一次"):
        apply(world, camp, student_id=_fifteen(number))


def test_a_rejected_application_frees_the_student_for_another(world):
    camp = campaign(world, "schooling")
    number = child_id()
    first = apply(world, camp, student_id=number)
    grant_review(user=world.hanbin_officer, grant=first, approve=False, reason="非困难家庭")
    second = apply(world, camp, student_id=number)
    assert second.status == GrantStatus.APPLIED


def test_next_year_the_student_may_be_helped_again(world):
    camp = campaign(world, "schooling")
    number = child_id()
    apply(world, camp, student_id=number)
    from gonghui.relief.services_campaigns import StandardData, campaign_create

    later = campaign_create(
        user=world.city_admin,
        kind="schooling",
        name="2027年金秋助学",
        year=YEAR + 1,
        org=world.city,
        standards=[StandardData("student", "大学生", "5000")],
    )
    assert apply(world, later, student_id=number).year == YEAR + 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"student_id": "610902200805011234"}, "学生身份证号码校验位错误"),
        ({"student_id": "61090220080501"}, "学生身份证号码应为18位"),
        ({"student_name": "  "}, "请填写学生姓名"),
        ({"university": ""}, "请填写录取院校"),
        ({"amount": "0"}, "助学金必须大于0"),
        ({"amount": "-1"}, "助学金不能为负数"),
        ({"amount": "5000.01"}, "超过活动“"),
        ({"amount": "abc"}, "助学金“abc”不是有效的金额"),
        ({"upload": None}, "请上传录取通知书"),
        ({"upload": SimpleUploadedFile("a.pdf", b"MZ\x90\x00" * 10)}, "不是PDF或图片"),
        ({"upload": SimpleUploadedFile("a.png", b"%PDF-1.4 x")}, "扩展名与文件内容不符"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_writes_nothing(world, changes, message):
    camp = campaign(world, "schooling")
    data = {
        "user": world.hanbin_chair,
        "campaign": camp,
        "person": world.hanbin_person,
        "student_name": "张小明",
        "student_id": child_id(),
        "university": "西北大学",
        "amount": "3000",
        "upload": letter(),
        **changes,
    }
    state = Unchanged()
    with pytest.raises(DomainError, match=message):
        grant_apply(**data)
    assert not state.changes()


def test_the_student_is_not_the_worker_himself(world):
    camp = campaign(world, "schooling")
    with pytest.raises(DomainError, match="与职工（家长）本人相同"):
        apply(world, camp, student_id=world.hanbin_person.id_number)


def test_only_a_schooling_campaign_takes_applications(world):
    cool = campaign(world, "coolness")
    with pytest.raises(DomainError, match="是夏送清凉活动，不能登记金秋助学"):
        apply(world, cool)


def test_a_county_campaign_does_not_cover_another_countys_workers(world):
    shiquan_camp = campaign(world, "schooling", org=world.shiquan)
    with pytest.raises(DomainError, match=r"不在活动“.*”的范围内"):
        apply(world, shiquan_camp, user=world.city_admin)


def test_another_officer_approves_and_it_is_paid(world):
    camp = campaign(world, "schooling")
    grant = apply(world, camp, user=world.hanbin_officer)
    with pytest.raises(DomainError, match="审核人不能是申报人"):
        grant_review(user=world.hanbin_officer, grant=grant, approve=True)
    with pytest.raises(DomainError, match="只有已审核的申报才能登记发放"):
        grant_pay(user=world.city_admin, grant=grant, paid_on=dt.date(YEAR, 9, 14))
    grant_review(user=world.city_admin, grant=grant, approve=True)
    grant.refresh_from_db()
    assert (grant.status, grant.reviewed_by) == (GrantStatus.APPROVED, world.city_admin)
    with pytest.raises(DomainError, match="已是“已审核”，不能再审核"):
        grant_review(user=world.city_admin, grant=grant, approve=False, reason="x")
    with pytest.raises(DomainError, match="晚于今天"):
        grant_pay(user=world.hanbin_officer, grant=grant, paid_on=dt.date(YEAR, 9, 16))
    grant_pay(user=world.hanbin_officer, grant=grant, paid_on=dt.date(YEAR, 9, 15))
    grant.refresh_from_db()
    assert (grant.status, grant.paid_on) == (GrantStatus.PAID, dt.date(YEAR, 9, 15))
    entries = AuditLog.objects.filter(model="relief.studentgrant", object_id=str(grant.pk))
    assert {e.user for e in entries.filter(action=AuditAction.UPDATE)} == {
        world.city_admin,
        world.hanbin_officer,
    }


def test_a_rejection_needs_a_reason(world):
    grant = apply(world, campaign(world, "schooling"))
    with pytest.raises(DomainError, match="不予通过须填写原因"):
        grant_review(user=world.hanbin_officer, grant=grant, approve=False, reason=" ")
    grant_review(user=world.hanbin_officer, grant=grant, approve=False, reason="材料不实")
    grant.refresh_from_db()
    assert (grant.status, grant.rejected_reason) == (GrantStatus.REJECTED, "材料不实")


def test_a_chair_cannot_review_and_shiquan_cannot_touch_hanbin_grants(world):
    grant = apply(world, campaign(world, "schooling"))
    with pytest.raises(Denied):
        grant_review(user=world.hanbin_chair, grant=grant, approve=True)
    with pytest.raises(Denied):
        grant_review(user=world.shiquan_officer, grant=grant, approve=True)
    with pytest.raises(Denied):
        grant_letter_open(user=world.shiquan_officer, grant=grant)


def test_opening_the_letter_is_logged(world):
    grant = apply(world, campaign(world, "schooling"))
    with grant_letter_open(user=world.hanbin_officer, grant=grant) as f:
        assert f.read().startswith(b"%PDF")
    entry = AuditLog.objects.get(action=AuditAction.VIEW_PII, object_id=str(grant.pk))
    assert entry.user == world.hanbin_officer


def test_the_household_case_is_linked_when_filed_and_refused_when_not_the_workers(world):
    from tests.relief.fixtures_campaigns import filed_case

    camp = campaign(world, "schooling")
    case = filed_case(world.hanbin_person)
    other = filed_case(factories.person(world.hanbin_union, "王强"))
    with pytest.raises(DomainError, match=f"困难档案{other.number}不是张伟的档案"):
        grant_apply(
            user=world.hanbin_chair,
            campaign=camp,
            person=world.hanbin_person,
            student_name="张小明",
            student_id=child_id(),
            university="西北大学",
            amount="3000",
            upload=letter(),
            case=other,
        )
    grant = grant_apply(
        user=world.hanbin_chair,
        campaign=camp,
        person=world.hanbin_person,
        student_name="张小明",
        student_id=child_id(),
        university="西北大学",
        amount="3000",
        upload=letter(),
        case=case,
    )
    assert grant.case == case


def test_the_apply_page_links_the_workers_filed_case(world):
    from django.urls import reverse

    from tests.kit import signed_in
    from tests.relief.fixtures_campaigns import filed_case

    camp = campaign(world, "schooling")
    case = filed_case(world.hanbin_person)
    signed_in(world.hanbin_member).post(
        reverse("relief:grant_apply"),
        {
            "campaign": camp.pk,
            "student_name": "张小明",
            "student_id": child_id(),
            "university": "西北大学",
            "amount": "3000",
            "upload": letter(),
        },
    )
    assert StudentGrant.objects.get().case == case
