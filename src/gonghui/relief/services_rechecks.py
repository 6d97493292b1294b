"""年度复核 (the yearly re-check of every filed case) and 帮扶 records on a case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from gonghui.core import audit, clock
from gonghui.core.errors import DomainError
from gonghui.core.middleware import acting_as
from gonghui.core.models import AuditAction, Organization, User
from gonghui.core.money import to_money
from gonghui.core.permissions import requires
from gonghui.core.scope import scoped
from gonghui.core.validators import normalize_text
from gonghui.relief.models.cases import (
    Aid,
    AidKind,
    Case,
    CaseStatus,
    CaseStep,
    Category,
    Recheck,
    RecheckResult,
)
from gonghui.relief.selectors_cases import setting_for
from gonghui.relief.services_cases import _close_case


@dataclass
class RecheckRun:
    """What rechecks_generate did: tasks made, tasks that already existed, and the units whose
    cases got none because no 困难认定标准 of the year applies to them."""

    year: int
    created: int = 0
    existing: int = 0
    without_setting: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.year}年度复核：新生成{self.created}项，已有{self.existing}项"
        if self.without_setting:
            text += (
                f"；{'、'.join(self.without_setting[:10])}"
                f"{'等' if len(self.without_setting) > 10 else ''}"
                f"未设置{self.year}年困难认定标准，其档案未生成复核任务"
            )
        return text


@requires("relief.case.recheck")
def rechecks_generate(*, user: User, year: int) -> RecheckRun:
    """Make one 年度复核 task per filed case of the user's subtree for `year`, due by the
    year's setting in force for the case's organization. Running it again adds only the cases
    filed since (cases filed in the year itself are checked at filing, not re-checked)."""
    if not 2000 <= int(year) <= 2100:
        raise DomainError(f"年度{year}无效", column="year")
    run = RecheckRun(year=int(year))
    qs = Case.objects.filter(status=CaseStatus.FILED, filed_on__year__lt=year)
    if user is not None:
        qs = scoped(qs, user)
    with transaction.atomic(), acting_as(user):
        done = set(
            Recheck.objects.filter(case__in=qs.values("pk"), year=year).values_list(
                "case_id", flat=True
            )
        )
        settings: dict[int, Any] = {}
        missing: dict[int, str] = {}
        new: list[Recheck] = []
        for case in qs.select_related("org").order_by("id"):
            if case.pk in done:
                run.existing += 1
                continue
            if case.org_id not in settings:
                settings[case.org_id] = setting_for(case.org, year)
            setting = settings[case.org_id]
            if setting is None:
                missing[case.org_id] = case.org.name
                continue
            new.append(Recheck(case=case, year=year, due=setting.recheck_due))
        # A second run at the same moment inserts the same (case, year): the constraint keeps one.
        Recheck.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
        run.created = len(new)
        run.without_setting = sorted(missing.values())
        if new:
            audit.record(
                action=AuditAction.CREATE,
                model="relief.recheck",
                user=user,
                org=getattr(user, "organization", None),
                note=f"生成{year}年年度复核任务{len(new)}项",
            )
    return run


@requires("relief.case.recheck", on="recheck")
def recheck_complete(
    *,
    user: User,
    recheck: Recheck,
    result: str,
    income_per_head: Any,
    note: str = "",
    done_on: dt.date | None = None,
) -> Recheck:
    """办理年度复核: 维持, 调整困难类别 (by the income per head now) or 解困脱困 (closes the case;
    the note is the reason)."""
    if result not in RecheckResult.values:
        raise DomainError("请选择复核结论", column="result")
    income = to_money(income_per_head, field="复核时家庭月人均收入")
    note = (note or "").strip()
    done_on = done_on or clock.today()
    if done_on > clock.today():
        raise DomainError("复核日期不能晚于今天", column="done_on")
    if result == RecheckResult.EXIT and not note:
        raise DomainError("结论为解困脱困时，请在说明中填写解困脱困原因", column="note")
    with transaction.atomic(), acting_as(user):
        recheck = Recheck.objects.select_for_update().get(pk=recheck.pk)
        case = (
            Case.objects.select_for_update().select_related("org", "person").get(pk=recheck.case_id)
        )
        if recheck.done_on is not None:
            raise DomainError(
                f"档案{case.number}的{recheck.year}年复核已于{recheck.done_on:%Y-%m-%d}办理"
            )
        if case.status != CaseStatus.FILED:
            raise DomainError(f"档案{case.number}当前状态为“{case.get_status_display()}”，不能复核")
        labels = dict(Category.choices)
        step_note = f"{recheck.year}年复核：{RecheckResult(result).label}"
        if result != RecheckResult.EXIT:
            found = _category_now(case, recheck.year, income)
            if result == RecheckResult.KEEP and case.category != Category.ACCIDENT:
                if found != case.category:
                    raise DomainError(
                        f"按复核时家庭月人均收入应认定为“{labels[found]}”，"
                        f"不是现在的“{labels[case.category]}”，请选择“调整困难类别”",
                        column="result",
                    )
            if result == RecheckResult.CHANGE:
                if found == case.category:
                    raise DomainError(
                        f"按复核时家庭月人均收入仍为“{labels[found]}”，请选择“维持”",
                        column="result",
                    )
                step_note += f"，{labels[case.category]}→{labels[found]}"
                case.category = found
            case.income_per_head = income
            case.save()
        recheck.done_on = done_on
        recheck.result = result
        recheck.income_per_head = income
        recheck.note = note[:300]
        recheck.done_by = user
        recheck.save()
        if result == RecheckResult.EXIT:
            _close_case(case, user=user, reason=note, on=done_on)
        else:
            CaseStep.objects.create(
                case=case, step="年度复核", actor=user, note=(step_note + "；" + note)[:300]
            )
    return recheck


def _category_now(case: Case, year: int, income: Any) -> str:
    setting = setting_for(case.org, year)
    if setting is None:
        raise DomainError(f"{case.org.name}及其上级均未设置{year}年困难认定标准")
    found = setting.category_for(income)
    if found is None:
        raise DomainError(
            "复核时家庭月人均收入已高于相对困难标准，不再符合困难职工认定条件，"
            "请选择“解困脱困”并填写原因",
            column="income_per_head",
        )
    return str(found)


# ---------------------------------------------------------------- 帮扶记录


@requires("relief.aid.create", on="case")
def aid_create(
    *,
    user: User,
    case: Case,
    kind: str,
    description: str,
    given_on: dt.date | None,
    amount: Any = "0",
    org: Organization | None = None,
    budget_line: str = "",
) -> Aid:
    """登记帮扶记录 on a filed case: money, goods or a service, who gave it (an organization
    in the user's subtree, by default their own) and from which budget line."""
    if kind not in AidKind.values:
        raise DomainError("请选择帮扶方式", column="kind")
    description = normalize_text(description)
    if not description:
        raise DomainError("请填写帮扶内容", column="description")
    money = to_money(amount if amount not in (None, "") else "0", field="帮扶金额")
    if kind == AidKind.MONEY and money <= 0:
        raise DomainError("资金帮扶须填写大于0的金额", column="amount")
    if given_on is None:
        raise DomainError("请填写帮扶日期", column="given_on")
    if given_on > clock.today():
        raise DomainError("帮扶日期不能晚于今天", column="given_on")
    giver = org if org is not None else (user.organization if user is not None else case.org)
    if giver is None:
        raise DomainError("请选择帮扶单位", column="org")
    if user is not None and user.organization is not None:
        if not giver.path.startswith(user.organization.path):
            raise DomainError("帮扶单位不在您的管辖范围内", column="org")
    with transaction.atomic(), acting_as(user):
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status != CaseStatus.FILED:
            raise DomainError(
                f"档案{case.number}当前状态为“{case.get_status_display()}”，"
                "只能为已建档的档案登记帮扶"
            )
        return Aid.objects.create(
            case=case,
            kind=kind,
            amount=money,
            description=description[:300],
            given_on=given_on,
            org=giver,
            budget_line=normalize_text(budget_line)[:60],
            created_by=user,
        )
