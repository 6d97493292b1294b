"""The figures of 企业工作 for an organization of the user's subtree and a year: 三新 organizing,
劳模工匠助企行 and 维权, each with a per-county breakdown when counties lie below the organization.

Each source below is one aggregate query grouped by the county a record's organization lies in
(the prefix of its path one level below the chosen organization), so the page costs the same few
queries whatever the number of records. Which date puts a record in the year:

- 企业 by organizing status: the base as it stands (a snapshot), judged by the 单独建会 threshold
  in force for the year where the employer's union is (a county's own setting wins over the
  city's); 新建工会: the founding meeting (Founding.meeting_on); 集中入会: the event's date
  (JoinEvent.held_on); 示范点: the year it was designated for (DemoSite.year, revoked ones left
  out), its subsidy approved (审批 or 发放) and paid;
- 企业点单: filed when entered (Need.created_at), solved / suggestion / training and the number
  trained, the enterprises served and their rating by the date the service was done (done_on);
  分队: the squads in service now and their model workers;
- 一函两书: issued (issued_on), rectified (rectified_on); 追回欠薪 and the workers it reached by
  recovered_on; 调解: cases received in the year (received_on), by their stage now, and the
  amounts agreed in them; 安全检查 (inspected_on) and the hazards found in them, hazards fixed by
  fixed_on; 法律咨询 by consulted_on.

The 工作台's to-do counts (dashboard.py) are read here too: each a scoped queryset.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from gonghui.core.errors import ScopeError
from gonghui.core.models import Employer, Organization, OrgKind, User
from gonghui.core.money import CENT
from gonghui.core.scope import organizations_for, scoped
from gonghui.workplace.models import (
    Consultation,
    DemoSite,
    Founding,
    Hazard,
    Inspection,
    JoinEvent,
    Letter,
    LetterKind,
    LetterStatus,
    Mediation,
    MediationStage,
    MergeReview,
    Need,
    Outcome,
    Recovery,
    ReviewStatus,
    SiteStatus,
    Squad,
    WorkplaceSetting,
)
from gonghui.workplace.rules import NEEDS_ACTION, OrganizingStatus, annotate_status

ZERO = Decimal("0.00")
TENTH = Decimal("0.1")
SEGMENT = len(Organization.segment(1))
# The column of records not under any county below the chosen organization: its own and those
# of its other direct children (e.g. the city's industry federations).
OWN = ""
OWN_LABEL = "本级及直属"
DEFAULT_THRESHOLD: int = WorkplaceSetting._meta.get_field("union_threshold").get_default()


# ---------------------------------------------------------------- the scope


@dataclass(frozen=True)
class FigureScope:
    """Whose figures: an organization of the user's subtree and a year; `counties` are the county
    federations directly below it (none: no breakdown)."""

    org: Organization
    year: int
    counties: tuple[Organization, ...] = ()

    @property
    def width(self) -> int:
        return len(self.org.path) + SEGMENT

    def bucket(self, prefix: str) -> str:
        """The column of a record whose organization path starts with `prefix`."""
        return prefix if prefix in self._county_paths else OWN

    @property
    def _county_paths(self) -> set[str]:
        return {c.path for c in self.counties}

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(column key, heading) of the breakdown: each county, then 本级及直属."""
        if not self.counties:
            return []
        return [(c.path, short_name(c)) for c in self.counties] + [(OWN, OWN_LABEL)]


def short_name(org: Organization) -> str:
    """汉滨区总工会 → 汉滨区 (a column heading)."""
    name = org.name
    return name[: -len("总工会")] if name.endswith("总工会") and len(name) > 3 else name


def figure_scope(*, user: User, year: int, org: int | None = None) -> FigureScope:
    """The scope asked for: `org` must lie in the user's subtree (default: their organization)."""
    orgs = organizations_for(user)
    if org is None:
        chosen = user.organization if user.organization_id else None
        if chosen is not None and not orgs.filter(pk=chosen.pk).exists():
            chosen = None
    else:
        chosen = orgs.filter(pk=org).first()
    if chosen is None:
        raise ScopeError("找不到该组织，或不在您的管辖范围内")
    counties = orgs.filter(parent=chosen, kind=OrgKind.COUNTY).order_by("path")
    return FigureScope(org=chosen, year=year, counties=tuple(counties))


# ---------------------------------------------------------------- the figures


@dataclass(frozen=True)
class Figure:
    """A number of the page. `kind`: "count", "money" (yuan) or "rating" (average stars)."""

    key: str
    label: str
    unit: str
    section: str
    kind: str = "count"

    @property
    def money(self) -> bool:
        return self.kind == "money"


