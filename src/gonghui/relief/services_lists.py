"""Writes of distribution lists (发放名单): create, generate from the ledger, add and remove
people, then submit (which pools the people into the campaign), approve or return.

Every write locks the list row; submitting locks the campaign row first, so two counties
submitting the same person at once are decided one after the other (and the partial unique
constraint relief_one_per_campaign is the backstop).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from gonghui.core import audit, clock
from gonghui.core.errors import DomainError, named
from gonghui.core.models import AuditAction, Organization, Person, User
from gonghui.core.money import to_money, yuan
from gonghui.core.permissions import requires
from gonghui.relief.models import (
    Campaign,
    CampaignStandard,
    CampaignStatus,
    Case,
    CaseStatus,
    Distribution,
    DistributionList,
    ListStatus,
)
from gonghui.relief.models.campaigns import DuplicateResolution

EDITABLE = (ListStatus.DRAFT, ListStatus.RETURNED)


def standards_of(campaign: Campaign) -> dict[str, CampaignStandard]:
    return {s.group: s for s in campaign.standards.all()}


def standard_for(
    standards: dict[str, CampaignStandard], group: str, *, where: str = ""
) -> CampaignStandard:
    """The standard of `group` (a value or a label), else a Chinese error naming it."""
    text = " ".join(str(group or "").split())
    if not text:
        raise DomainError(f"{where}请填写对象类别", column="group")
    hit = standards.get(text) or next((s for s in standards.values() if s.label == text), None)
    if hit is None:
        offered = "、".join(s.label for s in standards.values())
        raise DomainError(
            f"{where}对象类别“{text}”没有慰问标准（本活动的对象类别：{offered}）", column="group"
        )
    return hit


def item_amount(
    standard: CampaignStandard, amount: Any, reason: str | None, *, where: str = ""
) -> tuple[Decimal, str]:
    """The amount of an item: the standard's when blank; above the standard only with a reason."""
    reason = " ".join(str(reason or "").split())
    if amount is None or str(amount).strip() == "":
        value = standard.amount
    else:
        value = to_money(amount, field=f"{where}金额")
    if value > standard.amount and not reason:
        raise DomainError(
            f"{where}金额{yuan(value)}高于“{standard.label}”的标准{yuan(standard.amount)}，"
            "须填写调整原因",
            column="override_reason",
        )
    if len(reason) > 200:
        raise DomainError(f"{where}调整原因过长（最多200个字）", column="override_reason")
    return value, reason


def _locked_list(dlist: DistributionList, *, editable: bool = False) -> DistributionList:
    locked = (
        DistributionList.objects.select_for_update()
        .select_related("campaign", "org")
        .get(pk=dlist.pk)
    )
    if editable:
        if locked.status not in EDITABLE:
            raise DomainError(f"名单{locked.get_status_display()}，不能再修改；如需修改，请先退回")
        if locked.campaign.status != CampaignStatus.OPEN:
            raise DomainError(f"“{locked.campaign}”已结束，不能再修改名单")
    return locked


def _in_org(person: Person, org: Organization) -> bool:
    return person.org.path.startswith(org.path)


def _filed_cases(persons: Iterable[int]) -> dict[int, Case]:
    return {
        c.person_id: c
        for c in Case.objects.filter(person_id__in=list(persons), status=CaseStatus.FILED)
    }


