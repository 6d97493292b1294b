"""Reads for a user: every queryset is limited to the user's scope (persons via person__org)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.core import clock
from gonghui.core.models import AuditAction, AuditLog, Organization, Person, Role, User
from gonghui.core.scope import org_path, scoped
from gonghui.core.selectors import person_search_q
from gonghui.honors.models import (
    Demand,
    DemandStatus,
    Honor,
    HonorType,
    LifeEvent,
    ModelWorker,
    PaymentStatus,
    SubsidyList,
    SubsidyPayment,
    VisitOccasion,
    VisitStatus,
    VisitTask,
)


def _today() -> dt.date:
    return clock.today()


def _org_path(org_id: str | int) -> str:
    found = Organization.objects.filter(pk=org_id).values_list("path", flat=True).first()
    return found or "/nonexistent/"


def _person_scoped(qs: QuerySet[Any], user: User) -> QuerySet[Any]:
    return scoped(qs, user, org_field="person__org", person_field="person")


# ---------------------------------------------------------------- registry


def registry_list(
    *,
    user: User,
    q: str = "",
    level: str = "",
    honor_type: str = "",
    county: str = "",
    status: str = "",
    status_in: list[str] | None = None,
    frontline: str = "",
    hardship: str = "",
    key_sector: str = "",
    new_form: str = "",
    valid: str = "1",
) -> QuerySet[ModelWorker]:
    """Model workers in scope; by default those with a valid honor (valid="" includes all)."""
    qs = _person_scoped(
        ModelWorker.objects.select_related("person__org", "top_honor__honor_type"), user
    )
    if valid == "1":
        qs = qs.filter(level__isnull=False)
    elif valid == "0":
        qs = qs.filter(level__isnull=True)
    if q:
        qs = qs.filter(person__in=Person.objects.filter(person_search_q(q)).values("pk"))
    if level:
        qs = qs.filter(level=level)
    if honor_type:
        qs = qs.filter(
            person__honors__honor_type_id=honor_type, person__honors__status="valid"
        ).distinct()
    if county:
        qs = qs.filter(person__org__path__startswith=_org_path(county))
    if status:
        qs = qs.filter(person__status=status)
    if status_in:
        qs = qs.filter(person__status__in=status_in)
    for name, value in (
        ("frontline", frontline),
        ("hardship_post", hardship),
        ("key_sector", key_sector),
    ):
        if value in {"1", "0"}:
            qs = qs.filter(**{f"person__{name}": value == "1"})
    if new_form == "any":
        qs = qs.exclude(person__new_employment_form="")
    elif new_form == "none":
        qs = qs.filter(person__new_employment_form="")
    elif new_form:
        qs = qs.filter(person__new_employment_form=new_form)
    return qs.order_by("level", "person__name_pinyin", "pk")


def registry_get(*, user: User, person_pk: int) -> ModelWorker:
    """One registry entry in scope (DoesNotExist → 404 in views)."""
    return registry_list(user=user, valid="").get(person_id=person_pk)


def honor_list(
    *, user: User, q: str = "", status: str = "", year: str = "", collective: str = ""
) -> QuerySet[Honor]:
    """Honors in scope: personal ones through the person, collective ones through the organization."""
    if user.role == Role.MEMBER:
        qs = (
            Honor.objects.filter(person_id=user.person_id)
            if user.person_id
            else Honor.objects.none()
        )
    else:
        path = org_path(user)
        if path is None:
            return Honor.objects.none()
        qs = Honor.objects.filter(
            Q(person__org__path__startswith=path) | Q(organization__path__startswith=path)
        )
    qs = qs.select_related("person__org", "organization", "honor_type")
    if q:
        qs = qs.filter(
            Q(person__in=Person.objects.filter(person_search_q(q)).values("pk"))
            | Q(organization__name__icontains=q)
            | Q(doc_number__icontains=q)
        )
    if status:
        qs = qs.filter(status=status)
    if year.isdigit():
        qs = qs.filter(year=int(year))
    if collective in {"1", "0"}:
        qs = qs.filter(honor_type__collective=collective == "1")
    return qs


def honor_type_list(
    *, q: str = "", level: str = "", collective: str = "", active: str = ""
) -> QuerySet[HonorType]:
    """The catalog (one for the whole city, so not scoped), with how often each type is used."""
    qs = HonorType.objects.annotate(used=Count("honors"))
    if q:
        qs = qs.filter(name__icontains=q.strip())
    if level.isdigit():
        qs = qs.filter(level=int(level))
    if collective in {"1", "0"}:
        qs = qs.filter(collective=collective == "1")
    if active in {"1", "0"}:
        qs = qs.filter(is_active=active == "1")
    return qs.order_by("level", "sort", "name")


def honor_type_get(*, pk: int) -> HonorType:
    return honor_type_list().get(pk=pk)


def honor_types(*, collective: bool | None = None) -> QuerySet[HonorType]:
    qs = HonorType.objects.filter(is_active=True)
    if collective is not None:
        qs = qs.filter(collective=collective)
    return qs


def person_candidates(*, user: User, q: str) -> QuerySet[Person]:
    """Persons in scope matching a search, for picking who receives an honor."""
    qs = scoped(Person.objects.select_related("org"), user, person_field="pk")
    return qs.filter(person_search_q(q))[:20] if q else qs.none()


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
        qs = qs.filter(person__in=Person.objects.filter(person_search_q(q)).values("pk"))
    if year.isdigit():
        qs = qs.filter(year=int(year))
    if status:
        qs = qs.filter(status=status)
    if occasion:
        qs = qs.filter(occasion=occasion)
    if overdue == "1":
        qs = qs.filter(status=VisitStatus.OPEN, due_date__lt=_today())
    if org:
        qs = qs.filter(person__org__path__startswith=_org_path(org))
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
    base = VisitTask.objects.filter(person__org__path__startswith=root.path)
    today = _today()
    rows: list[VisitFigure] = []
    children = list(root.children.order_by("path"))
    groups: list[tuple[Organization | None, str, Q]] = [
        (root, f"{root.name}（本级）", Q(person__org=root)),
        *[(c, c.name, Q(person__org__path__startswith=c.path)) for c in children],
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
        parts = [f"走访日期 {after.get('visited_on') or ''}", f"慰问金 {after.get('money')} 元"]
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


# ---------------------------------------------------------------- subsidies


def subsidy_list_list(*, user: User, year: str = "", status: str = "") -> QuerySet[SubsidyList]:
    """Payout lists made by organizations in the user's subtree, with totals."""
    path = org_path(user)
    if path is None:
        return SubsidyList.objects.none()
    qs = SubsidyList.objects.filter(org__path__startswith=path).select_related(
        "org", "made_by", "approved_by"
    )
    if year.isdigit():
        qs = qs.filter(year=int(year))
    if status:
        qs = qs.filter(status=status)
    live = ~Q(payments__status=PaymentStatus.CANCELLED)
    return qs.annotate(
        people=Count("payments", filter=live), total=Sum("payments__amount", filter=live)
    ).order_by("-year", "-id")