SECTIONS = {
    "organizing": "三新建会入会",
    "service": "劳模工匠助企行",
    "rights": "维权服务",
}

_STATUS_UNITS = [(s, f"status_{s.value}") for s in OrganizingStatus]
_STAGE_KEYS = [(s, f"mediation_{s.value}") for s in MediationStage]

FIGURES: dict[str, Figure] = {
    f.key: f
    for f in (
        Figure("employers", "企业台账单位", "家", "organizing"),
        *(Figure(key, str(s.label), "家", "organizing") for s, key in _STATUS_UNITS),
        Figure("needs_action", "需推动建会", "家", "organizing"),
        Figure("founded", "新建工会", "个", "organizing"),
        Figure("join_events", "集中入会活动", "场", "organizing"),
        Figure("joined", "集中入会新会员", "人", "organizing"),
        Figure("joined_new_form", "其中新就业形态", "人", "organizing"),
        Figure("sites", "党工共建示范点", "个", "organizing"),
        Figure("site_approved", "示范点补助（已审批）", "元", "organizing", "money"),
        Figure("site_paid", "示范点补助（已发放）", "元", "organizing", "money"),
        Figure("needs_filed", "企业点单", "件", "service"),
        Figure("needs_solved", "解决难题", "个", "service"),
        Figure("suggestions", "提出建议", "条", "service"),
        Figure("trainings", "开展培训", "次", "service"),
        Figure("trained", "培训职工", "人次", "service"),
        Figure("served", "服务企业", "家", "service"),
        Figure("rating", "企业平均评价", "星", "service", "rating"),
        Figure("squads", "在岗技术服务分队", "支", "service"),
        Figure("squad_members", "分队劳模工匠", "人", "service"),
        Figure("letters_notice", "发出提示函", "份", "rights"),
        Figure("letters_opinion", "发出意见书", "份", "rights"),
        Figure("letters_suggestion", "发出建议书", "份", "rights"),
        Figure("letters_rectified", "文书整改到位", "份", "rights"),
        Figure("recovered", "追回欠薪", "元", "rights", "money"),
        Figure("recovered_workers", "追回欠薪涉及职工", "人", "rights"),
        Figure("mediations", "受理调解案件", "件", "rights"),
        *(Figure(key, f"调解：{s.label}", "件", "rights") for s, key in _STAGE_KEYS),
        Figure("mediation_amount", "调解协议金额", "元", "rights", "money"),
        Figure("inspections", "安全检查", "次", "rights"),
        Figure("hazards_found", "发现隐患", "处", "rights"),
        Figure("hazards_fixed", "隐患整改销号", "处", "rights"),
        Figure("consultations", "法律咨询", "人次", "rights"),
    )
}


# ---------------------------------------------------------------- grouped queries


