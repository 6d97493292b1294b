"""困难认定标准: an organization's thresholds for a year (inherited by the units below it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from gonghui.core.db import unique_or
from gonghui.core.errors import DomainError
from gonghui.core.middleware import acting_as
from gonghui.core.models import Organization, User
from gonghui.core.money import CENT, to_money
from gonghui.core.permissions import requires
from gonghui.relief.models.cases import ReliefSetting

MAX_MULTIPLE = Decimal("10")


@requires("relief.setting.change", on="org")
def setting_save(
    *,
    user: User,
    org: Organization,
    year: int,
    dibao: Any,
    recheck_due: dt.date,
    deep_multiple: Any = "1.00",
    relative_multiple: Any = "1.50",
) -> ReliefSetting:
    """Set (or change) an organization's thresholds for a year. An officer sets their own
    organization's; units below without their own use the nearest one above."""
    if user is not None and user.organization_id != org.pk:
        raise DomainError("只能设置本组织的困难认定标准", column="org")
    if not 2000 <= int(year) <= 2100:
        raise DomainError(f"年度{year}无效", column="year")
    low = to_money(dibao, field="城市低保标准")
    if low <= 0:
        raise DomainError("城市低保标准应大于0元", column="dibao")
    deep = _multiple(deep_multiple, "深度困难收入倍数", "deep_multiple")
    relative = _multiple(relative_multiple, "相对困难收入倍数", "relative_multiple")
    if relative < deep:
        raise DomainError(
            f"相对困难收入倍数{relative}不能小于深度困难收入倍数{deep}",
            column="relative_multiple",
        )
    if recheck_due is None:
        raise DomainError("请填写年度复核截止日期", column="recheck_due")
    if recheck_due.year != int(year):
        raise DomainError(
            f"年度复核截止日期{recheck_due:%Y-%m-%d}应在{year}年内", column="recheck_due"
        )
    values = {
        "dibao": low,
        "deep_multiple": deep,
        "relative_multiple": relative,
        "recheck_due": recheck_due,
    }
    with transaction.atomic(), acting_as(user):
        setting = ReliefSetting.objects.select_for_update().filter(org=org, year=year).first()
        if setting is None:
            with unique_or(f"{org.name}{year}年的困难认定标准刚由他人设置，请刷新后再改"):
                setting = ReliefSetting.objects.create(org=org, year=year, **values)
        else:
            for name, value in values.items():
                setattr(setting, name, value)
            setting.save()
    return setting


def _multiple(value: Any, label: str, column: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        raise DomainError(f"{label}“{value}”不是有效的数字", column=column) from None
    if not number.is_finite() or number <= 0 or number > MAX_MULTIPLE:
        raise DomainError(f"{label}应大于0且不超过{MAX_MULTIPLE}", column=column)
    if number != number.quantize(CENT):
        raise DomainError(f"{label}最多保留两位小数", column=column)
    return number.quantize(CENT)
