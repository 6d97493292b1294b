"""Writes for the 劳模 registry: validated, one transaction each, audited (core.signals).

One module per part — catalog (honor types, the year's rules), registry (honors, levels, a
person's status), visits (五必访), subsidies, demands (劳模诉求) — and every service is importable
from here (`from gonghui.honors import services; services.honor_create(...)`).
"""

from gonghui.honors.services.catalog import (
    HONOR_TYPE_NAME_MAX,
    INDIVIDUAL_CATEGORIES,
    YEAR_RULE_FIELDS,
    honor_type_create,
    honor_type_delete,
    honor_type_resolve,
    honor_type_update,
    honor_types_ensure,
    year_rules_save,
)
from gonghui.honors.services.common import OPEN_PAYMENT
from gonghui.honors.services.demands import (
    LETTER_SEQ,
    demand_answer,
    demand_close,
    demand_file,
    demand_refer,
    demand_sort,
)
from gonghui.honors.services.registry import (
    achievement_visit_create,
    bank_account_of,
    honor_create,
    honor_revoke,
    model_worker_refresh,
    model_worker_set_bank,
    person_mark_deceased,
    person_mark_moved,
    person_mark_retired,
    sync_after_move,
)
from gonghui.honors.services.subsidies import (
    BUDGET_LINE_MAX,
    BUDGET_MAX,
    PAID_LOCKED,
    SUBSIDY_MAX,
    VOUCHER_MAX,
    subsidy_list_approve,
    subsidy_list_compute,
    subsidy_list_delete,
    subsidy_list_mark_paid,
    subsidy_list_set_budget,
    subsidy_standard_set,
)
from gonghui.honors.services.visits import (
    holiday_save,
    holiday_tasks_generate,
    life_event_record,
    visit_record,
    visit_task_assign,
    visit_task_cancel,
)

__all__ = [
    "BUDGET_LINE_MAX",
    "BUDGET_MAX",
    "HONOR_TYPE_NAME_MAX",
    "INDIVIDUAL_CATEGORIES",
    "LETTER_SEQ",
    "OPEN_PAYMENT",
    "PAID_LOCKED",
    "SUBSIDY_MAX",
    "VOUCHER_MAX",
    "YEAR_RULE_FIELDS",
    "achievement_visit_create",
    "bank_account_of",
    "demand_answer",
    "demand_close",
    "demand_file",
    "demand_refer",
    "demand_sort",
    "holiday_save",
    "holiday_tasks_generate",
    "honor_create",
    "honor_revoke",
    "honor_type_create",
    "honor_type_delete",
    "honor_type_resolve",
    "honor_type_update",
    "honor_types_ensure",
    "life_event_record",
    "model_worker_refresh",
    "model_worker_set_bank",
    "person_mark_deceased",
    "person_mark_moved",
    "person_mark_retired",
    "subsidy_list_approve",
    "subsidy_list_compute",
    "subsidy_list_delete",
    "subsidy_list_mark_paid",
    "subsidy_list_set_budget",
    "subsidy_standard_set",
    "sync_after_move",
    "visit_record",
    "visit_task_assign",
    "visit_task_cancel",
    "year_rules_save",
]
