"""Writes for 劳模疗休养: plans, batches, selection, invitations, rosters, running and feedback.

Every function is keyword-only, validates, runs in one transaction and raises RecuperationError
(a DomainError with a Chinese message). Who may call it is the permission table
(recuperation/permissions.py), checked by @requires before the body runs. Seats are sold under a
row lock on the batch (select_for_update) and the database refuses a second seat for a person in
the same plan. Audit entries come from core.signals (app "recuperation" is audited); bulk writes
log their own.

The services live in modules along their seams; this module gathers them, so
`from gonghui.recuperation import services; services.plan_create(…)` keeps working:
- services_common: the domain error, the date the rules look at (`as_of`), notifications;
- services_bases: the base catalog;  services_exchange: 互派协议, inbound and outbound groups;
- services_plans: plans and time preferences;  services_batches: batches and running them;
- services_input: the planner's input and the re-check of people against today's records;
- services_selection: runs and their publication;  services_invitations: seats, the waiting
  list, lost eligibility, host needs, notifications.
"""

from __future__ import annotations

from gonghui.recuperation.services_bases import base_create, base_delete, base_update
from gonghui.recuperation.services_batches import (
    attendance_record,
    batch_add,
    batch_check_editable,
    batch_delete,
    batch_finish,
    batch_record_costs,
    batch_update,
    feedback_submit,
    itinerary_add,
    itinerary_default,
    staff_add,
)
from gonghui.recuperation.services_common import (
    RecuperationError,
    as_of,
    random_seed,
)
from gonghui.recuperation.services_exchange import (
    exchange_create,
    exchange_update,
    inbound_create,
    outbound_add_person,
    outbound_create,
    outbound_remove_person,
)
from gonghui.recuperation.services_input import (
    HONOR_KIND,
    HONOR_LEVEL,
    PLANNER_TRIP_LEVEL,
    candidate_code,
    canonical_json,
    ineligible_now,
    org_code_map,
    refusal_text,
    seat_elsewhere,
    selection_build_input,
    selection_input_and_codes,
)
from gonghui.recuperation.services_invitations import (
    batch_invite_next,
    eligibility_lost_withdraw,
    invitation_confirm,
    invitation_decline,
    invitation_expire_overdue,
    invitations_expire,
    need_save,
    need_view,
    notification_read,
    notification_read_all,
    roster_is_final,
    roster_lock_date,
)
from gonghui.recuperation.services_plans import (
    availability_set,
    plan_approve,
    plan_complete,
    plan_create,
    plan_new_version,
    plan_update,
)
from gonghui.recuperation.services_selection import (
    SOLVE_TIME_LIMIT,
    SOLVE_WORKERS,
    ProgressFn,
    selection_job,
    selection_publish,
    selection_run,
    selection_start,
)

__all__ = [
    "HONOR_KIND",
    "HONOR_LEVEL",
    "PLANNER_TRIP_LEVEL",
    "SOLVE_TIME_LIMIT",
    "SOLVE_WORKERS",
    "ProgressFn",
    "RecuperationError",
    "as_of",
    "attendance_record",
    "availability_set",
    "base_create",
    "base_delete",
    "base_update",
    "batch_add",
    "batch_check_editable",
    "batch_delete",
    "batch_finish",
    "batch_invite_next",
    "batch_record_costs",
    "batch_update",
    "candidate_code",
    "canonical_json",
    "eligibility_lost_withdraw",
    "exchange_create",
    "exchange_update",
    "feedback_submit",
    "inbound_create",
    "ineligible_now",
    "invitation_confirm",
    "invitation_decline",
    "invitation_expire_overdue",
    "invitations_expire",
    "itinerary_add",
    "itinerary_default",
    "need_save",
    "need_view",
    "notification_read",
    "notification_read_all",
    "org_code_map",
    "outbound_add_person",
    "outbound_create",
    "outbound_remove_person",
    "plan_approve",
    "plan_complete",
    "plan_create",
    "plan_new_version",
    "plan_update",
    "random_seed",
    "refusal_text",
    "roster_is_final",
    "roster_lock_date",
    "seat_elsewhere",
    "selection_build_input",
    "selection_input_and_codes",
    "selection_job",
    "selection_publish",
    "selection_run",
    "selection_start",
    "staff_add",
]
