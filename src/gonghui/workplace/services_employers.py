"""The 企业台账's writes: what a department's record is (SourceRecord), which county it names
(Districts), what it changes on an employer already in the base, and the review queue's three
decisions on a record whose name matched an employer while its 统一社会信用代码 did not —
合并到该单位, 确认为不同单位, 驳回. The bulk merge of whole files is services_employers_merge.

A decision locks the review row and refuses a second one (deciding twice, or two officers at
once) with a Chinese message naming who decided first; it never changes an employer's code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from gonghui.core import clock
from gonghui.core.db import lock_row, unique_or
from gonghui.core.errors import DomainError
from gonghui.core.importing import fold
from gonghui.core.middleware import acting_as
from gonghui.core.models import Employer, EmployerKind, Organization, OrgKind, User
from gonghui.core.permissions import can, requires
from gonghui.core.validators import parse_credit_code
from gonghui.workplace.models import (
    EmployerSighting,
    HeadcountEntry,
    MergeReview,
    ReviewStatus,
    Source,
)

NOTE_MAX = 300
_SPACES = re.compile(r"\s+")
# Full-width ASCII to half-width, every kind of space removed: one str.translate per name (the
# merge keys every employer of the city once per import).
_NAME_KEY: dict[int, int | None] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_NAME_KEY.update(dict.fromkeys([0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x3000, 0x200B, 0xFEFF]))


def name_key(name: str) -> str:
    """An employer's name as the merge compares it: half-width, no spaces, upper-case Latin
    letters (安康市某某（有限）公司 and 安康市某某(有限)公司 are one name)."""
    return name.translate(_NAME_KEY).upper()


def common_ancestor_path(a: str, b: str) -> str:
    """The materialized path of the nearest organization above (or at) both paths."""
    parts_a, parts_b = a.strip("/").split("/"), b.strip("/").split("/")
    common = []
    for x, y in zip(parts_a, parts_b, strict=False):
        if x != y:
            break
        common.append(x)
    return "/" + "".join(f"{p}/" for p in common)


# ---------------------------------------------------------------- the county a record names


_COUNTY_SUFFIXES = ("示范区", "新区", "区", "县", "市")


def _stem(org_name: str) -> str:
    """汉滨区总工会 → 汉滨, 恒口示范区总工会 → 恒口, 安康市总工会 → 安康."""
    name = org_name.removesuffix("总工会")
    for suffix in _COUNTY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name.removesuffix(suffix)
    return name


@dataclass
class Districts:
    """The county federations a source's 所属区县 / 行政区划 / 主管税务机关 … cell may name: by
    code (610902, 610902001000) or by a name that contains the county's (汉滨区, 安康市汉滨区,
    国家税务总局安康市汉滨区税务局). A cell naming only the city means the importer's own
    organization; anything else is an error of that cell."""

    by_code: dict[str, Organization]
    stems: list[tuple[str, Organization]]
    city_codes: set[str]
    city_stems: list[str]
    seen: dict[str, Organization | DomainError | None] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Districts:
        orgs = list(
            Organization.objects.filter(kind__in=[OrgKind.CITY, OrgKind.COUNTY]).order_by("path")
        )
        counties = [o for o in orgs if o.kind == OrgKind.COUNTY]
        cities = [o for o in orgs if o.kind == OrgKind.CITY]
        return cls(
            by_code={o.code: o for o in counties if o.code},
            stems=[(_stem(o.name), o) for o in counties],
            city_codes={o.code for o in cities if o.code},
            city_stems=[_stem(o.name) for o in cities],
        )

    def resolve(self, text: Any) -> Organization | None:
        """The county federation the cell names; None: the cell names the city (or is blank).
        Each distinct text is decided once (a file names a dozen counties 50,000 times)."""
        raw = str(text or "")
        if raw not in self.seen:
            try:
                self.seen[raw] = self._resolve(raw)
            except DomainError as exc:
                self.seen[raw] = exc
        hit = self.seen[raw]
        if isinstance(hit, DomainError):
            raise hit
        return hit

    def _resolve(self, text: str) -> Organization | None:
        key = _SPACES.sub("", fold(text))
        if not key:
            return None
        if key.isascii() and key.isdigit():
            code = key[:6]
            if len(key) in (6, 9, 12) and code in self.by_code:
                return self.by_code[code]
            if len(key) in (6, 9, 12) and code in self.city_codes:
                return None
            raise DomainError(f"行政区划代码“{key}”不是本市的区县代码")
        hits = {o.pk: o for stem, o in self.stems if stem and stem in key}
        if len(hits) == 1:
            return next(iter(hits.values()))
        if len(hits) > 1:
            names = "、".join(o.name for o in hits.values())
            raise DomainError(f"“{key}”同时含有{names}的名称，无法确定所属区县")
        if any(stem and stem in key for stem in self.city_stems):
            return None
        raise DomainError(f"无法识别“{key}”所属的区县，请填写区县名称（如汉滨区）或行政区划代码")


# ---------------------------------------------------------------- a department's record


@dataclass(slots=True)
class SourceRecord:
    """One row of a department's file, checked (importers_employers.SourceImporter.clean)."""

    credit_code: str
    name: str
    default_kind: str
    employee_count: int | None = None
    district: str = ""
    org: Organization | None = None  # the county the row names; None: the importer's own
    kind: str = ""  # "" when the source does not say
    industry: str = ""
    has_union: bool | None = None
    has_party_org: bool | None = None
    new_economy: bool | None = None
    new_social: bool | None = None
    file_name: str = ""
    cells: dict[str, str] = field(default_factory=dict)  # the file's header → the cell's text
    name_key: str = ""  # name_key(name), computed once

    def __post_init__(self) -> None:
        if not self.name_key:
            self.name_key = name_key(self.name)

    def review_data(self, org: Organization, day: dt.date) -> dict[str, Any]:
        """What a MergeReview keeps of the record (MergeReview.data)."""
        return {
            "name": self.name,
            "credit_code": self.credit_code,
            "employee_count": self.employee_count,
            "kind": self.kind or self.default_kind,
            "industry": self.industry,
            "has_union": self.has_union,
            "has_party_org": self.has_party_org,
            "new_economy": self.new_economy,
            "new_social": self.new_social,
            "district": self.district,
            "org_id": org.pk,
            "org_name": org.name,
            "seen_on": day.isoformat(),
            "cells": self.cells,
        }

    @classmethod
    def of_review(cls, review: MergeReview) -> SourceRecord:
        d = review.data or {}
        count = d.get("employee_count")
        return cls(
            credit_code=review.credit_code,
            name=review.name,
            default_kind=str(d.get("kind") or EmployerKind.PRIVATE),
            employee_count=int(count) if isinstance(count, int) else None,
            district=str(d.get("district") or ""),
            kind=str(d.get("kind") or ""),
            industry=str(d.get("industry") or ""),
            has_union=d.get("has_union"),
            has_party_org=d.get("has_party_org"),
            new_economy=d.get("new_economy"),
            new_social=d.get("new_social"),
            file_name=review.file_name,
            cells=dict(d.get("cells") or {}),
        )


