"""Benchmark: the 疗休养 selection run from the web page, end to end.

    PYTHONPATH=src .venv/bin/python bench/bench_recuperation.py [--candidates 600] [--no-write]

A scratch database gets the 安康 tree, N model workers (valid city/provincial/national honors,
flags, past trips, availability for some) and an approved plan with 6 batches. Then, through
Django's test client as the 市总管理员: POST 运行遴选 (the background job starts on the thread
backend, as in production), poll the progress fragment the page polls, and GET the result page
once the run is done. The end-to-end time (POST → result page rendered) must be ≤ 5 s.

Runs on SQLite (temporary GONGHUI_VAR_DIR) and, when DATABASE_URL is set, on PostgreSQL (a
scratch database beside DATABASE_URL's, dropped afterwards); one subprocess per backend.
Figures go into bench/RESULTS.md under "## Recuperation workflow".
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

from _shared import default_backends, replace_section, run_child

BOUND_S = 5.0
BATCHES = 6
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SECTION = "## Recuperation workflow"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=600)
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.candidates, Path(args.out))
    backends = default_backends()
    results = []
    with tempfile.TemporaryDirectory(prefix="gonghui-bench-") as tmp:
        for backend in backends:
            print(f"== {backend}: {args.candidates} candidates, {BATCHES} batches ==", flush=True)
            result = run_child(__file__, backend, ["--candidates", str(args.candidates)], Path(tmp))
            if result is None:
                return 2
            results.append(result)
    for r in results:
        print(
            f"{r['backend']}: end to end {r['total_s']:.2f} s (job {r['job_s']:.2f} s, planner"
            f" {r['planner_status']}; build {r['build_s']:.2f} s, solve {r['solve_s']:.2f} s),"
            f" {r['selected']} selected of {r['candidates']};"
            f" bound {BOUND_S} s {'OK' if r['total_s'] <= BOUND_S else 'MISSED'}"
        )
    if not args.no_write:
        write_results(results)
    return 0 if all(r["total_s"] <= BOUND_S for r in results) else 1


def write_results(results: list[dict]) -> None:
    lines = [
        SECTION,
        "",
        "`bench/bench_recuperation.py` — the selection run from the plan page, end to end: POST",
        "运行遴选 (background job on the thread backend), poll the progress fragment every 0.25 s,",
        "GET the result page; measured "
        f"{dt.datetime.now():%Y-%m-%d %H:%M} on {platform.machine()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}.",
        "",
        "| database | candidates | batches | end to end (s) | job (s) | input build (s) |"
        " planner (s) | everything but the planner (s) | selected | planner status |"
        " input SHA-256 | bound |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for r in results:
        ok = "✓" if r["total_s"] <= BOUND_S else "✗"
        lines.append(
            f"| {r['backend']} | {r['candidates']} | {r['batches']} | {r['total_s']:.2f} |"
            f" {r['job_s']:.2f} | {r['build_s']:.2f} | {r['solve_s']:.2f} |"
            f" {max(r['total_s'] - r['solve_s'], 0):.2f} |"
            f" {r['selected']} | {r['planner_status']} | `{r['sha'][:12]}…` |"
            f" ≤ {BOUND_S} s {ok} |"
        )
    lines += [
        "",
        '"planner" is `gonghui.planner.solve` alone on the same input (re-run after the timed',
        "run); everything else — building the input from the registry, the job, storing input,",
        "SHA-256 and output, polling and rendering the result page — is the column",
        '"everything but the planner". When the planner alone takes more than the bound on this',
        'instance (see "## Planner"), the end-to-end bound cannot be met by the workflow.',
    ]
    if not any(r["backend"] == "postgresql" for r in results):
        lines += ["", "PostgreSQL: not measured in this run (set DATABASE_URL to include it)."]
    section = "\n".join(lines) + "\n"
    path = replace_section(SECTION, section)
    print(f"wrote {path}")


def _scratch_postgres() -> tuple[str, str]:
    import psycopg

    url = os.environ["DATABASE_URL"]
    base, _, _ = url.rpartition("/")
    name = f"gonghui_bench_recup_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}", name


def _drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def child(backend: str, candidates: int, out: Path) -> int:
    tmp = tempfile.mkdtemp(prefix="gonghui-bench-var-")
    os.environ["GONGHUI_VAR_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    os.environ["GONGHUI_DEBUG"] = "0"
    os.environ["GONGHUI_JOBS"] = "thread"
    pg_name = None
    if backend == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    else:
        url, pg_name = _scratch_postgres()
        os.environ["DATABASE_URL_ORIGINAL"] = os.environ["DATABASE_URL"]
        os.environ["DATABASE_URL"] = url
    try:
        result = _measure(backend, candidates)
    finally:
        if pg_name:
            from django.db import connections

            connections.close_all()
            os.environ["DATABASE_URL"] = os.environ["DATABASE_URL_ORIGINAL"]
            _drop_postgres(pg_name)
    out.write_text(json.dumps(result))
    return 0


def _seed(candidates: int):  # type: ignore[no-untyped-def]
    from gonghui.core.demo import seed_ankang_tree
    from gonghui.core.models import Organization, OrgKind, Role, User
    from gonghui.core.services import PersonData, organization_create, person_upsert
    from gonghui.core.validators import build_id_number
    from gonghui.honors.models import Honor, HonorType
    from gonghui.recuperation import services
    from gonghui.recuperation.models import Base, Trip, TripLevel, TripSource

    rng = random.Random(6)
    city = seed_ankang_tree()
    counties = list(Organization.objects.filter(depth=1).order_by("pk"))
    unions = [
        organization_create(
            name=f"{c.name.removesuffix('总工会')}劳模单位工会", kind=OrgKind.GRASSROOTS, parent=c
        )
        for c in counties
    ]
    admin = User.objects.create_user(
        username="bench_admin", password="Gonghui#2026", role=Role.CITY_ADMIN, organization=city
    )
    types = {t.name: t for t in HonorType.objects.all()}
    titles = ["安康市劳动模范"] * 6 + [
        "安康市先进工作者",
        "安康市五一劳动奖章",
        "陕西省劳动模范",
        "全国五一劳动奖章",
    ]
    honors, trips = [], []
    for i in range(candidates):
        union = unions[i % len(unions)]
        region = union.parent.code or "610902"
        person, _ = person_upsert(
            data=PersonData(
                name=f"劳模{i:04d}",
                org=union,
                id_number=build_id_number(
                    region, dt.date(1965, 1, 1) + dt.timedelta(days=i * 13), i % 999 + 1
                ),
                frontline=rng.random() < 0.5,
                hardship_post=rng.random() < 0.2,
                key_sector=rng.random() < 0.3,
            )
        )
        honors.append(
            Honor(
                person=person,
                honor_type=types[rng.choice(titles)],
                year=rng.randint(2005, 2025),
                authority="安康市人民政府",
            )
        )
        if rng.random() < 0.35:
            trips.append(
                Trip(
                    person=person,
                    year=rng.randint(2015, 2025),
                    level=TripLevel.CITY,
                    source=TripSource.SYSTEM,
                )
            )
    Honor.objects.bulk_create(honors)
    Trip.objects.bulk_create(trips)
    plan = services.plan_create(
        user=admin,
        year=2026,
        title="2026年劳模疗休养工作方案",
        budget="600000.00",
        budget_line="工会经费·职工疗休养",
        seed=20260101,
    )
    bases = list(Base.objects.order_by("pk"))
    for k in range(BATCHES):
        start = dt.date(2026, 4, 6) + dt.timedelta(days=14 * k)
        services.batch_add(
            user=admin,
            plan=plan,
            code=f"B{k + 1}",
            base=bases[k % len(bases)],
            start_date=start,
            end_date=start + dt.timedelta(days=5),
            min_size=30,
            max_size=40,
            cost_per_person="2600.00",
            travel_cost={"610902": "400.00", "610922": "500.00", "*": "700.00"},
        )
    batches = list(plan.batches.all())
    persons = [h.person for h in honors]
    for person in rng.sample(persons, min(len(persons), candidates // 5)):
        pair = rng.sample(batches, 2)
        services.availability_set(
            user=admin, plan=plan, person=person, unavailable=[pair[0]], preferred=[pair[1]]
        )
    services.plan_approve(
        user=admin,
        plan=plan,
        meeting_date=dt.date(2026, 3, 2),
        minute_no="市总党组会纪要〔2026〕3号",
    )
    return admin, plan


def _measure(backend: str, candidates: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from gonghui.recuperation.models import RunStatus, SelectionRun

    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    admin, plan = _seed(candidates)
    seed_s = time.perf_counter() - t
    print(f"seeded {candidates} candidates in {seed_s:.1f} s", flush=True)

    client = Client()
    client.force_login(admin)
    client.get(f"/recuperation/plans/{plan.pk}/")  # warm the templates and URL resolver
    htmx = {"HTTP_HX_REQUEST": "true"}
    t0 = time.perf_counter()
    response = client.post(f"/recuperation/plans/{plan.pk}/run/")
    assert response.status_code == 302, response.status_code
    run_url = response["Location"]
    polls = 0
    while True:
        r = client.get(f"{run_url}?part=progress", **htmx)
        polls += 1
        if r.headers.get("HX-Refresh") == "true":
            break
        if time.perf_counter() - t0 > 120:
            raise SystemExit("selection did not finish within 120 s")
        time.sleep(0.25)
    t_done = time.perf_counter()
    page = client.get(run_url)
    total = time.perf_counter() - t0
    run = SelectionRun.objects.select_related("job").get(pk=int(run_url.rstrip("/").split("/")[-1]))
    assert run.status == RunStatus.DONE, (run.status, run.message)
    assert run.input_sha256 in page.content.decode()
    job_s = (run.job.finished_at - run.job.created_at).total_seconds()
    # Split the job into its parts on the same data (outside the timed run).
    from gonghui.planner import solve
    from gonghui.recuperation.services import selection_build_input

    t = time.perf_counter()
    data = selection_build_input(plan=plan)
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    solve(data, time_limit=30, workers=2)
    solve_s = time.perf_counter() - t
    return {
        "backend": connection.vendor,
        "candidates": candidates,
        "batches": BATCHES,
        "total_s": total,
        "job_s": job_s,
        "build_s": build_s,
        "solve_s": solve_s,
        "page_s": total - (t_done - t0),
        "polls": polls,
        "seed_s": seed_s,
        "selected": len(run.output["assignments"]),
        "planner_status": run.output["status"],
        "sha": run.input_sha256,
    }


if __name__ == "__main__":
    sys.exit(main())
