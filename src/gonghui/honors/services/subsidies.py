"""Care subsidies: payout lists computed from the registry, budgets, standards, approval and payment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from gonghui.core import audit, clock
from gonghui.core.audit import update_noted
from gonghui.core.db import lock_row, unique_or
from gonghui.core.errors import DomainError
from gonghui.core.middleware import acting_as
from gonghui.core.models import AuditAction, Organization, PersonStatus, User
from gonghui.core.money import to_money
from gonghui.core.permissions import requires
from gonghui.honors import rules
from gonghui.honors.models import (
    HonorLevel,
    PaymentStatus,
    SubsidyList,
    SubsidyListStatus,
    SubsidyPayment,
    SubsidyStandard,
)
from gonghui.honors.services.common import _payment_reprice, _today

BUDGET_LINE_MAX = SubsidyList._meta.get_field("budget_line").max_length or 100
BUDGET_MAX = Decimal("9999999999.99")  # 12 digits, 2 after the point


def _budget_clean(budget_line: str, budget_amount: Any) -> tuple[str, Decimal | None]:
    """A validated (budget line, optional budget amount) of a payout list."""
    line = " ".join((budget_line or "").split())
    if not line:
        raise DomainError("请填写预算科目（如：工会经费—劳模慰问补助）")
    if len(line) > BUDGET_LINE_MAX:
        raise DomainError(f"预算科目不能超过{BUDGET_LINE_MAX}个字")
    if budget_amount is None or str(budget_amount).strip() == "":
        return line, None
    amount = to_money(budget_amount, field="预算金额")
    if amount > BUDGET_MAX:
        raise DomainError(f"预算金额不能超过{BUDGET_MAX}元")
    return line, amount


@requires("honors.subsidy.compute")
def subsidy_list_compute(
    *, user: User, year: int, budget_line: str = "", budget_amount: Any = None
) -> SubsidyList:
    """The year's payout list for the user's organization, computed from the registry, charged
    to a budget line (required) with an optional budget amount."""
    from gonghui.honors.selectors import registry_list

    if user.organization is None:
        raise DomainError("您没有所属组织，不能编制名单")
    line, amount = _budget_clean(budget_line, budget_amount)
    with transaction.atomic():
        org = lock_row(user.organization)
        if SubsidyList.objects.filter(org=org, year=year, status=SubsidyListStatus.DRAFT).exists():
            raise DomainError(f"{org.name}已有{year}年待审核的补助名单，请先审核或删除")
        done = set(
            SubsidyPayment.objects.filter(
                year=year, status__in=[PaymentStatus.APPROVED, PaymentStatus.PAID]
            ).values_list("person_id", flat=True)
        )
        pending_elsewhere = set(
            SubsidyPayment.objects.filter(
                year=year,
                status=PaymentStatus.PENDING,
                subsidy_list__status=SubsidyListStatus.DRAFT,
            ).values_list("person_id", flat=True)
        )
        workers = (
            registry_list(user=user, status_in=[PersonStatus.ACTIVE, PersonStatus.RETIRED])
            .filter(rules.care_eligible_q(rules.rules_for(year)))
            .select_related("person__org")
        )
        cache: dict[tuple[int, int | None], Decimal] = {}
        lines: list[tuple[int, int, Decimal]] = []
        for mw in workers:
            if mw.person_id in done or mw.person_id in pending_elsewhere:
                continue
            key = (mw.person.org_id, mw.level)
            if key not in cache:
                cache[key] = rules.subsidy_amount(org=mw.person.org, year=year, level=mw.level)
            if cache[key] > 0 and mw.level is not None:
                lines.append((mw.person_id, mw.level, cache[key]))
        if not lines:
            raise DomainError(f"{year}年没有需要发放补助的劳模（可能均已发放或不符合条件）")
        sl = SubsidyList.objects.create(
            org=org, year=year, made_by=user, budget_line=line, budget_amount=amount
        )
        SubsidyPayment.objects.bulk_create(
            [
                SubsidyPayment(subsidy_list=sl, person_id=pid, year=year, level=lvl, amount=amt)
                for pid, lvl, amt in lines
            ],
            batch_size=1000,
        )
        audit.record(
            action=AuditAction.CREATE,
            instance=sl,
            user=user,
            note=f"生成{year}年补助名单{len(lines)}人，合计{sum(a for _, _, a in lines)}元，"
            f"预算科目：{line}",
        )
    return sl


def _lock_list(subsidy_list: SubsidyList) -> SubsidyList:
    return SubsidyList.objects.select_for_update().select_related("org").get(pk=subsidy_list.pk)


PAID_LOCKED = "名单已登记发放，已锁定，不能再修改"


@requires("honors.subsidy.budget", on="subsidy_list")
def subsidy_list_set_budget(
    *, user: User, subsidy_list: SubsidyList, budget_line: str, budget_amount: Any = None
) -> SubsidyList:
    """Change the budget line and amount of a list not yet paid (a paid list is locked)."""
    line, amount = _budget_clean(budget_line, budget_amount)
    with transaction.atomic(), acting_as(user):
        sl = _lock_list(subsidy_list)
        if sl.status == SubsidyListStatus.PAID:
            raise DomainError(PAID_LOCKED)
        if sl.budget_line != line or sl.budget_amount != amount:
            sl.budget_line, sl.budget_amount = line, amount
            sl.save()
    return sl


SUBSIDY_MAX = Decimal("99999999.99")  # the column holds 10 digits, 2 after the point


@requires("honors.subsidy_standard.change", on="region")
def subsidy_standard_set(
    *,
    user: User,
    year: int,
    level: int,
    amount: Any,
    region: Organization | None = None,
) -> SubsidyStandard:
    """Set the yearly subsidy of a level for the city (region None) or a county; audited.

    Refused once a payout list of that year covering the region is approved: its amounts
    are final. Lines still waiting for review take the new amount at once.
    """
    this_year = _today().year
    if not 2000 <= int(year) <= this_year + 1:
        raise DomainError(f"年度{year}无效，应在2000至{this_year + 1}之间")
    if level not in HonorLevel.values:
        raise DomainError("请选择劳模级别")
    if amount is None or str(amount).strip() == "":
        raise DomainError("请填写年补助标准（元）")
    value = to_money(amount, field="年补助标准")
    if value > SUBSIDY_MAX:
        raise DomainError(f"年补助标准不能超过{SUBSIDY_MAX}元")
    if region is not None and region.depth == 0:
        region = None  # the city's own row is the city-wide default
    if region is not None and region.depth != 1:
        raise DomainError("补助标准按全市或县（市、区）设置，请选择县级工会")
    level_label = HonorLevel(level).label
    with transaction.atomic(), acting_as(user):
        lists = SubsidyList.objects.filter(year=year)
        if region is not None:
            # Lists made inside the region, or above it (a city list covers the county too).
            lists = lists.filter(Q(org__in=region.subtree()) | Q(org__in=region.ancestors()))
        # Lock the year's lists: an approval racing this change waits for it, or vice versa.
        locked = list(lists.select_for_update(of=("self",)).select_related("org").order_by("pk"))
        done = [sl for sl in locked if sl.status != SubsidyListStatus.DRAFT]
        if done:
            names = "、".join(dict.fromkeys(sl.org.name for sl in done))
            raise DomainError(
                f"{year}年补助名单已审核（{names}），该年度补助标准不能再修改；"
                "如确需调整，请联系市总工会"
            )
        standard, _ = SubsidyStandard.objects.select_for_update().get_or_create(
            region=region, year=year, level=level, defaults={"amount": value}
        )
        if standard.amount != value:
            standard.amount = value
            standard.save()
        pending = SubsidyPayment.objects.select_for_update(of=("self",)).filter(
            subsidy_list__in=[sl.pk for sl in locked],
            status=PaymentStatus.PENDING,
            level=level,
        )
        if region is not None:
            pending = pending.filter(person__org__in=region.subtree())
        cache: dict[int, Decimal] = {}
        for pay in pending.select_related("person__org"):
            org = pay.person.org
            if org.pk not in cache:
                cache[org.pk] = rules.subsidy_amount(org=org, year=year, level=level)
            new = cache[org.pk]
            if new == pay.amount:
                continue
            why = f"{year}年{level_label}补助标准调整"
            _payment_reprice(pay, amount=new, cause=why, none_cause=f"{why}为0", person=pay.person)
    return standard


@requires("honors.subsidy.delete", on="subsidy_list")
def subsidy_list_delete(*, user: User, subsidy_list: SubsidyList) -> None:
    """Delete a list still waiting for review."""
    with transaction.atomic():
        sl = _lock_list(subsidy_list)
        if sl.status == SubsidyListStatus.PAID:
            raise DomainError(PAID_LOCKED)
        if sl.status != SubsidyListStatus.DRAFT:
            raise DomainError("已审核的名单不能删除")
        sl.delete()


@requires("honors.subsidy.approve", on="subsidy_list")
def subsidy_list_approve(*, user: User, subsidy_list: SubsidyList) -> SubsidyList:
    """A second user approves the list; a person already approved this year blocks it."""
    with transaction.atomic():
        sl = _lock_list(subsidy_list)
        if sl.status == SubsidyListStatus.PAID:
            raise DomainError(PAID_LOCKED)
        if sl.made_by_id == user.pk:
            raise DomainError("制表人不能审核自己编制的名单，请由另一位工作人员审核")
        if sl.status != SubsidyListStatus.DRAFT:
            raise DomainError(f"名单当前状态为“{sl.get_status_display()}”，不能再次审核")
        remaining = sl.budget_remaining
        if remaining is not None and remaining < 0:
            raise DomainError(
                f"名单合计{sl.lines_total}元超出预算金额{sl.budget_amount}元（{sl.budget_line}），"
                "请调整预算金额或名单后再审核"
            )
        pending = SubsidyPayment.objects.filter(subsidy_list=sl, status=PaymentStatus.PENDING)
        clash = (
            SubsidyPayment.objects.filter(
                year=sl.year,
                status__in=[PaymentStatus.APPROVED, PaymentStatus.PAID],
                person__in=pending.values("person"),
            )
            .exclude(subsidy_list=sl)
            .select_related("person")
            .first()
        )
        if clash is not None:
            raise DomainError(
                f"{clash.person.name}的{sl.year}年补助已在其他名单中审核，不能重复发放"
            )
        # The partial unique index settles a race with another approval of the same person.
        with unique_or(f"名单中有人员的{sl.year}年补助已在其他名单中审核，不能重复发放"):
            pending.update(status=PaymentStatus.APPROVED)
        sl.status = SubsidyListStatus.APPROVED
        sl.approved_by = user
        sl.approved_at = clock.now()
        sl.save()
    return sl


VOUCHER_MAX = SubsidyList._meta.get_field("voucher_number").max_length or 60


@requires("honors.subsidy.mark_paid", on="subsidy_list")
def subsidy_list_mark_paid(
    *,
    user: User,
    subsidy_list: SubsidyList,
    paid_on: dt.date | None = None,
    voucher_number: str = "",
) -> SubsidyList:
    """Record the bank transfer of an approved list (date and voucher); the list is then locked."""
    voucher = " ".join((voucher_number or "").split())
    if paid_on is None:
        raise DomainError("请填写发放日期")
    if paid_on > _today():
        raise DomainError("发放日期不能晚于今天")
    if not voucher:
        raise DomainError("请填写记账凭证号")
    if len(voucher) > VOUCHER_MAX:
        raise DomainError(f"凭证号不能超过{VOUCHER_MAX}个字")
    with transaction.atomic(), acting_as(user):
        sl = _lock_list(subsidy_list)
        if sl.status == SubsidyListStatus.PAID:
            raise DomainError(PAID_LOCKED)
        if sl.status != SubsidyListStatus.APPROVED:
            raise DomainError("只有已审核的名单才能登记发放")
        if sl.approved_at is not None and paid_on < clock.day_of(sl.approved_at):
            raise DomainError("发放日期不能早于名单审核日期")
        paid = SubsidyPayment.objects.filter(subsidy_list=sl, status=PaymentStatus.APPROVED)
        count = paid.count()
        paid.update(status=PaymentStatus.PAID)
        update_noted(
            sl,
            note=f"登记发放：{count}人，合计{sl.lines_total}元，发放日期{paid_on:%Y-%m-%d}，"
            f"凭证号{voucher}，预算科目{sl.budget_line}",
            status=SubsidyListStatus.PAID,
            paid_at=clock.now(),
            paid_by=user,
            paid_on=paid_on,
            voucher_number=voucher,
        )
    return sl
