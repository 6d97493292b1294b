"""Reads of 五必访: visit tasks, the year's figures, and the history of a task."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.core.models import AuditAction, AuditLog, Organization, Person, Role, User
from gonghui.core.money import yuan
from gonghui.core.scope import org_path, scoped
from gonghui.honors.models import VisitHoliday, VisitOccasion, VisitStatus, VisitTask
from gonghui.honors.selectors.common import _in_subtree_of, _person_matches, _person_scoped, _today

# ---------------------------------------------------------------- visits


def visit_task_list(
    *,
    user: User,
    q: str = "",
    year: str = "",
    status: str = "",
    occasion: str = "",
    overdue: str = "",
    org: str = "",
    officer: str = "",
) -> QuerySet[VisitTask]:
    """Visit tasks in scope (by the person's organization)."""
    qs = _person_scoped(
        VisitTask.objects.select_related("person__org", "org", "officer", "holiday"), user
    )
    if q:
        qs = qs.filter(_person_matches(q))
    if year.isdigit():
        qs = qs.filter(year=int(year))
    if status:
        qs = qs.filter(status=status)
    if occasion:
        qs = qs.filter(occasion=occasion)
    if overdue == "1":
        qs = qs.filter(status=VisitStatus.OPEN, due_date__lt=_today())
    if org:
        qs = qs.filter(_in_subtree_of(org))
    if officer == "me":
        qs = qs.filter(officer=user)
    return qs


@dataclass
class VisitFigure:
    org: Organization | None
    label: str
    visits: int = 0
    money: Decimal = Decimal("0.00")
    open: int = 0
    overdue: int = 0

    @property
    def money_wan(self) -> Decimal:
        """Yuan → 万元 with two decimals, as the articles write it (111.41 万元)."""
        return (self.money / Decimal(10000)).quantize(Decimal("0.01"))


def visit_figures(*, user: User, year: int) -> list[VisitFigure]:
    """走访慰问劳模 N 人次 and 发放慰问金 X 万元 for the year, per child organization, total last."""
    root = user.organization
    if root is None or user.role == Role.MEMBER:
        return []
    base = scoped(VisitTask.objects.all(), user, org_field="person__org")
    today = _today()
    rows: list[VisitFigure] = []
    children = list(root.children.order_by("path"))
    groups: list[tuple[Organization | None, str, Q]] = [
        (root, f"{root.name}（本级）", Q(person__org=root)),
        *[(c, c.name, Q(person__org__in=c.subtree())) for c in children],
    ]
    for org, label, cond in groups:
        done = base.filter(cond, status=VisitStatus.DONE, visited_on__year=year).aggregate(
            n=Count("pk"), m=Sum("money")
        )
        open_qs = base.filter(cond, status=VisitStatus.OPEN, year=year)
        rows.append(
            VisitFigure(
                org=org,
                label=label,
                visits=done["n"] or 0,
                money=(done["m"] or Decimal("0")).quantize(Decimal("0.01")),
                open=open_qs.count(),
                overdue=open_qs.filter(due_date__lt=today).count(),
            )
        )
    total = VisitFigure(org=None, label="合计")
    for r in rows:
        total.visits += r.visits
        total.money += r.money
        total.open += r.open
        total.overdue += r.overdue
    return [*rows, total]


# ---------------------------------------------------------------- history of a visit task


# Shown instead of the name of an organization outside the reader's subtree.
OTHER_ORGANIZATION = "其他组织"


@dataclass
class HistoryEntry:
    at: dt.datetime
    who: str
    action: str
    detail: str = ""


def _who(user: User | None) -> str:
    if user is None:
        return "系统"
    return user.get_full_name() or user.username


def _task_change(
    before: dict[str, Any], after: dict[str, Any], names: dict[str, str]
) -> tuple[str, str]:
    """(action, detail) in words for one audited change of a visit task."""
    changed = {k for k in after if before.get(k) != after.get(k)}
    status = after.get("status")
    if "status" in changed and status == VisitStatus.DONE:
        parts = [
            f"走访日期 {after.get('visited_on') or ''}",
            f"慰问金 {yuan(Decimal(after.get('money') or 0))}",
        ]
        if after.get("goods"):
            parts.append(f"慰问物品：{after['goods']}")
        if after.get("notes"):
            parts.append(f"记录：{after['notes']}")
        return "登记走访", "，".join(parts)
    if "status" in changed and status == VisitStatus.CANCELLED:
        return "取消任务", after.get("cancel_reason") or ""
    if "status" in changed:
        labels = dict(VisitStatus.choices)
        old_label = labels.get(before.get("status") or "", "—")
        return "状态变更", f"{old_label} → {labels.get(status or '', status)}"
    details = []
    if "org_id" in changed:
        old_org = names.get(f"o{before.get('org_id')}", "—")
        new_org = names.get(f"o{after.get('org_id')}", "—")
        details.append(f"责任组织：{old_org} → {new_org}")
    if "officer_id" in changed:
        officer = after.get("officer_id")
        details.append(f"走访干部：{names.get(f'u{officer}', '—') if officer else '未指派'}")
    if "due_date" in changed:
        details.append(f"应走访日期：{before.get('due_date')} → {after.get('due_date')}")
    if changed & {"money", "goods", "notes", "visited_on"}:
        details.append("修改走访记录")
    if "officer_id" in changed and len(details) == 1:
        return ("指派走访干部" if after.get("officer_id") else "取消指派"), details[0]
    if "org_id" in changed:
        return "随人员迁移", "；".join(details)
    if changed == {"due_date"}:
        return "调整应走访日期", details[0]
    return "修改任务", "；".join(details)


def visit_task_history(*, task: VisitTask, user: User | None = None) -> list[HistoryEntry]:
    """Who did what to a visit task, and when, oldest first (from the audit log).

    For `user`, an organization outside their subtree (where a moved person came from or
    went to) is not named.
    """
    if task.holiday_id:
        made = f"按{task.holiday}批量生成"
    elif task.event_id and task.event is not None:
        e = task.event
        made = f"登记事件“{e.get_kind_display()}”（{e.occurred_on:%Y-%m-%d}）" + (
            f"：{e.note}" if e.note else ""
        )
    else:
        made = VisitOccasion(task.occasion).label
    creator = task.created_by or (task.event.created_by if task.event_id and task.event else None)
    entries = [HistoryEntry(at=task.created_at, who=_who(creator), action="生成任务", detail=made)]
    logs = list(
        AuditLog.objects.filter(
            person_id=task.person_id,
            model="honors.visittask",
            object_id=str(task.pk),
            action=AuditAction.UPDATE,
        )
        .select_related("user")
        .order_by("at", "id")
    )
    org_ids, user_ids = set(), set()
    for log in logs:
        for side in (log.before or {}, log.after or {}):
            if side.get("org_id"):
                org_ids.add(side["org_id"])
            if side.get("officer_id"):
                user_ids.add(side["officer_id"])
    path = org_path(user) if user is not None else ""
    names = {
        f"o{pk}": name if path is not None and org.startswith(path) else OTHER_ORGANIZATION
        for pk, name, org in Organization.objects.filter(pk__in=org_ids).values_list(
            "pk", "name", "path"
        )
    }
    names.update({f"u{u.pk}": _who(u) for u in User.objects.filter(pk__in=user_ids)})
    for log in logs:
        action, detail = _task_change(log.before or {}, log.after or {}, names)
        # A downstream change's note starts with its cause, often the detail itself.
        if log.note and log.note not in detail and not (detail and log.note.startswith(detail)):
            detail = f"{detail}（{log.note}）" if detail else log.note
        entries.append(HistoryEntry(at=log.at, who=_who(log.user), action=action, detail=detail))
    return entries


def person_visit_tasks(*, person: Person, status: str = "") -> QuerySet[VisitTask]:
    """The visit tasks of a person (in scope), optionally of one status."""
    qs = VisitTask.objects.filter(person=person).select_related(
        "person", "org", "officer", "holiday"
    )
    return qs.filter(status=status) if status else qs


def holiday_get(*, year: int, pk: int | None) -> VisitHoliday | None:
    """A visit holiday of the year (the holidays are city-wide), or None."""
    return VisitHoliday.objects.filter(pk=pk or 0, year=year).first()