def merged_fields(employer: Mapping[str, Any], rec: SourceRecord) -> dict[str, Any]:
    """What a source's record changes on an employer already in the base (its fields by name):
    the name only when the employer has none, the employee count to the source's (the
    latest), the industry when empty; flags only switched on — a department's silence (or a 否
    in an old export) never switches off what the union itself recorded."""
    changes: dict[str, Any] = {}
    count = rec.employee_count
    if count is not None and count != employer["employee_count"]:
        changes["employee_count"] = count
    if rec.name and not employer["name"].strip():
        changes["name"] = rec.name
    if rec.industry and not employer["industry"]:
        changes["industry"] = rec.industry
    if rec.has_union and not employer["has_union"]:
        changes["has_union"] = True
    if rec.has_party_org and not employer["has_party_org"]:
        changes["has_party_org"] = True
    if rec.new_economy and not employer["is_new_economy"]:
        changes["is_new_economy"] = True
    if rec.new_social and not employer["is_new_social"]:
        changes["is_new_social"] = True
    return changes


def fields_of(employer: Employer) -> dict[str, Any]:
    """The employer's fields merged_fields reads."""
    return {f: getattr(employer, f) for f in MERGED_FIELDS}


MERGED_FIELDS = (
    "name",
    "employee_count",
    "industry",
    "has_union",
    "has_party_org",
    "is_new_economy",
    "is_new_social",
)


# ---------------------------------------------------------------- the review queue


