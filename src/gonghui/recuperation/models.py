"""劳模疗休养: bases, exchange agreements, yearly plans and batches, selection runs, invitations,
rosters, host needs, trips (history), costs, feedback and inbound groups. [domain §2]

The records live in three modules along their seams; this module gathers them (Django loads an
app's models from here, and `from gonghui.recuperation.models import …` keeps working):
- models_plans: bases, year settings, plans, batches, time preferences, batch staff, itinerary;
- models_exchange: exchange agreements, outbound and inbound groups, trips;
- models_runs: selection runs, invitations, needs, feedback, notifications.
"""

from __future__ import annotations

from gonghui.recuperation.models_exchange import (
    ExchangeAgreement,
    InboundGroup,
    OutboundGroup,
    Trip,
    TripLevel,
    TripSource,
)
from gonghui.recuperation.models_plans import (
    Availability,
    Base,
    Batch,
    ItemKind,
    ItineraryItem,
    Plan,
    PlanStatus,
    Staff,
    YearSettings,
    batch_end,
)
from gonghui.recuperation.models_runs import (
    SEAT_STATUSES,
    Feedback,
    Invitation,
    InvitationStatus,
    Need,
    Notification,
    RunStatus,
    SelectionRun,
)

__all__ = [
    "SEAT_STATUSES",
    "Availability",
    "Base",
    "Batch",
    "ExchangeAgreement",
    "Feedback",
    "InboundGroup",
    "Invitation",
    "InvitationStatus",
    "ItemKind",
    "ItineraryItem",
    "Need",
    "Notification",
    "OutboundGroup",
    "Plan",
    "PlanStatus",
    "RunStatus",
    "SelectionRun",
    "Staff",
    "Trip",
    "TripLevel",
    "TripSource",
    "YearSettings",
    "batch_end",
]
