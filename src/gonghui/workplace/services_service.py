"""Writes of 劳模工匠助企行: squads built from the 劳模 registry, and an enterprise's need from
点单 (filed) through 派单 (assigned), 接单 or 退单, 上门服务 and 服务成效 to the enterprise's
确认 and 评价. Every step of a need is a NeedStep row; a step in the wrong state is refused
with a Chinese message naming the state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from gonghui.core import cleaning, clock
from gonghui.core.db import lock_row, unique_or, unless_taken
from gonghui.core.errors import DomainError
from gonghui.core.middleware import acting_as
from gonghui.core.models import Employer, Organization, OrgKind, PersonStatus, Role, User
from gonghui.core.permissions import requires
from gonghui.honors.models import ModelWorker
from gonghui.workplace.models import (
    Field,
    Need,
    NeedCounter,
    NeedKind,
    NeedStatus,
    NeedStep,
    NeedStepKind,
    Outcome,
    Squad,
    SquadMember,
    Urgency,
)
from gonghui.workplace.selectors_service import need_org_for

NUMBER_PREFIX = "助企"
SQUAD_ORG_KINDS = (OrgKind.CITY, OrgKind.COUNTY)


# ---------------------------------------------------------------- input


def clean_fields(values: Iterable[object] | None, *, field: str) -> list[str]:
    """Field values (服务领域, 专长领域): at least one, each known, in the list's order."""
    picked = {str(v).strip() for v in values or [] if str(v).strip()}
    unknown = sorted(picked - set(Field.values))
    if unknown:
        raise DomainError(f"未知的{field}“{'、'.join(unknown)}”", column=field)
    if not picked:
        raise DomainError(f"请至少选择一项{field}", column=field)
    return [f for f in Field.values if f in picked]


def _rating(value: object) -> int:
    text = str(value if value is not None else "").strip()
    if not text:
        raise DomainError("请选择企业评价（1至5星）", column="评价")
    if not text.isascii() or not text.lstrip("-").isdigit() or not 1 <= int(text) <= 5:
        raise DomainError(f"企业评价须为1至5星，不能为“{text}”", column="评价")
    return int(text)


# ---------------------------------------------------------------- squads


def _check_squad_org(user: User, org: Organization) -> None:
    if org.kind not in SQUAD_ORG_KINDS:
        raise DomainError(
            f"“{org.name}”是{org.get_kind_display()}：技术服务分队隶属市总工会或县（市、区）总工会",
            column="所属工会",
        )


@requires("workplace.squad.manage", on="org")
def squad_create(
    *, user: User, org: Organization, name: str, fields: Sequence[str], is_active: bool = True
) -> Squad:
    """组建技术服务分队 of the city or a county federation in the user's subtree."""
    title = cleaning.line(name, field="分队名称", limit=60)
    picked = clean_fields(fields, field="服务领域")
    _check_squad_org(user, org)
    with transaction.atomic(), acting_as(user):
        if Squad.objects.filter(org=org, name=title).exists():
            raise DomainError(f"{org.name}已有名为“{title}”的分队", column="分队名称")
        with unique_or(f"{org.name}已有名为“{title}”的分队", "分队名称"):
            return Squad.objects.create(
                org=org, name=title, fields=picked, is_active=is_active, created_by=user
            )


@requires("workplace.squad.manage", on="squad")
def squad_edit(
    *,
    user: User,
    squad: Squad,
    name: str,
    fields: Sequence[str],
    is_active: bool,
    leader: ModelWorker | None = None,
) -> Squad:
    """修改分队: its name, 服务领域, 分队长 (one of its members) and whether it is 在岗."""
    title = cleaning.line(name, field="分队名称", limit=60)
    picked = clean_fields(fields, field="服务领域")
    with transaction.atomic(), acting_as(user):
        squad = lock_row(squad)
        if Squad.objects.filter(org=squad.org, name=title).exclude(pk=squad.pk).exists():
            raise DomainError(f"{squad.org.name}已有名为“{title}”的分队", column="分队名称")
        if leader is not None and not squad.members.filter(model_worker=leader).exists():
            raise DomainError(
                f"{leader.person.name}不是“{squad.name}”的成员，请先加入分队再设为分队长",
                column="分队长",
            )
        squad.name = title
        squad.fields = picked
        squad.is_active = bool(is_active)
        squad.leader = leader
        with unique_or(f"{squad.org.name}已有名为“{title}”的分队", "分队名称"):
            squad.save()
    return squad


