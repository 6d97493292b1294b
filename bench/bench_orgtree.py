"""Organization tree benchmark: 100,000 organizations on a materialized path.

    PYTHONPATH=src .venv/bin/python bench/bench_orgtree.py

Builds, in a scratch database, the city → 12 counties → 8 regional federations each → 100
grassroots unions each (800 per county) → union groups, up to 100,000 organizations, with
bulk inserts and correct paths. SQLite (a file under a temporary GONGHUI_VAR_DIR) unless
DATABASE_URL points at PostgreSQL, where a dedicated database `gonghui_bench_orgtree` on the
same server is dropped and recreated. Then measures, p50/p95 over random nodes:

- count of a county's subtree (≈ 8,300 rows)            bound p95 ≤ 100 ms
- first page (50) of a county's subtree, ordered by path  bound p95 ≤ 50 ms
- is-ancestor check in the database                        bound p95 ≤ 10 ms
- services.organization_move of a ≈ 1,000-node subtree    bound ≤ 3 s

Prints the figures, writes them under "## Organization tree" in bench/RESULTS.md (one row per
database, other sections kept) and exits 1 when a bound is missed. BENCH_ORGS changes the size.
"""

from __future__ import annotations

import atexit
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from _shared import replace_section

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Organization tree"
BENCH_DB = "gonghui_bench_orgtree"
TARGET = int(os.environ.get("BENCH_ORGS", "100000"))
QUERIES = int(os.environ.get("BENCH_QUERIES", "200"))
SEED = 2026
COUNTIES = 12
REGIONALS_PER_COUNTY = 8
GRASSROOTS_PER_REGIONAL = 100
PAGE = 50
BOUNDS_MS = {"count": 100.0, "page": 50.0, "ancestor": 10.0, "count_range": 100.0, "move": 3000.0}


def _prepare_database() -> str:
    """Point Django at a scratch database; returns a label for the results."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
            version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + BENCH_DB))
        return f"PostgreSQL {version.split()[0]}"
    os.environ.pop("DATABASE_URL", None)
    scratch = tempfile.mkdtemp(prefix="gonghui-bench-orgtree-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    os.environ["GONGHUI_VAR_DIR"] = scratch
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build_tree(target: int) -> dict[str, list[int]]:
    """Bulk-insert the tree with explicit ids so each path is known before the insert."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from gonghui.core.demo import COUNTIES as COUNTY_NAMES
    from gonghui.core.models import Organization, OrgKind

    rng = random.Random(SEED)
    seg = Organization.segment
    next_id = iter(range(1, 10**9))
    rows: list[Organization] = []
    ids: dict[str, list[int]] = {"county": [], "regional": [], "grassroots": [], "group": []}

    def add(name: str, kind: str, parent: Organization | None, code: str = "") -> Organization:
        pk = next(next_id)
        path = (parent.path if parent else "/") + seg(pk)
        org = Organization(
            id=pk,
            name=name,
            kind=kind,
            parent_id=parent.pk if parent else None,
            code=code,
            path=path,
            depth=parent.depth + 1 if parent else 0,
        )
        rows.append(org)
        return org

    city = add("安康市总工会", OrgKind.CITY, None, "610900")
    grassroots: list[Organization] = []
    for county_name, code in COUNTY_NAMES[:COUNTIES]:
        county = add(county_name, OrgKind.COUNTY, city, code)
        ids["county"].append(county.pk)
        for r in range(REGIONALS_PER_COUNTY):
            regional = add(f"{county_name[:-3]}第{r + 1}片区工会联合会", OrgKind.REGIONAL, county)
            ids["regional"].append(regional.pk)
            for g in range(GRASSROOTS_PER_REGIONAL):
                union = add(
                    f"{county_name[:2]}{r + 1}区{g + 1}号企业工会", OrgKind.GRASSROOTS, regional
                )
                grassroots.append(union)
                ids["grassroots"].append(union.pk)
    # Spread the remaining organizations as groups over the grassroots unions.
    remaining = max(0, target - len(rows))
    counts = [remaining // len(grassroots)] * len(grassroots)
    for i in rng.sample(range(len(grassroots)), remaining % len(grassroots)):
        counts[i] += 1
    for union, count in zip(grassroots, counts, strict=True):
        for k in range(count):
            ids["group"].append(add(f"第{k + 1}工会小组", OrgKind.GROUP, union).pk)

    with transaction.atomic():
        Organization.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Organization]):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE core_organization")
        else:
            cursor.execute("ANALYZE")
    return ids


