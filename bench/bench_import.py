"""Benchmark: a 100,000-row 人员及会员 import against a plain read-and-insert baseline.

    PYTHONPATH=src .venv/bin/python bench/bench_import.py [--rows 100000] [--no-write]

(a) baseline: read the .xlsx with python-calamine and bulk-insert every row, unvalidated, as
    Person rows (dummy id_hash = the row number, no encryption, no pinyin, one fixed org and
    birth date; Django bulk_create, batches of 1000, one transaction) — the table the real
    import writes to, minus everything the import adds.
(b) the full import: core.importing.run_import(commit=True) — header mapping, every check,
    AES-GCM encryption and keyed hashes, pinyin, memberships, one audit entry per created
    person and membership, all in one transaction.

Bound: (b) / (a) <= 4.0 on wall-clock time, both measured in the same run; the script exits 1
when it is missed. CPU time (this process, plus the PostgreSQL backend serving it) is recorded
too, as a check that a ratio was not bent by other programs' load on a shared machine. Runs on SQLite (a scratch
database in a temporary GONGHUI_VAR_DIR) and, when DATABASE_URL is set, on PostgreSQL (a
scratch database created next to the one DATABASE_URL names, dropped afterwards). Each backend
runs in its own subprocess because Django is set up once per process. The figures are written
into bench/RESULTS.md under "## Import".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from _shared import default_backends, replace_section, run_child, scratch_database

BOUND = 4.0
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "建国",
    "建军",
    "志强",
    "海燕",
    "文",
    "辉",
    "玲",
    "华",
    "红",
    "鹏",
    "宇",
    "浩",
    "欣怡",
    "子涵",
    "梓萱",
    "雨轩",
    "俊杰",
    "佳怡",
    "晨",
    "博",
    "婷",
    "丹",
    "倩",
    "琳",
    "凯",
    "斌",
    "亮",
    "东",
    "波",
    "宁",
    "鑫",
]
COUNTY_CODES = [
    "610902",
    "610921",
    "610922",
    "610923",
    "610924",
    "610925",
    "610926",
    "610927",
    "610929",
    "610981",
]
UNIONS_PER_COUNTY = 6
HEADERS = [
    "姓名",
    "身份证号码",
    "手机号",
    "民族",
    "政治面貌",
    "学历",
    "工作单位",
    "岗位",
    "一线职工",
    "艰苦岗位",
    "新就业形态",
    "人员状态",
    "组织",
    "入会日期",
]


# ---------------------------------------------------------------- parent: orchestrate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.rows, Path(args.out))

    backends = default_backends()
    results = []
    with tempfile.TemporaryDirectory(prefix="gonghui-bench-") as tmp:
        for backend in backends:
            print(f"== {backend}: {args.rows} rows ==", flush=True)
            result = run_child(__file__, backend, ["--rows", str(args.rows)], Path(tmp))
            if result is None:
                return 2
            results.append(result)
    ok = all(r["ratio"] <= BOUND for r in results)
    for r in results:
        print(
            f"{r['backend']}: baseline {r['baseline_s']:.1f} s (CPU {r['baseline_cpu']:.1f} s),"
            f" full import {r['import_s']:.1f} s (CPU {r['import_cpu']:.1f} s); ratio"
            f" {r['ratio']:.2f} on {r['ratio_basis']} time (bound {BOUND})"
            f" {'OK' if r['ratio'] <= BOUND else 'MISSED'}"
        )
    if not args.no_write:
        write_results(results, args.rows)
    return 0 if ok else 1


def write_results(results: list[dict], rows: int) -> None:
    lines = [
        "## Import",
        "",
        f"`bench/bench_import.py` — {rows:,} rows of 人员及会员 (14 columns, valid ID numbers of",
        "the 安康 counties, 60 grassroots unions), measured "
        f"{dt.datetime.now():%Y-%m-%d %H:%M} on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "- (a) baseline: python-calamine reads the sheet, rows go unvalidated into `core_person`",
        "  via `bulk_create` (dummy id_hash, no encryption/pinyin), one transaction.",
        "- (b) full import: `run_import(commit=True)` — header mapping, all row checks,",
        "  AES-GCM + keyed hash per ID/phone, pinyin, persons + memberships + one audit entry per",
        "  created record, one transaction.",
        "",
        "| database | read (s) | (a) baseline wall / CPU (s) | (b) full import wall / CPU (s) |"
        " ratio b/a wall / CPU | bound | preview (s) | re-import, all unchanged (s) |"
        " rows written |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        ok = "✓" if r["ratio"] <= BOUND else "✗"
        lines.append(
            f"| {r['backend']} | {r['read_s']:.1f} | {r['baseline_s']:.1f} / {r['baseline_cpu']:.1f}"
            f" | {r['import_s']:.1f} / {r['import_cpu']:.1f} |"
            f" {r['wall_ratio']:.2f} / {r['cpu_ratio']:.2f} |"
            f" ≤ {BOUND} on {r['ratio_basis']}: {r['ratio']:.2f} {ok} |"
            f" {r['preview_s']:.1f} | {r['reimport_s']:.1f} |"
            f" {r['persons']:,} persons, {r['memberships']:,} memberships,"
            f" {r['audit']:,} audit entries |"
        )
    lines += [
        "",
        "The bound is checked on wall-clock time, (a) and (b) measured one after the other in",
        "the same process. CPU time (this process plus, on PostgreSQL, the server backend",
        "serving it, read from /proc) is shown beside it: when the two ratios differ much, other",
        "programs were loading the machine and the run should be repeated.",
        "",
        "Where the import's time goes (cProfile, 20,000 rows): Person bulk_create (the baseline",
        "pays it too), validation through `person_clean`/`person_apply` (ID and mobile parsed",
        "for the per-cell report and again in the service; pypinyin, cached per name), audit",
        "snapshots, reading and converting cells. Memberships and the audit entries are",
        "written by `core.importing.insert_rows`: one executemany on SQLite, COPY on",
        "PostgreSQL (multi-row VALUES with tens of thousands of placeholders cost ~40% of the",
        "PostgreSQL import before).",
    ]
    if not any(r["backend"] == "postgresql" for r in results):
        lines.append("")
        lines.append("PostgreSQL: not measured in this run (set DATABASE_URL to include it).")
    section = "\n".join(lines) + "\n\n"
    path = replace_section("## Import", section)
    print(f"wrote {path}")


# ---------------------------------------------------------------- child: one database


def child(backend: str, rows: int, out: Path) -> int:
    tmp = tempfile.mkdtemp(prefix="gonghui-bench-var-")
    os.environ["GONGHUI_VAR_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    os.environ["GONGHUI_DEBUG"] = "0"  # as in production: no per-query debug bookkeeping
    try:
        with scratch_database(backend, "import"):
            result = _measure(backend, rows, Path(tmp))
    finally:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)  # the scratch SQLite database and the .xlsx
    out.write_text(json.dumps(result))
    return 0


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
    """Client process CPU plus, on PostgreSQL, the server backend's CPU."""
    return time.process_time() + _server_cpu()


