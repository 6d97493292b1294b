"""Writes for invitations and seats: confirm, decline (the next on the waiting list is
invited), lapse after the deadline, fill a free seat; withdrawal when a person loses
eligibility; the participants' needs for the host; reading one's notifications.

Seats are sold under a row lock on the batch (select_for_update) and the database refuses a
second seat for a person in the same plan.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum

from gonghui.core import audit
from gonghui.core.audit import update_noted
from gonghui.core.models import AuditAction, Person, PersonStatus, Role, User
from gonghui.core.permissions import requires
from gonghui.core.scope import can_see_full_pii
from gonghui.core.workdays import add_workdays
from gonghui.recuperation import rules
from gonghui.recuperation import services_common as common
from gonghui.recuperation.models import (
    SEAT_STATUSES,
    Availability,
    Batch,
    Invitation,
    InvitationStatus,
    Need,
    Notification,
    Plan,
    RunStatus,
)
from gonghui.recuperation.services_common import RecuperationError
from gonghui.recuperation.services_input import ineligible_now, org_code_map


def cost_of(batch: Batch, org_code: str) -> Decimal:
    return batch.cost_per_person + batch.travel_for(org_code)


def invite_text(inv: Invitation) -> str:
    b = inv.batch
    return (
        f"{inv.person.name}同志：您已入选{inv.plan.year}年劳模疗休养第{b.code}批次"
        f"（{b.base.name}，{b.start_date:%m月%d日}至{b.end_date:%m月%d日}），"
        f"请于{inv.deadline:%Y年%m月%d日}前登录工会服务平台确认或谢绝。"
    )


# ---------------------------------------------------------------- seats and the roster lock


def roster_lock_date(batch: Batch) -> dt.date:
    return batch.start_date - dt.timedelta(
        days=rules.settings_for(batch.plan.year).roster_lock_days
    )


def _ensure_not_locked(batch: Batch, today: dt.date) -> None:
    lock = roster_lock_date(batch)
    if today >= lock:
        raise RecuperationError(
            f"批次{batch.code}名单已于{lock:%Y年%m月%d日}锁定，不能再变更；如有特殊情况请联系市总工会"
        )


def _lock(inv: Invitation) -> tuple[Batch, Invitation]:
    """Lock the batch row first (every seat change goes through it), then the invitation."""
    batch = Batch.objects.select_for_update().select_related("plan", "base").get(pk=inv.batch_id)
    inv = (
        Invitation.objects.select_for_update().select_related("person__org", "plan").get(pk=inv.pk)
    )
    inv.batch = batch
    return batch, inv


@requires("recuperation.invitation.respond", on="invitation")
def invitation_confirm(*, user: User, invitation: Invitation) -> Invitation:
    """The invited person confirms before the deadline; their seat becomes a roster place."""
    today = common.today()
    with transaction.atomic():
        batch, inv = _lock(invitation)
        if inv.status == InvitationStatus.CONFIRMED:
            return inv
        if inv.status != InvitationStatus.INVITED:
            raise RecuperationError(f"该邀请已{inv.get_status_display()}，不能再确认")
        if today > inv.deadline:
            raise RecuperationError(
                f"已超过确认截止日期（{inv.deadline:%Y年%m月%d日}），不能再确认；名额将递补给候补人员"
            )
        _ensure_not_locked(batch, today)
        inv.status = InvitationStatus.CONFIRMED
        inv.responded_at = common.now()
        inv.responded_by = user
        inv.save()
    return inv


@requires("recuperation.invitation.respond", on="invitation")
def invitation_decline(
    *, user: User, invitation: Invitation, reason: str = ""
) -> Invitation | None:
    """Decline an invitation; the next person on the waiting list is invited. Returns that
    invitation (or None when nobody can take the seat)."""
    today = common.today()
    with transaction.atomic():
        batch, inv = _lock(invitation)
        if inv.status not in SEAT_STATUSES:
            raise RecuperationError(f"该邀请已{inv.get_status_display()}，不能再谢绝")
        _ensure_not_locked(batch, today)
        inv.status = InvitationStatus.DECLINED
        inv.responded_at = common.now()
        inv.responded_by = user
        inv.decline_reason = reason.strip()[:200]
        inv.save()
        return invite_next(batch, today=today)


@requires("recuperation.invitation.manage", on="plan")
def invitations_expire(*, user: User, plan: Plan) -> int:
    """An officer of the plan applies the deadline now rather than waiting for the daily run."""
    return invitation_expire_overdue(plan=plan)


def invitation_expire_overdue(*, today: dt.date | None = None, plan: Plan | None = None) -> int:
    """Mark invitations past their deadline as lapsed and invite the next people; returns count.

    Run by the system (the daily command `recuperation_expire`, no user), or for one plan
    through invitations_expire."""
    today = today or common.today()
    count = 0
    overdue = Invitation.objects.filter(status=InvitationStatus.INVITED, deadline__lt=today)
    if plan is not None:
        overdue = overdue.filter(plan=plan)
    for inv in overdue:
        with transaction.atomic():
            batch, locked = _lock(inv)
            if locked.status != InvitationStatus.INVITED or locked.deadline >= today:
                continue
            locked.status = InvitationStatus.EXPIRED
            locked.save()
            count += 1
            if today < roster_lock_date(batch):
                invite_next(batch, today=today)
    return count


@requires("recuperation.batch.invite_next", on="batch")
def batch_invite_next(*, user: User, batch: Batch) -> Invitation | None:
    """An officer fills a free seat of a batch from the waiting list (if any seat is free)."""
    today = common.today()
    with transaction.atomic():
        locked = Batch.objects.select_for_update().select_related("plan", "base").get(pk=batch.pk)
        _ensure_not_locked(locked, today)
        if locked.invitations.filter(status__in=SEAT_STATUSES).count() >= locked.max_size:
            raise RecuperationError(f"批次{locked.code}已满（最多{locked.max_size}人）")
        return invite_next(locked, today=today)


def invite_next(batch: Batch, *, today: dt.date) -> Invitation | None:
    """Invite the first person on the waiting list who can take `batch` within the budget.

    Caller holds the batch row lock; the seat count is re-read under it, so two officers acting
    at once never push a batch past its maximum.
    """
    if today >= roster_lock_date(batch):
        return None
    plan = Plan.objects.select_for_update().get(pk=batch.plan_id)
    held = batch.invitations.filter(status__in=SEAT_STATUSES).count()
    if held >= batch.max_size:
        return None
    run = plan.runs.get(status=RunStatus.PUBLISHED)
    data = json.loads(run.input_json)
    unavailable = {c["id"]: set(c["unavailable"]) for c in data["candidates"]}
    committed = Invitation.objects.filter(plan=plan, status__in=SEAT_STATUSES).aggregate(
        s=Sum("cost")
    )["s"] or Decimal(0)
    already = set(Invitation.objects.filter(plan=plan).values_list("candidate_id", flat=True))
    codes = org_code_map()
    explanations = run.output.get("explanations", {})
    settings = rules.settings_for(plan.year)
    for cid in run.output.get("waitlist", []):
        if cid in already or batch.code in unavailable.get(cid, set()):
            continue
        person = Person.objects.select_related("org").filter(pk=run.person_id(cid)).first()
        if person is None or person.status == PersonStatus.DECEASED:
            continue
        cost = cost_of(batch, codes.get(person.org_id, "*"))
        if committed + cost > plan.budget:
            continue
        # The waiting list is as old as the run: skip whoever lost the honor since, went on a
        # trip of any origin, or holds a seat in another plan of the year.
        if ineligible_now(plan, [person.pk], org_codes=codes):
            continue
        try:
            with transaction.atomic():
                inv = Invitation.objects.create(
                    plan=plan,
                    batch=batch,
                    person=person,
                    run=run,
                    candidate_id=cid,
                    from_waitlist=True,
                    score=explanations.get(cid, {}).get("score", 0),
                    cost=cost,
                    deadline=add_workdays(today, settings.confirm_workdays),
                )
        except IntegrityError:
            continue  # invited to another batch of this plan at this very moment
        common.notify(person, "疗休养递补入选通知", invite_text(inv))
        return inv
    return None


def roster_is_final(batch: Batch, *, today: dt.date | None = None) -> bool:
    """The roster is final once it is locked before departure (or the batch has finished)."""
    return batch.finished or (today or common.today()) >= roster_lock_date(batch)


# ---------------------------------------------------------------- lost eligibility


def eligibility_lost_withdraw(*, person: Person, reason: str, by: User | None = None) -> int:
    """Withdraw every open seat of a person who is no longer eligible; returns how many.

    Called by the receiver of core.signals.eligibility_lost (honors sends it inside its own
    transaction, after checking its own permission: death, revoked honor …), so this is the
    consequence of a change already authorised, not an action of its own in the permission
    table; `by` is that change's user, recorded in the audit entries. Each open invitation
    (invited or confirmed, batch not finished, attendance not recorded) is withdrawn with the
    reason and its seat goes down the waiting list as after a decline; time preferences for
    plans not yet published are removed. Sending the signal again changes nothing more."""
    reason = (reason or "").strip()[:200] or "不再符合疗休养条件"
    today = common.today()
    count = 0
    with transaction.atomic():
        open_seats = Invitation.objects.filter(
            person_id=person.pk,
            status__in=SEAT_STATUSES,
            batch__finished=False,
            attended__isnull=True,
        ).order_by("batch__start_date", "pk")
        for seat in list(open_seats):
            batch, inv = _lock(seat)
            if inv.status not in SEAT_STATUSES or batch.finished or inv.attended is not None:
                continue  # answered or recorded meanwhile
            # One explicit entry with the cause (a plain save would add a second, bare one).
            update_noted(
                inv,
                note=f"{reason}：撤回疗休养邀请",
                user=by,
                status=InvitationStatus.WITHDRAWN,
                withdraw_reason=reason,
                withdrawn_at=common.now(),
            )
            common.notify(
                inv.person,
                "疗休养邀请撤回通知",
                f"{inv.person.name}同志：因{reason}，您的{inv.plan.year}年劳模疗休养"
                f"第{batch.code}批次（{batch.base.name}）邀请已撤回。",
                sms=inv.person.status != PersonStatus.DECEASED,
            )
            count += 1
            invite_next(batch, today=today)
        pending = Availability.objects.filter(person_id=person.pk).exclude(
            plan__runs__status=RunStatus.PUBLISHED
        )
        for avail in pending.select_related("person__org"):
            avail.delete()  # audited by core.signals like every deletion
    return count


# ---------------------------------------------------------------- host needs


@requires("recuperation.invitation.respond", on="invitation")
def need_save(
    *,
    user: User,
    invitation: Invitation,
    diet: str = "",
    health: str = "",
    mobility: str = "",
    emergency_name: str = "",
    emergency_phone: str = "",
) -> Need:
    """Record a participant's needs for the host; health and phone are stored encrypted."""
    if invitation.status not in SEAT_STATUSES:
        raise RecuperationError("只有入选人员需要填写接待需求")
    with transaction.atomic():
        need, _ = Need.objects.get_or_create(invitation=invitation)
        need.diet, need.mobility = diet.strip()[:200], mobility.strip()[:100]
        need.emergency_name = emergency_name.strip()[:40]
        need.set_health(health.strip())
        need.set_emergency_phone(emergency_phone.strip())
        need.save()
        audit.record(
            action=AuditAction.UPDATE, instance=need, user=user, note="填写接待需求（含健康信息）"
        )
    return need


