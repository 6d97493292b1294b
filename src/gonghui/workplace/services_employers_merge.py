"""The bulk merge behind the four department imports (importers_employers): each batch of source
records is matched against the whole 企业台账 with a constant number of queries, then written in
bulk with one audit entry per row that changed something: the employer's when it was created or
changed (naming the sighting and the headcount written with it), else the sighting's, or the
review's.

Per record, in this order:
1. its 统一社会信用代码 is an employer's (or was merged into one in the review queue) → that
   employer is updated: its name kept (filled only when empty), its employee count the latest
   (a HeadcountEntry of the import's date when it changed), flags only ever switched on, the
   source's sighting created or its last_seen moved;
2. this source's record of this code was 驳回 in the review queue → left alone;
3. a new code whose normalized name is an employer's → a pending MergeReview: never merged,
   never created (an officer decides: services_employers);
4. otherwise a new employer in the county the record names (else the importer's organization),
   with its sighting and first headcount.

The codes and names of every employer are read once per import into dicts (names city-wide: the
same employer reported in two counties is found too; its review then belongs to the nearest
organization above both, so whoever decides sees both records).

Speed (bench/bench_workplace_merge.py, 200,000 rows): records travel as plain dicts, never model
instances; new rows go in through core.importing.insert_rows (executemany on SQLite, COPY on
PostgreSQL) and their ids are read back by their unique keys; changes are one prepared UPDATE
run for all rows (`update_rows`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from django.db import connections, router
from django.db.models import Model, QuerySet

from gonghui.core import clock
from gonghui.core.importing import ImportContext, Item, insert_rows
from gonghui.core.models import AuditAction, Employer, EmployerKind, Organization, User
from gonghui.core.permissions import requires
from gonghui.workplace.models import (
    EmployerSighting,
    HeadcountEntry,
    MergeReview,
    ReviewStatus,
    Source,
)
from gonghui.workplace.services_employers import (
    Districts,
    SourceRecord,
    common_ancestor_path,
    merged_fields,
    name_key,
)

# An employer's fields as core.audit.snapshot writes them (attnames, in model order).
EMPLOYER_FIELDS = tuple(f.attname for f in Employer._meta.concrete_fields)
_SIGHTING_FIELDS = ["name_in_source", "employee_count", "last_seen", "file_name"]
_REVIEW_FIELDS = ["name", "data", "org_id", "file_name", "row"]
NEW_ECONOMY_KINDS = (EmployerKind.PRIVATE, EmployerKind.FOREIGN)


@dataclass
class MergeRun:
    """What one import (preview or commit) knows of the 企业台账, read once and kept current."""

    ctx: ImportContext
    codes: dict[str, int] = field(default_factory=dict)  # credit code → employer id
    names: dict[str, int] = field(default_factory=dict)  # name key → employer id (first)
    aliases: dict[str, int] = field(default_factory=dict)  # merged review's code → employer id
    dismissed: set[tuple[str, str]] = field(default_factory=set)  # (source, code) 驳回
    pending: dict[tuple[str, str, int], int] = field(default_factory=dict)  # → review id
    new_names: dict[str, dict[str, Any]] = field(default_factory=dict)  # created by this import
    merged_at: dict[int, int] = field(default_factory=dict)  # employer id → row that merged it
    orgs: dict[int, Organization] = field(default_factory=dict)
    scoped: dict[int, bool] = field(default_factory=dict)
    districts: Districts | None = None
    loaded: bool = False

    def district_table(self) -> Districts:
        if self.districts is None:
            self.districts = Districts.load()
        return self.districts

    def load(self) -> None:
        if self.loaded:
            return
        roomy_cache()
        names = self.names
        for pk, code, name in fetched(
            Employer.objects.order_by("pk").values_list("pk", "credit_code", "name")
        ):
            self.codes[code] = pk
            key = name_key(name)
            if key not in names:
                names[key] = pk
        reviews = MergeReview.objects.exclude(status=ReviewStatus.SEPARATE).order_by("pk")
        for pk, source, code, candidate, status in fetched(
            reviews.values_list("pk", "source", "credit_code", "candidate_id", "status")
        ):
            if status == ReviewStatus.MERGED:
                self.aliases[code] = candidate
            elif status == ReviewStatus.REJECTED:
                self.dismissed.add((source, code))
            else:
                self.pending[(source, code, candidate)] = pk
        self.loaded = True

    def org(self, pk: int) -> Organization:
        return self.orgs[pk]

    def in_scope(self, org: Organization) -> bool:
        """ImportContext.in_scope, remembered per organization (asked once a row)."""
        found = self.scoped.get(org.pk)
        if found is None:
            found = self.scoped[org.pk] = self.ctx.in_scope(org)
        return found

    def load_orgs(self, ids: set[int]) -> None:
        """Cache the organizations of these ids (one query for those not cached yet)."""
        missing = ids - self.orgs.keys()
        if missing:
            self.orgs.update(Organization.objects.in_bulk(list(missing)))

    def org_at(self, path: str) -> Organization:
        org = next((o for o in self.orgs.values() if o.path == path), None)
        if org is None:
            org = Organization.objects.get(path=path)
            self.orgs[org.pk] = org
        return org


_RUNS: WeakKeyDictionary[ImportContext, MergeRun] = WeakKeyDictionary()
# SQLite's default page cache (2 MB) thrashes on the random inserts into the employers' code
# and name indexes once the base holds 100,000 employers: a merge of 50,000 rows writes twice
# as fast with 64 MB (allocated as pages are read; kept for this connection).
SQLITE_CACHE_KIB = 65536


def roomy_cache() -> None:
    conn = connections[router.db_for_write(Employer)]
    if conn.vendor == "sqlite":
        with conn.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")


def run_of(ctx: ImportContext) -> MergeRun:
    """The merge state of the import `ctx` belongs to (one per preview or commit)."""
    run = _RUNS.get(ctx)
    if run is None:
        run = _RUNS[ctx] = MergeRun(ctx)
    return run


# ---------------------------------------------------------------- plan


def plan(run: MergeRun, source: str, items: list[Item]) -> None:
    """Decide each record of a batch (merge, skip, queue or new) with constant queries."""
    run.load()
    ctx = run.ctx
    assert ctx.scope is not None
    today = ctx.today
    matched: dict[int, int] = {}
    candidates: set[int] = set()
    for i, it in enumerate(items):
        rec: SourceRecord = it.data
        pk = run.codes.get(rec.credit_code) or run.aliases.get(rec.credit_code)
        if pk is not None:
            matched[i] = pk
        elif rec.name_key in run.names:
            candidates.add(run.names[rec.name_key])
    ids = set(matched.values())
    employers = {
        e["id"]: e
        for e in Employer.objects.filter(pk__in=ids | candidates).values(*EMPLOYER_FIELDS)
    }
    run.load_orgs(
        {e["org_id"] for e in employers.values()}
        | {it.data.org.pk for it in items if it.data.org is not None}
        | {ctx.scope.pk}
    )
    sightings: dict[int, dict[str, Any]] = {
        s["employer_id"]: dict(s)
        for s in EmployerSighting.objects.filter(employer_id__in=ids, source=source).values()
    }
    heads: dict[int, dict[str, Any]] = {
        h["employer_id"]: dict(h)
        for h in HeadcountEntry.objects.filter(
            employer_id__in=ids, source=source, as_of=today
        ).values("id", "employer_id", "count")
    }
    for i, it in enumerate(items):
        rec = it.data
        if i in matched:
            employer = employers[matched[i]]
            if not run.in_scope(run.org(employer["org_id"])):
                it.fail("credit_code", "该统一社会信用代码已由其他组织登记，不在您的管辖范围内")
                continue
            first = run.merged_at.setdefault(employer["id"], it.row)
            if first != it.row:
                # One code is the employer's own, the other was merged into it earlier.
                it.fail(
                    "credit_code",
                    f"与第{first}行是同一单位（此代码已在待核对企业中合并到该单位），"
                    "同一文件中只能出现一次",
                )
                continue
            _plan_merge(it, rec, employer, sightings.get(employer["id"]), heads, source, today)
        elif (source, rec.credit_code) in run.dismissed:
            it.action = "unchanged"
            it.extra["op"] = "skip"
        elif rec.name_key in run.names:
            _plan_review(run, it, rec, employers[run.names[rec.name_key]], source)
        elif rec.name_key in run.new_names:
            _plan_review(run, it, rec, run.new_names[rec.name_key], source)
        else:
            _plan_new(run, it, rec, source, today)


def _plan_merge(
    it: Item,
    rec: SourceRecord,
    employer: dict[str, Any],
    sighting: dict[str, Any] | None,
    heads: dict[int, dict[str, Any]],
    source: str,
    today: dt.date,
) -> None:
    changes = merged_fields(employer, rec)
    before = None
    it.extra["changes"] = tuple(sorted(changes))
    if changes:
        before = _state(employer)
        employer.update(changes)
    head = None
    if "employee_count" in changes:
        head = _head(employer, source, today)
        stored = heads.get(employer["id"])
        if stored is not None:  # this source's count of today, imported again: changed
            head.update(id=stored["id"], before=stored["count"])
    sighting_before = None
    if sighting is None:
        sighting = _sighting(employer, rec, source, today)
    else:
        sighting = {**sighting, "employer": employer}
        sighting_before = _sighting_state(sighting)
        sighting["name_in_source"] = rec.name
        if rec.employee_count is not None:
            sighting["employee_count"] = rec.employee_count
        sighting["last_seen"] = max(sighting["last_seen"], today)
        sighting["file_name"] = rec.file_name
        if _sighting_state(sighting) == sighting_before:
            sighting = None  # nothing to write
    it.action = "update" if changes or sighting is not None or head is not None else "unchanged"
    it.extra.update(
        op="merge",
        employer=employer,
        before=before,
        sighting=sighting,
        sighting_before=sighting_before,
        head=head,
    )


def _state(row: dict[str, Any]) -> dict[str, Any]:
    """An employer's row as core.audit.snapshot writes it (the time stamp as ISO text)."""
    state = {k: row[k] for k in EMPLOYER_FIELDS}
    state["updated_at"] = state["updated_at"].isoformat()
    return state


