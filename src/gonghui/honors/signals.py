"""Keep the registry consistent whichever page or service changes a person.

core.services.person_set_status / membership_transfer save the Person; these receivers run
inside the same transaction (post_save fires before the atomic block commits), so a death,
a retirement or a move updates open visit tasks and unpaid subsidy lines atomically — also
when the change is made from the core 人员档案 page rather than from honors.services.
Bulk writes (the persons import uses bulk_update) bypass post_save and send
core.signals.persons_changed instead, which is followed the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from gonghui.core import clock
from gonghui.core.models import Person, PersonStatus
from gonghui.core.signals import persons_changed

if TYPE_CHECKING:
    from gonghui.honors.models import ModelWorker


@receiver(pre_save, sender=Person)
def _remember_person_state(sender: type[Person], instance: Person, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.pk is None:
        instance._honors_before = None  # type: ignore[attr-defined]
        return
    instance._honors_before = (  # type: ignore[attr-defined]
        Person.objects.filter(pk=instance.pk).values_list("status", "org_id").first()
    )


@receiver(post_save, sender=Person)
def _person_changed(sender: type[Person], instance: Person, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_honors_before", None)
    if kwargs.get("raw") or created or before is None:
        return
    old_status, old_org = before
    if old_status == instance.status and old_org == instance.org_id:
        return
    from gonghui.honors.models import ModelWorker

    mw = ModelWorker.objects.filter(person=instance).first()
    if mw is not None:
        _follow(instance, mw, old_status, old_org)


@receiver(persons_changed)
def _persons_bulk_changed(
    sender: type[Person], changes: list[tuple[Person, str, int]], **kwargs: Any
) -> None:
    from gonghui.honors.models import ModelWorker

    workers = {
        mw.person_id: mw
        for mw in ModelWorker.objects.filter(person_id__in=[p.pk for p, _, _ in changes])
    }
    for person, old_status, old_org in changes:
        if person.pk in workers:
            _follow(person, workers[person.pk], old_status, old_org)


def _follow(instance: Person, mw: ModelWorker, old_status: str, old_org: int) -> None:
    """What a change of status or organization (callers check there is one) means for a model
    worker's tasks and money."""
    from gonghui.honors.models import LifeEvent, VisitOccasion
    from gonghui.honors.services import model_worker_refresh, sync_after_move

    if old_org != instance.org_id:
        sync_after_move(person=instance)
    if old_status != instance.status:
        model_worker_refresh(
            person=instance,
            reason="人员已故" if instance.status == PersonStatus.DECEASED else "状态变更",
            old_status=old_status,
        )
        if instance.status == PersonStatus.RETIRED and mw.level is not None:
            today = clock.today()
            recent = LifeEvent.objects.filter(
                person=instance,
                kind=VisitOccasion.RETIREMENT,
                created_at__gte=clock.now() - dt.timedelta(days=1),
            ).exists()
            if not recent:
                from gonghui.honors.services.visits import _event_with_task

                _event_with_task(
                    person=instance,
                    kind=VisitOccasion.RETIREMENT,
                    occurred_on=today,
                    note="退休离岗（人员状态变更）",
                    user=None,
                )
