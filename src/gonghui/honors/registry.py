"""What other domains may ask of the 劳模 registry.

Recuperation (and any domain that needs to know who is a 劳模) reads the registry through these
functions, never through the honors models: what a valid honor, a 劳模 level and a model worker
are is decided here, next to the records, and other domains get plain answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from gonghui.core.models import Organization, PersonStatus
from gonghui.honors.models import Honor, HonorCategory, HonorLevel, HonorStatus, ModelWorker

# The titles that make a person a 劳模 in the narrow sense: 劳动模范, 先进工作者, 五一劳动奖章.
MODEL_WORKER_TITLES: tuple[str, ...] = (
    HonorCategory.MODEL_WORKER,
    HonorCategory.ADVANCED_WORKER,
    HonorCategory.MAY_DAY_MEDAL,
)


@dataclass(frozen=True)
class HonorRecord:
    """One individual honor as other domains see it."""

    person_id: int
    category: str  # model_worker, advanced_worker, may_day_medal, craftsman, other
    category_label: str  # 劳动模范, 先进工作者 …
    level: int  # 1 国家级, 2 省级, 3 市级, 4 县级, 5 其他
    year: int
    valid: bool  # False once revoked


def model_workers(*, within: Organization) -> QuerySet[ModelWorker]:
    """Model workers of `within`'s subtree who hold a valid individual honor (a 劳模 level),
    with their person and organization; not limited to any user's scope."""
    return ModelWorker.objects.select_related("person__org").filter(
        level__isnull=False, person__org__path__startswith=within.path
    )


def individual_honors(
    *, within: Organization, person_ids: Iterable[int] | None = None
) -> list[HonorRecord]:
    """Every individual honor, valid or revoked, of the people of `within`'s subtree (only of
    `person_ids` when given), ordered by person, year and title."""
    rows = Honor.objects.filter(
        person__isnull=False,
        person__org__path__startswith=within.path,
        honor_type__collective=False,
    )
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    return [
        HonorRecord(
            person_id=h.person_id or 0,
            category=h.honor_type.category,
            category_label=h.honor_type.get_category_display(),
            level=h.honor_type.level,
            year=h.year,
            valid=h.status == HonorStatus.VALID,
        )
        for h in rows.select_related("honor_type").order_by(
            "person_id", "year", "honor_type_id", "pk"
        )
    ]


def level_labels(person_ids: Iterable[int]) -> dict[int, str]:
    """The 劳模 level in words (国家级 … 其他) of each of `person_ids` holding a valid honor;
    the others are left out."""
    levels = ModelWorker.objects.filter(
        person_id__in=list(person_ids), level__isnull=False
    ).values_list("person_id", "level")
    return {person_id: HonorLevel(level).label for person_id, level in levels if level is not None}


def living_holder_count(
    *,
    within: Organization,
    titles: Iterable[str] = MODEL_WORKER_TITLES,
    lowest_level: int = HonorLevel.CITY,
) -> int:
    """How many living people of `within`'s subtree hold a valid individual honor of one of
    `titles` at `lowest_level` or above (国家级 is the highest)."""
    return (
        Honor.objects.filter(
            status=HonorStatus.VALID,
            honor_type__level__lte=lowest_level,
            honor_type__collective=False,
            honor_type__category__in=list(titles),
            person__org__path__startswith=within.path,
        )
        .exclude(person__status=PersonStatus.DECEASED)
        .values("person_id")
        .distinct()
        .count()
    )
