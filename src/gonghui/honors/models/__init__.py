"""劳模 registry: honors, 五必访 visit tasks, care subsidies, 劳模诉求, and the year's rules.

One module per part (registry, rules, visits, subsidies, demands); every model and choice is
importable from here (`from gonghui.honors.models import Honor`).
"""

from gonghui.honors.models.demands import (
    Demand,
    DemandCategory,
    DemandLetterCounter,
    DemandStatus,
    DemandStep,
    Department,
)
from gonghui.honors.models.registry import (
    Honor,
    HonorCategory,
    HonorLevel,
    HonorStatus,
    HonorType,
    ModelWorker,
)
from gonghui.honors.models.rules import SubsidyStandard, VisitHoliday, YearRules
from gonghui.honors.models.subsidies import (
    PaymentStatus,
    SubsidyList,
    SubsidyListStatus,
    SubsidyPayment,
)
from gonghui.honors.models.visits import (
    EVENT_OCCASIONS,
    LifeEvent,
    VisitOccasion,
    VisitStatus,
    VisitTask,
)

__all__ = [
    "EVENT_OCCASIONS",
    "Demand",
    "DemandCategory",
    "DemandLetterCounter",
    "DemandStatus",
    "DemandStep",
    "Department",
    "Honor",
    "HonorCategory",
    "HonorLevel",
    "HonorStatus",
    "HonorType",
    "LifeEvent",
    "ModelWorker",
    "PaymentStatus",
    "SubsidyList",
    "SubsidyListStatus",
    "SubsidyPayment",
    "SubsidyStandard",
    "VisitHoliday",
    "VisitOccasion",
    "VisitStatus",
    "VisitTask",
    "YearRules",
]
