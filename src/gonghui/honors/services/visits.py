"""五必访: life events, visit holidays and the visit tasks they make, and the visits recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from gonghui.core import audit
from gonghui.core.db import lock_row
from gonghui.core.errors import DomainError, named
from gonghui.core.middleware import acting_as
from gonghui.core.models import AuditAction, Person, PersonStatus, Role, User
from gonghui.core.money import to_money
from gonghui.core.permissions import can, requires
from gonghui.core.scope import scoped
from gonghui.core.workdays import add_workdays
from gonghui.honors import rules
from gonghui.honors.models import (
    LifeEvent,
    ModelWorker,
    VisitHoliday,
    VisitOccasion,
    VisitStatus,
    VisitTask,
)
from gonghui.honors.services.common import _today


def _event_with_task(
    *, person: Person, kind: str, occurred_on: dt.date, note: str, user: User | None
) -> LifeEvent:
    event = LifeEvent.objects.create(
        person=person, kind=kind, occurred_on=occurred_on, note=note.strip(), created_by=user
    )
    days = rules.rules_for(occurred_on.year).visit_event_days
    VisitTask.objects.create(
        person=person,
        org=person.org,
        occasion=kind,
        event=event,
        year=occurred_on.year,
        due_date=add_workdays(occurred_on, days),
        created_by=user,
    )
    return event


@requires("honors.model_worker.change", on="person")
def life_event_record(
    *,
    user: User,
    person: Person,
    kind: str,
    occurred_on: dt.date,
    note: str = "",
) -> LifeEvent:
    """Record an event on a model worker; a visit task is due within the year's working days."""
    person = Person.objects.select_related("org").get(pk=person.pk)
    if kind not in dict(VisitOccasion.choices) or kind == VisitOccasion.HOLIDAY:
        raise DomainError(f"未知的事件类型“{kind}”")
    if occurred_on > _today():
        raise DomainError("事件日期不能晚于今天")
    mw = ModelWorker.objects.filter(person=person).first()
    if mw is None or mw.level is None:
        raise DomainError(f"{person.name}不在劳模名册中（无有效荣誉），不适用五必访")
    if person.status == PersonStatus.DECEASED:
        raise DomainError(f"{person.name}已故，不能登记该事件")
    year_rules = rules.rules_for(occurred_on.year)
    if not rules.care_eligible(status=person.status, level=mw.level, year_rules=year_rules):
        why = rules.loss_reason(
            status=person.status, level=mw.level, year_rules=year_rules, cause=""
        )
        raise DomainError(f"{person.name}不再享受劳模礼遇（{why}），不适用五必访")
    with transaction.atomic():
        return _event_with_task(
            person=person, kind=kind, occurred_on=occurred_on, note=note, user=user
        )


# ---------------------------------------------------------------- visit holidays and tasks


@requires("honors.holiday.change")
def holiday_save(
    *, user: User, year: int, name: str, date: dt.date, holiday: VisitHoliday | None = None
) -> VisitHoliday:
    """Add or change a visit holiday of the year (市总 only)."""
    name = name.strip()
    if not name:
        raise DomainError("节日名称不能为空")
    if date.year != year:
        raise DomainError(f"节日日期应在{year}年内")
    with transaction.atomic():
        clash = VisitHoliday.objects.filter(year=year, name=name)
        if holiday is not None:
            clash = clash.exclude(pk=holiday.pk)
        if clash.exists():
            raise DomainError(f"{year}年已有节日“{name}”")
        holiday = holiday or VisitHoliday(year=year)
        holiday.name, holiday.date = name, date
        with acting_as(user):
            holiday.save()
        moved = list(
            VisitTask.objects.filter(holiday=holiday, status=VisitStatus.OPEN)
            .exclude(due_date=date)
            .values_list("pk", "person_id", "org_id", "org__path", "due_date")
        )
        VisitTask.objects.filter(pk__in=[m[0] for m in moved]).update(due_date=date)
        # The bulk update bypasses the audit signals; each task's history still shows it.
        audit.record_many(
            (
                {
                    "object_id": str(pk),
                    "org_id": org_id,
                    "org_path": path,
                    "person_id": person_id,
                    "before": {"due_date": old.isoformat()},
                }
                for pk, person_id, org_id, path, old in moved
            ),
            user=user,
            action=AuditAction.UPDATE,
            model="honors.visittask",
            object_repr=f"{holiday}走访任务",
            after={"due_date": date.isoformat()},
            note=f"节日日期调整：{holiday.name}",
        )
    return holiday


