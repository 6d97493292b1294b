"""Writes for the 劳模 registry: validated, one transaction each, audited (core.signals)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Min, ProtectedError, Q

from gonghui.core import audit, clock, crypto
from gonghui.core.audit import audit_log, snapshot
from gonghui.core.errors import DomainError
from gonghui.core.middleware import acting_as, get_current_user
from gonghui.core.models import (
    AuditAction,
    MembershipStatus,
    Organization,
    OrgKind,
    Person,
    PersonStatus,
    Role,
    User,
)
from gonghui.core.money import to_money
from gonghui.core.permissions import authorize, requires
from gonghui.core.services import membership_join, membership_transfer, person_set_status
from gonghui.core.signals import eligibility_lost
from gonghui.core.workdays import add_workdays
from gonghui.honors import rules
from gonghui.honors.models import (
    Demand,
    DemandCategory,
    DemandLetterCounter,
    DemandStatus,
    DemandStep,
    Department,
    Honor,
    HonorCategory,
    HonorLevel,
    HonorStatus,
    HonorType,
    LifeEvent,
    ModelWorker,
    PaymentStatus,
    SubsidyList,
    SubsidyListStatus,
    SubsidyPayment,
    SubsidyStandard,
    VisitHoliday,
    VisitOccasion,
    VisitStatus,
    VisitTask,
    YearRules,
)

OPEN_PAYMENT = (PaymentStatus.PENDING, PaymentStatus.APPROVED)


def _today() -> dt.date:
    return clock.today()


def _update_noted(
    obj: models.Model, *, note: str, person: Person | None = None, **fields: Any
) -> None:
    """Change fields of a row with ONE audit entry whose note says why (the cause).

    A plain save() would be audited by core.signals without a note; downstream changes (a task
    cancelled because the person died …) must name their cause on the person's 关联变动 list.
    """
    before = snapshot(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    type(obj)._default_manager.filter(pk=obj.pk).update(**fields)
    audit_log(
        action=AuditAction.UPDATE,
        instance=obj,
        before=before,
        after=snapshot(obj),
        note=note,
        person=person,
    )


# ---------------------------------------------------------------- honors


def honor_type_resolve(name: str) -> HonorType:
    """The catalog entry named `name`, or a Chinese error naming the unknown type."""
    text = (name or "").strip()
    found = HonorType.objects.filter(name=text).first()
    if found is None:
        raise DomainError(f"未知的荣誉类型“{text}”，请先在荣誉类型目录中维护", column="荣誉类型")
    if not found.is_active:
        raise DomainError(f"荣誉类型“{text}”已停用，不能登记新的荣誉", column="荣誉类型")
    return found


# ---------------------------------------------------------------- the honor-type catalog

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


@requires("honors.honor_type.create")
def honor_type_create(
    *,
    user: User,
    name: str,
    collective: bool,
    level: int,
    category: str = "",
    is_active: bool = True,
    sort: int = 100,
) -> HonorType:
    """Add a title to the catalog (市总 only); names are unique."""
    with transaction.atomic(), acting_as(user):
        name, level, category, sort = _honor_type_clean(
            name=name,
            collective=collective,
            level=level,
            category=category,
            sort=sort,
            exclude_pk=None,
        )
        try:
            with transaction.atomic():
                return HonorType.objects.create(
                    name=name,
                    collective=bool(collective),
                    level=level,
                    category=category,
                    is_active=bool(is_active),
                    sort=sort,
                )
        except IntegrityError:
            raise DomainError(f"荣誉类型“{name}”已存在，不能重复添加") from None


@requires("honors.honor_type.change", on="honor_type")
def honor_type_update(
    *,
    user: User,
    honor_type: HonorType,
    name: str,
    collective: bool,
    level: int,
    category: str = "",
    is_active: bool = True,
    sort: int = 100,
) -> HonorType:
    """Change a catalog entry; a new level re-grades every holder of the title."""
    with transaction.atomic(), acting_as(user):
        ht = HonorType.objects.select_for_update().get(pk=honor_type.pk)
        name, level, category, sort = _honor_type_clean(
            name=name,
            collective=collective,
            level=level,
            category=category,
            sort=sort,
            exclude_pk=ht.pk,
        )
        used = ht.honors.count()
        if used and bool(collective) != ht.collective:
            raise DomainError(
                f"“{ht.name}”已有{used}条荣誉记录，不能修改个人/集体属性；"
                "如需调整，请停用该类型后新建"
            )
        level_changed = level != ht.level
        ht.name, ht.collective, ht.level, ht.category = name, bool(collective), level, category
        ht.is_active, ht.sort = bool(is_active), sort
        try:
            with transaction.atomic():
                ht.save()
        except IntegrityError:
            raise DomainError(f"荣誉类型“{name}”已存在，不能重复添加") from None
        if level_changed:
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
        ht = HonorType.objects.select_for_update().get(pk=honor_type.pk)
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


@requires("honors.honor.create", on="person")
def honor_create(
    *,
    user: User,
    honor_type: HonorType,
    year: int,
    person: Person | None = None,
    organization: Organization | None = None,
    authority: str = "",
    doc_number: str = "",
) -> Honor:
    """Record an honor for a person (or a collective honor for an organization)."""
    if organization is not None:
        authorize(user, "honors.honor.create", organization)
    if (person is None) == (organization is None):
        raise DomainError("荣誉须授予一个人员或一个集体（二选一）")
    if honor_type.collective and person is not None:
        raise DomainError(f"“{honor_type.name}”是集体荣誉，只能授予组织或集体", column="荣誉类型")
    if not honor_type.collective and organization is not None:
        raise DomainError(f"“{honor_type.name}”是个人荣誉，只能授予个人", column="荣誉类型")
    if not HonorType.objects.filter(pk=honor_type.pk, is_active=True).exists():
        raise DomainError(
            f"荣誉类型“{honor_type.name}”已停用，不能登记新的荣誉（已有荣誉不受影响）",
            column="荣誉类型",
        )
    this_year = _today().year
    if not 1950 <= int(year) <= this_year:
        raise DomainError(f"授予年度{year}无效，应在1950至{this_year}之间", column="授予年度")
    # Posthumous titles exist (a deceased person may be honored); they give no entitlement.
    with transaction.atomic():
        dup = Honor.objects.filter(honor_type=honor_type, year=year)
        dup = (
            dup.filter(person=person)
            if person is not None
            else dup.filter(organization=organization)
        )
        if dup.exists():
            who = person.name if person is not None else organization.name  # type: ignore[union-attr]
            raise DomainError(f"{who}已登记{year}年“{honor_type.name}”，不能重复登记")
        try:
            with transaction.atomic():
                honor = Honor.objects.create(
                    person=person,
                    organization=organization,
                    honor_type=honor_type,
                    year=year,
                    authority=authority.strip(),
                    doc_number=doc_number.strip(),
                    created_by=user,
                )
        except IntegrityError:
            raise DomainError(f"{year}年“{honor_type.name}”已登记，不能重复登记") from None
        if person is not None:
            model_worker_refresh(person=person, reason="新增荣誉", by=user)
            achievement_visit_create(honor=honor, by=user)
    return honor


def achievement_visit_create(*, honor: Honor, by: User | None) -> VisitTask | None:
    """A newly recorded recent honor is a 取得特殊成就 moment (五必访): a visit task is due.

    Old honors entered into the registry now (a roster being migrated) are not; nor are honors
    of a person who does not keep the care (deceased, posthumous titles …).
    """
    person = honor.person
    if person is None:
        return None
    today = _today()
    year_rules = rules.rules_for(today.year)
    if honor.year < today.year - year_rules.achievement_visit_years:
        return None
    mw = ModelWorker.objects.filter(person=person).first()
    level = mw.level if mw is not None else None
    if not rules.care_eligible(status=person.status, level=level, year_rules=year_rules):
        return None
    event = _event_with_task(
        person=person,
        kind=VisitOccasion.ACHIEVEMENT,
        occurred_on=today,
        note=f"获得{honor.year}年“{honor.honor_type.name}”",
        user=by,
    )
    return event.tasks.get()


@requires("honors.honor.revoke", on="honor")
def honor_revoke(*, user: User, honor: Honor, on: dt.date | None, reason: str) -> Honor:
    """Revoke an honor; the person's level, open visits and unpaid subsidies follow."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("撤销荣誉必须填写撤销原因")
    if on is None:
        raise DomainError("请填写撤销日期")
    if on > _today():
        raise DomainError("撤销日期不能晚于今天")
    with transaction.atomic():
        # of=("self",): the person join is outer (collective honors have none); PostgreSQL
        # refuses FOR UPDATE on the nullable side.
        honor = (
            Honor.objects.select_for_update(of=("self",))
            .select_related("person__org")
            .get(pk=honor.pk)
        )
        if honor.status == HonorStatus.REVOKED:
            raise DomainError("该荣誉已撤销")
        honor.status = HonorStatus.REVOKED
        honor.revoked_on = on
        honor.revoke_reason = reason
        honor.save()
        if honor.person_id:
            model_worker_refresh(
                person=honor.person,  # type: ignore[arg-type]
                reason=f"荣誉撤销：{reason}",
                by=user,
            )
    return honor