def timed(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _plan(sql_qs: object) -> str:
    explained = sql_qs.explain()  # type: ignore[attr-defined]
    return " / ".join(line.strip() for line in explained.splitlines()[:3])


def run() -> int:
    label = _prepare_database()
    _setup_django()
    from django.db import connection

    from gonghui.core.models import Organization
    from gonghui.core.services import organization_move

    print(f"== organization tree on {label}: building {TARGET:,} organizations ==")
    start = time.perf_counter()
    ids = build_tree(TARGET)
    build_s = time.perf_counter() - start
    total = Organization.objects.count()
    print(
        f"built {total:,} organizations in {build_s:.1f} s "
        f"(depth ≤ {max(Organization.objects.values_list('depth', flat=True).distinct())})"
    )

    rng = random.Random(SEED)
    paths = dict(Organization.objects.filter(depth__lte=2).values_list("pk", "path"))
    county_paths = [paths[i] for i in ids["county"]]

    def count_subtree() -> object:
        return Organization.objects.filter(path__startswith=rng.choice(county_paths)).count()

    def first_page() -> object:
        return list(
            Organization.objects.filter(path__startswith=rng.choice(county_paths))
            .order_by("path")
            .values("id", "name", "kind", "depth")[:PAGE]
        )

    groups = ids["group"]

    def is_ancestor() -> object:
        return Organization.objects.filter(
            pk=rng.choice(groups), path__startswith=rng.choice(county_paths)
        ).exists()

    def count_subtree_range() -> object:
        # The same subtree as a range: "/…/" ≤ path < "/…0" ("0" follows "/" in ASCII).
        prefix = rng.choice(county_paths)
        return Organization.objects.filter(path__gte=prefix, path__lt=prefix[:-1] + "0").count()

    # The range form is only valid where the column collates "/" before "0" byte-wise (SQLite,
    # PostgreSQL with a C collation): check it gives the same subtrees before timing it.
    for prefix in county_paths:
        like = Organization.objects.filter(path__startswith=prefix).count()
        assert (
            like
            == Organization.objects.filter(path__gte=prefix, path__lt=prefix[:-1] + "0").count()
        )
    sample_county = Organization.objects.filter(path__startswith=county_paths[0])
    print("plan (count, LIKE): ", _plan(sample_county))
    prefix = county_paths[0]
    print(
        "plan (count, range):",
        _plan(Organization.objects.filter(path__gte=prefix, path__lt=prefix[:-1] + "0")),
    )
    figures: dict[str, list[float]] = {}
    for name, fn in (
        ("count", count_subtree),
        ("page", first_page),
        ("ancestor", is_ancestor),
        ("count_range", count_subtree_range),
    ):
        timed(fn, 10)  # warm the cache
        figures[name] = timed(fn, QUERIES)
    subtree_size = Organization.objects.filter(path__startswith=county_paths[0]).count()

    # Move one regional federation (≈ 1,000 nodes) to another county through the service.
    regional = Organization.objects.get(pk=ids["regional"][0])
    moved_nodes = regional.subtree().count()
    target_county = Organization.objects.get(pk=ids["county"][-1])
    start = time.perf_counter()
    moved = organization_move(org=regional, new_parent=target_county)
    move_ms = (time.perf_counter() - start) * 1000
    assert moved.path.startswith(target_county.path)
    assert Organization.objects.filter(path__startswith=moved.path).count() == moved_nodes
    assert not Organization.objects.filter(path__startswith=regional.path).exists()
    depth_ok = not Organization.objects.filter(
        path__startswith=moved.path, depth__lt=moved.depth
    ).exists()
    assert depth_ok

    rows = []
    failed = []
    print(f"{'query':<34}{'p50 ms':>10}{'p95 ms':>10}{'bound':>10}")
    descriptions = {
        "count": f"count of a county subtree (~{subtree_size:,})",
        "page": f"first page ({PAGE}) of a county subtree",
        "ancestor": "is-ancestor check",
        "count_range": "same count as a path range (info)",
    }
    for name, values in figures.items():
        p50, p95 = p(values, 0.5), p(values, 0.95)
        ok = p95 <= BOUNDS_MS[name]
        failed += [] if ok else [name]
        print(
            f"{descriptions[name]:<34}{p50:>10.2f}{p95:>10.2f}{BOUNDS_MS[name]:>10.0f}"
            f"{'' if ok else '  MISSED'}"
        )
        rows.append((descriptions[name], f"{p50:.2f}", f"{p95:.2f}", f"≤ {BOUNDS_MS[name]:.0f}"))
    ok = move_ms <= BOUNDS_MS["move"]
    failed += [] if ok else ["move"]
    print(
        f"{'move of a ' + format(moved_nodes, ',') + '-node subtree':<34}{move_ms:>10.1f}"
        f"{'':>10}{BOUNDS_MS['move']:>10.0f}{'' if ok else '  MISSED'}"
    )
    rows.append(
        (
            f"move of a {moved_nodes:,}-node subtree (one UPDATE)",
            f"{move_ms:.1f}",
            "—",
            f"≤ {BOUNDS_MS['move']:.0f}",
        )
    )
    write_results(label, total, build_s, rows, connection.vendor)
    connection.close()
    if failed:
        print("bounds missed:", ", ".join(failed))
        return 1
    return 0


def write_results(
    label: str, total: int, build_s: float, rows: list[tuple[str, str, str, str]], vendor: str
) -> None:
    """Replace this database's block inside the section; keep other databases and sections."""
    text = RESULTS.read_text() if RESULTS.exists() else ""
    _, found, body = text.partition(SECTION + "\n")
    if found and "\n## " in body:
        body = body[: body.find("\n## ") + 1]
    blocks: dict[str, str] = {}
    for block in body.split("\n### ")[1:]:
        key = block.split("\n", 1)[0].split(" ", 1)[0].lower()
        blocks[key] = "### " + block.rstrip() + "\n"
    stamp = time.strftime("%Y-%m-%d")
    lines = [
        f"### {vendor} — {label}, {total:,} organizations, built in {build_s:.1f} s "
        f"({stamp}, {platform.machine()}, {os.cpu_count()} cores)",
        "",
        "| measure | p50 ms | p95 ms | bound ms |",
        "|---|---:|---:|---:|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows],
        "",
    ]
    blocks[vendor.lower()] = "\n".join(lines)
    intro = (
        "`bench/bench_orgtree.py`: city → 12 counties → 8 regional federations → 100 grassroots "
        "unions each → union groups; subtree = one indexed `LIKE 'path%'`. p50/p95 over "
        f"{QUERIES} random queries.\n\n"
    )
    section = SECTION + "\n\n" + intro + "\n".join(blocks[k] for k in sorted(blocks))
    replace_section(SECTION, section.rstrip("\n") + "\n\n")


if __name__ == "__main__":
    sys.exit(run())