@requires("honors.visit.generate")
def holiday_tasks_generate(*, user: User, holiday: VisitHoliday) -> int:
    """Create a visit task for every model worker in scope who is not deceased; returns how many."""
    from gonghui.honors.selectors import registry_list

    with transaction.atomic():
        holiday = lock_row(holiday)
        workers = registry_list(
            user=user, status_in=[PersonStatus.ACTIVE, PersonStatus.RETIRED]
        ).filter(rules.care_eligible_q(rules.rules_for(holiday.year)))
        have = set(VisitTask.objects.filter(holiday=holiday).values_list("person_id", flat=True))
        due = add_workdays(holiday.date, 0)
        new = [
            VisitTask(
                person_id=pid,
                org_id=org_id,
                occasion=VisitOccasion.HOLIDAY,
                holiday=holiday,
                year=holiday.year,
                due_date=due,
                created_by=user,
            )
            for pid, org_id in workers.values_list("person_id", "person__org_id")
            if pid not in have
        ]
        VisitTask.objects.bulk_create(new, batch_size=1000)
        # bulk_create bypasses the audit signals: one summary entry instead.
        audit.record(
            action=AuditAction.CREATE,
            user=user,
            model="honors.visittask",
            org=user.organization,
            note=f"{holiday}：生成走访任务{len(new)}条",
        )
    return len(new)


@requires("honors.visit.assign", on="task")
def visit_task_assign(*, user: User, task: VisitTask, officer: User | None) -> VisitTask:
    """Set the officer who will visit."""
    with transaction.atomic(), acting_as(user):
        task = VisitTask.objects.select_for_update().select_related("person__org").get(pk=task.pk)
        if task.status != VisitStatus.OPEN:
            raise DomainError("只能为待走访的任务指派干部")
        if officer is not None and (
            officer.organization is None or not task.org.is_within(officer.organization)
        ):
            raise DomainError(f"{officer}不属于该任务的责任组织或其上级")
        task.officer = officer
        task.save()
    return task


# Who can be sent on a visit: staff who act for a union (not the auditor, not a member).
VISITING_ROLES = frozenset({Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.GRASSROOTS_CHAIR})


def _task_label(task: VisitTask) -> str:
    occasion = task.get_occasion_display()
    if task.holiday_id:
        occasion += f"·{task.holiday.name}"  # type: ignore[union-attr]
    return f"{task.person.name}（{occasion}，应走访日期{task.due_date:%Y-%m-%d}）"


def _officer_name(officer: User) -> str:
    return officer.get_full_name() or officer.username


def _assignable(
    *, user: User, task_ids: list[int], officer: User | None, lock: bool
) -> list[VisitTask]:
    """The checked tasks in the order given when every one may get `officer`; otherwise a
    DomainError naming each task that may not (and why)."""
    ids = list(dict.fromkeys(task_ids))
    if not ids:
        raise DomainError("请勾选要指派的走访任务")
    qs = VisitTask.objects.select_related("person", "org", "holiday")
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = {
        t.pk: t
        for t in scoped(qs, user, org_field="person__org", person_field="person")
        .filter(pk__in=ids)
        .order_by()
    }
    problems: list[str] = []
    unseen = [str(i) for i in ids if i not in found]
    if unseen:
        problems.append(
            f"编号为{named(unseen, sep='、', unit='条')}的走访任务不存在或不在您的管辖范围内"
        )
    tasks = [found[i] for i in ids if i in found]
    for task in tasks:
        label = _task_label(task)
        if not can(user, "honors.visit.assign", task):
            problems.append(f"{label}的责任组织{task.org.name}不在您的管辖范围内")
        elif task.status != VisitStatus.OPEN:
            problems.append(f"{label}{task.get_status_display()}，只能为待走访的任务指派干部")
        elif officer is not None and (
            officer.organization is None or not task.org.is_within(officer.organization)
        ):
            problems.append(f"{_officer_name(officer)}不属于{label}的责任组织或其上级")
    if problems:
        raise DomainError(
            f"以下走访任务不能批量指派，未做任何指派，请取消勾选后重试：{named(problems)}"
        )
    return tasks