def _sighting(employer: dict[str, Any], rec: SourceRecord, source: str, day: dt.date) -> Any:
    return {
        "employer": employer,
        "source": source,
        "name_in_source": rec.name,
        "employee_count": rec.employee_count,
        "first_seen": day,
        "last_seen": day,
        "file_name": rec.file_name,
    }


def _sighting_state(s: dict[str, Any]) -> dict[str, Any]:
    return {
        "employer_id": s["employer"]["id"],
        "source": s["source"],
        "name_in_source": s["name_in_source"],
        "employee_count": s["employee_count"],
        "first_seen": s["first_seen"].isoformat(),
        "last_seen": s["last_seen"].isoformat(),
        "file_name": s["file_name"],
    }


def _head(employer: dict[str, Any], source: str, day: dt.date) -> dict[str, Any]:
    return {
        "employer": employer,
        "as_of": day,
        "count": employer["employee_count"],
        "source": source,
    }


def _plan_review(
    run: MergeRun, it: Item, rec: SourceRecord, candidate: dict[str, Any], source: str
) -> None:
    ctx = run.ctx
    assert ctx.scope is not None
    own = rec.org or ctx.scope
    there = run.org(candidate["org_id"])
    org = own
    if not there.path.startswith(own.path):
        # Same name in another branch: the review goes to the nearest organization above both.
        org = run.org_at(common_ancestor_path(own.path, there.path))
    it.action = "unchanged"
    it.extra.update(op="queue", candidate=candidate, org=org, data=rec.review_data(own, ctx.today))


