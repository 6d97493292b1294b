"""Writes of 建会入会 work: 建会攻坚 drives and their target employers, 建会走访, the founding of
a union (the grassroots union created in the tree, linked to its employer) and 集中入会 events
(members joined through the registry)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from gonghui.core import cleaning
from gonghui.core.db import lock_row, unique_or
from gonghui.core.errors import DomainError, named
from gonghui.core.middleware import acting_as
from gonghui.core.models import (
    Employer,
    NewEmploymentForm,
    Organization,
    OrgKind,
    Person,
    User,
)
from gonghui.core.permissions import authorize, requires
from gonghui.core.services import PersonData, membership_join, organization_create, person_create
from gonghui.core.validators import mask_id, parse_id_number, parse_mobile
from gonghui.workplace.models import (
    Drive,
    DriveStatus,
    DriveTarget,
    Founding,
    JoinEvent,
    JoinEventMember,
    OrganizingVisit,
    TargetStatus,
    VisitOutcome,
)
from gonghui.workplace.selectors_organizing import (
    OFFICER_ROLES,
    PARENT_KINDS,
    UNION_KINDS,
    active_membership,
    employer_unionized,
    person_by_id_number,
    within,
)

# How many people one 集中入会 form or call may carry.
MAX_JOINERS = 500


# ---------------------------------------------------------------- drives


def _check_officer(officer: User | None, org: Organization) -> User:
    if officer is None:
        raise DomainError("请选择责任人", column="责任人")
    home = officer.organization
    if (
        not officer.is_active
        or officer.role not in OFFICER_ROLES
        or home is None
        or not within(home, org)
    ):
        raise DomainError(
            f"责任人{officer.get_full_name() or officer.username}须为{org.name}或其下级工会的工作人员",
            column="责任人",
        )
    return officer


def _check_dates(year: int, starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise DomainError(
            f"截止日期{ends_on:%Y-%m-%d}早于开始日期{starts_on:%Y-%m-%d}", column="截止日期"
        )
    if not starts_on.year <= year <= ends_on.year:
        raise DomainError(
            f"年度{year}不在攻坚行动的起止日期（{starts_on:%Y-%m-%d}至{ends_on:%Y-%m-%d}）内",
            column="年度",
        )


def _open_drive(drive: Drive) -> Drive:
    locked = lock_row(drive)
    if locked.status != DriveStatus.OPEN:
        raise DomainError(f"攻坚行动“{locked.name}”已结束，请先重新开启")
    return locked


@requires("workplace.drive.manage", on="org")
def drive_create(
    *,
    user: User,
    org: Organization,
    name: str,
    year: int,
    officer: User | None,
    starts_on: dt.date,
    ends_on: dt.date,
    note: str = "",
    employers: Iterable[Employer] = (),
) -> Drive:
    """新建建会攻坚 of `org` led by `officer`, with its first target employers."""
    title = cleaning.line(name, field="攻坚行动名称", limit=100)
    text = cleaning.line(note, field="说明", limit=500, required=False)
    _check_dates(year, starts_on, ends_on)
    _check_officer(officer, org)
    with transaction.atomic(), acting_as(user):
        drive = Drive.objects.create(
            org=org,
            name=title,
            year=year,
            officer=officer,
            starts_on=starts_on,
            ends_on=ends_on,
            note=text,
            created_by=user,
        )
        _add_targets(drive, list(employers))
    return drive


@requires("workplace.drive.manage", on="drive")
def drive_update(
    *,
    user: User,
    drive: Drive,
    name: str,
    year: int,
    officer: User | None,
    starts_on: dt.date,
    ends_on: dt.date,
    note: str = "",
) -> Drive:
    """修改 an open drive: name, year, dates, officer, note."""
    title = cleaning.line(name, field="攻坚行动名称", limit=100)
    text = cleaning.line(note, field="说明", limit=500, required=False)
    _check_dates(year, starts_on, ends_on)
    with transaction.atomic(), acting_as(user):
        drive = _open_drive(drive)
        _check_officer(officer, drive.org)
        drive.name, drive.year, drive.officer = title, year, officer
        drive.starts_on, drive.ends_on, drive.note = starts_on, ends_on, text
        drive.save()
    return drive


@requires("workplace.drive.manage", on="drive")
def drive_close(*, user: User, drive: Drive, reopen: bool = False) -> Drive:
    """结束 an open drive (or, with `reopen`, open a closed one again)."""
    with transaction.atomic(), acting_as(user):
        drive = lock_row(drive)
        wanted = DriveStatus.OPEN if reopen else DriveStatus.CLOSED
        if drive.status == wanted:
            raise DomainError(f"攻坚行动“{drive.name}”已是“{wanted.label}”状态")
        drive.status = wanted
        drive.save(update_fields=["status"])
    return drive


def _add_targets(drive: Drive, employers: list[Employer]) -> list[DriveTarget]:
    """Add employers of the drive's area without a union; all or none, refusals named."""
    if not employers:
        return []
    unique = list({e.pk: e for e in employers}.values())
    current = {t.employer_id: t for t in DriveTarget.objects.filter(drive=drive)}
    problems = []
    for employer in unique:
        if not within(employer.org, drive.org):
            problems.append(f"{employer.name}（不在{drive.org.name}的范围内）")
            continue
        why = employer_unionized(employer)
        if why:
            problems.append(f"{employer.name}（{why}）")
            continue
        held = current.get(employer.pk)
        if held is not None and held.status != TargetStatus.DROPPED:
            problems.append(f"{employer.name}（已是本行动的目标企业）")
    if problems:
        raise DomainError("以下企业不能列为攻坚目标：" + named(problems))
    added = []
    for employer in unique:
        held = current.get(employer.pk)
        if held is not None:
            held.status = TargetStatus.OPEN
            held.save(update_fields=["status"])
            added.append(held)
            continue
        with unique_or(f"{employer.name}已是本行动的目标企业"):
            added.append(DriveTarget.objects.create(drive=drive, employer=employer))
    return added


