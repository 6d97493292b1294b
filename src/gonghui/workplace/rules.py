"""The 三新 organizing rule [seed 000], one status per employer, computed — never typed in:

    对于职工人数25人以上的企业，依法推动单独建工会；对暂不具备单独建会条件的，则依托区域性、
    行业性工会联合会实现“兜底覆盖”；对于已建立党组织但尚未建会的单位，上级工会主动上门提供
    宣传与服务；对暂不具备建立党组织条件的，则发挥工会组织“先行一步”的作用。

The clauses overlap (a small employer with no Party organization is both "not yet able to found
its own union" and "not yet able to found a Party organization"), so the first that applies wins,
in this order:
1. 已建会 — it has a union;
2. 单独建会 — at least `threshold` employees (25, a setting): the law asks for its own union;
3. 上门服务 — a Party organization but no union: the upper union visits;
4. 联合会兜底 — fewer employees, no Party organization, attached to a 行业/区域性工会联合会;
5. 先行一步 — fewer employees, no Party organization and no federation yet: the union goes first.

`status_of` decides for one employer in Python; `annotate_status` writes the same decision as
one SQL CASE so lists of 100,000 employers filter and count by status in the database. Both read
the same clauses (tests/workplace/test_rules.py checks they agree on every combination).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Q, QuerySet, Value, When

from gonghui.core.models import Employer, OrgKind


class OrganizingStatus(models.TextChoices):
    FOUNDED = "founded", "已建会"
    OWN_UNION = "own_union", "单独建会"
    VISIT = "visit", "上门服务"
    FEDERATION = "federation", "联合会兜底"
    FIRST_STEP = "first_step", "先行一步"


RULE_TEXT = {
    OrganizingStatus.FOUNDED: "已建立工会组织，纳入会员发展和工会工作日常管理。",
    OrganizingStatus.OWN_UNION: "职工人数{threshold}人以上的企业，依法推动单独建工会。",
    OrganizingStatus.VISIT: "已建立党组织但尚未建会的单位，上级工会主动上门提供宣传与服务。",
    OrganizingStatus.FEDERATION: (
        "暂不具备单独建会条件的，依托区域性、行业性工会联合会实现“兜底覆盖”。"
    ),
    OrganizingStatus.FIRST_STEP: (
        "暂不具备建立党组织条件的，发挥工会组织“先行一步”的作用，通过搭建沟通平台、协调劳动"
        "关系、开展技能培训等方式，为日后党组织建设创造条件。"
    ),
}

# The statuses that ask something of the union (lists of employers that need action).
NEEDS_ACTION = (
    OrganizingStatus.OWN_UNION,
    OrganizingStatus.VISIT,
    OrganizingStatus.FEDERATION,
    OrganizingStatus.FIRST_STEP,
)

FEDERATION_KINDS = (OrgKind.INDUSTRY, OrgKind.REGIONAL)


@dataclass(frozen=True)
class Decision:
    status: OrganizingStatus
    text: str

    @property
    def label(self) -> str:
        return str(self.status.label)


def _clauses(threshold: int) -> list[tuple[OrganizingStatus, Q]]:
    """(status, condition) in the order they are tried."""
    attached = Q(org__kind__in=FEDERATION_KINDS)
    return [
        (OrganizingStatus.FOUNDED, Q(has_union=True)),
        (OrganizingStatus.OWN_UNION, Q(employee_count__gte=threshold)),
        (OrganizingStatus.VISIT, Q(has_party_org=True)),
        (OrganizingStatus.FEDERATION, attached),
    ]


def status_of(employer: Employer, *, threshold: int = 25) -> Decision:
    if employer.has_union:
        status = OrganizingStatus.FOUNDED
    elif employer.employee_count >= threshold:
        status = OrganizingStatus.OWN_UNION
    elif employer.has_party_org:
        status = OrganizingStatus.VISIT
    elif employer.org.kind in FEDERATION_KINDS:
        status = OrganizingStatus.FEDERATION
    else:
        status = OrganizingStatus.FIRST_STEP
    return Decision(status, rule_text(status, threshold=threshold))


def rule_text(status: str, *, threshold: int = 25) -> str:
    return RULE_TEXT[OrganizingStatus(status)].format(threshold=threshold)


def annotate_status(
    employers: QuerySet[Employer], *, threshold: int = 25, name: str = "organizing_status"
) -> QuerySet[Employer]:
    """The employers with `name` = their status, decided in SQL by the same clauses."""
    whens = [When(cond, then=Value(status.value)) for status, cond in _clauses(threshold)]
    return employers.annotate(
        **{
            name: Case(
                *whens,
                default=Value(OrganizingStatus.FIRST_STEP.value),
                output_field=models.CharField(),
            )
        }
    )