def _plan_new(run: MergeRun, it: Item, rec: SourceRecord, source: str, today: dt.date) -> None:
    ctx = run.ctx
    assert ctx.scope is not None
    if rec.org is not None and not run.in_scope(rec.org):
        it.fail("district", f"“{rec.district}”不在您的管辖范围内，不能在该区县新增单位")
        return
    org = rec.org or ctx.scope
    kind = rec.kind or rec.default_kind
    employer = {
        "id": None,
        "credit_code": rec.credit_code,
        "name": rec.name,
        "kind": kind,
        "is_new_economy": rec.new_economy
        if rec.new_economy is not None
        else kind in NEW_ECONOMY_KINDS,
        "is_new_social": rec.new_social
        if rec.new_social is not None
        else kind == EmployerKind.SOCIAL,
        "employee_count": rec.employee_count or 0,
        "industry": rec.industry,
        "has_union": bool(rec.has_union),
        "has_party_org": bool(rec.has_party_org),
        "org_id": org.pk,
    }
    it.action = "new"
    it.extra.update(
        op="new",
        employer=employer,
        sighting=_sighting(employer, rec, source, today),
        head=_head(employer, source, today) if rec.employee_count is not None else None,
    )
    run.new_names.setdefault(rec.name_key, employer)


# ---------------------------------------------------------------- write


@requires("workplace.employer.import")
def batch_write(*, user: User | None, run: MergeRun, source: str, items: list[Item]) -> None:
    """Write a planned batch of a department's file into the 企业台账 (the importing user's
    role is the table's 导入部门企业数据, checked at upload and confirm and again here)."""
    write(run, source, items)


def write(run: MergeRun, source: str, items: list[Item]) -> None:
    """Write a planned batch in bulk, with its audit entries."""
    note = f"{Source(source).label}数据导入"
    _write_new(run, source, [it for it in items if it.extra["op"] == "new"], note)
    _write_merged(run, source, [it for it in items if it.extra["op"] == "merge"], note)
    _write_reviews(run, source, [it for it in items if it.extra["op"] == "queue"], note)