def model_worker_refresh(
    *, person: Person, reason: str = "", old_status: str | None = None, by: User | None = None
) -> ModelWorker:
    """Recompute a person's 劳模 level from their valid honors and update what depends on it.

    The one place that notices a person losing the 劳模礼遇 (death, retirement where the year
    excludes retirees, a revoked honor): it ends what honors holds for them and sends
    core.signals.eligibility_lost once, inside the transaction. `old_status` is the person's
    status before a change the caller already saved.
    """
    with transaction.atomic():
        mw, _ = ModelWorker.objects.select_for_update().get_or_create(person=person)
        old_level = mw.level
        valid = Honor.objects.filter(person=person, status=HonorStatus.VALID)
        level = valid.aggregate(m=Min("honor_type__level"))["m"]
        top = (
            valid.filter(honor_type__level=level).order_by("-year", "honor_type__sort").first()
            if level is not None
            else None
        )
        if mw.level != level or mw.top_honor_id != (top.pk if top else None):
            mw.level = level
            mw.top_honor = top
            mw.save()
        person.refresh_from_db()
        year_rules = rules.rules_for(_today().year)
        was = rules.care_eligible(
            status=old_status or person.status, level=old_level, year_rules=year_rules
        )
        now = rules.care_eligible(status=person.status, level=level, year_rules=year_rules)
        cause = reason
        if not now:
            cause = rules.loss_reason(
                status=person.status, level=level, year_rules=year_rules, cause=reason
            )
        _sync_dependents(person=person, mw=mw, reason=cause, entitled=now)
        if was and not now:
            actor = by if by is not None else get_current_user()
            actor = actor if getattr(actor, "pk", None) else None
            _demands_end(person=person, cause=cause, by=actor)
            eligibility_lost.send(sender=ModelWorker, person=person, reason=cause, user=actor)
    return mw


