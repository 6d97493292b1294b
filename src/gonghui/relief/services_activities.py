"""Writes of 金秋助学 (apply, review, pay), 夏送清凉 sites and 春送岗位 job fairs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from gonghui.core import audit, cleaning, clock, crypto, documents
from gonghui.core.db import unique_or
from gonghui.core.errors import DomainError
from gonghui.core.middleware import acting_as
from gonghui.core.models import AuditAction, Employer, Person, Role, User
from gonghui.core.money import to_money, yuan
from gonghui.core.permissions import requires
from gonghui.core.validators import mask_id, parse_id_number
from gonghui.relief.models import (
    Campaign,
    CampaignKind,
    CampaignStatus,
    Case,
    CaseStatus,
    CoolingSite,
    GrantStatus,
    JobFair,
    StudentGrant,
)
from gonghui.relief.selectors_activities import campaign_covers, recording_org


def _open_campaign(campaign: Campaign, kind: str) -> Campaign:
    """The campaign, locked, when it is an open one of `kind`; else a Chinese error."""
    locked = Campaign.objects.select_for_update().select_related("org").get(pk=campaign.pk)
    if locked.kind != kind:
        raise DomainError(
            f"“{locked.name}”是{locked.get_kind_display()}活动，不能登记{CampaignKind(kind).label}",
            column="活动",
        )
    if locked.status != CampaignStatus.OPEN:
        raise DomainError(f"“{locked.name}”已结束，不能再登记", column="活动")
    return locked


def _date_in_year(day: dt.date, campaign: Campaign, *, field: str) -> None:
    if day > clock.today():
        raise DomainError(f"{field}{day:%Y-%m-%d}晚于今天", column=field)
    if day.year != campaign.year:
        raise DomainError(
            f"{field}{day:%Y-%m-%d}不在活动“{campaign.name}”的年度（{campaign.year}年）内",
            column=field,
        )


# ---------------------------------------------------------------- 金秋助学


def _clean_student_id(value: object, person: Person) -> str:
    """The student's 18-digit ID number (15-digit, lowercase x and full-width forms folded)."""
    try:
        number = str(parse_id_number(value).number)
    except DomainError as exc:
        raise DomainError(f"学生{exc.message}", column="学生身份证号码") from None
    if crypto.lookup_hash(number, purpose="person.id_number") == person.id_hash:
        raise DomainError(
            "学生身份证号码与职工（家长）本人相同：金秋助学资助的是职工的子女",
            column="学生身份证号码",
        )
    return number


def _clean_case(case: Case | None, person: Person) -> Case | None:
    if case is None:
        return None
    if case.person_id != person.pk:
        raise DomainError(f"困难档案{case.number}不是{person.name}的档案", column="困难档案")
    if case.status != CaseStatus.FILED:
        raise DomainError(
            f"困难档案{case.number}状态为“{case.get_status_display()}”，只能关联已建档的档案",
            column="困难档案",
        )
    return case


@requires("relief.grant.apply", on="person")
def grant_apply(
    *,
    user: User,
    campaign: Campaign,
    person: Person,
    student_name: str,
    student_id: str,
    university: str,
    amount: Any,
    upload: UploadedFile | None,
    case: Case | None = None,
) -> StudentGrant:
    """申报金秋助学 for a worker's child: once per student per year, within the campaign."""
    name = cleaning.line(student_name, field="学生姓名", limit=40)
    number = _clean_student_id(student_id, person)
    school = cleaning.line(university, field="录取院校", limit=100)
    money = to_money(amount, field="助学金")
    if money <= 0:
        raise DomainError("助学金必须大于0", column="助学金")
    if upload is None:
        raise DomainError("请上传录取通知书（PDF或图片）", column="录取通知书")
    kind = documents.check(upload)
    case = _clean_case(case, person)
    with documents.removed_on_error() as stored, transaction.atomic(), acting_as(user):
        campaign = _open_campaign(campaign, CampaignKind.SCHOOLING)
        if not campaign_covers(campaign, person.org):
            raise DomainError(
                f"{person.name}所在的{person.org.name}不在活动“{campaign.name}”的范围内",
                column="活动",
            )
        top = campaign.standards.aggregate(m=Max("amount"))["m"]
        if top is not None and money > top:
            raise DomainError(
                f"助学金{yuan(money)}超过活动“{campaign.name}”的资助标准{yuan(top)}",
                column="助学金",
            )
        id_hash = crypto.lookup_hash(number, purpose="person.id_number")
        taken = (
            StudentGrant.objects.filter(year=campaign.year, student_id_hash=id_hash)
            .exclude(status=GrantStatus.REJECTED)
            .select_related("org")
            .first()
        )
        if taken is not None:
            raise DomainError(
                f"学生{taken.student_name}（{mask_id(number)}）{campaign.year}年已由"
                f"{taken.org.name}申报金秋助学（{taken.get_status_display()}），"
                "同一学生每年只能资助一次",
                column="学生身份证号码",
            )
        grant = StudentGrant(
            campaign=campaign,
            year=campaign.year,
            org=person.org,
            case=case,
            person=person,
            student_name=name,
            university=school,
            amount=money,
            created_by=user,
        )
        grant.set_student_id(number)
        with unique_or(
            f"学生{name}（{mask_id(number)}）{campaign.year}年已有金秋助学申报，"
            "同一学生每年只能资助一次",
            "学生身份证号码",
        ):
            grant.save()
        upload.seek(0)
        path = documents.save(upload, kind, folder=f"relief/grants/{grant.pk}", stored=stored)
        grant.admission_path = path
        grant.save(update_fields=["admission_path"])
    return grant