def fetched(qs: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """A values_list query's rows in one fetchall: for the large reads of ids, codes, names and
    statuses (plain driver values; Django would convert them a hundred rows at a time)."""
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _inserted(model: type[Model], rows: list[dict[str, Any]], *key: str) -> dict[Any, int]:
    """Insert the rows (insert_rows) and give the new ids by each row's unique `key` values.

    Read back as the rows above the highest id before the insert (no IN list of thousands of
    values); another session's rows there cannot share a unique key with ours.
    """
    if not rows:
        return {}
    manager = model._default_manager
    last = manager.order_by("-pk").values_list("pk", flat=True).first() or 0
    insert_rows(model, rows)
    found = fetched(manager.filter(pk__gt=last).values_list(*key, "pk"))
    if len(key) == 1:
        return {k: pk for k, pk in found}
    return {tuple(row[:-1]): row[-1] for row in found}


def _write_new(run: MergeRun, source: str, items: list[Item], note: str) -> None:
    """New employers with their sighting and first headcount: one audit entry each, which
    names the sighting and the headcount written with it."""
    if not items:
        return
    ctx = run.ctx
    now = clock.now()
    employers = [it.extra["employer"] for it in items]
    # insert_rows reads each field's attname from the dicts (the "id" key is left out).
    ids = _inserted(Employer, employers, "credit_code")
    # The dict is the new employer's snapshot from here on (the audit entry's `after`): its
    # fields as core.audit.snapshot writes them, nothing else.
    stamp = now.isoformat()
    for it in items:
        e = it.extra["employer"]
        pk = e["id"] = ids[e["credit_code"]]
        e["updated_at"] = stamp
        run.codes[e["credit_code"]] = pk
        run.names.setdefault(it.data.name_key, pk)
        it.extra["sighting"]["employer_id"] = pk
        if it.extra["head"] is not None:
            it.extra["head"]["employer_id"] = pk
    insert_rows(EmployerSighting, [it.extra["sighting"] for it in items])
    insert_rows(HeadcountEntry, [it.extra["head"] for it in items if it.extra["head"]])
    label = Source(source).label
    for e in employers:
        count = f"，职工人数{e['employee_count']}人" if e["employee_count"] else ""
        ctx.log_row(
            object_id=e["id"],
            object_repr=e["name"],
            action=AuditAction.CREATE,
            model="core.employer",
            org=run.org(e["org_id"]),
            after=e,
            note=f"{note}：新增单位，记{label}来源记录{count}",
        )


def _write_merged(run: MergeRun, source: str, items: list[Item], note: str) -> None:
    """Employers found by code: their changed fields, sightings and headcount history rows.
    One audit entry a row: the employer's when it changed (naming the sighting and headcount
    written with it), else the sighting's."""
    ctx = run.ctx
    now = clock.now()
    label = Source(source).label
    changed = [it for it in items if it.extra["before"]]
    # One UPDATE per set of changed columns: an unchanged name stays out of the SET (and its
    # index untouched).
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for it in changed:
        e = it.extra["employer"]
        e["updated_at"] = now
        groups.setdefault(it.extra["changes"], []).append(e)
    for fields, rows in groups.items():
        update_rows(Employer, rows, [*fields, "updated_at"])
    sighted = [it.extra for it in items if it.extra["sighting"]]
    new = [x["sighting"] for x in sighted if x["sighting_before"] is None]
    moved = [x for x in sighted if x["sighting_before"] is not None]
    ids = _inserted(EmployerSighting, [_sighting_row(s) for s in new], "employer_id")
    for s in new:
        s["id"] = ids[s["employer"]["id"]]
    update_rows(EmployerSighting, [x["sighting"] for x in moved], _SIGHTING_FIELDS)
    heads = [it.extra["head"] for it in items if it.extra["head"]]
    insert_rows(HeadcountEntry, [_head_row(h) for h in heads if "id" not in h])
    update_rows(HeadcountEntry, [h for h in heads if "id" in h], ["count"])
    for it in changed:
        e = it.extra["employer"]
        said = [note]
        if it.extra["head"] is not None:
            was = it.extra["before"]["employee_count"]
            said.append(f"职工人数{was}→{e['employee_count']}人，记入职工人数记录")
        if it.extra["sighting"] is not None:
            said.append(f"记{label}来源记录")
        ctx.log_row(
            object_id=e["id"],
            object_repr=e["name"],
            action=AuditAction.UPDATE,
            model="core.employer",
            org=run.org(e["org_id"]),
            before=it.extra["before"],
            after=_state(e),
            note="，".join(said).replace(note + "，", note + "：", 1),
        )
    for it in items:
        x = it.extra
        s = x["sighting"]
        if s is None or x["before"]:
            continue  # nothing written, or named by the employer's entry
        ctx.log_row(
            object_id=s["id"],
            object_repr=f"{label}：{s['name_in_source']}",
            action=AuditAction.CREATE if x["sighting_before"] is None else AuditAction.UPDATE,
            model="workplace.employersighting",
            org=run.org(s["employer"]["org_id"]),
            before=x["sighting_before"],
            after=_sighting_state(s),
            note=note,
        )


def _sighting_row(s: dict[str, Any]) -> dict[str, Any]:
    row = {k: v for k, v in s.items() if k not in ("employer", "id")}
    row["employer_id"] = s["employer"]["id"]
    return row


def _head_row(h: dict[str, Any]) -> dict[str, Any]:
    return {
        "employer_id": h["employer"]["id"],
        "as_of": h["as_of"],
        "count": h["count"],
        "source": h["source"],
    }


def _write_reviews(run: MergeRun, source: str, items: list[Item], note: str) -> None:
    ctx = run.ctx
    new: list[dict[str, Any]] = []
    again: list[dict[str, Any]] = []
    for it in items:
        rec: SourceRecord = it.data
        candidate = it.extra["candidate"]
        review = {
            "source": source,
            "credit_code": rec.credit_code,
            "name": rec.name,
            "data": it.extra["data"],
            "candidate_id": candidate["id"],
            "org": it.extra["org"],  # for the audit entry (insert_rows reads org_id)
            "org_id": it.extra["org"].pk,
            "file_name": rec.file_name,
            "row": it.row,
            "status": ReviewStatus.PENDING,
        }
        pk = run.pending.get((source, rec.credit_code, candidate["id"]))
        if pk:
            review["id"] = pk
            again.append(review)
        else:
            new.append(review)
    ids = _inserted(MergeReview, new, "source", "credit_code", "candidate_id")
    for r in new:
        r["id"] = ids[(source, r["credit_code"], r["candidate_id"])]
        run.pending[(source, r["credit_code"], r["candidate_id"])] = r["id"]
    update_rows(MergeReview, again, _REVIEW_FIELDS)
    for r, action in [(r, AuditAction.CREATE) for r in new] + [
        (r, AuditAction.UPDATE) for r in again
    ]:
        ctx.log_row(
            object_id=r["id"],
            object_repr=f"{r['name']}（{r['credit_code']}）",
            action=action,
            model="workplace.mergereview",
            org=r["org"],
            after={k: v for k, v in r.items() if k not in ("data", "org")},
            note=f"{note}：与已登记单位同名而统一社会信用代码不同，待核对",
        )


def update_rows(model: type[Model], rows: list[dict[str, Any]], fields: list[str]) -> None:
    """UPDATE `fields` (attnames) of each row by its "id", where bulk_update would build a CASE
    per field and row: on SQLite one prepared statement run for all rows (executemany, a loop
    in C); on PostgreSQL one UPDATE … FROM (VALUES …) per thousand rows, set-based instead of
    a round of statements."""
    if not rows:
        return
    conn = connections[router.db_for_write(model)]
    meta = model._meta
    assert meta.pk is not None
    by_attname = {f.attname: f for f in meta.concrete_fields}
    cols = [meta.pk, *(by_attname[name] for name in fields)]
    quote = conn.ops.quote_name
    table = quote(meta.db_table)
    names = [quote(str(f.column)) for f in cols]
    params = [
        (row["id"], *(f.get_db_prep_save(row[f.attname], conn) for f in cols[1:])) for row in rows
    ]
    with conn.cursor() as cursor:
        if conn.vendor != "postgresql":
            sets = ", ".join(f"{n} = %s" for n in names[1:])
            cursor.executemany(
                f"UPDATE {table} SET {sets} WHERE {names[0]} = %s", [(*p[1:], p[0]) for p in params]
            )
            return
        casts = "(" + ", ".join(f"%s::{f.db_type(conn)}" for f in cols) + ")"
        sets = ", ".join(f"{n} = v.{n}" for n in names[1:])
        for start in range(0, len(params), 1000):
            chunk = params[start : start + 1000]
            cursor.execute(
                f"UPDATE {table} AS t SET {sets} FROM (VALUES "
                + ", ".join([casts] * len(chunk))
                + f") AS v({', '.join(names)}) WHERE t.{names[0]} = v.{names[0]}",
                [value for row in chunk for value in row],
            )


__all__ = ["MergeRun", "batch_write", "plan", "run_of", "update_rows", "write"]