@requires("relief.list.submit", on="org")
def list_create(
    *, user: User, campaign: Campaign, org: Organization, budget_line: str = ""
) -> DistributionList:
    """编制发放名单: a draft list of `org` for the campaign."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().select_related("org").get(pk=campaign.pk)
        if campaign.status != CampaignStatus.OPEN:
            raise DomainError(f"“{campaign}”已结束，不能再报送名单")
        if not org.path.startswith(campaign.org.path):
            raise DomainError(
                f"{org}不在“{campaign}”的主办工会{campaign.org}管辖范围内", column="org"
            )
        line = " ".join(str(budget_line or "").split())
        lines = list(campaign.budgets.values_list("line", flat=True))
        if lines and not line:
            raise DomainError("请选择预算科目", column="budget_line")
        if line and line not in lines:
            raise DomainError(f"“{campaign}”没有预算科目“{line}”", column="budget_line")
        return DistributionList.objects.create(
            campaign=campaign, org=org, budget_line=line, created_by=user
        )


@requires("relief.list.submit", on="dlist")
def list_generate_from_ledger(
    *, user: User, dlist: DistributionList, groups: Iterable[str]
) -> tuple[int, int]:
    """从台账生成: every filed case (已建档) of the chosen 困难类别 in the list's organization's
    subtree, at the group's standard. Returns (added, already on the list)."""
    with transaction.atomic():
        dlist = _locked_list(dlist, editable=True)
        standards = standards_of(dlist.campaign)
        chosen = [standard_for(standards, g) for g in groups]
        if not chosen:
            raise DomainError("请选择要生成的对象类别", column="groups")
        by_group = {s.group: s for s in chosen}
        cases = list(
            Case.objects.filter(
                status=CaseStatus.FILED,
                category__in=list(by_group),
                org__path__startswith=dlist.org.path,
                person__org__path__startswith=dlist.org.path,
            ).select_related("person")
        )
        present = set(dlist.items.values_list("person_id", flat=True))
        new = [c for c in cases if c.person_id not in present]
        items = [
            Distribution(
                dlist=dlist,
                campaign=dlist.campaign,
                person=c.person,
                case=c,
                group=c.category,
                standard_amount=by_group[c.category].amount,
                amount=by_group[c.category].amount,
                goods=by_group[c.category].goods,
            )
            for c in new
        ]
        Distribution.objects.bulk_create(items, batch_size=1000)
        if items:
            labels = "、".join(s.label for s in chosen)
            audit.record(
                action=AuditAction.CREATE,
                instance=dlist,
                user=user,
                note=f"从困难职工台账生成{len(items)}人（{labels}）",
            )
    return len(items), len(cases) - len(new)


@requires("relief.list.submit", on="dlist")
def list_add(
    *,
    user: User,
    dlist: DistributionList,
    person: Person,
    group: str,
    amount: Any = None,
    override_reason: str = "",
    goods: str = "",
) -> Distribution:
    """Add one person to a draft list, at the group's standard unless an override has a reason."""
    with transaction.atomic():
        dlist = _locked_list(dlist, editable=True)
        if not _in_org(person, dlist.org):
            raise DomainError(
                f"{person.name}不在{dlist.org}的管辖范围内，不能列入本单位名单", column="person"
            )
        standard = standard_for(standards_of(dlist.campaign), group)
        value, reason = item_amount(standard, amount, override_reason)
        if dlist.items.filter(person=person).exists():
            raise DomainError(f"{person.name}已在本名单中，不能重复列入", column="person")
        goods = " ".join(str(goods or "").split()) or standard.goods
        if len(goods) > 200:
            raise DomainError("慰问物资过长（最多200个字）", column="goods")
        case = _filed_cases([person.pk]).get(person.pk)
        return Distribution.objects.create(
            dlist=dlist,
            campaign=dlist.campaign,
            person=person,
            case=case,
            group=standard.group,
            standard_amount=standard.amount,
            amount=value,
            override_reason=reason,
            goods=goods,
        )


@requires("relief.list.submit", on="item")
def list_remove_item(*, user: User, item: Distribution) -> None:
    """Take a person off a draft (or returned) list."""
    with transaction.atomic():
        _locked_list(item.dlist, editable=True)
        item.delete()  # audited by the signals


def _others(dlist: DistributionList, person_ids: list[int], *, pooled: bool) -> list[Distribution]:
    qs = Distribution.objects.filter(campaign_id=dlist.campaign_id, person_id__in=person_ids)
    if pooled:
        qs = qs.filter(pooled=True)
    return list(
        qs.exclude(dlist_id=dlist.pk).select_related("person", "dlist__org").order_by("person_id")
    )


def _refusal(what: str, others: list[Distribution]) -> DomainError:
    seen = [f"{d.person.name}（已在{d.dlist.org}的名单中）" for d in others]
    return DomainError(f"{what}：{named(seen, unit='人')}", column="person")