@requires("honors.model_worker.change", on="person")
def model_worker_set_bank(
    *, user: User, person: Person, bank_name: str, account: str
) -> ModelWorker:
    """Record the bank account used on the payment sheet (stored encrypted, shown masked)."""
    account = "".join((account or "").split())
    if account and (not account.isdigit() or not 12 <= len(account) <= 30):
        raise DomainError("银行账号应为12至30位数字")
    with transaction.atomic():
        mw, _ = ModelWorker.objects.select_for_update().get_or_create(person=person)
        mw.bank_name = bank_name.strip()
        mw.bank_account_enc = (
            crypto.encrypt(account, purpose="honors.bank_account") if account else ""
        )
        mw.bank_account_masked = (
            (account[:4] + "*" * (len(account) - 8) + account[-4:]) if account else ""
        )
        mw.save()
    return mw


def bank_account_of(mw: ModelWorker | None) -> str:
    if mw is None or not mw.bank_account_enc:
        return ""
    return crypto.decrypt(mw.bank_account_enc, purpose="honors.bank_account")


def _sync_dependents(*, person: Person, mw: ModelWorker, reason: str, entitled: bool) -> None:
    """Open visit tasks and unpaid subsidies follow the person's status and level; each change
    is audited with its cause."""
    if not entitled:
        tasks = VisitTask.objects.select_for_update().filter(person=person, status=VisitStatus.OPEN)
        if person.status == PersonStatus.RETIRED:
            # Retirement itself is a 五必访 moment: that visit still takes place.
            tasks = tasks.exclude(occasion=VisitOccasion.RETIREMENT)
        for task in tasks:
            _update_noted(
                task,
                note=f"{reason}：取消走访任务",
                person=person,
                status=VisitStatus.CANCELLED,
                cancel_reason=reason[:200],
            )
        for pay in SubsidyPayment.objects.select_for_update().filter(
            person=person, status__in=OPEN_PAYMENT
        ):
            _update_noted(
                pay,
                note=f"{reason}：取消未发放的补助",
                person=person,
                status=PaymentStatus.CANCELLED,
                cancel_reason=reason[:200],
            )
        return
    # Still entitled: a changed level changes the amount of lines not yet approved.
    for pay in (
        SubsidyPayment.objects.select_for_update()
        .select_related("subsidy_list")
        .filter(person=person, status=PaymentStatus.PENDING)
    ):
        amount = rules.subsidy_amount(org=person.org, year=pay.year, level=mw.level)
        if pay.level != mw.level or pay.amount != amount:
            if amount <= 0:
                why = f"级别变更后无补助：{reason}"
                _update_noted(
                    pay,
                    note=f"{why}：取消未发放的补助",
                    person=person,
                    status=PaymentStatus.CANCELLED,
                    cancel_reason=why[:200],
                )
            else:
                _update_noted(
                    pay,
                    note=f"{reason or '劳模级别变更'}：补助金额调整为{amount}元",
                    person=person,
                    level=mw.level,
                    amount=amount,
                )


