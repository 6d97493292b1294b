"""A model worker's time line (honors, events, visits, subsidies, demands) and the dashboard counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gonghui.core import clock
from gonghui.core.models import Person, User
from gonghui.core.money import yuan
from gonghui.honors.models import Demand, Honor, LifeEvent, SubsidyPayment, VisitStatus, VisitTask
from gonghui.honors.selectors.demands import demand_list
from gonghui.honors.selectors.visits import visit_task_list


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
            detail = f"慰问金 {yuan(t.money)}" + (f"，{t.goods}" if t.goods else "")
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
                title=f"{p.year}年劳模补助 {yuan(p.amount)}",
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


def overdue_counts(*, user: User) -> dict[str, int]:
    """For the dashboard: overdue visits and demands in scope."""
    return {
        "visits": visit_task_list(user=user, overdue="1").count(),
        "demands": demand_list(user=user, overdue="1").count(),
    }
