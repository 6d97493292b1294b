"""The hardship ledger's workflow: 申请 → 基层审核 → 县区审批 (建档) → 解困脱困, 未通过, changes
before filing, re-entry with history, the thresholds inherited down the tree, and every bad
input refused in Chinese with nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog, Person
from gonghui.core.permissions import Denied
from gonghui.relief import selectors_cases as selectors
from gonghui.relief import services_cases as services
from gonghui.relief.models.cases import Case, CaseStatus, Category, Cause
from tests.kit import Unchanged
from tests.relief.conftest import TODAY, YEAR, Ledger, member


def steps(case: Case) -> list[str]:
    return list(case.steps.values_list("step", flat=True))


# ---------------------------------------------------------------- 申请


def test_apply_files_on_the_persons_union_with_category_and_income_per_head(ledger: Ledger):
    person = ledger.person(name="陈静")
    case = ledger.apply(person)
    assert case.number == f"KN{YEAR}-000001"
    assert case.org == ledger.world.hanbin_union == person.org
    assert case.status == CaseStatus.APPLIED
    assert case.income_per_head == Decimal("600.00")
    assert case.category == Category.DEEP
    assert case.applied_on == TODAY
    assert not case.online
    members = list(case.members.all())
    assert [m.name for m in members] == ["李强", "王小明"]
    # Stored encrypted and masked, readable in full only through the model helper.
    assert "*" in members[0].id_masked and len(members[0].id_number) == 18
    assert steps(case) == ["申请"]
    assert ledger.apply().number == f"KN{YEAR}-000002"


def test_income_between_the_multiples_is_relative_hardship(ledger: Ledger):
    case = ledger.apply(household_income="3000")  # 1,000 元/人 ≤ 700 × 1.5
    assert case.category == Category.RELATIVE
    assert case.income_per_head == Decimal("1000.00")


def test_income_above_the_thresholds_is_refused_unless_accident(ledger: Ledger):
    person = ledger.person()
    state = Unchanged()
    with pytest.raises(DomainError) as exc:
        ledger.apply(person, household_income="3600")  # 1,200 元/人 > 1,050
    assert "高于相对困难标准1,050.00 元" in exc.value.message
    assert exc.value.column == "household_income"
    assert not state.changes()
    case = ledger.apply(person, household_income="3600", category=Category.ACCIDENT)
    assert case.category == Category.ACCIDENT


def test_a_chosen_category_other_than_accident_must_match_the_income(ledger: Ledger):
    with pytest.raises(DomainError, match="应认定为“深度困难”"):
        ledger.apply(category=Category.RELATIVE)


def test_a_countys_own_setting_overrides_the_citys_for_its_units(ledger: Ledger):
    w = ledger.world
    services.setting_save(
        user=w.hanbin_officer,
        org=w.hanbin,
        year=YEAR,
        dibao="900",
        recheck_due=dt.date(YEAR, 10, 31),
    )
    assert selectors.setting_for(w.hanbin_union, YEAR).org == w.hanbin  # type: ignore[union-attr]
    assert selectors.setting_for(w.shiquan_union, YEAR).org == w.city  # type: ignore[union-attr]
    assert selectors.setting_for(w.shiquan_union, YEAR + 1) is None
    # 850 元/人: 深度 under 汉滨's 900, 相对 under the city's 700.
    hanbin = ledger.apply(household_income="2550")
    shiquan = ledger.apply(
        ledger.person(w.shiquan_union, "赵敏"),
        household_income="2550",
        members=[member("赵一", "child", w.shiquan_union, birth=dt.date(2010, 1, 1))],
        user=w.shiquan_officer,
    )
    assert (hanbin.category, shiquan.category) == (Category.DEEP, Category.RELATIVE)


def test_an_officer_sets_only_their_own_organizations_setting(ledger: Ledger):
    w = ledger.world
    with pytest.raises(Denied):
        services.setting_save(
            user=w.hanbin_officer, org=w.city, year=YEAR, dibao="800", recheck_due=TODAY
        )
    with pytest.raises(DomainError, match="只能设置本组织"):
        services.setting_save(
            user=w.hanbin_officer, org=w.hanbin_union, year=YEAR, dibao="800", recheck_due=TODAY
        )
    with pytest.raises(Denied):
        services.setting_save(
            user=w.hanbin_chair, org=w.hanbin_union, year=YEAR, dibao="800", recheck_due=TODAY
        )
    with pytest.raises(DomainError, match=r"相对困难收入倍数1\.00不能小于深度困难收入倍数1\.20"):
        services.setting_save(
            user=w.city_admin,
            org=w.city,
            year=YEAR,
            dibao="800",
            deep_multiple="1.2",
            relative_multiple="1",
            recheck_due=TODAY,
        )


def test_no_cause_is_refused(ledger: Ledger):
    person = ledger.person()
    state = Unchanged()
    with pytest.raises(DomainError) as exc:
        ledger.apply(person, causes=[])
    assert exc.value.message == "请至少选择一项致困原因" and exc.value.column == "causes"
    assert not state.changes()


@pytest.mark.parametrize(
    ("bad_id", "said"),
    [
        ("610902198603031234", "校验位错误"),
        ("61090219860303123", "应为18位"),
        ("610902198613031230", "出生日期19861303不存在"),
    ],
)
def test_a_household_member_with_an_invalid_id_is_refused_naming_the_row(
    ledger: Ledger, bad_id: str, said: str
):
    person = ledger.person()
    state = Unchanged()
    members = [
        member("李强", "spouse"),
        {"name": "王小明", "relation": "child", "id_number": bad_id},
    ]
    with pytest.raises(DomainError) as exc:
        ledger.apply(person, members=members)
    assert exc.value.message.startswith("家庭成员第2行（王小明）：")
    assert said in exc.value.message and exc.value.column == "members"
    assert not state.changes()


@pytest.mark.parametrize(
    "form",
    [
        lambda n: n,
        lambda n: n[:6] + n[8:17],  # the old 15-digit number
        lambda n: " ".join([n[:6], n[6:14], n[14:]]),  # spaces
        lambda n: n.translate(str.maketrans("0123456789X", "０１２３４５６７８９ｘ")),  # full-width
    ],
    ids=["same", "15-digit", "spaces", "full-width"],
)
def test_the_applicant_cannot_be_a_household_member(ledger: Ledger, form):
    person = ledger.person(name="周平")
    own = {"name": "周平", "relation": "other", "id_number": form(person.id_number)}
    state = Unchanged()
    with pytest.raises(DomainError, match="家庭成员第1行（周平）：身份证号码是申请人周平本人的"):
        ledger.apply(person, members=[own])
    assert not state.changes()


def test_the_same_member_twice_is_refused(ledger: Ledger):
    m = member("李强", "spouse")
    with pytest.raises(DomainError, match="家庭成员第2行（李强）：身份证号码与家庭成员第1行重复"):
        ledger.apply(members=[m, dict(m)])


def test_household_size_must_cover_the_members(ledger: Ledger):
    with pytest.raises(DomainError, match="家庭人口2人少于申请人本人加填写的2名家庭成员"):
        ledger.apply(household_size=2)


def test_a_second_open_case_anywhere_in_the_city_is_refused_naming_its_organization(
    ledger: Ledger,
):
    w = ledger.world
    person = ledger.person(name="郑洁")
    first = ledger.apply(person)
    with pytest.raises(DomainError) as exc:
        ledger.apply(person, user=w.city_admin)
    assert f"已有在档的困难职工档案{first.number}（汉滨区第一中学工会，待基层审核）" in (
        exc.value.message
    )
    # The worker moved to 石泉: 石泉's officer is refused too, told where the case is.
    Person.objects.filter(pk=person.pk).update(org=w.shiquan_union)
    person.refresh_from_db()
    state = Unchanged()
    with pytest.raises(DomainError, match="汉滨区第一中学工会"):
        ledger.apply(person, user=w.shiquan_officer, members=[])
    assert not state.changes()


def test_reentry_after_exit_starts_a_new_case_that_keeps_the_old(ledger: Ledger):
    w = ledger.world
    person = ledger.person()
    old = ledger.filed(person)
    services.case_exit(user=w.hanbin_officer, case=old, reason="再就业，收入稳定", exited_on=TODAY)
    new = ledger.apply(person)
    assert new.previous == old and new.pk != old.pk
    old.refresh_from_db()
    assert old.status == CaseStatus.EXITED and old.exit_reason == "再就业，收入稳定"
    assert selectors.case_history(case=new) == [old]
    assert "再次申请，上一次档案" in new.steps.get().note


def test_reentry_after_rejection_points_to_the_rejected_case(ledger: Ledger):
    person = ledger.person()
    old = ledger.apply(person)
    services.case_reject(user=ledger.world.hanbin_chair, case=old, reason="收入材料不实")
    assert ledger.apply(person).previous == old


# ---------------------------------------------------------------- the workflow


def test_review_then_approve_files_the_case_and_writes_each_step(ledger: Ledger):
    w = ledger.world
    case = ledger.apply()
    case = services.case_review(user=w.hanbin_chair, case=case, note="入户核实属实")
    assert case.status == CaseStatus.REVIEWED and case.reviewed_by == w.hanbin_chair
    case = services.case_approve(user=w.hanbin_officer, case=case)
    assert case.status == CaseStatus.FILED
    assert case.filed_on == TODAY and case.approved_by == w.hanbin_officer
    assert steps(case) == ["申请", "基层审核", "县区审批"]
    assert case.steps.get(step="基层审核").note == "入户核实属实"


def test_the_approver_must_not_be_the_reviewer(ledger: Ledger):
    w = ledger.world
    case = services.case_review(user=w.hanbin_officer, case=ledger.apply())
    with pytest.raises(DomainError, match="审批人须不同于基层审核人"):
        services.case_approve(user=w.hanbin_officer, case=case)
    assert services.case_approve(user=ledger.hanbin_officer2, case=case).status == "filed"


def test_steps_out_of_order_are_refused(ledger: Ledger):
    w = ledger.world
    case = ledger.apply()
    with pytest.raises(DomainError, match="当前状态为“待基层审核”，不能县区审批"):
        services.case_approve(user=w.hanbin_officer, case=case)
    with pytest.raises(DomainError, match="只有已建档的档案可以办理"):
        services.case_exit(user=w.hanbin_officer, case=case, reason="脱困", exited_on=TODAY)
    filed = ledger.filed()
    with pytest.raises(DomainError, match="当前状态为“已建档”，不能退回"):
        services.case_reject(user=w.hanbin_officer, case=filed, reason="重复")


def test_the_chair_cannot_approve_and_another_county_cannot_review(ledger: Ledger):
    w = ledger.world
    case = ledger.apply()
    with pytest.raises(Denied):
        services.case_approve(user=w.hanbin_chair, case=case)
    with pytest.raises(Denied):
        services.case_review(user=w.shiquan_officer, case=case)
    with pytest.raises(Denied):
        services.case_apply(
            user=w.shiquan_officer,
            person=w.hanbin_person,
            causes=[Cause.ILLNESS],
            household_size=1,
            household_income="500",
        )


def test_reject_needs_a_reason(ledger: Ledger):
    w = ledger.world
    case = ledger.apply()
    state = Unchanged()
    with pytest.raises(DomainError) as exc:
        services.case_reject(user=w.hanbin_chair, case=case, reason="  ")
    assert exc.value.message == "请填写不予建档的原因" and exc.value.column == "reason"
    assert not state.changes()
    case = services.case_reject(user=w.hanbin_chair, case=case, reason="家庭收入超标")
    assert case.status == CaseStatus.REJECTED and case.rejected_reason == "家庭收入超标"
    assert steps(case)[-1] == "未通过"


def test_exit_needs_reason_and_date_not_in_the_future(ledger: Ledger):
    w = ledger.world
    case = ledger.filed()
    state = Unchanged()
    for reason, on, said in [
        ("", TODAY, "请填写解困脱困原因"),
        ("再就业", None, "请填写解困脱困日期"),
        ("再就业", TODAY + dt.timedelta(days=1), "解困脱困日期不能晚于今天"),
        ("再就业", TODAY - dt.timedelta(days=1), "不能早于建档日期"),
    ]:
        with pytest.raises(DomainError, match=said):
            services.case_exit(user=w.hanbin_officer, case=case, reason=reason, exited_on=on)
    assert not state.changes()
    case = services.case_exit(user=w.hanbin_officer, case=case, reason="再就业", exited_on=TODAY)
    assert (case.status, case.exited_on) == (CaseStatus.EXITED, TODAY)
    assert steps(case)[-1] == "解困脱困"


def test_exit_is_for_county_officers_only(ledger: Ledger):
    with pytest.raises(Denied):
        services.case_exit(
            user=ledger.world.hanbin_chair, case=ledger.filed(), reason="x", exited_on=TODAY
        )


def test_change_before_filing_reassesses_and_sends_a_reviewed_case_back(ledger: Ledger):
    w = ledger.world
    case = services.case_review(user=w.hanbin_chair, case=ledger.apply())
    case = services.case_change(
        user=w.hanbin_chair,
        case=case,
        household_income="1800",
        household_size=2,
        members=[member("李强", "spouse")],
        causes=[Cause.ILLNESS, Cause.SCHOOLING],
    )
    assert (case.category, case.income_per_head) == (Category.RELATIVE, Decimal("900.00"))
    case.refresh_from_db()
    assert case.status == CaseStatus.APPLIED and case.reviewed_by is None
    assert [m.name for m in case.members.all()] == ["李强"]
    assert case.causes == [Cause.ILLNESS, Cause.SCHOOLING]


def test_change_keeps_the_thresholds_and_refuses_after_filing(ledger: Ledger):
    w = ledger.world
    case = ledger.apply()
    with pytest.raises(DomainError, match="高于相对困难标准"):
        services.case_change(user=w.hanbin_chair, case=case, household_income="9000")
    case = services.case_change(user=w.hanbin_chair, case=case, household_income="2700")
    assert (case.category, case.income_per_head) == (Category.RELATIVE, Decimal("900.00"))
    assert steps(case)[-1] == "修改申请"
    filed = ledger.filed()
    with pytest.raises(DomainError, match="当前状态为“已建档”，不能修改"):
        services.case_change(user=w.hanbin_chair, case=filed, household_income="1000")


# ---------------------------------------------------------------- 职工本人, documents, PII


def test_a_worker_applies_online_for_themselves_only(ledger: Ledger):
    w = ledger.world
    case = ledger.apply(
        w.hanbin_person, user=w.hanbin_member, members=[], household_size=1, household_income="600"
    )
    assert case.online and case.org == w.hanbin_union
    assert "职工本人网上申请" in case.steps.get().note
    with pytest.raises(Denied):
        ledger.apply(ledger.person(), user=w.hanbin_member)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_documents_are_checked_by_content(ledger: Ledger, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    good = SimpleUploadedFile("诊断证明.pdf", PDF, content_type="application/pdf")
    case = ledger.apply(documents=[good])
    (doc,) = case.documents.all()
    assert doc.name == "诊断证明.pdf" and doc.content_type == "application/pdf"
    fake = SimpleUploadedFile("收入证明.pdf", b"just text", content_type="application/pdf")
    person = ledger.person()
    state = Unchanged()
    with pytest.raises(DomainError, match=r"“收入证明\.pdf”不是PDF或图片"):
        ledger.apply(person, documents=[fake])
    assert not state.changes()


def test_revealing_a_members_id_is_logged_and_only_for_officers(ledger: Ledger):
    w = ledger.world
    case = ledger.apply()
    m = case.members.first()
    assert m is not None
    with pytest.raises(Denied):
        services.member_reveal(user=w.hanbin_chair, member=m)
    with pytest.raises(Denied):
        services.member_reveal(user=w.shiquan_officer, member=m)
    assert services.member_reveal(user=w.hanbin_officer, member=m) == m.id_number
    entry = AuditLog.objects.filter(action=AuditAction.VIEW_PII).latest("pk")
    assert entry.user == w.hanbin_officer and m.name in entry.note and case.number in entry.note