@requires("workplace.drive.manage", on="drive")
def drive_target_add(
    *, user: User, drive: Drive, employers: Iterable[Employer]
) -> list[DriveTarget]:
    """Add target employers to an open drive (employers of its area that have no union)."""
    chosen = list(employers)
    if not chosen:
        raise DomainError("请选择或填写要加入的企业", column="企业")
    with transaction.atomic(), acting_as(user):
        drive = _open_drive(drive)
        return _add_targets(drive, chosen)


@requires("workplace.drive.manage", on="target")
def drive_target_remove(*, user: User, target: DriveTarget) -> DriveTarget:
    """移出 a target of an open drive (kept as 已移出; a founded one stays)."""
    with transaction.atomic(), acting_as(user):
        _open_drive(target.drive)
        target = lock_row(target)
        if target.status == TargetStatus.FOUNDED:
            raise DomainError(f"{target.employer.name}已建会，不能移出")
        if target.status == TargetStatus.DROPPED:
            raise DomainError(f"{target.employer.name}已移出")
        target.status = TargetStatus.DROPPED
        target.save(update_fields=["status"])
    return target


# ---------------------------------------------------------------- visits


@requires("workplace.visit.record", on="employer")
def visit_record(
    *,
    user: User,
    employer: Employer,
    visited_on: dt.date,
    visitors: str,
    outcome: str,
    note: str = "",
    drive: Drive | None = None,
) -> OrganizingVisit:
    """登记建会走访 of an employer (in a drive that targets it, or on its own)."""
    who = cleaning.line(visitors, field="走访人员", limit=200)
    text = cleaning.line(note, field="情况记录", limit=500, required=False)
    if outcome not in VisitOutcome.values:
        raise DomainError("请选择走访结果", column="走访结果")
    cleaning.past_day(visited_on, field="走访日期")
    with transaction.atomic(), acting_as(user):
        target = None
        if drive is not None:
            authorize(user, "workplace.visit.record", drive)
            drive = _open_drive(drive)
            target = (
                DriveTarget.objects.select_for_update()
                .filter(drive=drive, employer=employer)
                .exclude(status=TargetStatus.DROPPED)
                .first()
            )
            if target is None:
                raise DomainError(
                    f"{employer.name}不是攻坚行动“{drive.name}”的目标企业", column="攻坚行动"
                )
            if visited_on < drive.starts_on:
                raise DomainError(
                    f"走访日期{visited_on:%Y-%m-%d}早于攻坚行动开始日期{drive.starts_on:%Y-%m-%d}",
                    column="走访日期",
                )
        visit = OrganizingVisit.objects.create(
            employer=employer,
            drive=drive,
            org=employer.org,
            visited_on=visited_on,
            visitors=who,
            outcome=outcome,
            note=text,
            created_by=user,
        )
        if target is not None and outcome == VisitOutcome.COVERED:
            if target.status == TargetStatus.OPEN:
                target.status = TargetStatus.COVERED
                target.save(update_fields=["status"])
    return visit


