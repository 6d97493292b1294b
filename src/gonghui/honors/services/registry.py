"""The registry: honors conferred and revoked, the 劳模 level, and what a person's death, retirement
or move means for what honors holds for them."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Min

from gonghui.core import crypto
from gonghui.core.audit import update_noted
from gonghui.core.db import lock_row, unique_or
from gonghui.core.errors import DomainError
from gonghui.core.middleware import acting_as, get_current_user
from gonghui.core.models import MembershipStatus, Organization, OrgKind, Person, PersonStatus, User
from gonghui.core.permissions import authorize, requires
from gonghui.core.services import membership_join, membership_transfer, person_set_status
from gonghui.core.signals import eligibility_lost
from gonghui.honors import rules
from gonghui.honors.models import (
    Honor,
    HonorStatus,
    HonorType,
    ModelWorker,
    PaymentStatus,
    SubsidyPayment,
    VisitOccasion,
    VisitStatus,
    VisitTask,
)
from gonghui.honors.services.common import (
    OPEN_PAYMENT,
    _payment_cancel,
    _payment_reprice,
    _today,
)
from gonghui.honors.services.demands import _demands_end
from gonghui.honors.services.visits import _event_with_task


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
        with unique_or(f"{year}年“{honor_type.name}”已登记，不能重复登记"):
            honor = Honor.objects.create(
                person=person,
                organization=organization,
                honor_type=honor_type,
                year=year,
                authority=authority.strip(),
                doc_number=doc_number.strip(),
                created_by=user,
            )
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
            update_noted(
                task,
                note=f"{reason}：取消走访任务",
                person=person,
                status=VisitStatus.CANCELLED,
                cancel_reason=reason[:200],
            )
        for pay in SubsidyPayment.objects.select_for_update().filter(
            person=person, status__in=OPEN_PAYMENT
        ):
            _payment_cancel(pay, why=reason, person=person)
        return
    # Still entitled: a changed level changes the amount of lines not yet approved.
    for pay in (
        SubsidyPayment.objects.select_for_update()
        .select_related("subsidy_list")
        .filter(person=person, status=PaymentStatus.PENDING)
    ):
        amount = rules.subsidy_amount(org=person.org, year=pay.year, level=mw.level)
        if pay.level != mw.level or pay.amount != amount:
            _payment_reprice(
                pay,
                amount=amount,
                cause=reason or "劳模级别变更",
                none_cause=f"级别变更后无补助：{reason}",
                person=person,
                level=mw.level,
            )


# ---------------------------------------------------------------- death, retirement, move


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
        person = lock_row(person)
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
            update_noted(
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
            if not to_org.is_within(pay.subsidy_list.org):
                # Never name the new union: it lies outside the list's organization.
                why = "人员已迁出本名单的编制范围，由迁入组织重新编制"
                update_noted(
                    pay,
                    note=f"人员调动：取消未发放的补助（{why}）",
                    person=person,
                    status=PaymentStatus.CANCELLED,
                    cancel_reason=why,
                )
