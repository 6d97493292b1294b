"""Audit every create, update and delete of a domain model, wherever it happens.

Bulk writes (imports) bypass signals and write their own audit entries.
"""

from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal, receiver

from gonghui.core import audit
from gonghui.core.audit import snapshot
from gonghui.core.kit import audited_labels
from gonghui.core.models import AuditAction, AuditLog, Job

# Sent by bulk writes of persons (imports), which bypass post_save, inside their transaction:
# changes = [(person, old_status, old_org_id), …] for every person whose status or
# organization changed. Other apps (honors) keep what depends on a person consistent.
persons_changed = Signal()

# Sent by honors inside its transaction when a person stops being eligible for model-worker
# care (death; retirement where the year's rules exclude retirees; revocation of the honor that
# made them eligible): kwargs person, reason (Chinese, shown to users), user (or None). Every
# module holding something for that person (a 疗休养 seat, an open 诉求 …) withdraws it with
# the reason, so the registry stays one.
eligibility_lost = Signal()

# Models that are logs or plumbing themselves, not domain records.
_NOT_AUDITED: tuple[type[models.Model], ...] = (AuditLog, Job)
# User bookkeeping fields that change on every login; not worth an entry.
_NOISE = {"last_login", "failed_logins", "locked_until", "updated_at"}


def _audited(sender: type[models.Model]) -> bool:
    return sender._meta.app_label in audited_labels() and not issubclass(sender, _NOT_AUDITED)


@receiver(pre_save)
def _remember_before(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not _audited(sender) or kwargs.get("raw"):
        return
    before = None
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).first()
        before = snapshot(old) if old is not None else None
    instance._audit_before = before  # type: ignore[attr-defined]


@receiver(post_save)
def _log_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if not _audited(sender) or kwargs.get("raw"):
        return
    before = getattr(instance, "_audit_before", None)
    after = snapshot(instance)
    if not created and before is not None:
        diff = {k for k in after if before.get(k) != after.get(k)} - _NOISE
        if not diff:
            return
    audit.record(
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        instance=instance,
        before=None if created else before,
        after=after,
    )


@receiver(post_delete)
def _log_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not _audited(sender):
        return
    audit.record(
        action=AuditAction.DELETE, instance=instance, before=snapshot(instance), after=None
    )