def _demands_end(*, person: Person, cause: str, by: User | None) -> None:
    """Open 劳模诉求 of a person who lost the care are closed, the history saying why."""
    today = _today()
    for d in (
        Demand.objects.select_for_update().filter(person=person).exclude(status=DemandStatus.CLOSED)
    ):
        ended = f"{cause}，诉求终止办理"
        _update_noted(
            d,
            note=f"{cause}：诉求终止办理（销号）",
            person=person,
            status=DemandStatus.CLOSED,
            closed_on=today,
            feedback=d.feedback or ended,
        )
        _step(d, by, DemandStatus.CLOSED, today, ended)


# ---------------------------------------------------------------- life events


@requires("honors.model_worker.change", on="person")
def person_mark_deceased(*, user: User, person: Person) -> Person:
    """Mark deceased; open visits and unpaid subsidies are cancelled in the same transaction.

    The honors side runs in honors.signals (post_save of Person), so core's own status page
    has the same effect; this wrapper adds the checks a user needs.
    """
    person = Person.objects.get(pk=person.pk)
    if person.status == PersonStatus.DECEASED:
        raise DomainError(f"{person.name}已标记为已故")
    with transaction.atomic(), acting_as(user):
        person = person_set_status(person=person, status=PersonStatus.DECEASED)
    return person


@requires("honors.model_worker.change", on="person")
def person_mark_retired(*, user: User, person: Person, on: dt.date | None = None) -> Person:
    """Mark retired; a model worker's retirement (退休离岗) is a 五必访 moment: a task is made."""
    person = Person.objects.get(pk=person.pk)
    if person.status != PersonStatus.ACTIVE:
        raise DomainError(f"{person.name}当前状态为{person.get_status_display()}，不能办理退休")
    on = on or _today()
    if on > _today():
        raise DomainError("退休日期不能晚于今天")
    with transaction.atomic(), acting_as(user):
        mw = ModelWorker.objects.filter(person=person).first()
        if mw is not None and mw.level is not None:
            # Dated event first; the signal then sees it and does not add a second one.
            _event_with_task(
                person=person,
                kind=VisitOccasion.RETIREMENT,
                occurred_on=on,
                note="退休离岗",
                user=user,
            )
        person = person_set_status(person=person, status=PersonStatus.RETIRED)
    return person


@requires("honors.model_worker.change", on="person")
def person_mark_moved(
    *, user: User, person: Person, to_org: Organization, on: dt.date | None = None
) -> Person:
    """Move a person to another union (membership transfer); the signal moves open tasks."""
    authorize(user, "honors.model_worker.change", to_org)  # the new union is in scope too
    if person.org_id == to_org.pk:
        raise DomainError(f"{person.name}已在“{to_org.name}”")
    on = on or _today()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        grassroots = to_org.kind in (
            OrgKind.GRASSROOTS,
            OrgKind.INDUSTRY,
            OrgKind.REGIONAL,
            OrgKind.GROUP,
        )
        active = person.memberships.filter(status=MembershipStatus.ACTIVE).first()
        if grassroots and active is not None:
            membership_transfer(person=person, to_union=to_org, on=max(on, active.joined_on))
        elif grassroots:
            membership_join(person=person, union=to_org, joined_on=on)
        else:
            person.org = to_org
            person.save()
        person.refresh_from_db()
    return person


