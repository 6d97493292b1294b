"""Pages of 劳模疗休养: plans, batches, selection runs, publicity, invitations, self-service,
host needs, running a batch, bases, exchanges and inbound groups, the year's report.

Who may open a page or press a button is the permission table (recuperation/permissions.py):
each page asks `authorize(user, "recuperation.….view")`, each POST route declares its action
(@route_action) and the service checks the record; buttons ask the same table in templates.
Pages read through selectors and call services through core.web (act / submit).

The pages live in modules along their seams; this module gathers them for urls.py:
views_plans (plans, batches of a draft, candidates), views_runs (selection, 公示),
views_invitations (invitations, needs, 我的疗休养), views_batches (running a batch, its files),
views_exchange (互派与接待), views_bases (bases, 年度统计), views_common (what they share).
"""

from __future__ import annotations

from gonghui.recuperation.views_bases import base_delete, base_edit, base_list, report
from gonghui.recuperation.views_batches import (
    BATCH_ACTIONS,
    batch_action,
    batch_detail,
    batch_needs,
    batch_roster,
)
from gonghui.recuperation.views_exchange import (
    exchange_create,
    exchange_edit,
    inbound_list,
    outbound_create,
    outbound_detail,
    outbound_remove,
)
from gonghui.recuperation.views_invitations import (
    feedback,
    invitation_confirm,
    invitation_decline,
    invitation_list,
    invitations_expire,
    mine,
    mine_availability,
    need_edit,
    notification_read,
    notifications_read_all,
)
from gonghui.recuperation.views_plans import (
    batch_create,
    batch_delete,
    batch_edit,
    candidates,
    plan_approve,
    plan_complete,
    plan_create,
    plan_detail,
    plan_edit,
    plan_list,
    plan_new_version,
)
from gonghui.recuperation.views_runs import (
    plan_run,
    publicity,
    publicity_input,
    publicity_output,
    run_detail,
    run_input,
    run_output,
    run_publish,
)

__all__ = [
    "BATCH_ACTIONS",
    "base_delete",
    "base_edit",
    "base_list",
    "batch_action",
    "batch_create",
    "batch_delete",
    "batch_detail",
    "batch_edit",
    "batch_needs",
    "batch_roster",
    "candidates",
    "exchange_create",
    "exchange_edit",
    "feedback",
    "inbound_list",
    "invitation_confirm",
    "invitation_decline",
    "invitation_list",
    "invitations_expire",
    "mine",
    "mine_availability",
    "need_edit",
    "notification_read",
    "notifications_read_all",
    "outbound_create",
    "outbound_detail",
    "outbound_remove",
    "plan_approve",
    "plan_complete",
    "plan_create",
    "plan_detail",
    "plan_edit",
    "plan_list",
    "plan_new_version",
    "plan_run",
    "publicity",
    "publicity_input",
    "publicity_output",
    "report",
    "run_detail",
    "run_input",
    "run_output",
    "run_publish",
]