# ---------------------------------------------------------------- founding a union


@requires("workplace.union.found", on="employer")
def union_found(
    *,
    user: User,
    employer: Employer,
    parent: Organization,
    name: str,
    meeting_on: dt.date,
    chair_name: str,
    attendees: Any,
    members: Any,
    drive: Drive | None = None,
    note: str = "",
) -> Founding:
    """登记建会: the union created under `parent`, linked to the employer, the target founded."""
    title = cleaning.line(name, field="工会名称", limit=120)
    chair = cleaning.line(chair_name, field="工会主席", limit=40)
    text = cleaning.line(note, field="说明", limit=500, required=False)
    present = cleaning.count(attendees, field="参会人数", minimum=1)
    first = cleaning.count(members, field="首批会员人数", minimum=1)
    cleaning.past_day(meeting_on, field="成立大会日期")
    authorize(user, "workplace.union.found", parent)
    if parent.pk != employer.org_id and parent.kind not in PARENT_KINDS:
        raise DomainError(
            f"“{parent.name}”是{parent.get_kind_display()}，基层工会须建在企业的属地工会"
            "或县（市、区）总工会、行业或区域性工会联合会之下",
            column="上级工会",
        )
    if drive is not None:
        authorize(user, "workplace.union.found", drive)
    with transaction.atomic(), acting_as(user):
        # Two officers founding at once take turns here; the second finds the union.
        employer = Employer.objects.select_for_update().select_related("org").get(pk=employer.pk)
        why = employer_unionized(employer)
        if why:
            raise DomainError(f"{employer.name}{why}，一个企业只能建立一个基层工会", column="企业")
        targets = list(
            DriveTarget.objects.select_for_update()
            .filter(employer=employer)
            .exclude(status=TargetStatus.DROPPED)
            .select_related("drive")
        )
        if drive is not None and drive.pk not in {t.drive_id for t in targets}:
            raise DomainError(
                f"{employer.name}不是攻坚行动“{drive.name}”的目标企业", column="攻坚行动"
            )
        if drive is None:
            live = [t.drive for t in targets if t.drive.status == DriveStatus.OPEN]
            drive = max(live, key=lambda d: (d.year, d.pk)) if live else None
        union = organization_create(
            name=title, kind=OrgKind.GRASSROOTS, parent=parent, employer=employer, user=user
        )
        employer.has_union = True
        employer.save(update_fields=["has_union"])
        with unique_or(f"{employer.name}已登记建会，一个企业只能建立一个基层工会", "企业"):
            founding = Founding.objects.create(
                employer=employer,
                union=union,
                drive=drive,
                org=parent,
                meeting_on=meeting_on,
                chair_name=chair,
                attendees=present,
                members=first,
                note=text,
                created_by=user,
            )
        for target in targets:
            target.status = TargetStatus.FOUNDED
            target.save(update_fields=["status"])
    return founding


# ---------------------------------------------------------------- 集中入会


@dataclass
class JoinerData:
    """One row of a 集中入会: who joins, and their 新就业形态 when they are one."""

    name: str
    id_number: str
    phone: str = ""
    new_employment_form: str = ""


@dataclass
class _Joiner:
    row: int
    name: str
    number: str
    phone: str
    form: str
    person: Person | None = None


def _label(row: int, name: str) -> str:
    return f"第{row}行{name or ''}"


def _parse_joiners(joiners: list[JoinerData]) -> list[_Joiner]:
    """Each row checked on its own; all problems named at once."""
    if len(joiners) > MAX_JOINERS:
        raise DomainError(f"一次最多登记{MAX_JOINERS}人，请分批登记", column="入会人员")
    parsed: list[_Joiner] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for row, data in enumerate(joiners, start=1):
        name = " ".join(str(data.name or "").split())
        try:
            if not name:
                raise DomainError("姓名不能为空")
            if len(name) > 40:
                raise DomainError("姓名过长（最多40个字）")
            number = str(parse_id_number(data.id_number).number)
            phone = parse_mobile(data.phone) if str(data.phone or "").strip() else ""
            form = str(data.new_employment_form or "")
            if form not in NewEmploymentForm.values:
                raise DomainError(f"未知的新就业形态“{form}”")
        except DomainError as exc:
            problems.append(f"{_label(row, name)}：{exc.message}")
            continue
        if number in seen:
            problems.append(f"{_label(row, name)}：与第{seen[number]}行身份证号码重复")
            continue
        seen[number] = row
        parsed.append(_Joiner(row, name, number, phone, form))
    if problems:
        raise DomainError("入会人员有误，未登记任何人：" + named(problems))
    return parsed


