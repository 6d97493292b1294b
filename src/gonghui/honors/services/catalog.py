"""The city-wide settings of the registry (市总 only): the honor-type catalog and the year's rules."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict, Unpack

from django.db import transaction
from django.db.models import ProtectedError

from gonghui.core.db import lock_row, unique_or
from gonghui.core.errors import DomainError
from gonghui.core.middleware import acting_as
from gonghui.core.models import Person, User
from gonghui.core.permissions import requires
from gonghui.honors.models import (
    Honor,
    HonorCategory,
    HonorLevel,
    HonorStatus,
    HonorType,
    YearRules,
)
from gonghui.honors.services.registry import model_worker_refresh

# ---------------------------------------------------------------- the honor-type catalog


def honor_type_resolve(name: str) -> HonorType:
    """The catalog entry named `name`, or a Chinese error naming the unknown type."""
    text = (name or "").strip()
    found = HonorType.objects.filter(name=text).first()
    if found is None:
        raise DomainError(f"未知的荣誉类型“{text}”，请先在荣誉类型目录中维护", column="荣誉类型")
    if not found.is_active:
        raise DomainError(f"荣誉类型“{text}”已停用，不能登记新的荣誉", column="荣誉类型")
    return found


INDIVIDUAL_CATEGORIES = [c for c in HonorCategory.values if c != HonorCategory.COLLECTIVE]
HONOR_TYPE_NAME_MAX = HonorType._meta.get_field("name").max_length or 60


def _honor_type_clean(
    *,
    name: str,
    collective: bool,
    level: Any,
    category: str,
    sort: Any,
    exclude_pk: int | None,
) -> tuple[str, int, str, int]:
    """Validated (name, level, category, sort) of a catalog entry, or a Chinese error."""
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("请填写荣誉名称")
    if len(name) > HONOR_TYPE_NAME_MAX:
        raise DomainError(f"荣誉名称不能超过{HONOR_TYPE_NAME_MAX}个字")
    clash = HonorType.objects.filter(name=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    found = clash.first()
    if found is not None:
        hint = "（已停用，可直接编辑并重新启用）" if not found.is_active else ""
        raise DomainError(f"荣誉类型“{name}”已存在{hint}，不能重复添加")
    try:
        level_value = int(level)
    except (TypeError, ValueError):
        level_value = 0
    if level_value not in HonorLevel.values:
        raise DomainError("请选择荣誉级别（国家级、省级、市级、县级或其他）")
    if collective:
        category = HonorCategory.COLLECTIVE
    elif category not in INDIVIDUAL_CATEGORIES:
        raise DomainError("请选择个人荣誉的类别（劳动模范、先进工作者、五一劳动奖章、工匠或其他）")
    try:
        sort_value = int(sort)
    except (TypeError, ValueError):
        sort_value = -1
    if not 0 <= sort_value <= 9999:
        raise DomainError("排序应为0至9999之间的整数")
    return name, level_value, category, sort_value


class HonorTypeFields(TypedDict):
    """What the catalog form gives."""

    name: str
    collective: bool
    level: int
    category: NotRequired[str]
    is_active: NotRequired[bool]
    sort: NotRequired[int]


@requires("honors.honor_type.create")
def honor_type_create(*, user: User, **fields: Unpack[HonorTypeFields]) -> HonorType:
    """Add a title to the catalog (市总 only); names are unique."""
    return _honor_type_save(user=user, honor_type=None, **fields)


@requires("honors.honor_type.change", on="honor_type")
def honor_type_update(
    *, user: User, honor_type: HonorType, **fields: Unpack[HonorTypeFields]
) -> HonorType:
    """Change a catalog entry; a new level re-grades every holder of the title."""
    return _honor_type_save(user=user, honor_type=honor_type, **fields)


def _honor_type_save(
    *,
    user: User,
    honor_type: HonorType | None,
    name: str,
    collective: bool,
    level: Any,
    category: str = "",
    is_active: bool = True,
    sort: Any = 100,
) -> HonorType:
    """Validate and save a new (honor_type None) or a locked catalog entry: names are unique,
    and an entry in use keeps its kind (individual or collective)."""
    with transaction.atomic(), acting_as(user):
        if honor_type is None:
            ht = HonorType()
        else:
            ht = lock_row(honor_type)
        old_level = ht.level
        name, level, category, sort = _honor_type_clean(
            name=name,
            collective=collective,
            level=level,
            category=category,
            sort=sort,
            exclude_pk=ht.pk,
        )
        used = ht.honors.count() if ht.pk else 0
        if used and bool(collective) != ht.collective:
            raise DomainError(
                f"“{ht.name}”已有{used}条荣誉记录，不能修改个人/集体属性；如需调整，请停用该类型后新建"
            )
        ht.name, ht.collective, ht.level, ht.category = name, bool(collective), level, category
        ht.is_active, ht.sort = bool(is_active), sort
        with unique_or(f"荣誉类型“{name}”已存在，不能重复添加"):
            ht.save()
        if honor_type is not None and ht.level != old_level:
            # A person's 劳模 level is their highest valid honor: re-grade the holders (their
            # unpaid subsidy lines follow in model_worker_refresh).
            holders = Person.objects.filter(
                pk__in=Honor.objects.filter(
                    honor_type=ht, status=HonorStatus.VALID, person__isnull=False
                ).values("person_id")
            ).select_related("org")
            for person in holders:
                model_worker_refresh(person=person, reason=f"荣誉类型“{ht.name}”级别调整")
    return ht


@requires("honors.honor_type.delete", on="honor_type")
def honor_type_delete(*, user: User, honor_type: HonorType) -> None:
    """Delete an unused catalog entry; one in use can only be deactivated."""
    with transaction.atomic(), acting_as(user):
        ht = lock_row(honor_type)
        used = ht.honors.count()
        if used:
            raise DomainError(
                f"“{ht.name}”已有{used}条荣誉记录使用，不能删除；可将其停用："
                "停用后不再用于登记新的荣誉，已有荣誉保持不变"
            )
        try:
            with transaction.atomic():
                ht.delete()
        except ProtectedError:
            raise DomainError(f"“{ht.name}”已被荣誉记录使用，不能删除，请改为停用") from None


# ---------------------------------------------------------------- the year's rules

YEAR_RULE_FIELDS = (
    "visit_event_days",
    "demand_sort_days",
    "demand_refer_days",
    "demand_feedback_days",
    "demand_close_days",
    "achievement_visit_years",
)


@requires("honors.rules.change")
def year_rules_save(*, user: User, year: int, values: dict[str, Any]) -> YearRules:
    """Save the year's deadlines (working days; 市总 only); audited by the signals."""
    if not 1990 <= int(year) <= 2100:
        raise DomainError(f"年度{year}无效")
    with transaction.atomic(), acting_as(user):
        saved = YearRules.objects.select_for_update().filter(year=year).first()
        obj = saved or YearRules(year=year)
        for name in YEAR_RULE_FIELDS:
            if name not in values:
                continue
            try:
                days = int(values[name])
            except (TypeError, ValueError):
                days = -1
            if not 0 <= days <= 365:
                label = getattr(YearRules._meta.get_field(name), "verbose_name", name)
                raise DomainError(f"{label}应为0至365之间的整数")
            setattr(obj, name, days)
        if "care_min_level" in values:
            try:
                level = int(values["care_min_level"])
            except (TypeError, ValueError):
                level = 0
            if level not in HonorLevel.values:
                raise DomainError("请选择享受礼遇的最低劳模级别")
            obj.care_min_level = level
        if "retirees_eligible" in values:
            obj.retirees_eligible = bool(values["retirees_eligible"])
        obj.save()
    return obj


def honor_types_ensure() -> int:
    """Re-create the seeded catalog if it is missing (e.g. after a test database flush)."""
    import importlib

    from django.apps import apps as global_apps

    seed = importlib.import_module("gonghui.honors.migrations.0002_seed_honor_types")
    before = HonorType.objects.count()
    seed.seed(global_apps, None)
    return HonorType.objects.count() - before