def _measure(backend: str, rows: int, tmp: Path) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from gonghui.core import importing
    from gonghui.core.demo import seed_ankang_tree
    from gonghui.core.models import AuditLog, Membership, Organization, OrgKind, Person, Role, User
    from gonghui.core.services import organization_create

    call_command("migrate", verbosity=0)
    city = seed_ankang_tree()
    unions = []
    for code in COUNTY_CODES:
        county = Organization.objects.get(code=code)
        short = county.name.removesuffix("总工会")
        for k in range(UNIONS_PER_COUNTY):
            unions.append(
                organization_create(
                    name=f"{short}第{k + 1}基层工会", kind=OrgKind.GRASSROOTS, parent=county
                )
            )
    admin = User.objects.create_user(
        username="bench", password="Gonghui#2026bench", role=Role.CITY_ADMIN, organization=city
    )

    path = tmp / "persons.xlsx"
    t = time.perf_counter()
    _write_file(path, rows, [u.name for u in unions])
    print(
        f"  generated {path.name}: {path.stat().st_size / 1e6:.1f} MB in "
        f"{time.perf_counter() - t:.1f} s",
        flush=True,
    )

    # (a) baseline
    t0, c0 = time.perf_counter(), _cpu()
    table = importing.read_table(path, path.name)
    data = [cells for _, cells in table.rows][1:]
    read_s = time.perf_counter() - t0
    org = unions[0]
    birth = dt.date(1980, 1, 1)
    with transaction.atomic():
        batch: list[Person] = []
        for i, cells in enumerate(data):
            batch.append(
                Person(
                    name=cells[0],
                    id_number_enc=cells[1],
                    id_hash=str(i),
                    id_masked=cells[1][:18],
                    phone_enc=str(cells[2]),
                    phone_masked=str(cells[2])[:11],
                    birth_date=birth,
                    sex="M",
                    ethnicity=cells[3],
                    political_status=cells[4],
                    education=cells[5],
                    work_unit=cells[6],
                    post=cells[7],
                    status="active",
                    org=org,
                )
            )
            if len(batch) == 1000:
                Person.objects.bulk_create(batch)
                batch = []
        Person.objects.bulk_create(batch)
    baseline_s, baseline_cpu = time.perf_counter() - t0, _cpu() - c0
    assert Person.objects.count() == rows
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Person._meta.db_table}")
    print(
        f"  (a) baseline: read {read_s:.1f} s, read + insert {baseline_s:.1f} s"
        f" (CPU {baseline_cpu:.1f} s)",
        flush=True,
    )
    del data, batch

    importer = importing.get_importer("persons")
    t0 = time.perf_counter()
    dry = importing.run_import(importer, path, filename=path.name, user=admin, commit=False)
    preview_s = time.perf_counter() - t0
    assert not dry.errors, dry.errors[:5]
    assert dry.new == rows
    print(f"  preview (dry run): {preview_s:.1f} s", flush=True)

    t0, c0 = time.perf_counter(), _cpu()
    report = importing.run_import(importer, path, filename=path.name, user=admin, commit=True)
    import_s, import_cpu = time.perf_counter() - t0, _cpu() - c0
    assert report.committed and report.new == rows and not report.errors
    persons, memberships, audit = (
        Person.objects.count(),
        Membership.objects.count(),
        AuditLog.objects.filter(note="批量导入").count(),
    )
    assert persons == rows and memberships == rows and audit == 2 * rows
    print(
        f"  (b) full import: {import_s:.1f} s (CPU {import_cpu:.1f} s) — wall ratio"
        f" {import_s / baseline_s:.2f}, CPU ratio {import_cpu / baseline_cpu:.2f}",
        flush=True,
    )

    t0 = time.perf_counter()
    again = importing.run_import(importer, path, filename=path.name, user=admin, commit=True)
    reimport_s = time.perf_counter() - t0
    assert again.new == 0 and again.unchanged == rows and Person.objects.count() == rows
    print(f"  re-import (all unchanged): {reimport_s:.1f} s", flush=True)
    return {
        "backend": backend,
        "rows": rows,
        "read_s": read_s,
        "baseline_s": baseline_s,
        "preview_s": preview_s,
        "import_s": import_s,
        "reimport_s": reimport_s,
        "baseline_cpu": baseline_cpu,
        "import_cpu": import_cpu,
        "wall_ratio": import_s / baseline_s,
        "cpu_ratio": import_cpu / baseline_cpu,
        # The bound is on wall-clock time ("takes at most 4x the time"); CPU time is shown
        # beside it (this process plus, on PostgreSQL, the server backend serving it).
        "ratio": import_s / baseline_s,
        "ratio_basis": "wall",
        "persons": persons,
        "memberships": memberships,
        "audit": audit,
    }


