"""Writes for the 疗休养基地 catalog: every staff user plans batches at any base; a base is
changed by the organization that maintains it (or one above it)."""

from __future__ import annotations

from typing import NotRequired, TypedDict, Unpack

from django.db import transaction

from gonghui.core.db import lock_row
from gonghui.core.models import User
from gonghui.core.permissions import requires
from gonghui.recuperation.models import Base, PlanStatus
from gonghui.recuperation.services_common import RecuperationError, creator_org


class BaseFields(TypedDict):
    """What the base form gives (`is_active`: None leaves it as it is)."""

    name: str
    place: str
    capacity: int
    services: NotRequired[str]
    contact: NotRequired[str]
    is_active: NotRequired[bool | None]


def _clean_base(name: str, place: str, capacity: int) -> tuple[str, str]:
    name, place = (name or "").strip(), (place or "").strip()
    if not name or not place:
        raise RecuperationError("基地名称和所在地不能为空")
    if capacity < 1:
        raise RecuperationError("接待能力至少为1人")
    return name, place


@requires("recuperation.base.create")
def base_create(*, user: User, **fields: Unpack[BaseFields]) -> Base:
    """Add a 疗休养基地, maintained by the user's organization."""
    return _base_save(user=user, base=None, **fields)


@requires("recuperation.base.change", on="base")
def base_update(*, user: User, base: Base, **fields: Unpack[BaseFields]) -> Base:
    """Change a 疗休养基地 its owner (or an organization above it) maintains."""
    return _base_save(user=user, base=base, **fields)


def _base_save(
    *,
    user: User,
    base: Base | None,
    name: str,
    place: str,
    capacity: int,
    services: str = "",
    contact: str = "",
    is_active: bool | None = None,
) -> Base:
    name, place = _clean_base(name, place, capacity)
    with transaction.atomic():
        dup = Base.objects.filter(name=name)
        if base is not None:
            base = lock_row(base)
            dup = dup.exclude(pk=base.pk)
            largest = (
                base.batches.filter(
                    plan__status__in=[PlanStatus.DRAFT, PlanStatus.APPROVED, PlanStatus.RUNNING]
                )
                .select_related("plan")
                .order_by("-max_size")
                .first()
            )
            if largest is not None and largest.max_size > capacity:
                raise RecuperationError(
                    f"批次{largest.code}（{largest.plan.year}年）安排了最多{largest.max_size}人，"
                    f"接待能力不能低于{largest.max_size}人"
                )
        if dup.exists():
            raise RecuperationError(f"基地“{name}”已存在")
        base = base or Base(org=creator_org(user))
        base.name, base.place, base.capacity = name, place, capacity
        base.services, base.contact = services.strip(), contact.strip()
        if is_active is not None:
            base.is_active = is_active
        base.save()
    return base


@requires("recuperation.base.delete", on="base")
def base_delete(*, user: User, base: Base) -> bool:
    """Delete a base no batch uses; a base a batch uses is deactivated instead (kept for the
    history, no longer offered for new batches). Returns True when it was deleted."""
    with transaction.atomic():
        base = lock_row(base)
        if base.batches.exists():
            if base.is_active:
                base.is_active = False
                base.save()
            return False
        base.delete()
    return True