def _check_joiners(user: User, event: JoinEvent, joiners: list[_Joiner]) -> None:
    """Refuse, by row, active members, people registered outside the subtree, other names."""
    problems = []
    for j in joiners:
        label = f"{_label(j.row, j.name)}（{mask_id(j.number)}）"
        person = person_by_id_number(j.number)
        j.person = person
        if person is None:
            continue
        if user.organization is None or not within(person.org, user.organization):
            problems.append(f"{label}：已在其他地区登记，请由其所属工会办理转会")
            continue
        if person.name != j.name:
            problems.append(f"{label}：姓名与档案中的“{person.name}”不一致")
            continue
        member = active_membership(person)
        if member is not None and member.union_id == event.union_id:
            problems.append(f"{label}：已是{event.union.name}的在册会员")
        elif member is not None:
            problems.append(f"{label}：已是{member.union.name}的在册会员，请办理转会")
    if problems:
        raise DomainError("以下人员不能入会，未登记任何人：" + named(problems))


def _enroll(user: User, event: JoinEvent, joiners: list[_Joiner]) -> list[JoinEventMember]:
    added = []
    for j in joiners:
        person = j.person
        if person is None:
            data = PersonData(
                name=j.name,
                id_number=j.number,
                org=event.union,
                phone=j.phone,
                new_employment_form=j.form,
            )
            person = person_create(data=data, user=user)
        elif j.form and person.new_employment_form != j.form:
            person = lock_row(person)
            person.new_employment_form = j.form
            person.save(update_fields=["new_employment_form", "updated_at"])
        label = f"{_label(j.row, j.name)}（{mask_id(j.number)}）"
        with unique_or(f"{label}已是会员，未登记任何人", "入会人员"):
            membership = membership_join(
                person=person, union=event.union, joined_on=event.held_on, user=user
            )
        with unique_or(f"{label}已在本次活动中登记", "入会人员"):
            added.append(
                JoinEventMember.objects.create(
                    event=event,
                    person=person,
                    membership=membership,
                    new_employment_form=person.new_employment_form,
                )
            )
    return added


@requires("workplace.join_event.record", on="org")
def join_event_create(
    *,
    user: User,
    org: Organization,
    union: Organization,
    title: str,
    held_on: dt.date,
    place: str = "",
    note: str = "",
    joiners: list[JoinerData] | None = None,
) -> JoinEvent:
    """登记集中入会 held by `org`: its joiners registered and made members of `union`."""
    name = cleaning.line(title, field="活动名称", limit=100)
    where = cleaning.line(place, field="地点", limit=100, required=False)
    text = cleaning.line(note, field="说明", limit=500, required=False)
    cleaning.past_day(held_on, field="活动日期")
    if union.kind not in UNION_KINDS:
        raise DomainError(
            f"“{union.name}”是{union.get_kind_display()}，会员只能加入基层工会或工会联合会",
            column="入会的工会",
        )
    if not within(union, org):
        raise DomainError(f"“{union.name}”不在{org.name}的范围内", column="入会的工会")
    rows = _parse_joiners(joiners or [])
    with transaction.atomic(), acting_as(user):
        event = JoinEvent.objects.create(
            org=org,
            title=name,
            held_on=held_on,
            place=where,
            union=union,
            note=text,
            created_by=user,
        )
        _check_joiners(user, event, rows)
        _enroll(user, event, rows)
    return event


@requires("workplace.join_event.record", on="event")
def join_event_add(
    *, user: User, event: JoinEvent, joiners: list[JoinerData]
) -> list[JoinEventMember]:
    """追加 people who joined at the event (all or none, refusals named by row)."""
    rows = _parse_joiners(joiners)
    if not rows:
        raise DomainError("请至少填写一名入会人员", column="入会人员")
    with transaction.atomic(), acting_as(user):
        event = JoinEvent.objects.select_for_update().select_related("union").get(pk=event.pk)
        _check_joiners(user, event, rows)
        return _enroll(user, event, rows)
