"""Reads for a user: every queryset is limited to the user's scope (persons via person__org).

One module per part — registry, visits (with a task's history), subsidies, demands, timeline —
and every selector is importable from here (`from gonghui.honors import selectors`).
"""

from gonghui.honors.selectors.demands import demand_get, demand_list, demand_steps
from gonghui.honors.selectors.registry import (
    honor_list,
    honor_type_get,
    honor_type_list,
    honor_types,
    model_worker_of,
    person_candidates,
    person_honors,
    registry_get,
    registry_list,
    roster_people_count,
)
from gonghui.honors.selectors.subsidies import (
    person_subsidies,
    standard_regions,
    subsidy_list_get,
    subsidy_list_list,
    subsidy_payment_list,
    subsidy_payments,
)
from gonghui.honors.selectors.timeline import (
    TIMELINE_PROVIDERS,
    TimelineEntry,
    overdue_counts,
    person_timeline,
    register_timeline_provider,
)
from gonghui.honors.selectors.visits import (
    OTHER_ORGANIZATION,
    HistoryEntry,
    VisitFigure,
    holiday_get,
    person_visit_tasks,
    visit_figures,
    visit_task_history,
    visit_task_list,
)

__all__ = [
    "OTHER_ORGANIZATION",
    "TIMELINE_PROVIDERS",
    "HistoryEntry",
    "TimelineEntry",
    "VisitFigure",
    "demand_get",
    "demand_list",
    "demand_steps",
    "holiday_get",
    "honor_list",
    "honor_type_get",
    "honor_type_list",
    "honor_types",
    "model_worker_of",
    "overdue_counts",
    "person_candidates",
    "person_honors",
    "person_subsidies",
    "person_timeline",
    "person_visit_tasks",
    "register_timeline_provider",
    "registry_get",
    "registry_list",
    "roster_people_count",
    "standard_regions",
    "subsidy_list_get",
    "subsidy_list_list",
    "subsidy_payment_list",
    "subsidy_payments",
    "visit_figures",
    "visit_task_history",
    "visit_task_list",
]