@requires("relief.list.submit", on="dlist")
def list_submit(*, user: User, dlist: DistributionList) -> DistributionList:
    """报送: pool the list's people into the campaign; refused when anyone is already pooled in
    another list of the campaign (naming the person and the other organization)."""
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=dlist.campaign_id)
        dlist = _locked_list(dlist, editable=True)
        person_ids = list(dlist.items.values_list("person_id", flat=True))
        if not person_ids:
            raise DomainError("名单中还没有人员，不能报送")
        taken = _others(dlist, person_ids, pooled=True)
        what = "以下人员已由其他单位报送，同一活动中每人全市只能报送一次"
        if taken:
            raise _refusal(what, taken)
        try:
            with transaction.atomic():
                dlist.items.update(pooled=True)
        except IntegrityError:
            raise _refusal(what, _others(dlist, person_ids, pooled=True)) from None
        dlist.status = ListStatus.SUBMITTED
        dlist.submitted_by = user
        dlist.submitted_at = clock.now()
        dlist.returned_reason = ""
        dlist.save()
        audit.record(
            action=AuditAction.UPDATE,
            instance=dlist,
            user=user,
            note=f"报送名单{len(person_ids)}人，已汇总至活动",
        )
    return dlist


@requires("relief.list.approve", on="dlist")
def list_approve(*, user: User, dlist: DistributionList) -> DistributionList:
    """审批: by a user other than the submitter, and only when none of its people is on another
    list of the campaign."""
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=dlist.campaign_id)
        dlist = _locked_list(dlist)
        if dlist.status != ListStatus.SUBMITTED:
            raise DomainError(f"名单{dlist.get_status_display()}，只能审批已报送的名单")
        if dlist.submitted_by_id == user.pk:
            raise DomainError("审批人须不同于报送人，请由其他人员审批")
        person_ids = list(dlist.items.values_list("person_id", flat=True))
        others = _others(dlist, person_ids, pooled=False)
        if others:
            raise _refusal("以下人员同时在其他单位的名单中，请先在“重复人员”页处理后再审批", others)
        dlist.status = ListStatus.APPROVED
        dlist.approved_by = user
        dlist.approved_at = clock.now()
        dlist.save()
    return dlist


@requires("relief.list.return", on="dlist")
def list_return(*, user: User, dlist: DistributionList, reason: str) -> DistributionList:
    """退回 with a reason: the list can be changed again and its people are no longer pooled."""
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise DomainError("请填写退回原因", column="reason")
    if len(reason) > 300:
        raise DomainError("退回原因过长（最多300个字）", column="reason")
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=dlist.campaign_id)
        dlist = _locked_list(dlist)
        if dlist.status not in (ListStatus.SUBMITTED, ListStatus.APPROVED):
            raise DomainError(f"名单{dlist.get_status_display()}，只能退回已报送或已审批的名单")
        signed = dlist.items.filter(signed_on__isnull=False).count()
        if signed:
            raise DomainError(f"名单中已有{signed}人签收，不能退回")
        count = dlist.items.update(pooled=False)
        dlist.status = ListStatus.RETURNED
        dlist.returned_reason = reason
        dlist.approved_by = None
        dlist.approved_at = None
        dlist.save()
        audit.record(
            action=AuditAction.UPDATE,
            instance=dlist,
            user=user,
            note=f"退回名单（{count}人不再汇总）：{reason}"[:200],
        )
    return dlist


@requires("relief.duplicate.resolve", on="item")
def duplicate_resolve(*, user: User, item: Distribution, note: str) -> DuplicateResolution:
    """处理重复人员: take `item` off its list (which must not be approved) because the person is
    on another list of the campaign; the decision is recorded with its note."""
    note = " ".join(str(note or "").split())
    if not note:
        raise DomainError("请填写处理说明", column="note")
    if len(note) > 300:
        raise DomainError("处理说明过长（最多300个字）", column="note")
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=item.campaign_id)
        dlist = _locked_list(item.dlist)
        item = Distribution.objects.select_related("person").get(pk=item.pk)
        if dlist.status == ListStatus.APPROVED:
            raise DomainError(f"{dlist.org}的名单已审批，不能从中移出；请先退回该名单")
        others = _others(dlist, [item.person_id], pooled=False)
        if not others:
            raise DomainError(f"{item.person.name}不在本活动的其他名单中，无需处理")
        kept = next((o for o in others if o.pooled), others[0])
        item.delete()
        return DuplicateResolution.objects.create(
            campaign_id=item.campaign_id,
            person=item.person,
            kept_list=kept.dlist,
            removed_list=dlist,
            removed_group=item.group,
            removed_amount=item.amount,
            by=user,
            at=clock.now(),
            note=note,
        )