def subsidy_list_get(*, user: User, pk: int) -> SubsidyList:
    return subsidy_list_list(user=user).get(pk=pk)


def subsidy_payments(
    *, subsidy_list: SubsidyList, q: str = "", include_cancelled: bool = True
) -> QuerySet[SubsidyPayment]:
    qs = subsidy_list.payments.select_related("person__org", "person__model_worker")
    if not include_cancelled:
        qs = qs.exclude(status=PaymentStatus.CANCELLED)
    if q:
        qs = qs.filter(person__in=Person.objects.filter(person_search_q(q)).values("pk"))
    return qs


def subsidy_payment_list(*, user: User, year: str = "") -> QuerySet[SubsidyPayment]:
    qs = _person_scoped(SubsidyPayment.objects.select_related("subsidy_list", "person"), user)
    if year.isdigit():
        qs = qs.filter(year=int(year))
    return qs


# ---------------------------------------------------------------- demands


def demand_list(
    *,
    user: User,
    q: str = "",
    status: str = "",
    category: str = "",
    overdue: str = "",
    department: str = "",
) -> QuerySet[Demand]:
    """Demands in scope; 职工本人 sees their own."""
    qs = _person_scoped(Demand.objects.select_related("person__org", "officer"), user)
    if q:
        qs = qs.filter(
            Q(person__in=Person.objects.filter(person_search_q(q)).values("pk"))
            | Q(title__icontains=q)
        )
    if status == "open":
        qs = qs.exclude(status=DemandStatus.CLOSED)
    elif status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if department:
        qs = qs.filter(department=department)
    if overdue == "1":
        qs = qs.exclude(status=DemandStatus.CLOSED).filter(due_date__lt=_today())
    return qs