class Tally:
    """The figures per column as the sources add them (sums); distinct ids kept as sets."""

    def __init__(self) -> None:
        self.cells: dict[str, dict[str, Any]] = defaultdict(dict)
        self.sets: dict[str, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
        self.threshold: int | None = None

    def add(self, bucket: str, values: dict[str, Any]) -> None:
        cell = self.cells[bucket]
        for key, value in values.items():
            cell[key] = cell.get(key, 0) + (value or 0)

    def add_id(self, bucket: str, key: str, value: Any) -> None:
        if value is not None:
            self.sets[key][bucket].add(value)


def _grouped(
    scope: FigureScope, qs: QuerySet[Any], path: str, *extra: str, **aggregates: Any
) -> Iterable[tuple[str, dict[str, Any]]]:
    """(column, aggregates[, extra group fields]) of `qs` limited to the scope's subtree: one
    grouped query (one row per county and extra value); ungrouped without counties."""
    qs = qs.filter(**{f"{path}__startswith": scope.org.path}).order_by()
    # Aliased: an aggregate may not take the name of a field (Sum("recovered") as recovered).
    aliased = {f"fig_{key}": aggregate for key, aggregate in aggregates.items()}
    if not scope.counties and not extra:
        rows: Iterable[dict[str, Any]] = [{"fig_bucket": "", **qs.aggregate(**aliased)}]
    elif not scope.counties:
        rows = ({"fig_bucket": "", **r} for r in qs.values(*extra).annotate(**aliased))
    else:
        rows = (
            qs.annotate(fig_bucket=Substr(path, 1, scope.width))
            .values("fig_bucket", *extra)
            .annotate(**aliased)
        )
    for row in rows:
        bucket = scope.bucket(row.pop("fig_bucket"))
        yield bucket, {k.removeprefix("fig_"): v for k, v in row.items()}


def _pairs(
    scope: FigureScope, qs: QuerySet[Any], path: str, *fields: str
) -> Iterable[tuple[str, tuple[Any, ...]]]:
    """(column, distinct values of `fields`) of `qs` in the scope's subtree: one query."""
    qs = qs.filter(**{f"{path}__startswith": scope.org.path}).order_by()
    if not scope.counties:
        for row in qs.values_list(*fields).distinct():
            yield OWN, tuple(row)
        return
    rows = qs.annotate(fig_bucket=Substr(path, 1, scope.width))
    for bucket, *rest in rows.values_list("fig_bucket", *fields).distinct():
        yield scope.bucket(bucket), tuple(rest)


def _yearly(field_name: str, year: int) -> Q:
    return Q(**{f"{field_name}__year": year})


# ---------------------------------------------------------------- 三新 organizing


def threshold_groups(scope: FigureScope) -> tuple[int, list[tuple[int, Q]]]:
    """The 单独建会 threshold in force for the chosen organization in the scope's year (as
    setting_for gives it), and (threshold, the employers it applies to) for each threshold used
    in the subtree: an organization below with its own setting overrides it for its subtree."""
    org = scope.org
    ancestors = [int(part) for part in org.path.strip("/").split("/") if part]
    rows = list(
        WorkplaceSetting.objects.filter(year=scope.year)
        .filter(Q(org_id__in=ancestors) | Q(org__path__startswith=org.path))
        .values_list("org__path", "union_threshold")
    )
    above = sorted((p, t) for p, t in rows if org.path.startswith(p))
    root = above[-1][1] if above else DEFAULT_THRESHOLD
    below = [(p, t) for p, t in rows if p != org.path and p.startswith(org.path)]
    terms: dict[int, Q] = {}
    for path, threshold in [(org.path, root), *below]:
        term = Q(org__path__startswith=path)
        for deeper, other in below:
            if other != threshold and deeper != path and deeper.startswith(path):
                term &= ~Q(org__path__startswith=deeper)
        terms[threshold] = terms[threshold] | term if threshold in terms else term
    return root, sorted(terms.items(), key=lambda kv: (kv[0] != root, kv[0]))


def _organizing_status(scope: FigureScope, tally: Tally) -> None:
    tally.threshold, groups = threshold_groups(scope)
    for threshold, where in groups:
        qs = annotate_status(Employer.objects.filter(where), threshold=threshold)
        for bucket, row in _grouped(scope, qs, "org__path", "organizing_status", n=Count("id")):
            status = row["organizing_status"]
            values = {"employers": row["n"], f"status_{status}": row["n"]}
            if status in NEEDS_ACTION:
                values["needs_action"] = row["n"]
            tally.add(bucket, values)


def _foundings(scope: FigureScope, tally: Tally) -> None:
    qs = Founding.objects.filter(_yearly("meeting_on", scope.year))
    for bucket, row in _grouped(scope, qs, "org__path", founded=Count("id")):
        tally.add(bucket, row)


def _join_events(scope: FigureScope, tally: Tally) -> None:
    qs = JoinEvent.objects.filter(_yearly("held_on", scope.year))
    for bucket, row in _grouped(
        scope,
        qs,
        "org__path",
        join_events=Count("id", distinct=True),
        joined=Count("joiners"),
        joined_new_form=Count("joiners", filter=~Q(joiners__new_employment_form="")),
    ):
        tally.add(bucket, row)


def _sites(scope: FigureScope, tally: Tally) -> None:
    qs = DemoSite.objects.filter(year=scope.year).exclude(status=SiteStatus.REVOKED)
    approved = Q(status__in=(SiteStatus.APPROVED, SiteStatus.PAID))
    for bucket, row in _grouped(
        scope,
        qs,
        "org__path",
        sites=Count("id"),
        site_approved=Sum("subsidy", filter=approved),
        site_paid=Sum("subsidy", filter=Q(status=SiteStatus.PAID)),
    ):
        tally.add(bucket, row)


# ---------------------------------------------------------------- 助企行


def _needs(scope: FigureScope, tally: Tally) -> None:
    filed = _yearly("created_at", scope.year)
    done = _yearly("done_on", scope.year)
    qs = Need.objects.filter(filed | done)
    for bucket, row in _grouped(
        scope,
        qs,
        "org__path",
        needs_filed=Count("id", filter=filed),
        needs_solved=Count("id", filter=done & Q(outcome=Outcome.SOLVED)),
        suggestions=Count("id", filter=done & Q(outcome=Outcome.SUGGESTION)),
        trainings=Count("id", filter=done & Q(outcome=Outcome.TRAINING)),
        trained=Sum("trained", filter=done),
        rating_sum=Sum("rating", filter=done),
        rating_n=Count("rating", filter=done),
    ):
        tally.add(bucket, row)


def _served(scope: FigureScope, tally: Tally) -> None:
    qs = Need.objects.filter(_yearly("done_on", scope.year))
    for bucket, (employer_id,) in _pairs(scope, qs, "org__path", "employer_id"):
        tally.add_id(bucket, "served", employer_id)


def _squads(scope: FigureScope, tally: Tally) -> None:
    qs = Squad.objects.filter(is_active=True)
    for bucket, (squad_id, worker_id) in _pairs(
        scope, qs, "org__path", "id", "members__model_worker_id"
    ):
        tally.add_id(bucket, "squads", squad_id)
        tally.add_id(bucket, "squad_members", worker_id)


# ---------------------------------------------------------------- 维权


def _letters(scope: FigureScope, tally: Tally) -> None:
    issued = _yearly("issued_on", scope.year)
    rectified = Q(status=LetterStatus.RECTIFIED) & _yearly("rectified_on", scope.year)
    qs = Letter.objects.filter(issued | rectified)
    kinds = {
        f"letters_{kind.value}": Count("id", filter=issued & Q(kind=kind)) for kind in LetterKind
    }
    for bucket, row in _grouped(
        scope, qs, "org__path", letters_rectified=Count("id", filter=rectified), **kinds
    ):
        tally.add(bucket, row)


def _recoveries(scope: FigureScope, tally: Tally) -> None:
    qs = Recovery.objects.filter(_yearly("recovered_on", scope.year))
    for bucket, row in _grouped(
        scope,
        qs,
        "letter__org__path",
        recovered=Sum("recovered"),
        recovered_workers=Count("id", filter=Q(recovered__gt=0)),
    ):
        tally.add(bucket, row)


def _mediations(scope: FigureScope, tally: Tally) -> None:
    qs = Mediation.objects.filter(_yearly("received_on", scope.year))
    stages = {key: Count("id", filter=Q(stage=stage)) for stage, key in _STAGE_KEYS}
    for bucket, row in _grouped(
        scope,
        qs,
        "org__path",
        mediations=Count("id"),
        mediation_amount=Sum("amount_agreed", filter=Q(stage=MediationStage.AGREED)),
        **stages,
    ):
        tally.add(bucket, row)


def _inspections(scope: FigureScope, tally: Tally) -> None:
    qs = Inspection.objects.filter(_yearly("inspected_on", scope.year))
    for bucket, row in _grouped(
        scope,
        qs,
        "org__path",
        inspections=Count("id", distinct=True),
        hazards_found=Count("hazards"),
    ):
        tally.add(bucket, row)


def _hazards_fixed(scope: FigureScope, tally: Tally) -> None:
    qs = Hazard.objects.filter(Q(fixed=True) & _yearly("fixed_on", scope.year))
    for bucket, row in _grouped(scope, qs, "inspection__org__path", hazards_fixed=Count("id")):
        tally.add(bucket, row)


def _consultations(scope: FigureScope, tally: Tally) -> None:
    qs = Consultation.objects.filter(_yearly("consulted_on", scope.year))
    for bucket, row in _grouped(scope, qs, "org__path", consultations=Count("id")):
        tally.add(bucket, row)


Source = Callable[[FigureScope, Tally], None]

# Each source and the figures it gives (a page asking for some figures runs only their sources).
SOURCES: list[tuple[Source, tuple[str, ...]]] = [
    (_organizing_status, ("employers", "needs_action", *(k for _, k in _STATUS_UNITS))),
    (_foundings, ("founded",)),
    (_join_events, ("join_events", "joined", "joined_new_form")),
    (_sites, ("sites", "site_approved", "site_paid")),
    (
        _needs,
        ("needs_filed", "needs_solved", "suggestions", "trainings", "trained", "rating"),
    ),
    (_served, ("served",)),
    (_squads, ("squads", "squad_members")),
    (_letters, (*(f"letters_{k.value}" for k in LetterKind), "letters_rectified")),
    (_recoveries, ("recovered", "recovered_workers")),
    (_mediations, ("mediations", "mediation_amount", *(k for _, k in _STAGE_KEYS))),
    (_inspections, ("inspections", "hazards_found")),
    (_hazards_fixed, ("hazards_fixed",)),
    (_consultations, ("consultations",)),
]


# ---------------------------------------------------------------- the result


Number = int | Decimal | None


@dataclass
class FigureRow:
    figure: Figure
    total: Number
    cells: list[Number] = field(default_factory=list)


@dataclass
class FigureData:
    """The figures of a scope: totals and, with counties below, one value per column."""

    scope: FigureScope
    threshold: int | None  # the 单独建会 threshold applied (None: no status figures asked for)
    totals: dict[str, Number]
    columns: dict[str, dict[str, Number]]

    def value(self, key: str) -> Number:
        return self.totals[key]

    def rows(self, section: str) -> list[FigureRow]:
        """The figures of a section with the value of each breakdown column."""
        keys = [bucket for bucket, _ in self.scope.columns]
        return [
            FigureRow(f, self.totals[f.key], [self.columns[b][f.key] for b in keys])
            for f in FIGURES.values()
            if f.section == section and f.key in self.totals
        ]

    def sections(self) -> list[tuple[str, str, list[FigureRow]]]:
        """(key, title, rows) of each section that has figures, in the page's order."""
        out = [(key, title, self.rows(key)) for key, title in SECTIONS.items()]
        return [s for s in out if s[2]]


def _finish(cell: dict[str, Any], sets: dict[str, set[Any]], keys: set[str]) -> dict[str, Number]:
    """One column's values: money to two places, counts as int, the average rating."""
    out: dict[str, Number] = {}
    for key in keys:
        figure = FIGURES[key]
        if key in sets:
            out[key] = len(sets[key])
        elif figure.kind == "rating":
            n = cell.get("rating_n", 0)
            stars = Decimal(cell.get("rating_sum") or 0) / n if n else None
            out[key] = stars.quantize(TENTH, rounding=ROUND_HALF_UP) if stars is not None else None
        elif figure.money:
            out[key] = Decimal(cell.get(key) or 0).quantize(CENT)
        else:
            out[key] = int(cell.get(key, 0) or 0)
    return out


def figures(*, scope: FigureScope, only: Iterable[str] | None = None) -> FigureData:
    """Every figure of the scope (or those named in `only`), totals and per county."""
    wanted = set(FIGURES) if only is None else set(only)
    tally = Tally()
    keys: set[str] = set()
    for source, gives in SOURCES:
        if wanted & set(gives):
            source(scope, tally)
            keys |= set(gives)
    keys &= wanted
    buckets = {b for b, _ in scope.columns} | {OWN}
    total_cell: dict[str, Any] = {}
    for cell in tally.cells.values():
        for k, v in cell.items():
            total_cell[k] = total_cell.get(k, 0) + v
    total_sets = {k: set().union(*per.values()) for k, per in tally.sets.items()}
    totals = _finish(total_cell, total_sets, keys)
    columns = {
        b: _finish(
            tally.cells.get(b, {}), {k: per.get(b, set()) for k, per in tally.sets.items()}, keys
        )
        for b in buckets
    }
    return FigureData(scope=scope, threshold=tally.threshold, totals=totals, columns=columns)


# ---------------------------------------------------------------- the 工作台's to-dos


def pending_reviews(*, user: User) -> QuerySet[MergeReview]:
    """待核对企业: source records waiting for an officer's decision."""
    return scoped(MergeReview.objects.filter(status=ReviewStatus.PENDING), user)


def needs_in(*, user: User, status: str) -> QuerySet[Need]:
    """企业点单 of the user's subtree in one status."""
    return scoped(Need.objects.filter(status=status), user)


def sites_to_approve(*, user: User) -> QuerySet[DemoSite]:
    """示范点 whose subsidy waits for approval by someone other than who designated it."""
    qs = scoped(DemoSite.objects.filter(status=SiteStatus.DESIGNATED), user)
    return qs.exclude(created_by=user)


def overdue_letters(*, user: User, today: dt.date) -> QuerySet[Letter]:
    """一函两书 past their rectification deadline with neither the rectification nor 逾期未整改
    recorded yet."""
    open_ = (LetterStatus.ISSUED, LetterStatus.REPLIED)
    return scoped(Letter.objects.filter(status__in=open_, deadline__lt=today), user)


def overdue_hazards(*, user: User, today: dt.date) -> QuerySet[Hazard]:
    """Hazards past their deadline and not fixed."""
    qs = Hazard.objects.filter(fixed=False, deadline__lt=today)
    return scoped(qs, user, "inspection__org")
