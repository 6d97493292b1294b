"""劳模诉求: filed, sorted, referred to a department (with a numbered letter), answered, closed."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction

from gonghui.core.audit import update_noted
from gonghui.core.db import unless_taken
from gonghui.core.errors import DomainError
from gonghui.core.models import Person, PersonStatus, Role, User
from gonghui.core.permissions import requires
from gonghui.core.workdays import add_workdays
from gonghui.honors import rules
from gonghui.honors.models import (
    Demand,
    DemandCategory,
    DemandLetterCounter,
    DemandStatus,
    DemandStep,
    Department,
)
from gonghui.honors.services.common import _today


def _step(
    demand: Demand, user: User | None, status: str, on: dt.date, note: str = ""
) -> DemandStep:
    return DemandStep.objects.create(
        demand=demand, status=status, on=on, by=user, note=note, due_date=demand.due_date
    )


@requires("honors.demand.file", on="person")
def demand_file(*, user: User, person: Person, title: str, content: str) -> Demand:
    """A model worker (self-service, their own person only) or an officer files a demand."""
    self_service = user.role == Role.MEMBER
    person = Person.objects.select_related("org").get(pk=person.pk)
    title, content = (title or "").strip(), (content or "").strip()
    if not title:
        raise DomainError("请填写诉求标题")
    if not content:
        raise DomainError("请填写诉求内容")
    if person.status == PersonStatus.DECEASED:
        raise DomainError(f"{person.name}已故，不能提交诉求")
    today = _today()
    with transaction.atomic():
        demand = Demand.objects.create(
            person=person,
            title=title[:100],
            content=content,
            filed_by=user,
            self_service=self_service,
            filed_on=today,
            due_date=add_workdays(today, rules.rules_for(today.year).demand_sort_days),
        )
        _step(
            demand, user, DemandStatus.FILED, today, "本人提交" if self_service else "干部代为登记"
        )
    return demand


def _lock_demand(demand: Demand) -> Demand:
    return Demand.objects.select_for_update().select_related("person__org").get(pk=demand.pk)


@requires("honors.demand.sort", on="demand")
def demand_sort(
    *, user: User, demand: Demand, category: str, officer: User | None, note: str = ""
) -> Demand:
    """工会梳理: category and the officer in charge."""
    if category not in DemandCategory.values:
        raise DomainError("请选择诉求类别")
    today = _today()
    with transaction.atomic():
        d = _lock_demand(demand)
        if d.status != DemandStatus.FILED:
            raise DomainError(f"诉求当前为“{d.get_status_display()}”，不能再梳理")
        d.category = category
        d.officer = officer or user
        d.status = DemandStatus.SORTED
        d.due_date = add_workdays(today, rules.rules_for(today.year).demand_refer_days)
        d.save()
        _step(
            d,
            user,
            DemandStatus.SORTED,
            today,
            note or f"类别：{d.get_category_display()}；承办：{d.officer}",
        )
    return d


@requires("honors.demand.refer", on="demand")
def demand_refer(
    *,
    user: User,
    demand: Demand,
    department: str,
    department_name: str = "",
    referred_on: dt.date | None = None,
    note: str = "",
) -> Demand:
    """部门联动: refer to 人社, 教体, 住建 … with a dated referral letter."""
    if department not in Department.values:
        raise DomainError("请选择联动部门")
    if department == Department.OTHER and not department_name.strip():
        raise DomainError("选择“其他部门”时请填写部门名称")
    on = referred_on or _today()
    if on > _today():
        raise DomainError("转办日期不能晚于今天")
    with transaction.atomic():
        d = _lock_demand(demand)
        if d.status not in (DemandStatus.SORTED, DemandStatus.REFERRED):
            raise DomainError("诉求须先经工会梳理，才能转部门联动")
        if on < d.filed_on:
            raise DomainError("转办日期不能早于诉求提交日期")
        d.department = department
        d.department_name = department_name.strip() or Department(department).label
        d.referred_on = on
        d.letter_number = d.letter_number or _letter_number_next(on.year)
        d.status = DemandStatus.REFERRED
        d.due_date = add_workdays(on, rules.rules_for(on.year).demand_feedback_days)
        d.save()
        _step(
            d,
            user,
            DemandStatus.REFERRED,
            on,
            note or f"转{d.department_name}办理（{d.letter_number}）",
        )
    return d


LETTER_SEQ = re.compile(r"〔(\d{4})〕(\d+)号")


def _letter_number_next(year: int) -> str:
    """The next 安工诉函 number of the year, allocated under the year's counter row lock.

    Concurrent referrals queue on the row (select_for_update) until the first commits; the
    partial unique index on Demand.letter_number is the last guard.
    """
    with transaction.atomic():
        if not DemandLetterCounter.objects.filter(year=year).exists():
            used = [
                int(m.group(2))
                for text in Demand.objects.filter(
                    letter_number__contains=f"〔{year}〕"
                ).values_list("letter_number", flat=True)
                if (m := LETTER_SEQ.search(text)) and int(m.group(1)) == year
            ]
            # Two first referrals of a year racing: the loser's insert fails on the unique
            # year and it then waits on the winner's row below.
            with unless_taken():
                DemandLetterCounter.objects.bulk_create(
                    [DemandLetterCounter(year=year, last=max(used, default=0))]
                )
        counter = DemandLetterCounter.objects.select_for_update().get(year=year)
        counter.last += 1
        # update(): the counter is plumbing, the demand's own audit entry shows the number.
        DemandLetterCounter.objects.filter(pk=counter.pk).update(last=counter.last)
    return f"安工诉函〔{year}〕{counter.last}号"


@requires("honors.demand.answer", on="demand")
def demand_answer(
    *, user: User, demand: Demand, feedback: str, on: dt.date | None = None
) -> Demand:
    """反馈: the answer to the model worker."""
    feedback = (feedback or "").strip()
    if not feedback:
        raise DomainError("请填写办理反馈")
    on = on or _today()
    with transaction.atomic():
        d = _lock_demand(demand)
        if d.status not in (DemandStatus.SORTED, DemandStatus.REFERRED):
            raise DomainError(f"诉求当前为“{d.get_status_display()}”，不能反馈")
        d.feedback = feedback
        d.answered_on = on
        d.status = DemandStatus.ANSWERED
        d.due_date = add_workdays(on, rules.rules_for(on.year).demand_close_days)
        d.save()
        _step(d, user, DemandStatus.ANSWERED, on, feedback)
    return d


@requires("honors.demand.close", on="demand")
def demand_close(*, user: User, demand: Demand, note: str = "") -> Demand:
    """销号 — only after feedback."""
    today = _today()
    with transaction.atomic():
        d = _lock_demand(demand)
        if d.status == DemandStatus.CLOSED:
            raise DomainError("该诉求已销号")
        if d.status != DemandStatus.ANSWERED or not d.feedback.strip():
            raise DomainError("诉求尚未反馈，不能销号")
        d.status = DemandStatus.CLOSED
        d.closed_on = today
        d.save()
        _step(d, user, DemandStatus.CLOSED, today, note or "反馈销号")
    return d


def _demands_end(*, person: Person, cause: str, by: User | None) -> None:
    """Open 劳模诉求 of a person who lost the care are closed, the history saying why."""
    today = _today()
    for d in (
        Demand.objects.select_for_update().filter(person=person).exclude(status=DemandStatus.CLOSED)
    ):
        ended = f"{cause}，诉求终止办理"
        update_noted(
            d,
            note=f"{cause}：诉求终止办理（销号）",
            person=person,
            status=DemandStatus.CLOSED,
            closed_on=today,
            feedback=d.feedback or ended,
        )
        _step(d, by, DemandStatus.CLOSED, today, ended)