@requires("workplace.squad.manage", on="squad")
def squad_member_add(
    *,
    user: User,
    squad: Squad,
    model_worker: ModelWorker,
    skills: Sequence[str],
    specialty: str = "",
) -> SquadMember:
    """加入分队: a model worker of the registry in the user's subtree, with their skills."""
    picked = clean_fields(skills, field="专长领域")
    note = cleaning.line(specialty, field="专长说明", limit=200, required=False)
    person = model_worker.person
    own = user.organization
    if own is None or not person.org.path.startswith(own.path):
        raise DomainError(f"{person.name}不在您管辖范围内的劳模名册中", column="劳模工匠")
    if model_worker.level is None:
        raise DomainError(f"{person.name}没有有效的劳模荣誉，不能加入分队", column="劳模工匠")
    if person.status == PersonStatus.DECEASED:
        raise DomainError(f"{person.name}已故，不能加入分队", column="劳模工匠")
    message = f"{person.name}已是“{squad.name}”的成员"
    with transaction.atomic(), acting_as(user):
        squad = lock_row(squad)
        if squad.members.filter(model_worker=model_worker).exists():
            raise DomainError(message, column="劳模工匠")
        with unique_or(message, "劳模工匠"):
            return SquadMember.objects.create(
                squad=squad, model_worker=model_worker, skills=picked, specialty=note
            )


@requires("workplace.squad.manage", on="member")
def squad_member_remove(*, user: User, member: SquadMember) -> Squad:
    """移出分队; a leader removed leaves the squad without a leader."""
    with transaction.atomic(), acting_as(user):
        squad = lock_row(member.squad)
        if squad.leader_id == member.model_worker_id:
            squad.leader = None
            squad.save(update_fields=["leader"])
        member.delete()
    return squad


# ---------------------------------------------------------------- needs: the way through


def _next_number(year: int) -> str:
    """The next 助企{year}-NNNN, allocated under the year's counter row lock (held by the
    caller's transaction until the need is saved: numbers are gap-free)."""
    if not NeedCounter.objects.filter(year=year).exists():
        with unless_taken():
            NeedCounter.objects.bulk_create([NeedCounter(year=year, last=0)])
    counter = NeedCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    # update(): the counter is plumbing; the need's own audit entry shows its number.
    NeedCounter.objects.filter(pk=counter.pk).update(last=counter.last)
    return f"{NUMBER_PREFIX}{year}-{counter.last:04d}"


def _step(
    need: Need,
    kind: str,
    user: User | None,
    *,
    note: str = "",
    squad: Squad | None = None,
    on: dt.date | None = None,
) -> NeedStep:
    return NeedStep.objects.create(
        need=need, kind=kind, by=user, squad=squad, on_date=on or clock.today(), note=note[:500]
    )


def _locked(need: Need, allowed: Sequence[str], doing: str) -> Need:
    """The need read again under its row lock, when its state allows `doing`."""
    locked = Need.objects.select_for_update().get(pk=need.pk)
    if locked.status not in allowed:
        states = "、".join(f"“{NeedStatus(s).label}”" for s in allowed)
        raise DomainError(
            f"点单{locked.number}当前为“{locked.get_status_display()}”，不能{doing}"
            f"（只有{states}的点单可以{doing}）"
        )
    return locked


def _chair_employer(user: User) -> Employer:
    """A grassroots chair's own enterprise (their union's employer), else a Chinese error."""
    org = user.organization
    employer = org.employer if org is not None else None
    if employer is None:
        raise DomainError("您所在的基层工会未关联用人单位，不能为企业点单或确认服务")
    return employer


