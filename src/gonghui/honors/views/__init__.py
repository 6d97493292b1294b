"""Pages of the 劳模 registry: thin views over honors.selectors / services / exporters.

Who may open a page, export it or press a button is the permission table's answer
(honors/permissions.py): a page asks `authorize(user, "honors.<page>.view")`, each POST route
declares its action with `@route_action`, and the services check the record itself. A page
reports a service's outcome with core.web.act / submit.

One module per part — catalog, registry, visits, subsidies, demands, my — and every view is
importable from here (honors/urls.py reads `views.<name>`).
"""

from gonghui.honors.views.catalog import (
    HonorTypeListView,
    honor_type_create,
    honor_type_delete,
    honor_type_edit,
    year_rules,
)
from gonghui.honors.views.demands import (
    DEMAND_ACTIONS,
    DemandListView,
    demand_action,
    demand_create,
    demand_detail,
    demand_letter,
)
from gonghui.honors.views.my import my
from gonghui.honors.views.registry import (
    HonorListView,
    RegistryListView,
    honor_create,
    honor_revoke,
    roster,
    worker_bank,
    worker_detail,
    worker_event,
    worker_move,
    worker_status,
)
from gonghui.honors.views.subsidies import (
    SUBSIDY_ACTIONS,
    SubsidyListView,
    standards,
    subsidy_action,
    subsidy_compute,
    subsidy_detail,
    subsidy_sheet,
)
from gonghui.honors.views.visits import (
    VISIT_ACTIONS,
    VisitListView,
    holiday_generate,
    holidays,
    visit_action,
    visit_detail,
    visit_figures,
)

__all__ = [
    "DEMAND_ACTIONS",
    "SUBSIDY_ACTIONS",
    "VISIT_ACTIONS",
    "DemandListView",
    "HonorListView",
    "HonorTypeListView",
    "RegistryListView",
    "SubsidyListView",
    "VisitListView",
    "demand_action",
    "demand_create",
    "demand_detail",
    "demand_letter",
    "holiday_generate",
    "holidays",
    "honor_create",
    "honor_revoke",
    "honor_type_create",
    "honor_type_delete",
    "honor_type_edit",
    "my",
    "roster",
    "standards",
    "subsidy_action",
    "subsidy_compute",
    "subsidy_detail",
    "subsidy_sheet",
    "visit_action",
    "visit_detail",
    "visit_figures",
    "worker_bank",
    "worker_detail",
    "worker_event",
    "worker_move",
    "worker_status",
    "year_rules",
]