def _write_file(path: Path, rows: int, unions: list[str]) -> None:
    import xlsxwriter

    from gonghui.core.validators import build_id_number

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("人员")
    sheet.write_row(0, 0, HEADERS)
    start = dt.date(1962, 1, 1)
    educations = ["初中", "高中", "中专", "大专", "本科", "研究生"]
    posts = ["操作工", "技术员", "快递员", "司机", "教师", "护士", "会计", "营业员"]
    forms = ["否", "否", "否", "快递员", "外卖配送员", "网约车司机"]
    for i in range(rows):
        # (region, birth date, sequence) is unique for i < 16,000 × 1,000.
        number = build_id_number(
            COUNTY_CODES[i % 10],
            start + dt.timedelta(days=i % 16000),
            i // 16000 * 2 + 101 + (i % 2),
        )
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)]
        union = unions[(i % 10) * UNIONS_PER_COUNTY + (i // 10) % UNIONS_PER_COUNTY]
        sheet.write_row(
            i + 1,
            0,
            [
                name,
                number,
                f"13{(i * 7919) % 10**9:09d}",
                "汉族",
                "群众" if i % 3 else "中共党员",
                educations[i % 6],
                f"安康市第{i % 500 + 1}有限公司",
                posts[i % 8],
                "是" if i % 2 else "否",
                "否",
                forms[i % 6],
                "在职",
                union,
                f"20{10 + i % 14}-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
            ],
        )
    book.close()


if __name__ == "__main__":
    sys.exit(main())