@requires("honors.visit.assign")
def visit_tasks_assignable(*, user: User, task_ids: list[int]) -> list[VisitTask]:
    """The checked visit tasks, when each is in scope and open; refused whole, naming the others."""
    return _assignable(user=user, task_ids=task_ids, officer=None, lock=False)


@requires("honors.visit.assign")
def visit_tasks_assign(*, user: User, task_ids: list[int], officer: User | None) -> list[VisitTask]:
    """批量指派走访干部: one officer for every checked task, each checked against the table and
    the scope under a lock; all or none, the refusal naming each task that cannot take it."""
    if officer is None:
        raise DomainError("请选择走访干部")
    if not officer.is_active or officer.role not in VISITING_ROLES:
        raise DomainError(f"{_officer_name(officer)}不是可以指派走访的在岗工作人员")
    with transaction.atomic(), acting_as(user):
        tasks = _assignable(user=user, task_ids=task_ids, officer=officer, lock=True)
        for task in tasks:
            task.officer = officer
            task.save()
    return tasks


@requires("honors.visit.record", on="task")
def visit_record(
    *,
    user: User,
    task: VisitTask,
    visited_on: dt.date,
    money: Any = "0",
    goods: str = "",
    notes: str = "",
) -> VisitTask:
    """Record the visit of a task: when, money (Decimal), goods, notes."""
    amount = to_money(money if money not in (None, "") else "0", field="慰问金")
    with transaction.atomic(), acting_as(user):
        task = VisitTask.objects.select_for_update().select_related("person__org").get(pk=task.pk)
        person = task.person
        if (
            person.status == PersonStatus.DECEASED
            and task.occasion == VisitOccasion.HOLIDAY
            and task.due_date > _today()
        ):
            raise DomainError(f"{person.name}已故，不能登记其未来节日（{task.due_date}）的走访")
        if task.status == VisitStatus.CANCELLED:
            raise DomainError(f"该走访任务已取消（{task.cancel_reason}），不能登记走访")
        if task.status == VisitStatus.DONE:
            raise DomainError("该走访任务已登记走访，不能重复登记")
        if visited_on > _today():
            raise DomainError("走访日期不能晚于今天")
        if task.event_id and visited_on < task.event.occurred_on:  # type: ignore[union-attr]
            raise DomainError("走访日期不能早于事件发生日期")
        if amount == 0 and not goods.strip():
            raise DomainError("请填写慰问金或慰问物品")
        task.status = VisitStatus.DONE
        task.visited_on = visited_on
        task.money = amount
        task.goods = goods.strip()
        task.notes = notes.strip()
        task.recorded_by = user
        if task.officer_id is None:
            task.officer = user
        task.save()
    return task


@requires("honors.visit.cancel", on="task")
def visit_task_cancel(*, user: User, task: VisitTask, reason: str) -> VisitTask:
    """Cancel an open task with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("取消走访任务必须填写原因")
    with transaction.atomic(), acting_as(user):
        task = VisitTask.objects.select_for_update().select_related("person__org").get(pk=task.pk)
        if task.status != VisitStatus.OPEN:
            raise DomainError("只能取消待走访的任务")
        task.status = VisitStatus.CANCELLED
        task.cancel_reason = reason[:200]
        task.save()
    return task