@requires("recuperation.invitation.respond", on="invitation")
def need_view(*, user: User, invitation: Invitation) -> dict[str, str]:
    """A participant's needs for a form; health data only for the person or a role that may see
    full personal data, and an officer's view of it is logged."""
    need = Need.objects.filter(invitation=invitation).first()
    if need is None:
        return {}
    data = {"diet": need.diet, "mobility": need.mobility, "emergency_name": need.emergency_name}
    is_self = user.role == Role.MEMBER and user.person_id == invitation.person_id
    if is_self or can_see_full_pii(user):
        data.update(health=need.health, emergency_phone=need.emergency_phone)
        if not is_self:
            audit.record(
                action=AuditAction.VIEW_PII,
                instance=need,
                user=user,
                note="查看接待需求中的健康信息",
            )
    return data


# ---------------------------------------------------------------- notifications


@requires("recuperation.notification.read", on="notification")
def notification_read(*, user: User, notification: Notification) -> None:
    """Mark one of the user's own notifications as read."""
    with transaction.atomic():
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=common.now()
        )


@requires("recuperation.notification.read")
def notification_read_all(*, user: User) -> int:
    """Mark all of the user's unread notifications as read; returns how many."""
    if user.person_id is None:
        return 0
    with transaction.atomic():
        return Notification.objects.filter(person_id=user.person_id, read_at__isnull=True).update(
            read_at=common.now()
        )
