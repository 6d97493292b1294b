"""职工互助保障 on the 工作台: claims waiting at each step for the role that takes it, claims past
the 7-working-day limit; the year's figures. 职工本人 follow their own claims.

Each staff to-do links to 互助金申领 filtered by the same status (or 仅超期), which lists exactly
what it counts.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

from gonghui.core.dashboard import Figure, Todo
from gonghui.core.models import Role, User
from gonghui.core.permissions import can
from gonghui.mutual_aid import selectors
from gonghui.mutual_aid.models import ClaimStatus

# (status, to-do label, the action that moves a claim on from it)
STEPS = (
    (ClaimStatus.SUBMITTED, "申领待受理", "mutual_aid.claim.accept"),
    (ClaimStatus.ACCEPTED, "申领待审核", "mutual_aid.claim.review"),
    (ClaimStatus.REVIEWED, "申领待复核", "mutual_aid.claim.check"),
    (ClaimStatus.APPROVED, "已复核待支付", "mutual_aid.payment.create"),
)
DONE = (ClaimStatus.PAID, ClaimStatus.REJECTED)


def _claims_url(**query: str) -> str:
    return f"{reverse('mutual_aid:claim_list')}?{urlencode(query)}"


def _mine(user: User) -> list[Todo]:
    if not can(user, "mutual_aid.mine.view"):
        return []
    claims = selectors.member_claims(user=user)
    mine = reverse("mutual_aid:mine")
    return [
        Todo(
            "申领待补充材料",
            claims.filter(status=ClaimStatus.SUPPLEMENT).count(),
            mine,
            "danger",
        ),
        Todo("我的申领办理中", claims.exclude(status__in=DONE).count(), mine, "info"),
    ]


def todos(user: User) -> list[Todo]:
    if user.role == Role.MEMBER:
        return _mine(user)
    out = []
    if can(user, "mutual_aid.payment.create"):
        overdue = selectors.claim_list(user=user, overdue="1").count()
        out.append(Todo("超7个工作日未支付", overdue, _claims_url(overdue="1"), "danger"))
    for status, label, action in STEPS:
        if can(user, action):
            count = selectors.claim_list(user=user, status=status).count()
            out.append(Todo(label, count, _claims_url(status=status)))
    return out


def figures(user: User, year: int) -> list[Figure]:
    if not can(user, "mutual_aid.stats.view"):
        return []
    stats = selectors.statistics(user=user, year=year)
    url = f"{reverse('mutual_aid:stats')}?{urlencode({'year': year})}"
    return [
        Figure(f"{year}年参保职工", stats["insured"], "人", url),
        Figure("互助金已支付", stats["paid_count"], "件", url),
        Figure("支付金额", stats["paid_amount"], "元", url),
    ]
