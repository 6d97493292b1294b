"""Benchmark: the 企业台账 fed by four departments' files of 50,000 rows each (200,000 rows).

    PYTHONPATH=src .venv/bin/python bench/bench_workplace_merge.py [--rows 50000] [--no-write]

Setup (not timed): the 安康 tree, a 市总 administrator, and four .xlsx files in the formats of
统战部, 民政局, 税务局 and 市场监管局 (workplace.importers_employers), each with `rows` rows:
30% name employers of a pool shared by all four sources (the same 统一社会信用代码, the name
written a little differently, the head count changed in half of them), 2% repeat the name of
another employer under a new code (into the review queue), the rest are the source's own. Each
file also exists with 100 extra rows whose code has a wrong check character.
Timed:
(a) the check of the four files with the bad rows (run_import, commit=False): every row
    refused must be a planted one, on the 统一社会信用代码 column (rejected);
(b) the merge of the four clean files, one after the other (run_import, commit=True): rows
    matched by code (merged), sent to 待核对企业 (queued), new employers, with every sighting,
    head count and audit entry.
Bound: (b) ≤ 30 s in all, every planted name-only row queued, no code queued that is in the base.
SQLite and, when DATABASE_URL is set, PostgreSQL (a scratch database, dropped afterwards); each
backend in its own subprocess. Results go to bench/RESULTS.md under "## 企业台账 merge".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

from _shared import default_backends, replace_section, run_child, scratch_database

BOUND_S = 30.0
BAD_ROWS = 100
OVERLAP = 0.30
NAME_ONLY = 0.02
COUNTIES = [
    ("610902", "汉滨区"),
    ("610921", "汉阴县"),
    ("610922", "石泉县"),
    ("610923", "宁陕县"),
    ("610924", "紫阳县"),
    ("610925", "岚皋县"),
    ("610926", "平利县"),
    ("610927", "镇坪县"),
    ("610929", "白河县"),
    ("610981", "旬阳市"),
]
WORDS = "恒信 华泰 金源 瑞丰 鑫达 宏远 天成 博远 永安 富硒 秦巴 汉江 安宁 兴隆 鼎盛 康泰".split()
TRADES = ["商贸", "科技", "建材", "食品", "物流", "餐饮", "农业", "茶业", "电子", "服务"]
SOURCES = ["united_front", "civil_affairs", "tax", "market"]
HEADERS = {
    "united_front": [
        "统一社会信用代码",
        "单位名称",
        "组织类别",
        "从业人员数",
        "是否建立党组织",
        "是否建立工会",
        "所属区县",
        "所属行业",
    ],
    "civil_affairs": [
        "统一社会信用代码",
        "社会组织名称",
        "组织类型",
        "专职工作人员数",
        "登记管理机关",
        "活动领域",
        "是否建立党组织",
    ],
    "tax": ["纳税人识别号", "纳税人名称", "登记注册类型", "从业人数", "主管税务机关", "行业"],
    "market": ["统一社会信用代码", "企业名称", "企业类型", "从业人数", "所属区县", "行业门类"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="one backend")
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.rows, Path(args.out))
    backends = [args.only] if args.only else default_backends()
    results, failed = [], []
    with tempfile.TemporaryDirectory(prefix="workplace-bench-") as tmp:
        for backend in backends:
            print(f"== workplace merge, {backend}: 4 × {args.rows} rows ==", flush=True)
            result = run_child(__file__, backend, ["--rows", str(args.rows)], Path(tmp))
            if result is None:
                failed.append(backend)
            else:
                results.append(result)
    for r in results:
        print(
            f"{r['backend']}: merged {r['merged']:,}, queued {r['queued']:,}, rejected"
            f" {r['rejected']:,} (check of the files with bad rows {r['check_s']:.1f} s), new"
            f" {r['created']:,}; merge of {r['rows']:,} rows {r['merge_s']:.1f} s"
            f" (CPU {r['merge_cpu']:.1f} s)"
            f" (bound {BOUND_S:.0f} s) {'OK' if ok(r) else 'MISSED'}",
            flush=True,
        )
    if results and not args.no_write:
        write_results(results, args.rows)
    return 0 if results and all(ok(r) for r in results) and not failed else 1


def ok(r: dict) -> bool:
    return (
        r["merge_s"] <= BOUND_S
        and r["queued"] == r["planted_names"]
        and r["rejected"] == r["planted_bad"]
        and r["refused_other"] == 0
        and r["queued_known_codes"] == 0
        and r["created"] == r["expected_created"]
    )


def write_results(results: list[dict], rows: int) -> None:
    lines = [
        "## 企业台账 merge (bench/bench_workplace_merge.py)",
        "",
        f"`bench/bench_workplace_merge.py` — the 企业台账 fed by four departments' files of {rows:,}",
        f"rows each ({4 * rows:,} rows: {OVERLAP:.0%} of each file name employers shared with the",
        f"other sources, {NAME_ONLY:.0%} repeat another employer's name under a new code), merged",
        "through `run_import(commit=True)` one file after the other by a 市总 administrator;",
        f"before that, the four files with {BAD_ROWS} rows each whose code has a wrong check",
        f"character are checked (`commit=False`). Measured {dt.datetime.now():%Y-%m-%d %H:%M} on",
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "| database | merge wall / CPU (s) | per file (s) | merged | queued | new employers |"
        " rejected | check (s) | audit entries | bound |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        mark = "✓" if ok(r) else "✗"
        per_file = " / ".join(f"{s:.1f}" for s in r["file_s"])
        lines.append(
            f"| {r['backend']} | {r['merge_s']:.1f} / {r['merge_cpu']:.1f} | {per_file} |"
            f" {r['merged']:,} |"
            f" {r['queued']:,} of {r['planted_names']:,} | {r['created']:,} |"
            f" {r['rejected']} of {r['planted_bad']} | {r['check_s']:.1f} | {r['audit']:,} |"
            f" ≤ {BOUND_S:.0f} s {mark} |"
        )
    lines += [
        "",
        "merged: rows whose 统一社会信用代码 is an employer's already (employee count updated with",
        "a HeadcountEntry when it changed, the source's sighting created or moved); queued: rows",
        "sent to 待核对企业; rejected: rows refused by the check (all on 统一社会信用代码).",
        "The bound is on wall-clock time; CPU time (this process plus, on PostgreSQL, the server",
        "backend serving it) is shown beside it: far below the wall time, other programs were",
        "loading the machine and the run should be repeated.",
    ]
    if not any(r["backend"] == "postgresql" for r in results):
        lines += ["", "PostgreSQL: not measured in this run (set DATABASE_URL to include it)."]
    path = replace_section("## 企业台账 merge", "\n".join(lines) + "\n")
    print(f"wrote {path}")


def child(backend: str, rows: int, out: Path) -> int:
    os.environ["GONGHUI_VAR_DIR"] = tempfile.mkdtemp(prefix="workplace-bench-var-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    os.environ["GONGHUI_DEBUG"] = "0"
    with scratch_database(backend, "workplace"):
        result = _measure(backend, rows)
    out.write_text(json.dumps(result, ensure_ascii=False))
    return 0


# ---------------------------------------------------------------- the files


def _district(source: str, county: int) -> str:
    code, name = COUNTIES[county]
    if source == "civil_affairs":
        return f"{name}民政局"
    if source == "tax":
        return f"国家税务总局安康市{name}税务局"
    if source == "market":
        return code
    return name


def _row(source: str, code: str, name: str, count: int, county: int, n: int) -> list:
    district = _district(source, county)
    trade = TRADES[n % len(TRADES)]
    if source == "united_front":
        party = "是" if n % 4 == 0 else "否"
        union = "是" if n % 5 == 0 else "否"
        return [code, name, "新经济组织", count, party, union, district, f"{trade}业"]
    if source == "civil_affairs":
        return [code, name, "社会团体", count, district, f"{trade}服务", "否"]
    if source == "tax":
        return [code, name, "私营有限责任公司", count, district, f"{trade}业"]
    return [code, name, "有限责任公司（自然人投资或控股）", count, district, f"{trade}业"]


def _workbook(path: Path, source: str, rows: list[list]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("数据")
    sheet.write_row(0, 0, HEADERS[source])
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()


def _files(tmp: Path, rows: int) -> dict:
    """The four clean files, the four with bad rows, and what the merge must find."""
    from gonghui.core.validators import build_credit_code, credit_code_check_char

    rng = random.Random(2026)
    serial = iter(range(1, 10**7))

    def employer() -> tuple[str, str, int]:
        n = next(serial)
        county = n % len(COUNTIES)
        code = build_credit_code(f"91{COUNTIES[county][0]}MA{n:07d}")
        name = f"{COUNTIES[county][1]}{WORDS[n % len(WORDS)]}{TRADES[n % 10]}{n:06d}有限公司"
        return code, name, county

    overlap = int(rows * OVERLAP)
    name_only = int(rows * NAME_ONLY)
    own = rows - overlap - name_only
    pool = [employer() for _ in range(int(overlap * 4 / 3))]
    used: set[str] = set()
    previous_own: list[tuple[str, str, int]] = []
    out: dict = {"clean": [], "bad": [], "planted_names": 0, "planted_bad": 0}
    for k, source in enumerate(SOURCES):
        records: list[list] = []
        mine = [employer() for _ in range(own)]
        for code, name, county in mine:
            records.append(_row(source, code, name, rng.randint(3, 400), county, len(records)))
        for code, name, county in rng.sample(pool, overlap):
            used.add(code)
            shown = name.replace("有限公司", "有限责任公司") if k % 2 else name
            count = 100 + county if rng.random() < 0.5 else 100 + county + k
            records.append(_row(source, code, shown, count, county, len(records)))
        # Another employer's name (the previous source's own, or this one's) under a new code.
        originals = rng.sample(previous_own or mine, name_only)
        for _, name, county in originals:
            code, _, _ = employer()
            records.append(_row(source, code, name, rng.randint(3, 400), county, len(records)))
        rng.shuffle(records)
        previous_own = mine
        clean = tmp / f"{source}.xlsx"
        _workbook(clean, source, records)
        bad_rows = []
        for _ in range(BAD_ROWS):
            code, name, county = employer()
            wrong = credit_code_check_char(code[:17])
            alt = next(c for c in "0123456789ABCDEFGH" if c != wrong)
            bad_rows.append(_row(source, code[:17] + alt, name, 10, county, 0))
        with_bad = records[:]
        for row in bad_rows:
            with_bad.insert(rng.randrange(len(with_bad) + 1), row)
        bad = tmp / f"{source}-bad.xlsx"
        _workbook(bad, source, with_bad)
        out["clean"].append((source, clean))
        out["bad"].append((source, bad, {row[0] for row in bad_rows}))
        out["planted_names"] += name_only
        out["planted_bad"] += BAD_ROWS
    out["expected_created"] = 4 * own + len(used)
    return out


# ---------------------------------------------------------------- the measurement


def _server_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (local server only)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")  # a remote server: only wall time can be compared
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu() -> float:
    """This process's CPU plus, on PostgreSQL, the server backend's (bench_import does so)."""
    return time.process_time() + _server_cpu()


def _measure(backend: str, rows: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from gonghui.core.demo import seed_ankang_tree
    from gonghui.core.importing import get_importer, run_import
    from gonghui.core.models import AuditLog, Employer, Role, User
    from gonghui.workplace.models import EmployerSighting, HeadcountEntry, MergeReview

    call_command("migrate", verbosity=0)
    city = seed_ankang_tree()
    admin = User.objects.create_user(
        "bench_admin", password="x", role=Role.CITY_ADMIN, organization=city
    )
    tmp = Path(tempfile.mkdtemp(prefix="workplace-bench-files-"))
    t0 = time.perf_counter()
    files = _files(tmp, rows)
    print(f"  files written in {time.perf_counter() - t0:.1f} s", flush=True)

    def importer(source: str):  # type: ignore[no-untyped-def]
        return get_importer(f"workplace_{source}")

    rejected, refused_other = 0, 0
    t0 = time.perf_counter()
    for source, path, bad_codes in files["bad"]:
        report = run_import(importer(source), path, filename=path.name, user=admin, commit=False)
        rejected += len(report.error_rows)
        headers = {e.column for e in report.errors}
        refused_other += len(headers - {"统一社会信用代码", "纳税人识别号"})
        assert len(bad_codes) == BAD_ROWS
    check_s = time.perf_counter() - t0
    print(
        f"  check of the files with bad rows: {check_s:.1f} s, {rejected} rows refused", flush=True
    )

    merged = 0
    file_s = []
    queued_before = 0
    t0 = time.perf_counter()
    c0 = _cpu()
    for source, path in files["clean"]:
        t1 = time.perf_counter()
        report = run_import(importer(source), path, filename=path.name, user=admin, commit=True)
        file_s.append(time.perf_counter() - t1)
        assert report.committed, report.errors[:5]
        queued = MergeReview.objects.count()
        merged += report.updated + report.unchanged - (queued - queued_before)
        queued_before = queued
        print(
            f"  {source}: {file_s[-1]:.1f} s (new {report.new}, updated {report.updated},"
            f" unchanged {report.unchanged})",
            flush=True,
        )
    merge_s = time.perf_counter() - t0
    merge_cpu = _cpu() - c0
    codes = set(MergeReview.objects.values_list("credit_code", flat=True))
    known = Employer.objects.filter(credit_code__in=list(codes)).count() if codes else 0
    return {
        "backend": backend,
        "rows": 4 * rows,
        "merge_s": round(merge_s, 2),
        "merge_cpu": round(merge_cpu, 2),
        "file_s": [round(s, 2) for s in file_s],
        "check_s": round(check_s, 2),
        "merged": merged,
        "queued": MergeReview.objects.count(),
        "created": Employer.objects.count(),
        "expected_created": files["expected_created"],
        "planted_names": files["planted_names"],
        "planted_bad": files["planted_bad"],
        "rejected": rejected,
        "refused_other": refused_other,
        "queued_known_codes": known,
        "sightings": EmployerSighting.objects.count(),
        "headcounts": HeadcountEntry.objects.count(),
        "audit": AuditLog.objects.count(),
    }


if __name__ == "__main__":
    sys.exit(main())