def _when(moment: dt.datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def _pending(review: MergeReview) -> MergeReview:
    """The review read again under its row lock; refused unless it is still pending."""
    locked = lock_row(review)
    if locked.status != ReviewStatus.PENDING:
        who = locked.decided_by
        by = f"由{who.get_full_name() or who.username}" if who is not None else ""
        raise DomainError(
            f"该记录已于{_when(locked.decided_at)}{by}处理为“{locked.get_status_display()}”，"
            "不能再次处理，请刷新页面"
        )
    return locked


def _note(note: str, *, required: str = "") -> str:
    text = (note or "").strip()
    if required and not text:
        raise DomainError(required, column="note")
    if len(text) > NOTE_MAX:
        raise DomainError(f"核对说明最多{NOTE_MAX}个字", column="note")
    return text


def _decided(review: MergeReview, user: User, status: str, note: str) -> MergeReview:
    review.status = status
    review.decided_by = user
    review.decided_at = clock.now()
    review.note = note
    review.save()
    return review


def _seen_on(review: MergeReview) -> dt.date:
    try:
        return dt.date.fromisoformat(str((review.data or {}).get("seen_on")))
    except ValueError:
        return clock.day_of(review.created_at)


def record_sighting(employer: Employer, review: MergeReview) -> EmployerSighting:
    """The review's source record as a sighting of `employer` (created, or its last_seen moved)
    and its employee count applied as the import would (saved: audited by the signals)."""
    rec = SourceRecord.of_review(review)
    day = _seen_on(review)
    sighting = EmployerSighting.objects.filter(employer=employer, source=review.source).first()
    if sighting is None:
        sighting = EmployerSighting(
            employer=employer, source=review.source, first_seen=day, last_seen=day
        )
    sighting.name_in_source = rec.name
    if rec.employee_count is not None:
        sighting.employee_count = rec.employee_count
    sighting.last_seen = max(sighting.last_seen, day)
    sighting.file_name = review.file_name
    sighting.save()
    changes = merged_fields(fields_of(employer), rec)
    if changes:
        for name, value in changes.items():
            setattr(employer, name, value)
        employer.save()
    if "employee_count" in changes:
        HeadcountEntry.objects.update_or_create(
            employer=employer,
            as_of=day,
            source=review.source,
            defaults={"count": employer.employee_count},
        )
    return sighting


@requires("workplace.employer.review", on="review")
def review_merge(*, user: User, review: MergeReview, note: str) -> MergeReview:
    """合并到该单位: the source record becomes the candidate's sighting of that source; the
    candidate keeps its own 统一社会信用代码 (the source's code is remembered as merged)."""
    text = _note(note)
    with transaction.atomic(), acting_as(user):
        review = _pending(review)
        employer = lock_row(review.candidate)
        if not can(user, "workplace.employer.review", employer):
            raise DomainError("同名单位已不在您的管辖范围内，请由上级工会核对")
        record_sighting(employer, review)
        return _decided(review, user, ReviewStatus.MERGED, text)


@requires("workplace.employer.review", on="review")
def review_separate(*, user: User, review: MergeReview, note: str) -> Employer:
    """确认为不同单位: a new employer with the source's code, name and county, and its sighting."""
    text = _note(note)
    with transaction.atomic(), acting_as(user):
        review = _pending(review)
        rec = SourceRecord.of_review(review)
        code = parse_credit_code(review.credit_code)
        taken = Employer.objects.filter(credit_code=code).first()
        if taken is not None:
            where = f"“{taken.name}”" if can(user, "workplace.employer.view", taken) else "其他单位"
            raise DomainError(
                f"统一社会信用代码{code}已登记为{where}，不能再新增；请合并或驳回本条"
            )
        org_id = (review.data or {}).get("org_id")
        org = Organization.objects.filter(pk=org_id).first() if org_id else None
        if org is None or not org.path.startswith(review.org.path):
            org = review.org
        kind = rec.kind if rec.kind in EmployerKind.values else EmployerKind.PRIVATE
        employer = Employer(
            credit_code=code,
            name=rec.name,
            kind=kind,
            is_new_economy=bool(rec.new_economy)
            if rec.new_economy is not None
            else kind in (EmployerKind.PRIVATE, EmployerKind.FOREIGN),
            is_new_social=bool(rec.new_social)
            if rec.new_social is not None
            else kind == EmployerKind.SOCIAL,
            employee_count=rec.employee_count or 0,
            industry=rec.industry,
            has_union=bool(rec.has_union),
            has_party_org=bool(rec.has_party_org),
            org=org,
        )
        with unique_or(f"统一社会信用代码{code}刚由他人登记，请刷新后重新核对"):
            employer.save()
        record_sighting(employer, review)
        if rec.employee_count is not None:
            HeadcountEntry.objects.get_or_create(
                employer=employer,
                as_of=_seen_on(review),
                source=review.source,
                defaults={"count": rec.employee_count},
            )
        _decided(review, user, ReviewStatus.SEPARATE, text)
        return employer


@requires("workplace.employer.review", on="review")
def review_reject(*, user: User, review: MergeReview, note: str) -> MergeReview:
    """驳回: the source record stays out of the base (later imports of this source's code are
    left alone too)."""
    text = _note(note, required="请填写驳回原因")
    with transaction.atomic(), acting_as(user):
        review = _pending(review)
        return _decided(review, user, ReviewStatus.REJECTED, text)


def source_label(source: str) -> str:
    return str(Source(source).label) if source in Source.values else source