def demand_get(*, user: User, pk: int) -> Demand:
    return demand_list(user=user).get(pk=pk)


# ---------------------------------------------------------------- the time line


@dataclass
class TimelineEntry:
    on: dt.date
    kind: str
    title: str
    detail: str = ""
    url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


# Other apps (recuperation: trips) register a provider: (person, user) -> list[TimelineEntry].
TIMELINE_PROVIDERS: list[Callable[[Person, User], list[TimelineEntry]]] = []


def register_timeline_provider(fn: Callable[[Person, User], list[TimelineEntry]]) -> None:
    """Hook for later apps: add entries (e.g. 疗休养 trips) to a model worker's time line."""
    if fn not in TIMELINE_PROVIDERS:
        TIMELINE_PROVIDERS.append(fn)


def person_timeline(*, user: User, person: Person) -> list[TimelineEntry]:
    """Honors, events, visits, subsidies and demands of one person, newest first."""
    entries: list[TimelineEntry] = []
    for h in Honor.objects.filter(person=person).select_related("honor_type"):
        entries.append(
            TimelineEntry(
                on=dt.date(h.year, 1, 1),
                kind="荣誉",
                title=f"{h.year}年 {h.honor_type.name}",
                detail=f"{h.authority} {h.doc_number}".strip()
                + (f"（已撤销：{h.revoke_reason}）" if h.status == "revoked" else ""),
            )
        )
        if h.revoked_on:
            entries.append(
                TimelineEntry(
                    on=h.revoked_on,
                    kind="撤销",
                    title=f"撤销 {h.honor_type.name}",
                    detail=h.revoke_reason,
                )
            )
    for e in LifeEvent.objects.filter(person=person):
        entries.append(
            TimelineEntry(on=e.occurred_on, kind="事件", title=e.get_kind_display(), detail=e.note)
        )
    for t in VisitTask.objects.filter(person=person).select_related("officer", "holiday"):
        if t.status == VisitStatus.DONE and t.visited_on:
            detail = f"慰问金 {t.money} 元" + (f"，{t.goods}" if t.goods else "")
            entries.append(
                TimelineEntry(
                    on=t.visited_on,
                    kind="走访",
                    title=f"{t.get_occasion_display()}走访"
                    + (f"（{t.holiday.name}）" if t.holiday_id and t.holiday else ""),
                    detail=detail,
                )
            )
        else:
            entries.append(
                TimelineEntry(
                    on=t.due_date,
                    kind="走访任务",
                    title=f"{t.get_occasion_display()}（{t.get_status_display()}）",
                    detail=t.cancel_reason,
                )
            )
    for p in SubsidyPayment.objects.filter(person=person).select_related("subsidy_list"):
        on = p.subsidy_list.paid_at or p.subsidy_list.approved_at or p.subsidy_list.made_at
        entries.append(
            TimelineEntry(
                on=clock.day_of(on),
                kind="补助",
                title=f"{p.year}年劳模补助 {p.amount} 元",
                detail=p.get_status_display() + (f"：{p.cancel_reason}" if p.cancel_reason else ""),
            )
        )
    for d in Demand.objects.filter(person=person):
        entries.append(
            TimelineEntry(on=d.filed_on, kind="诉求", title=d.title, detail=d.get_status_display())
        )
    for provider in TIMELINE_PROVIDERS:
        entries.extend(provider(person, user))
    entries.sort(key=lambda e: e.on, reverse=True)
    return entries


def roster_people_count(*, user: User) -> int:
    return registry_list(user=user).count()


def overdue_counts(*, user: User) -> dict[str, int]:
    """For the dashboard: overdue visits and demands in scope."""
    return {
        "visits": visit_task_list(user=user, overdue="1").count(),
        "demands": demand_list(user=user, overdue="1").count(),
    }