def _chair_own(user: User, need: Need, doing: str) -> None:
    """A chair acts only on their own enterprise's needs."""
    if user.role != Role.GRASSROOTS_CHAIR:
        return
    own = _chair_employer(user)
    if need.employer_id != own.pk:
        raise DomainError(f"基层工会主席只能{doing}本单位（{own.name}）的点单")


@requires("workplace.need.file")
def need_file(
    *,
    user: User,
    employer: Employer,
    kind: str,
    field: str,
    title: str,
    description: str,
    urgency: str = Urgency.NORMAL,
    contact: str = "",
) -> Need:
    """企业点单: an officer for an employer in their subtree, a grassroots chair for their own
    enterprise; numbered 助企{year}-NNNN, gap-free within the year."""
    kind = cleaning.choice(kind, NeedKind, field="需求类型")
    field = cleaning.choice(field, Field, field="所属领域")
    urgency = cleaning.choice(urgency, Urgency, field="紧急程度")
    head = cleaning.line(title, field="需求标题", limit=100)
    body = cleaning.paragraphs(description, field="需求描述", limit=2000)
    who = cleaning.line(contact, field="企业联系人", limit=40, required=False)
    if user.role == Role.GRASSROOTS_CHAIR:
        own = _chair_employer(user)
        if employer.pk != own.pk:
            raise DomainError(
                f"基层工会主席只能为本单位（{own.name}）点单，不能为{employer.name}点单",
                column="企业",
            )
        org = user.organization
        assert org is not None
    else:
        own_org = user.organization
        if own_org is None or not employer.org.path.startswith(own_org.path):
            raise DomainError(f"{employer.name}不在您的管辖范围内，不能为其点单", column="企业")
        org = need_org_for(employer)
    with transaction.atomic(), acting_as(user):
        need = Need.objects.create(
            number=_next_number(clock.today().year),
            employer=employer,
            org=org,
            kind=kind,
            field=field,
            urgency=urgency,
            title=head,
            description=body,
            contact=who,
            created_by=user,
        )
        _step(need, NeedStepKind.FILED, user, note=f"{need.get_kind_display()}：{head}")
    return need


@requires("workplace.need.assign", on="need")
def need_assign(*, user: User, need: Need, squad: Squad, note: str = "") -> Need:
    """总队派单: a filed (or declined) need to an active squad in the assigner's subtree."""
    remark = cleaning.line(note, field="派单说明", limit=300, required=False)
    own = user.organization
    with transaction.atomic(), acting_as(user):
        need = _locked(need, [NeedStatus.FILED], "派单")
        squad = Squad.objects.select_for_update().select_related("org").get(pk=squad.pk)
        if own is None or not squad.org.path.startswith(own.path):
            raise DomainError(
                f"分队“{squad.name}”不在您的管辖范围内，不能派单；请选择本级或下级工会的分队",
                column="分队",
            )
        if not squad.is_active:
            raise DomainError(f"分队“{squad.name}”已停止服务，不能派单", column="分队")
        if not squad.members.exists():
            raise DomainError(f"分队“{squad.name}”还没有成员，不能派单", column="分队")
        need.status = NeedStatus.ASSIGNED
        need.squad = squad
        need.assigned_by = user
        need.assigned_at = clock.now()
        need.save()
        _step(need, NeedStepKind.ASSIGNED, user, squad=squad, note=remark or f"派给{squad.name}")
    return need


@requires("workplace.need.handle", on="need")
def need_accept(*, user: User, need: Need, note: str = "") -> Need:
    """分队接单 of an assigned need."""
    remark = cleaning.line(note, field="接单说明", limit=300, required=False)
    with transaction.atomic(), acting_as(user):
        need = _locked(need, [NeedStatus.ASSIGNED], "接单")
        need.status = NeedStatus.ACCEPTED
        need.save()
        _step(need, NeedStepKind.ACCEPTED, user, squad=need.squad, note=remark)
    return need


