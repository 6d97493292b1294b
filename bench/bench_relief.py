"""Benchmark: a city 冬送温暖 list pooled from 12 counties, checked for people listed twice.

    PYTHONPATH=src .venv/bin/python bench/bench_relief.py [--households 10000] [--no-write]

Setup (not timed): the 安康 tree, one grassroots union per county (12), 9,700 registered persons
(encrypted ID numbers, bulk-inserted), a 冬送温暖 campaign of the 市总 with the standards
深度困难 1,000 元 and 相对困难 500 元, and one draft list of the 市总. The workbook: 12 county
blocks, 10,000 rows in all, of which 300 name a person of another county's block again, written
as the registry never stores it — the old 15-digit number, a lowercase x, spaces inside, or
full-width digits (75 of each).
Timed:
(a) the check of the whole workbook (relief.importers_campaigns.list_import, commit=False):
    every row's ID number parsed, looked up by keyed hash, its group and amount checked, every
    person listed twice found. It must refuse exactly the 300 planted rows, each on 身份证号码.
(b) the import of the same workbook without the 300 rows (commit=True: 9,700 items and their
    audit rows in one transaction), for scale.
Bound: (a) ≤ 5 s and all 300 found. SQLite and, when DATABASE_URL is set, PostgreSQL (a scratch
database, dropped afterwards); each backend in its own subprocess. Results go to
bench/RESULTS.md under "## Relief".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import tempfile
import time
from pathlib import Path

from _shared import default_backends, replace_section, run_child, scratch_database

HERE = Path(__file__).resolve().parent
BOUND_S = 5.0
PLANTED = 300
YEAR = 2026
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="one backend")
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.households, Path(args.out))
    backends = [args.only] if args.only else default_backends()
    results, failed = [], []
    with tempfile.TemporaryDirectory(prefix="relief-bench-") as tmp:
        for backend in backends:
            print(f"== relief, {backend}: {args.households} rows ==", flush=True)
            result = run_child(__file__, backend, ["--households", str(args.households)], Path(tmp))
            if result is None:
                failed.append(backend)
            else:
                results.append(result)
    for r in results:
        print(json.dumps(r, ensure_ascii=False))
    ok = all(
        r["check_s"] <= BOUND_S and r["found"] == r["planted"] and not r["refused_other"]
        for r in results
    )
    if results and not args.no_write:
        write_results(results, args.households)
    return 0 if results and ok and not failed else 1


def write_results(results: list[dict], households: int) -> None:
    lines = [
        "## Relief",
        "",
        f"`bench/bench_relief.py` — a 冬送温暖 list of {households:,} rows pooled from 12 counties",
        f"with {PLANTED} people listed twice (old 15-digit numbers, lowercase x, spaces, full-width",
        f"digits), checked by the list import; measured {dt.datetime.now():%Y-%m-%d %H:%M} on",
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "| database | check (s) | rows/s | listed twice found | import without them (s) | bound |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        ok = "✓" if r["check_s"] <= BOUND_S and r["found"] == r["planted"] else "✗"
        lines.append(
            f"| {r['backend']} | {r['check_s']:.2f} | {r['rows'] / r['check_s']:,.0f} |"
            f" {r['found']} of {r['planted']} | {r['commit_s']:.2f} | ≤ {BOUND_S} s {ok} |"
        )
    if not any(r["backend"] == "postgresql" for r in results):
        lines += ["", "PostgreSQL: not measured in this run (set DATABASE_URL to include it)."]
    path = replace_section("## Relief", "\n".join(lines) + "\n")
    print(f"wrote {path}")


def child(backend: str, households: int, out: Path) -> int:
    os.environ["GONGHUI_VAR_DIR"] = tempfile.mkdtemp(prefix="relief-bench-var-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    os.environ["GONGHUI_DEBUG"] = "0"
    with scratch_database(backend, "relief"):
        result = _measure(backend, households)
    out.write_text(json.dumps(result, ensure_ascii=False))
    return 0


def _forms(number: str, k: int) -> str:
    """The number as a clerk might have typed it: old 15 digits, lowercase x, spaces, full width."""
    if k == 0:
        return number[:6] + number[8:17]
    if k == 1:
        return number.lower()
    if k == 2:
        return f"{number[:6]} {number[6:14]} {number[14:]}"
    return number.translate(FULL_WIDTH)


def _workbook(path: Path, rows: list[tuple[str, str, str]]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("发放名单")
    sheet.write_row(0, 0, ["姓名", "身份证号码", "对象类别", "金额", "调整原因", "物资"])
    for i, (name, number, group) in enumerate(rows, start=1):
        sheet.write_row(i, 0, [name, number, group, "", "", ""])
    book.close()


def _measure(backend: str, households: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from gonghui.core.crypto import encrypt, lookup_hash
    from gonghui.core.demo import seed_ankang_tree
    from gonghui.core.models import Organization, OrgKind, Person, Role, User
    from gonghui.core.services import organization_create
    from gonghui.core.validators import build_id_number, mask_id
    from gonghui.relief.importers_campaigns import list_import
    from gonghui.relief.models import CampaignKind, Distribution
    from gonghui.relief.services_campaigns import BudgetData, StandardData, campaign_create
    from gonghui.relief.services_lists import list_create

    call_command("migrate", verbosity=0)
    rng = random.Random(11)
    city = seed_ankang_tree()
    admin = User.objects.create_user(
        "bench_admin", password="x", role=Role.CITY_ADMIN, organization=city
    )
    counties = list(Organization.objects.filter(depth=1).order_by("id"))
    unions = [
        organization_create(name=f"{c.name}困难帮扶测试工会", kind=OrgKind.GRASSROOTS, parent=c)
        for c in counties
    ]
    unique = households - PLANTED
    persons, numbers = [], []
    birth0 = dt.date(1960, 1, 1)
    for n in range(unique):
        county = n % len(counties)
        birth = birth0 + dt.timedelta(days=n % 12000)
        number = build_id_number(counties[county].code or "610902", birth, n // 12000 + 1)
        numbers.append(number)
        p = Person(name=f"困难职工{n}", birth_date=birth, sex="M" if int(number[16]) % 2 else "F")
        p.org = unions[county]
        p.id_number_enc = encrypt(number, purpose="person.id_number")
        p.id_hash = lookup_hash(number, purpose="person.id_number")
        p.id_masked = mask_id(number)
        persons.append(p)
    Person.objects.bulk_create(persons, batch_size=2000)
    campaign = campaign_create(
        user=admin,
        kind=CampaignKind.WARMTH,
        name=f"{YEAR}年冬送温暖",
        year=YEAR,
        org=city,
        standards=[
            StandardData("deep", "深度困难", "1000.00"),
            StandardData("relative", "相对困难", "500.00"),
        ],
        budgets=[BudgetData("送温暖专项", "8000000.00")],
    )
    # County blocks; each planted row repeats a person of another county in another form.
    blocks: list[list[tuple[str, str, str]]] = [[] for _ in counties]
    for n, number in enumerate(numbers):
        group = "深度困难" if n % 3 == 0 else "相对困难"
        blocks[n % len(counties)].append((f"困难职工{n}", number, group))
    with_x = [n for n, number in enumerate(numbers) if number.endswith("X")]
    others = [n for n in range(unique) if not numbers[n].endswith("X")]
    picked = rng.sample(with_x, PLANTED // 4) + rng.sample(others, PLANTED - PLANTED // 4)
    rng.shuffle(picked)
    planted_rows: list[tuple[int, int]] = []  # (block, index within block) of each planted row
    for i, n in enumerate(picked):
        form = 1 if numbers[n].endswith("X") else (0, 2, 3)[i % 3]
        block = (n % len(counties) + 1 + i % (len(counties) - 1)) % len(counties)
        group = "深度困难" if n % 3 == 0 else "相对困难"
        blocks[block].append((f"困难职工{n}", _forms(numbers[n], form), group))
        planted_rows.append((block, len(blocks[block]) - 1))
    rows, excel_row = [], {}
    for b, block in enumerate(blocks):
        for j, row in enumerate(block):
            rows.append(row)
            excel_row[(b, j)] = len(rows) + 1  # row 1 is the header
    planted = {excel_row[key] for key in planted_rows}
    # Whom each row names (the file flags the later of two rows, whichever that is).
    person_of = {i: int(name.removeprefix("困难职工")) for i, (name, _, _) in enumerate(rows, 2)}
    tmp = Path(tempfile.mkdtemp(prefix="relief-bench-files-"))
    pooled, clean = tmp / "pooled.xlsx", tmp / "clean.xlsx"
    _workbook(pooled, rows)
    _workbook(clean, [r for i, r in enumerate(rows, start=2) if i not in planted])
    dlist = list_create(user=admin, campaign=campaign, org=city, budget_line="送温暖专项")

    def run(path: Path, commit: bool):  # type: ignore[no-untyped-def]
        data = path.read_bytes()
        return list_import(
            user=admin,
            dlist=dlist,
            filename="冬送温暖汇总名单.xlsx",
            chunks=iter([data]),
            size=len(data),
            commit=commit,
        )

    t0 = time.perf_counter()
    report = run(pooled, commit=False)
    check_s = time.perf_counter() - t0
    refused = {person_of[e.row] for e in report.errors}
    on_id = {person_of[e.row] for e in report.errors if e.column == "身份证号码"}
    t0 = time.perf_counter()
    committed = run(clean, commit=True)
    commit_s = time.perf_counter() - t0
    items = Distribution.objects.filter(dlist=dlist).count()
    return {
        "backend": backend,
        "rows": len(rows),
        "planted": PLANTED,
        "found": len(set(picked) & on_id),
        "refused_other": len(refused - set(picked)),
        "check_s": round(check_s, 3),
        "commit_s": round(commit_s, 3),
        "committed": committed.committed,
        "items": items,
        "example": next((e.message for e in report.errors), ""),
    }


if __name__ == "__main__":
    raise SystemExit(main())