def sync_after_move(*, person: Person) -> None:
    """Open visit tasks follow the person; unpaid lines on lists outside the new subtree end."""
    to_org = person.org
    with transaction.atomic():
        for task in VisitTask.objects.select_for_update().filter(
            person=person, status=VisitStatus.OPEN
        ):
            _update_noted(
                task,
                note="人员调动：待走访任务随人员转至新的责任组织",
                person=person,
                org=to_org,
                officer=None,
            )
        for pay in (
            SubsidyPayment.objects.select_for_update()
            .select_related("subsidy_list__org")
            .filter(person=person, status__in=OPEN_PAYMENT)
        ):
            if not to_org.path.startswith(pay.subsidy_list.org.path):
                # Never name the new union: it lies outside the list's organization.
                why = "人员已迁出本名单的编制范围，由迁入组织重新编制"
                _update_noted(
                    pay,
                    note=f"人员调动：取消未发放的补助（{why}）",
                    person=person,
                    status=PaymentStatus.CANCELLED,
                    cancel_reason=why,
                )


def _event_with_task(
    *, person: Person, kind: str, occurred_on: dt.date, note: str, user: User | None
) -> LifeEvent:
    event = LifeEvent.objects.create(
        person=person, kind=kind, occurred_on=occurred_on, note=note.strip(), created_by=user
    )
    days = rules.rules_for(occurred_on.year).visit_event_days
    VisitTask.objects.create(
        person=person,
        org=person.org,
        occasion=kind,
        event=event,
        year=occurred_on.year,
        due_date=add_workdays(occurred_on, days),
        created_by=user,
    )
    return event


@requires("honors.model_worker.change", on="person")
def life_event_record(
    *,
    user: User,
    person: Person,
    kind: str,
    occurred_on: dt.date,
    note: str = "",
) -> LifeEvent:
    """Record an event on a model worker; a visit task is due within the year's working days."""
    person = Person.objects.select_related("org").get(pk=person.pk)
    if kind not in dict(VisitOccasion.choices) or kind == VisitOccasion.HOLIDAY:
        raise DomainError(f"未知的事件类型“{kind}”")
    if occurred_on > _today():
        raise DomainError("事件日期不能晚于今天")
    mw = ModelWorker.objects.filter(person=person).first()
    if mw is None or mw.level is None:
        raise DomainError(f"{person.name}不在劳模名册中（无有效荣誉），不适用五必访")
    if person.status == PersonStatus.DECEASED:
        raise DomainError(f"{person.name}已故，不能登记该事件")
    year_rules = rules.rules_for(occurred_on.year)
    if not rules.care_eligible(status=person.status, level=mw.level, year_rules=year_rules):
        why = rules.loss_reason(
            status=person.status, level=mw.level, year_rules=year_rules, cause=""
        )
        raise DomainError(f"{person.name}不再享受劳模礼遇（{why}），不适用五必访")
    with transaction.atomic():
        return _event_with_task(
            person=person, kind=kind, occurred_on=occurred_on, note=note, user=user
        )


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


# ---------------------------------------------------------------- 五必访 visits


@requires("honors.holiday.change")
def holiday_save(
    *, user: User, year: int, name: str, date: dt.date, holiday: VisitHoliday | None = None
) -> VisitHoliday:
    """Add or change a visit holiday of the year (市总 only)."""
    name = name.strip()
    if not name:
        raise DomainError("节日名称不能为空")
    if date.year != year:
        raise DomainError(f"节日日期应在{year}年内")
    with transaction.atomic():
        clash = VisitHoliday.objects.filter(year=year, name=name)
        if holiday is not None:
            clash = clash.exclude(pk=holiday.pk)
        if clash.exists():
            raise DomainError(f"{year}年已有节日“{name}”")
        holiday = holiday or VisitHoliday(year=year)
        holiday.name, holiday.date = name, date
        with acting_as(user):
            holiday.save()
        moved = list(
            VisitTask.objects.filter(holiday=holiday, status=VisitStatus.OPEN)
            .exclude(due_date=date)
            .values_list("pk", "person_id", "org_id", "org__path", "due_date")
        )
        VisitTask.objects.filter(pk__in=[m[0] for m in moved]).update(due_date=date)
        # The bulk update bypasses the audit signals; each task's history still shows it.
        audit.record_many(
            (
                {
                    "object_id": str(pk),
                    "org_id": org_id,
                    "org_path": path,
                    "person_id": person_id,
                    "before": {"due_date": old.isoformat()},
                }
                for pk, person_id, org_id, path, old in moved
            ),
            user=user,
            action=AuditAction.UPDATE,
            model="honors.visittask",
            object_repr=f"{holiday}走访任务",
            after={"due_date": date.isoformat()},
            note=f"节日日期调整：{holiday.name}",
        )
    return holiday


