"""金秋助学 pages: the list (scoped, exported), applying as staff and as 职工本人, the grant's page
with its 审核 and 发放 buttons, the admission letter, and who may post what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.core.models import AuditAction, AuditLog, Organization, Person
from gonghui.relief.models import Campaign, GrantStatus, StudentGrant
from gonghui.relief.services_activities import grant_review
from tests import factories
from tests.kit import (
    ListPageCase,
    PermissionCase,
    Post,
    Unchanged,
    flashed,
    form_errors,
    mark,
    page_text,
    signed_in,
)
from tests.relief.fixtures_activities import (
    PDF,
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


def _city_campaign(world: Any) -> Campaign:
    found = Campaign.objects.filter(kind="schooling", org=world.city).first()
    return found or campaign(world, "schooling")


def _form(world: Any, camp: Campaign, person: Person | None = None, **changes: Any) -> dict:
    data = {
        "campaign": camp.pk,
        "parent_id_number": (person or world.hanbin_person).id_number,
        "student_name": "张小明",
        "student_id": child_id(),
        "university": "西北大学",
        "amount": "3000",
        "upload": SimpleUploadedFile("录取通知书.pdf", PDF),
    }
    data.update(changes)
    return data


class TestGrantList(ListPageCase):
    url = "relief:grant_list"
    model = StudentGrant

    @pytest.fixture(autouse=True)
    def _media_and_clock(self, media: Any, frozen: Any) -> None:
        pass

    def make(self, org: Organization, n: int) -> list[StudentGrant]:
        camp = _city_campaign(self.world)
        made = []
        for _ in range(n):
            person = factories.person(org, "王家长")
            region = "610922" if org.path.startswith(self.world.shiquan.path) else "610902"
            made.append(
                apply(
                    self.world,
                    camp,
                    user=self.world.city_admin,
                    person=person,
                    student_id=child_id(region),
                    name=mark("学生"),
                )
            )
        return made

    def text(self, obj: StudentGrant) -> str:
        return obj.student_name


def test_a_chair_applies_through_the_page_and_sees_the_grant(world):
    camp = campaign(world, "schooling")
    client = signed_in(world.hanbin_chair)
    assert "申报金秋助学" in page_text(client.get(reverse("relief:grant_apply")))
    response = client.post(reverse("relief:grant_apply"), _form(world, camp))
    grant = StudentGrant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("relief:grant_detail", args=[grant.pk])
    text = page_text(client.get(response["Location"]))
    assert "张小明" in text and "待审核" in text and "西北大学" in text
    assert grant.student_id_masked in text and grant.student_id not in text


def test_a_wrong_student_id_is_shown_beside_its_field_and_nothing_is_saved(world):
    camp = campaign(world, "schooling")
    state = Unchanged()
    response = signed_in(world.hanbin_chair).post(
        reverse("relief:grant_apply"), _form(world, camp, student_id="610902200805011234")
    )
    assert response.status_code == 200
    assert any("学生身份证号码校验位错误" in e for e in form_errors(response))
    assert not state.changes()


def test_a_parent_outside_the_subtree_is_refused_without_saying_where(world):
    camp = campaign(world, "schooling")
    response = signed_in(world.hanbin_chair).post(
        reverse("relief:grant_apply"), _form(world, camp, person=world.shiquan_person)
    )
    assert any("您的管辖范围内没有此身份证号码的职工" in e for e in form_errors(response))
    assert not StudentGrant.objects.exists()


def test_the_same_student_twice_names_the_first_applicant_on_the_form(world):
    camp = campaign(world, "schooling")
    number = child_id()
    apply(world, camp, student_id=number)
    response = signed_in(world.hanbin_officer).post(
        reverse("relief:grant_apply"), _form(world, camp, student_id=number.lower())
    )
    errors = form_errors(response)
    assert any("已由汉滨区第一中学工会申报金秋助学" in e for e in errors), errors
    assert StudentGrant.objects.count() == 1


def test_a_member_applies_for_their_child_without_typing_their_own_id(world):
    camp = campaign(world, "schooling")
    client = signed_in(world.hanbin_member)
    form = page_text(client.get(reverse("relief:grant_apply")))
    assert "职工（家长）身份证号码" not in form
    data = _form(world, camp)
    del data["parent_id_number"]
    response = client.post(reverse("relief:grant_apply"), data)
    grant = StudentGrant.objects.get()
    assert grant.person == world.hanbin_person
    assert "待审核" in page_text(client.get(response["Location"]))
    # The staff list is not theirs.
    assert client.get(reverse("relief:grant_list")).status_code == 403


def test_review_and_payment_through_the_buttons(world):
    grant = apply(world, campaign(world, "schooling"))
    client = signed_in(world.hanbin_officer)
    page = page_text(client.get(reverse("relief:grant_detail", args=[grant.pk])))
    assert "审核通过" in page and "不予通过" in page
    response = client.post(reverse("relief:grant_approve", args=[grant.pk]))
    assert flashed(response) == ["审核通过"]
    page = page_text(client.get(reverse("relief:grant_detail", args=[grant.pk])))
    assert "已审核" in page and "登记发放" in page
    response = client.post(reverse("relief:grant_pay", args=[grant.pk]), {"paid_on": "2026-09-15"})
    assert flashed(response) == ["已登记发放"]
    grant.refresh_from_db()
    assert (grant.status, grant.paid_on) == (GrantStatus.PAID, dt.date(YEAR, 9, 15))


def test_the_applicant_cannot_approve_their_own_application(world):
    grant = apply(world, campaign(world, "schooling"), user=world.hanbin_officer)
    response = signed_in(world.hanbin_officer).post(
        reverse("relief:grant_approve", args=[grant.pk])
    )
    assert flashed(response) == ["审核人不能是申报人，请由其他工作人员审核"]
    grant.refresh_from_db()
    assert grant.status == GrantStatus.APPLIED


def test_a_rejection_without_a_reason_is_refused(world):
    grant = apply(world, campaign(world, "schooling"))
    client = signed_in(world.hanbin_officer)
    response = client.post(reverse("relief:grant_reject", args=[grant.pk]), {"reason": ""})
    assert flashed(response) == ["不予通过须填写原因"]
    client.post(reverse("relief:grant_reject", args=[grant.pk]), {"reason": "材料不实"})
    grant.refresh_from_db()
    assert grant.status == GrantStatus.REJECTED
    assert "材料不实" in page_text(client.get(reverse("relief:grant_detail", args=[grant.pk])))


def test_the_letter_opens_for_staff_in_scope_and_is_logged(world):
    grant = apply(world, campaign(world, "schooling"))
    response = signed_in(world.hanbin_officer).get(reverse("relief:grant_letter", args=[grant.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("inline;")
    assert AuditLog.objects.filter(action=AuditAction.VIEW_PII, object_id=str(grant.pk)).exists()
    other = signed_in(world.shiquan_officer)
    assert other.get(reverse("relief:grant_letter", args=[grant.pk])).status_code == 404
    assert other.get(reverse("relief:grant_detail", args=[grant.pk])).status_code == 404


class TestGrantPosts(PermissionCase):
    """Each POST of the 金秋助学 pages as each role: what the table allows succeeds."""

    @pytest.fixture(autouse=True)
    def _media_and_clock(self, media: Any, frozen: Any) -> None:
        pass

    def posts(self) -> list[Post]:
        w = self.world
        camp = _city_campaign(w)
        applied = apply(w, camp, student_id=child_id())
        to_reject = apply(w, camp, student_id=child_id())
        to_pay = apply(w, camp, student_id=child_id())
        grant_review(user=w.city_admin, grant=to_pay, approve=True)

        def application(user: Any) -> dict[str, Any]:
            data = _form(w, camp, upload=letter())
            if user.role == "member":
                del data["parent_id_number"]
            return data

        return [
            Post(reverse("relief:grant_apply"), "relief.grant.apply", application),
            Post(
                reverse("relief:grant_approve", args=[applied.pk]),
                "relief.grant.review",
                target=applied,
            ),
            Post(
                reverse("relief:grant_reject", args=[to_reject.pk]),
                "relief.grant.review",
                {"reason": "非困难家庭"},
                target=to_reject,
            ),
            Post(
                reverse("relief:grant_pay", args=[to_pay.pk]),
                "relief.grant.pay",
                {"paid_on": "2026-09-15"},
                target=to_pay,
            ),
        ]