@requires("workplace.need.handle", on="need")
def need_decline(*, user: User, need: Need, reason: str) -> Need:
    """分队退单 with a reason: the need goes back to 待派单, the reason stays in its history."""
    why = cleaning.line(reason, field="退单原因", limit=300)
    with transaction.atomic(), acting_as(user):
        need = _locked(need, [NeedStatus.ASSIGNED], "退单")
        squad = need.squad
        need.status = NeedStatus.FILED
        need.squad = None
        need.assigned_by = None
        need.assigned_at = None
        need.save()
        _step(need, NeedStepKind.DECLINED, user, squad=squad, note=why)
    return need


@requires("workplace.need.handle", on="need")
def need_visit(*, user: User, need: Need, visited_on: dt.date | None, note: str) -> NeedStep:
    """上门服务: a visit of the accepted squad (date and what was done); there may be several."""
    what = cleaning.line(note, field="服务内容", limit=500)
    with transaction.atomic(), acting_as(user):
        need = _locked(need, [NeedStatus.ACCEPTED], "登记上门服务")
        day = cleaning.past_day(
            visited_on,
            field="服务日期",
            not_before=clock.day_of(need.created_at),
            before_what="点单日期",
        )
        return _step(need, NeedStepKind.VISITED, user, squad=need.squad, note=what, on=day)


@requires("workplace.need.handle", on="need")
def need_outcome(
    *,
    user: User,
    need: Need,
    outcome: str,
    note: str,
    done_on: dt.date | None,
    trained: Any = 0,
) -> Need:
    """服务成效: 解决难题, 提出建议 or 开展培训 (with the number trained, at least 1)."""
    result = cleaning.choice(outcome, Outcome, field="服务成效")
    what = cleaning.line(note, field="成效说明", limit=500)
    people = cleaning.count(trained, field="培训人数", blank=0)
    if result == Outcome.TRAINING and people < 1:
        raise DomainError("开展培训须填写培训人数（至少1人）", column="培训人数")
    if result != Outcome.TRAINING and people:
        raise DomainError(
            f"培训人数只在服务成效为“开展培训”时填写（当前为“{Outcome(result).label}”）",
            column="培训人数",
        )
    with transaction.atomic(), acting_as(user):
        need = _locked(need, [NeedStatus.ACCEPTED], "登记服务成效")
        day = cleaning.past_day(
            done_on,
            field="服务完成日期",
            not_before=clock.day_of(need.created_at),
            before_what="点单日期",
        )
        need.status = NeedStatus.DONE
        need.outcome = result
        need.trained = people
        need.outcome_note = what
        need.done_on = day
        need.save()
        shown = Outcome(result).label + (f"，培训{people}人" if people else "")
        _step(need, NeedStepKind.DONE, user, squad=need.squad, note=f"{shown}：{what}", on=day)
    return need


@requires("workplace.need.confirm", on="need")
def need_confirm(*, user: User, need: Need, rating: Any, comment: str = "") -> Need:
    """企业确认 and 评价 (1–5 星): the enterprise's own chair, or an officer on its behalf."""
    stars = _rating(rating)
    words = cleaning.line(comment, field="企业意见", limit=300, required=False)
    _chair_own(user, need, "确认")
    with transaction.atomic(), acting_as(user):
        need = _locked(need, [NeedStatus.DONE], "确认")
        need.status = NeedStatus.CONFIRMED
        need.rating = stars
        need.comment = words
        need.confirmed_by = user
        need.confirmed_at = clock.now()
        need.save()
        _step(
            need,
            NeedStepKind.CONFIRMED,
            user,
            squad=need.squad,
            note=f"评价{stars}星" + (f"：{words}" if words else ""),
        )
    return need


@requires("workplace.need.file", on="need")
def need_withdraw(*, user: User, need: Need, reason: str) -> Need:
    """撤回 a need not yet served, with a reason (the enterprise's chair or an officer)."""
    why = cleaning.line(reason, field="撤回原因", limit=300)
    _chair_own(user, need, "撤回")
    with transaction.atomic(), acting_as(user):
        need = _locked(need, [NeedStatus.FILED, NeedStatus.ASSIGNED, NeedStatus.ACCEPTED], "撤回")
        need.status = NeedStatus.WITHDRAWN
        need.save()
        _step(need, NeedStepKind.WITHDRAWN, user, squad=need.squad, note=why)
    return need