@requires("honors.visit.generate")
def holiday_tasks_generate(*, user: User, holiday: VisitHoliday) -> int:
    """Create a visit task for every model worker in scope who is not deceased; returns how many."""
    from gonghui.honors.selectors import registry_list

    with transaction.atomic():
        holiday = VisitHoliday.objects.select_for_update().get(pk=holiday.pk)
        workers = registry_list(
            user=user, status_in=[PersonStatus.ACTIVE, PersonStatus.RETIRED]
        ).filter(rules.care_eligible_q(rules.rules_for(holiday.year)))
        have = set(VisitTask.objects.filter(holiday=holiday).values_list("person_id", flat=True))
        due = add_workdays(holiday.date, 0)
        new = [
            VisitTask(
                person_id=pid,
                org_id=org_id,
                occasion=VisitOccasion.HOLIDAY,
                holiday=holiday,
                year=holiday.year,
                due_date=due,
                created_by=user,
            )
            for pid, org_id in workers.values_list("person_id", "person__org_id")
            if pid not in have
        ]
        VisitTask.objects.bulk_create(new, batch_size=1000)
        # bulk_create bypasses the audit signals: one summary entry instead.
        audit_log(
            action=AuditAction.CREATE,
            user=user,
            model="honors.visittask",
            org=user.organization,
            note=f"{holiday}：生成走访任务{len(new)}条",
        )
    return len(new)


@requires("honors.visit.assign", on="task")
def visit_task_assign(*, user: User, task: VisitTask, officer: User | None) -> VisitTask:
    """Set the officer who will visit."""
    with transaction.atomic(), acting_as(user):
        task = VisitTask.objects.select_for_update().select_related("person__org").get(pk=task.pk)
        if task.status != VisitStatus.OPEN:
            raise DomainError("只能为待走访的任务指派干部")
        if officer is not None and (
            officer.organization is None or not task.org.path.startswith(officer.organization.path)
        ):
            raise DomainError(f"{officer}不属于该任务的责任组织或其上级")
        task.officer = officer
        task.save()
    return task


@requires("honors.visit.record", on="task")
def visit_record(
    *,
    user: User,
    task: VisitTask,
    visited_on: dt.date,
    money: Any = "0",
    goods: str = "",
    notes: str = "",
) -> VisitTask:
    """Record the visit of a task: when, money (Decimal), goods, notes."""
    amount = to_money(money if money not in (None, "") else "0", field="慰问金")
    with transaction.atomic(), acting_as(user):
        task = VisitTask.objects.select_for_update().select_related("person__org").get(pk=task.pk)
        person = task.person
        if (
            person.status == PersonStatus.DECEASED
            and task.occasion == VisitOccasion.HOLIDAY
            and task.due_date > _today()
        ):
            raise DomainError(f"{person.name}已故，不能登记其未来节日（{task.due_date}）的走访")
        if task.status == VisitStatus.CANCELLED:
            raise DomainError(f"该走访任务已取消（{task.cancel_reason}），不能登记走访")
        if task.status == VisitStatus.DONE:
            raise DomainError("该走访任务已登记走访，不能重复登记")
        if visited_on > _today():
            raise DomainError("走访日期不能晚于今天")
        if task.event_id and visited_on < task.event.occurred_on:  # type: ignore[union-attr]
            raise DomainError("走访日期不能早于事件发生日期")
        if amount == 0 and not goods.strip():
            raise DomainError("请填写慰问金或慰问物品")
        task.status = VisitStatus.DONE
        task.visited_on = visited_on
        task.money = amount
        task.goods = goods.strip()
        task.notes = notes.strip()
        task.recorded_by = user
        if task.officer_id is None:
            task.officer = user
        task.save()
    return task