def _locked_grant(grant: StudentGrant) -> StudentGrant:
    return StudentGrant.objects.select_for_update().select_related("org").get(pk=grant.pk)


@requires("relief.grant.review", on="grant")
def grant_review(
    *, user: User, grant: StudentGrant, approve: bool, reason: str = ""
) -> StudentGrant:
    """审核金秋助学: approve, or reject with a reason; the reviewer is not the applicant."""
    reason = " ".join(str(reason or "").split())
    if not approve and not reason:
        raise DomainError("不予通过须填写原因", column="原因")
    if len(reason) > 300:
        raise DomainError("原因过长（最多300个字）", column="原因")
    with transaction.atomic(), acting_as(user):
        grant = _locked_grant(grant)
        if grant.status != GrantStatus.APPLIED:
            raise DomainError(f"该申报已是“{grant.get_status_display()}”，不能再审核")
        if grant.created_by_id == user.pk:
            raise DomainError("审核人不能是申报人，请由其他工作人员审核")
        grant.status = GrantStatus.APPROVED if approve else GrantStatus.REJECTED
        grant.rejected_reason = "" if approve else reason
        grant.reviewed_by = user
        grant.save(update_fields=["status", "rejected_reason", "reviewed_by"])
    return grant


@requires("relief.grant.pay", on="grant")
def grant_pay(*, user: User, grant: StudentGrant, paid_on: dt.date) -> StudentGrant:
    """登记发放 of an approved grant on `paid_on`."""
    if paid_on > clock.today():
        raise DomainError(f"发放日期{paid_on:%Y-%m-%d}晚于今天", column="发放日期")
    with transaction.atomic(), acting_as(user):
        grant = _locked_grant(grant)
        if grant.status != GrantStatus.APPROVED:
            raise DomainError(
                f"该申报为“{grant.get_status_display()}”，只有已审核的申报才能登记发放"
            )
        applied = clock.day_of(grant.created_at)
        if paid_on < applied:
            raise DomainError(
                f"发放日期{paid_on:%Y-%m-%d}早于申报日期{applied:%Y-%m-%d}", column="发放日期"
            )
        grant.status = GrantStatus.PAID
        grant.paid_on = paid_on
        grant.save(update_fields=["status", "paid_on"])
    return grant


@requires("relief.grant.view", on="grant")
def grant_letter_open(*, user: User, grant: StudentGrant) -> Any:
    """The stored admission letter of a grant; each staff view is logged."""
    if not grant.admission_path:
        raise DomainError("该申报没有录取通知书")
    fileobj = default_storage.open(grant.admission_path, "rb")
    if user.role != Role.MEMBER:
        audit.record(action=AuditAction.VIEW_PII, instance=grant, user=user, note="查看录取通知书")
    return fileobj


# ---------------------------------------------------------------- 夏送清凉 and 春送岗位


@requires("relief.activity.record", on="employer")
def site_record(
    *,
    user: User,
    campaign: Campaign,
    employer: Employer,
    site: str,
    workers: Any,
    goods: str = "",
    amount: Any = "0",
    visited_on: dt.date,
) -> CoolingSite:
    """登记夏送清凉点位: the employer's site, its high-temperature workers, goods and money."""
    place = cleaning.line(site, field="慰问点位", limit=100)
    people = cleaning.count(workers, field="高温一线职工人数", minimum=1, maximum=10_000_000)
    things = cleaning.line(goods, field="慰问物资", limit=200, required=False)
    money = to_money(amount, field="慰问金额")
    if not things and money == 0:
        raise DomainError("请填写慰问物资或慰问金额", column="慰问物资")
    with transaction.atomic(), acting_as(user):
        campaign = _open_campaign(campaign, CampaignKind.COOLNESS)
        org = recording_org(user, campaign)
        if org is None:
            raise DomainError(f"活动“{campaign.name}”不在您的管辖范围内", column="活动")
        _date_in_year(visited_on, campaign, field="慰问日期")
        return CoolingSite.objects.create(
            campaign=campaign,
            org=org,
            employer=employer,
            site=place,
            workers=people,
            goods=things,
            amount=money,
            visited_on=visited_on,
        )


@requires("relief.activity.record")
def fair_record(
    *,
    user: User,
    campaign: Campaign,
    held_on: dt.date,
    place: str,
    employers: Any,
    positions: Any,
    placed: Any,
) -> JobFair:
    """登记春送岗位招聘会: date, place, employers, positions offered and people placed."""
    where = cleaning.line(place, field="地点", limit=100)
    units = cleaning.count(employers, field="参会企业数", minimum=1, maximum=10_000_000)
    jobs = cleaning.count(positions, field="提供岗位数", maximum=10_000_000)
    people = cleaning.count(placed, field="达成就业意向人数", maximum=10_000_000)
    if people > jobs:
        raise DomainError(
            f"达成就业意向人数{people}超过提供岗位数{jobs}", column="达成就业意向人数"
        )
    with transaction.atomic(), acting_as(user):
        campaign = _open_campaign(campaign, CampaignKind.JOBS)
        org = recording_org(user, campaign)
        if org is None:
            raise DomainError(f"活动“{campaign.name}”不在您的管辖范围内", column="活动")
        _date_in_year(held_on, campaign, field="举办日期")
        return JobFair.objects.create(
            campaign=campaign,
            org=org,
            held_on=held_on,
            place=where,
            employers=units,
            positions=jobs,
            placed=people,
        )
