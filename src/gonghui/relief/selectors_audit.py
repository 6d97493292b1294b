"""专项审计 of one campaign: its recipients, the duplicates found and how each was resolved, the
amounts set apart from the standard with their reasons, and the items not yet signed for —
limited to the lists of the user's subtree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet

from gonghui.core.models import User
from gonghui.relief.models import (
    Campaign,
    CampaignKind,
    Distribution,
    ListStatus,
)
from gonghui.relief.models.campaigns import DuplicateResolution
from gonghui.relief.selectors_activities import campaigns_seen, fair_list, grant_list, site_list


def audit_campaign_get(*, user: User, pk: int) -> Campaign:
    """A campaign run above, at or below the user's organization (else DoesNotExist)."""
    return campaigns_seen(user=user).get(pk=pk)


@dataclass(frozen=True)
class CampaignAudit:
    campaign: Campaign
    recipients: QuerySet[Distribution]
    duplicates: QuerySet[DuplicateResolution]
    overrides: QuerySet[Distribution]
    unsigned: QuerySet[Distribution]
    # 金秋助学 grants, 夏送清凉 sites or 春送岗位 fairs, by the campaign's kind (else None).
    records: QuerySet[Any] | None


def campaign_audit(*, user: User, campaign: Campaign) -> CampaignAudit:
    """The audit view's querysets for `campaign`, each limited to the user's subtree."""
    path = user.organization.path if user.organization else "/-/"
    items = (
        Distribution.objects.select_related("person", "dlist__org", "dlist__approved_by")
        .filter(campaign=campaign, dlist__org__path__startswith=path)
        .exclude(dlist__status=ListStatus.DRAFT)
        .order_by("dlist__org__path", "id")
    )
    approved = items.filter(dlist__status=ListStatus.APPROVED)
    duplicates = (
        DuplicateResolution.objects.select_related(
            "person", "kept_list__org", "removed_list__org", "by"
        )
        .filter(campaign=campaign)
        .filter(
            Q(removed_list__org__path__startswith=path) | Q(kept_list__org__path__startswith=path)
        )
        .order_by("at", "id")
    )
    overrides = items.filter(~Q(override_reason="") | ~Q(amount=F("standard_amount")))
    records: QuerySet[Any] | None = None
    if campaign.kind == CampaignKind.SCHOOLING:
        records = grant_list(user=user, campaign=str(campaign.pk))
    elif campaign.kind == CampaignKind.COOLNESS:
        records = site_list(user=user, campaign=str(campaign.pk))
    elif campaign.kind == CampaignKind.JOBS:
        records = fair_list(user=user, campaign=str(campaign.pk))
    return CampaignAudit(
        campaign=campaign,
        recipients=items,
        duplicates=duplicates,
        overrides=overrides,
        unsigned=approved.filter(signed_on__isnull=True),
        records=records,
    )