@requires("honors.visit.cancel", on="task")
def visit_task_cancel(*, user: User, task: VisitTask, reason: str) -> VisitTask:
    """Cancel an open task with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("取消走访任务必须填写原因")
    with transaction.atomic(), acting_as(user):
        task = VisitTask.objects.select_for_update().select_related("person__org").get(pk=task.pk)
        if task.status != VisitStatus.OPEN:
            raise DomainError("只能取消待走访的任务")
        task.status = VisitStatus.CANCELLED
        task.cancel_reason = reason[:200]
        task.save()
    return task


# ---------------------------------------------------------------- care subsidies


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
        org = Organization.objects.select_for_update().get(pk=user.organization.pk)
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
        audit_log(
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
            ancestors = [int(p) for p in region.path.strip("/").split("/") if p]
            lists = lists.filter(Q(org__path__startswith=region.path) | Q(org_id__in=ancestors))
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
            pending = pending.filter(person__org__path__startswith=region.path)
        cache: dict[int, Decimal] = {}
        for pay in pending.select_related("person__org"):
            org = pay.person.org
            if org.pk not in cache:
                cache[org.pk] = rules.subsidy_amount(org=org, year=year, level=level)
            new = cache[org.pk]
            if new == pay.amount:
                continue
            why = f"{year}年{level_label}补助标准调整"
            if new <= 0:
                _update_noted(
                    pay,
                    note=f"{why}为0：取消未发放的补助",
                    person=pay.person,
                    status=PaymentStatus.CANCELLED,
                    cancel_reason=f"{why}为0"[:200],
                )
            else:
                _update_noted(
                    pay, note=f"{why}：补助金额调整为{new}元", person=pay.person, amount=new
                )
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
        try:
            # The partial unique index settles a race with another approval of the same person.
            with transaction.atomic():
                pending.update(status=PaymentStatus.APPROVED)
        except IntegrityError:
            raise DomainError(
                f"名单中有人员的{sl.year}年补助已在其他名单中审核，不能重复发放"
            ) from None
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
        _update_noted(
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


# ---------------------------------------------------------------- 劳模诉求


def _step(
    demand: Demand, user: User | None, status: str, on: dt.date, note: str = ""
) -> DemandStep:
    return DemandStep.objects.create(
        demand=demand, status=status, on=on, by=user, note=note, due_date=demand.due_date
    )


@requires("honors.demand.file", on="person")
def demand_file(*, user: User, person: Person, title: str, content: str) -> Demand:
    """A model worker (self-service, their own person only) or an officer files a demand."""
    self_service = user.role == Role.MEMBER
    person = Person.objects.select_related("org").get(pk=person.pk)
    title, content = (title or "").strip(), (content or "").strip()
    if not title:
        raise DomainError("请填写诉求标题")
    if not content:
        raise DomainError("请填写诉求内容")
    if person.status == PersonStatus.DECEASED:
        raise DomainError(f"{person.name}已故，不能提交诉求")
    today = _today()
    with transaction.atomic():
        demand = Demand.objects.create(
            person=person,
            title=title[:100],
            content=content,
            filed_by=user,
            self_service=self_service,
            filed_on=today,
            due_date=add_workdays(today, rules.rules_for(today.year).demand_sort_days),
        )
        _step(
            demand, user, DemandStatus.FILED, today, "本人提交" if self_service else "干部代为登记"
        )
    return demand


def _lock_demand(demand: Demand) -> Demand:
    return Demand.objects.select_for_update().select_related("person__org").get(pk=demand.pk)


@requires("honors.demand.sort", on="demand")
def demand_sort(
    *, user: User, demand: Demand, category: str, officer: User | None, note: str = ""
) -> Demand:
    """工会梳理: category and the officer in charge."""
    if category not in DemandCategory.values:
        raise DomainError("请选择诉求类别")
    today = _today()
    with transaction.atomic():
        d = _lock_demand(demand)
        if d.status != DemandStatus.FILED:
            raise DomainError(f"诉求当前为“{d.get_status_display()}”，不能再梳理")
        d.category = category
        d.officer = officer or user
        d.status = DemandStatus.SORTED
        d.due_date = add_workdays(today, rules.rules_for(today.year).demand_refer_days)
        d.save()
        _step(
            d,
            user,
            DemandStatus.SORTED,
            today,
            note or f"类别：{d.get_category_display()}；承办：{d.officer}",
        )
    return d


@requires("honors.demand.refer", on="demand")
def demand_refer(
    *,
    user: User,
    demand: Demand,
    department: str,
    department_name: str = "",
    referred_on: dt.date | None = None,
    note: str = "",
) -> Demand:
    """部门联动: refer to 人社, 教体, 住建 … with a dated referral letter."""
    if department not in Department.values:
        raise DomainError("请选择联动部门")
    if department == Department.OTHER and not department_name.strip():
        raise DomainError("选择“其他部门”时请填写部门名称")
    on = referred_on or _today()
    if on > _today():
        raise DomainError("转办日期不能晚于今天")
    with transaction.atomic():
        d = _lock_demand(demand)
        if d.status not in (DemandStatus.SORTED, DemandStatus.REFERRED):
            raise DomainError("诉求须先经工会梳理，才能转部门联动")
        if on < d.filed_on:
            raise DomainError("转办日期不能早于诉求提交日期")
        d.department = department
        d.department_name = department_name.strip() or Department(department).label
        d.referred_on = on
        d.letter_number = d.letter_number or _letter_number_next(on.year)
        d.status = DemandStatus.REFERRED
        d.due_date = add_workdays(on, rules.rules_for(on.year).demand_feedback_days)
        d.save()
        _step(
            d,
            user,
            DemandStatus.REFERRED,
            on,
            note or f"转{d.department_name}办理（{d.letter_number}）",
        )
    return d


LETTER_SEQ = re.compile(r"〔(\d{4})〕(\d+)号")


def _letter_number_next(year: int) -> str:
    """The next 安工诉函 number of the year, allocated under the year's counter row lock.

    Concurrent referrals queue on the row (select_for_update) until the first commits; the
    partial unique index on Demand.letter_number is the last guard.
    """
    with transaction.atomic():
        if not DemandLetterCounter.objects.filter(year=year).exists():
            used = [
                int(m.group(2))
                for text in Demand.objects.filter(
                    letter_number__contains=f"〔{year}〕"
                ).values_list("letter_number", flat=True)
                if (m := LETTER_SEQ.search(text)) and int(m.group(1)) == year
            ]
            try:
                # Two first referrals of a year racing: the loser's insert fails on the unique
                # year and it then waits on the winner's row below.
                with transaction.atomic():
                    DemandLetterCounter.objects.bulk_create(
                        [DemandLetterCounter(year=year, last=max(used, default=0))]
                    )
            except IntegrityError:
                pass
        counter = DemandLetterCounter.objects.select_for_update().get(year=year)
        counter.last += 1
        # update(): the counter is plumbing, the demand's own audit entry shows the number.
        DemandLetterCounter.objects.filter(pk=counter.pk).update(last=counter.last)
    return f"安工诉函〔{year}〕{counter.last}号"


@requires("honors.demand.answer", on="demand")
def demand_answer(
    *, user: User, demand: Demand, feedback: str, on: dt.date | None = None
) -> Demand:
    """反馈: the answer to the model worker."""
    feedback = (feedback or "").strip()
    if not feedback:
        raise DomainError("请填写办理反馈")
    on = on or _today()
    with transaction.atomic():
        d = _lock_demand(demand)
        if d.status not in (DemandStatus.SORTED, DemandStatus.REFERRED):
            raise DomainError(f"诉求当前为“{d.get_status_display()}”，不能反馈")
        d.feedback = feedback
        d.answered_on = on
        d.status = DemandStatus.ANSWERED
        d.due_date = add_workdays(on, rules.rules_for(on.year).demand_close_days)
        d.save()
        _step(d, user, DemandStatus.ANSWERED, on, feedback)
    return d


@requires("honors.demand.close", on="demand")
def demand_close(*, user: User, demand: Demand, note: str = "") -> Demand:
    """销号 — only after feedback."""
    today = _today()
    with transaction.atomic():
        d = _lock_demand(demand)
        if d.status == DemandStatus.CLOSED:
            raise DomainError("该诉求已销号")
        if d.status != DemandStatus.ANSWERED or not d.feedback.strip():
            raise DomainError("诉求尚未反馈，不能销号")
        d.status = DemandStatus.CLOSED
        d.closed_on = today
        d.save()
        _step(d, user, DemandStatus.CLOSED, today, note or "反馈销号")
    return d


def honor_types_ensure() -> int:
    """Re-create the seeded catalog if it is missing (e.g. after a test database flush)."""
    import importlib

    from django.apps import apps as global_apps

    seed = importlib.import_module("gonghui.honors.migrations.0002_seed_honor_types")
    before = HonorType.objects.count()
    seed.seed(global_apps, None)
    return HonorType.objects.count() - before
