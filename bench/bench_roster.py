"""劳模名册 benchmark: the roster of 20,000 model workers as .xlsx (≤ 10 s) and PDF (≤ 60 s).

    PYTHONPATH=src .venv/bin/python bench/bench_roster.py

Builds a scratch SQLite database under a temporary GONGHUI_VAR_DIR (DATABASE_URL is ignored so
the bench never touches a shared database), seeds 20,000 model workers with
honors.demo.seed_model_workers (bulk inserts, AES-GCM encrypted ID and phone), then exports the
whole city's roster as a 市总管理员 through honors.exporters — the code the 名册报送 page runs:
the default columns masked, and the default columns plus the full ID number (decrypted per row,
logged). Writes the figures under "## Roster" in bench/RESULTS.md (other sections kept) and
exits 1 when a bound is missed. BENCH_ROSTER_ROWS changes the size.
"""

from __future__ import annotations

import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _shared import replace_section

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ROWS = int(os.environ.get("BENCH_ROSTER_ROWS", "20000"))
BOUND_XLSX, BOUND_PDF = 10.0, 60.0


def main() -> int:
    scratch = tempfile.mkdtemp(prefix="gonghui-bench-roster-")
    os.environ["GONGHUI_VAR_DIR"] = scratch
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    sys.path.insert(0, str(ROOT / "src"))
    try:
        return run()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run() -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    from gonghui.core.models import Organization, Role, User
    from gonghui.honors.demo import seed_model_workers
    from gonghui.honors.exporters import DEFAULT_ROSTER_KEYS, roster_pdf, roster_xlsx
    from gonghui.honors.selectors import registry_list

    t0 = time.perf_counter()
    seed_model_workers(count=ROWS, seed=1, visits=False)
    seeded = time.perf_counter() - t0
    city = Organization.objects.get(parent=None)
    admin = User.objects.create_user(
        username="bench_admin", password="x" * 12, role=Role.CITY_ADMIN, organization=city
    )
    qs = registry_list(user=admin, valid="")
    total = qs.count()
    results = []
    all_keys = [*DEFAULT_ROSTER_KEYS, "phone", "honors", "education", "political", "frontline"]
    # bound None = informational (not part of the acceptance bound).
    for label, fn, keys, full, bound in [
        ("xlsx, default columns, masked", roster_xlsx, DEFAULT_ROSTER_KEYS, False, BOUND_XLSX),
        (
            "xlsx, default columns, full ID number",
            roster_xlsx,
            DEFAULT_ROSTER_KEYS,
            True,
            BOUND_XLSX,
        ),
        ("xlsx, every column, full ID and phone (info)", roster_xlsx, all_keys, True, None),
        ("PDF, default columns, masked", roster_pdf, DEFAULT_ROSTER_KEYS, False, BOUND_PDF),
        (
            "PDF, default + phone, full ID and phone",
            roster_pdf,
            [*DEFAULT_ROSTER_KEYS, "phone"],
            True,
            BOUND_PDF,
        ),
    ]:
        out = tempfile.TemporaryFile()
        start = time.perf_counter()
        kwargs = {"title": "安康市总工会劳模名册"} if fn is roster_pdf else {}
        _, count = fn(user=admin, queryset=qs, keys=keys, want_full=full, fileobj=out, **kwargs)
        seconds = time.perf_counter() - start
        size = out.tell()
        out.close()
        results.append((label, count, seconds, size, bound))
        shown = f"≤ {bound:.0f} s" if bound else "info"
        print(f"{label:45s} {count:>6} rows {seconds:7.2f} s {size / 1e6:6.1f} MB ({shown})")
    ok = all(b is None or s <= b for _, _, s, _, b in results)
    write_results(
        results, total=total, seeded=seeded, vendor=f"SQLite {connection.Database.sqlite_version}"
    )
    return 0 if ok else 1


def write_results(results, *, total: int, seeded: float, vendor: str) -> None:  # type: ignore[no-untyped-def]
    today = time.strftime("%Y-%m-%d")
    lines = [
        "## Roster",
        "",
        "`bench/bench_roster.py`: 劳模名册 of the whole city exported by a 市总管理员 through "
        "`honors.exporters` (the 名册报送 page's code); .xlsx via `core.exporting.write_xlsx` "
        "(xlsxwriter constant_memory), PDF drawn with reportlab's canvas and the CID font "
        "STSong-Light (landscape A4).",
        "",
        f"### {vendor}, {total:,} model workers, seeded in {seeded:.1f} s "
        f"({today}, {platform.machine()}, {os.cpu_count()} cores)",
        "",
        "| export | rows | seconds | size MB | bound s |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, count, seconds, size, bound in results:
        shown = f"≤ {bound:.0f}" if bound else "—"
        lines.append(f"| {label} | {count:,} | {seconds:.2f} | {size / 1e6:.1f} | {shown} |")
    replace_section("## Roster", "\n".join(lines) + "\n\n")


if __name__ == "__main__":
    sys.exit(main())
