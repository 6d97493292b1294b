"""Planner benchmarks (issue 4): city, medium and province instances, and a plain HiGHS MIP beside.

    PYTHONPATH=src .venv/bin/python bench/bench_planner.py [--only city,medium,highs,province]
                                                           [--no-write]

Sections (default: all of them):
  city      600 × 6, seeds 1–5: every seed proved optimal, median CPU s ≤ 1.
  medium    3,000 × 20 and 5,000 × 30, seeds 1–3, solve(time_limit=60, workers=2): proved
            optimal, or objective ≥ 0.999 × bound.
  highs     the medium instances as one plain HiGHS MIP over every (person, batch) pair, same
            time limit: stage one only, reported beside the planner; no bound.
  province  20,000 × 100, seeds 1–3, time_limit=60: objective ≥ 0.999 × bound, peak ≤ 2 GB.

Each instance is solved in its own process so that time and peak memory are its own. Prints
the figures and a last line naming the bounds met and missed, rewrites the "## Planner" section
of bench/RESULTS.md (only the subsections that were run; the others keep their figures), and
exits 1 if a bound is missed or a run failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

from _shared import RESULTS, ROOT, replace_section


@dataclass(frozen=True)
class Section:
    name: str
    title: str  # its "### " heading in RESULTS.md
    sizes: tuple[tuple[int, int], ...]  # (people, batches)
    seeds: tuple[int, ...]
    time_limit: float
    method: str  # "planner" or "highs"


SECTIONS = {
    s.name: s
    for s in (
        Section("city", "City 600 × 6", ((600, 6),), (1, 2, 3, 4, 5), 110.0, "planner"),
        Section(
            "medium",
            "Medium 3,000 × 20 and 5,000 × 30",
            ((3000, 20), (5000, 30)),
            (1, 2, 3),
            60.0,
            "planner",
        ),
        Section(
            "highs",
            "Plain HiGHS MIP on the medium instances",
            ((3000, 20), (5000, 30)),
            (1, 2, 3),
            60.0,
            "highs",
        ),
        Section("province", "Province 20,000 × 100", ((20_000, 100),), (1, 2, 3), 60.0, "planner"),
    )
}
CITY_MEDIAN_CPU = 1.0  # seconds of process time
NEAR = 0.999  # objective / bound when not proved optimal
PROVINCE_PEAK_MB = 2 * 1024
WORKERS = 2


def planner_source() -> str:
    """A fingerprint of the planner's code (its .py files), to tell which version was measured."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "gonghui" / "planner").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _gap(objective: int | None, bound: int | None) -> float | None:
    if objective is None or bound is None:
        return None
    return (bound - objective) / max(1, bound)


def run_planner(people: int, batches: int, seed: int, time_limit: float) -> dict[str, Any]:
    """Child process: generate, solve (optimal and greedy), measure."""
    from gonghui.planner import generate, solve

    data = generate(people=people, batches=batches, seed=seed)
    stage_one: list[float] = []

    def progress(stage: str, info: dict[str, Any]) -> None:
        # The report that closes stage one (the MIP's own reports carry no status); read-only.
        if stage == "stage1" and "status" in info:
            stage_one.append(info["elapsed"])

    started, cpu_started = time.perf_counter(), time.process_time()
    best = solve(data, workers=WORKERS, time_limit=time_limit, progress=progress)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    peak = _peak_mb()
    greedy = solve(data, method="greedy")
    by_id = {c["id"]: c for c in data["candidates"]}

    def placed(out: dict[str, Any]) -> set[str]:
        return {a["candidate"] for a in out["assignments"]}

    high = {cid for cid, c in by_id.items() if not c["trips"] and c["frontline"]}
    return {
        "status": best["status"],
        "objective": best["objective"],
        "bound": best["bound"],
        "gap": _gap(best["objective"], best["bound"]),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "peak_mb": peak,
        "stage_one_seconds": round(stage_one[-1], 2) if stage_one else None,
        "greedy": greedy["objective"],
        "ratio": best["objective"] / max(1, greedy["objective"]),
        "high_priority_gained": len((placed(best) - placed(greedy)) & high),
    }


def run_highs(people: int, batches: int, seed: int, time_limit: float) -> dict[str, Any]:
    """Child process: stage one as one plain HiGHS MIP over every pair.

    The planner's own model (``build(..., integral=True)``: a binary per pair, the group counts
    that carry the budget, a binary per running batch), without the planner's head-count
    columns, warm start, splitting or reduced-cost fixing; HiGHS's own search on ``WORKERS``
    threads, with the planner's gap settings (proved optimal means gap below one point). The
    clock starts where the planner's does (after the input is read into a ``Problem``) and the
    MIP gets what is left of ``time_limit``. The plan is HiGHS's own ``x``, checked by
    ``evaluate``.
    """
    import numpy as np

    from gonghui.planner import generate
    from gonghui.planner.eligibility import standings
    from gonghui.planner.mip import EPS, build, new_highs, run
    from gonghui.planner.problem import build_problem, evaluate
    from gonghui.planner.validation import validate_input

    data = generate(people=people, batches=batches, seed=seed)
    started, cpu_started = time.perf_counter(), time.process_time()
    instance = validate_input(data)
    problem = build_problem(instance, standings(instance))
    clock = time.perf_counter()
    pairs = np.arange(problem.n_pairs)
    highs = new_highs(1.0, WORKERS)
    model = build(problem, pairs, True, highs)
    highs.setOptionValue("time_limit", max(0.1, time_limit - (time.perf_counter() - clock)))
    status, dual, values = run(highs)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    objective = None
    if values is not None:
        x = np.rint(values[model.x_cols]) > 0.5
        batch_of = np.full(problem.n_people, -1, dtype=np.int64)
        batch_of[problem.pair_person[pairs[x]]] = problem.pair_batch[pairs[x]]
        objective = evaluate(problem, batch_of).objective
    bound = math.floor(dual + EPS) if math.isfinite(dual) else None
    if objective is not None and bound is not None:
        bound = max(bound, objective)
    return {
        "status": {"Optimal": "optimal", "Time limit reached": "time limit"}.get(
            status, status.lower()
        ),
        "objective": objective,
        "bound": bound,
        "gap": _gap(objective, bound),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "peak_mb": _peak_mb(),
        "pairs": int(problem.n_pairs),
    }


def child(section: Section, people: int, batches: int, seed: int) -> dict[str, Any]:
    """One instance in a fresh process; a failed or hung run comes back as status "error"."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "src"), env.get("PYTHONPATH", "")])
    )
    args = [section.method, str(people), str(batches), str(seed), str(section.time_limit)]
    row: dict[str, Any] = {
        "section": section.name,
        "instance": f"{'HiGHS MIP' if section.method == 'highs' else section.name} "
        f"{people:,} × {batches}",
        "size": f"{people:,} × {batches}",
        "seed": seed,
    }
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--one", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=10 * section.time_limit + 300,
        )
    except subprocess.TimeoutExpired:
        return {**row, "status": "error", "error": "no answer within 10 × time limit"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {**row, "status": "error", "error": f"exit {done.returncode}: {last}"}
    return {**row, **json.loads(done.stdout.strip().splitlines()[-1])}


def _num(value: Any, fmt: str = "{}") -> str:
    return "—" if value is None else fmt.format(value)


def _cells(r: dict[str, Any]) -> list[str]:
    return [
        r["instance"],
        str(r["seed"]),
        r["status"],
        _num(r.get("objective")),
        _num(r.get("bound")),
        _num(None if r.get("gap") is None else 100 * r["gap"], "{:.3f}%"),
        _num(r.get("seconds"), "{:.2f}"),
        _num(r.get("cpu_seconds"), "{:.2f}"),
        _num(r.get("peak_mb")),
    ]


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


BASE = ["instance", "seed", "status", "objective", "bound", "gap", "seconds", "CPU s", "peak MB"]


def planner_table(rows: list[dict[str, Any]]) -> str:
    extra = ["greedy", "planner/greedy", "high-priority gained"]
    return _table(
        BASE + extra,
        [
            [
                *_cells(r),
                _num(r.get("greedy")),
                _num(r.get("ratio"), "{:.4f}"),
                _num(r.get("high_priority_gained")),
            ]
            for r in rows
        ],
    )


def side_by_side(highs: list[dict[str, Any]], planner: list[dict[str, Any]]) -> str:
    """One line per medium instance: the planner's figures, then the plain MIP's."""
    mine = {(r["size"], r["seed"]): r for r in planner}
    header = ["instance", "seed"]
    header += ["planner status", "objective", "bound", "stage one s", "seconds", "CPU s"]
    header += ["HiGHS status", "objective", "bound", "seconds", "CPU s"]
    rows = []
    for h in highs:
        p = mine.get((h["size"], h["seed"]), {})
        rows.append(
            [
                h["size"],
                str(h["seed"]),
                p.get("status", "—"),
                _num(p.get("objective")),
                _num(p.get("bound")),
                _num(p.get("stage_one_seconds"), "{:.2f}"),
                _num(p.get("seconds"), "{:.2f}"),
                _num(p.get("cpu_seconds"), "{:.2f}"),
                h["status"],
                _num(h.get("objective")),
                _num(h.get("bound")),
                _num(h.get("seconds"), "{:.2f}"),
                _num(h.get("cpu_seconds"), "{:.2f}"),
            ]
        )
    return _table(header, rows)


def check(section: Section, rows: list[dict[str, Any]]) -> tuple[list[str], str]:
    """The bounds ``section`` misses, and a sentence on its figures."""
    failures = [f"{r['instance']} seed {r['seed']}: {r['error']}" for r in rows if "error" in r]
    done = [r for r in rows if "error" not in r]
    note = ""
    if section.name == "city":
        failures += [
            f"city seed {r['seed']}: status {r['status']}, not proved optimal"
            for r in done
            if r["status"] != "optimal"
        ]
        if done:
            median = statistics.median(r["cpu_seconds"] for r in done)
            note = f"median CPU **{median:.2f} s**"
            if median > CITY_MEDIAN_CPU:
                failures.append(f"city median CPU {median:.2f} s > {CITY_MEDIAN_CPU:.0f} s")
    elif section.name in ("medium", "province"):
        for r in done:
            if r["status"] != "optimal" and r["objective"] < NEAR * r["bound"]:
                failures.append(
                    f"{r['instance']} seed {r['seed']}: objective {r['objective']} < "
                    f"{NEAR} × bound {r['bound']} (gap {100 * r['gap']:.3f}%)"
                )
            if section.name == "province" and r["peak_mb"] > PROVINCE_PEAK_MB:
                failures.append(f"province seed {r['seed']}: peak {r['peak_mb']} MB > 2 GB")
        proved = sum(r["status"] == "optimal" for r in done)
        note = f"{proved} of {len(rows)} proved optimal"
        tied = sum(r["status"] != "optimal" and r["objective"] == r["bound"] for r in done)
        if tied:
            note += (
                f"; {tied} more with objective = bound (the objective is proved optimal, the"
                " lottery order among plans of that objective is not)"
            )
    else:
        proved = sum(r["status"] == "optimal" for r in done)
        note = f"{proved} of {len(rows)} proved optimal within the time limit"
    late = sum(r["seconds"] > section.time_limit for r in done)
    if late:
        note += f"; {late} over the {section.time_limit:.0f} s time limit in wall time"
    return failures, note


BOUNDS = {
    "city": f"every seed proved optimal, median CPU s ≤ {CITY_MEDIAN_CPU:.0f}",
    "medium": f"each run proved optimal or objective ≥ {NEAR} × bound",
    "highs": "none (comparison only)",
    "province": f"objective ≥ {NEAR} × bound, peak ≤ {PROVINCE_PEAK_MB // 1024} GB",
}
ORDER = ("city", "medium", "highs", "province")


def subsection(
    section: Section,
    rows: list[dict[str, Any]],
    medium: list[dict[str, Any]] | None,
    note: str,
    source: str,
) -> str:
    sizes = " and ".join(f"{p:,} × {b}" for p, b in section.sizes)
    seeds = f"{section.seeds[0]}–{section.seeds[-1]}"
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    head = (
        f"### {section.title}\n\n"
        f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} on {platform.machine()}, "
        f"{os.cpu_count()} CPUs (shared; load average {load} when the section ended), "
        f"Python {sys.version.split()[0]}, planner source {source} (sha256 of"
        f" src/gonghui/planner/*.py). {sizes}, seeds {seeds}, "
        f"time limit {section.time_limit:.0f} s. Bound: {BOUNDS[section.name]} — {note}.\n\n"
    )
    if section.method == "highs":
        body = _table(BASE, [_cells(r) for r in rows])
        if medium:
            body += (
                "\n\nBeside the planner (the medium rows of the same run). The plain MIP does"
                " stage one only; the planner's *stage one s* is the wall time until its stage"
                " one ended (objective and bound final), *seconds* includes the lottery"
                " stage.\n\n"
            )
            body += side_by_side(rows, medium)
        else:
            body += "\n\n(The medium section was not run with it: no planner figures beside.)"
    else:
        body = planner_table(rows)
    return head + body + "\n"


INTRO = """## Planner

`make bench` → `bench/bench_planner.py` (issue 4); `--only city,medium,highs,province` runs some
sections (default: all), and rewrites only their subsections below. Generated inputs
(`gonghui.planner.generate(people=…, batches=…, seed=S)`), each solved by
`solve(data, time_limit=…, workers=2)` in its own process. Seconds are wall time from the parsed
input to the answer (`solve()`; the machine is shared, so wall time moves with its load).
**CPU s is the process's own CPU time** (process time: user + system of all its threads; it
moves far less with the load than wall time, though a busy machine still slows it). Peak MB is
the child process's maximum resident memory. Gap = (bound − objective) / bound.
"high-priority gained": people who have never been and work on the front line whom the greedy
office rule leaves out and the planner takes. The plain HiGHS rows are stage one only (the
objective, no lottery tie-break) over every (person, batch) pair.

City history (process time, seeds 1–5): one MIP per stage over person×batch binaries took
3.3, 17.6, 0.7, 2.3, 2.8 s (wall median 8.25 s on a loaded machine); with integer head-count
columns to branch on, stage one split by run set and head count (best LP bound first), and
stage two split the same way with reduced-cost fixing per leaf, 0.5, 1.1, 0.5, 0.5, 0.5 s.
Seeds 1–40: all ≤ 1.3 s. 8 batches (600 people, seeds 1–5): 1–7 s, where the old model hit
the 110 s limit on 3 of 5 seeds.
"""
HEADING = "## Planner\n"


def _old_subsections() -> dict[str, str]:
    """The "### " subsections of the current planner section, by section name."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    start = text.find(HEADING)
    if start == -1:
        return {}
    end = text.find("\n## ", start + 1)
    body = text[start : end + 1 if end != -1 else len(text)]
    titles = {SECTIONS[name].title: name for name in ORDER}
    found = {}
    for part in body.split("\n### ")[1:]:
        title = part.split("\n", 1)[0].strip()
        if title in titles:
            found[titles[title]] = "### " + part.rstrip("\n") + "\n"
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        default=",".join(ORDER),
        help="comma-separated sections to run: city, medium, highs, province (default: all)",
    )
    parser.add_argument("--no-write", action="store_true", help="do not touch RESULTS.md")
    args = parser.parse_args()
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(chosen) - set(ORDER))
    if unknown or not chosen:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(ORDER)}")
    results: dict[str, list[dict[str, Any]]] = {}
    texts: dict[str, str] = {}
    verdicts = []
    missed = []
    for name in (n for n in ORDER if n in chosen):
        section = SECTIONS[name]
        source = planner_source()
        rows = []
        for people, batches in section.sizes:
            for seed in section.seeds:
                r = child(section, people, batches, seed)
                print(" | ".join(_cells(r)) + (f"  ({r['error']})" if "error" in r else ""))
                sys.stdout.flush()
                rows.append(r)
        results[name] = rows
        failures, note = check(section, rows)
        if planner_source() != source:
            failures.append(
                f"the planner's source changed while {name} ran (was {source},"
                f" now {planner_source()}): its rows mix versions, run it again"
            )
        texts[name] = subsection(section, rows, results.get("medium"), note, source)
        verdict = "all bounds met" if not failures else "MISSED: " + "; ".join(failures)
        texts[name] += f"\nResult: {verdict}.\n"
        print(f"\n{texts[name]}")
        missed += failures
        if name == "highs":
            verdicts.append(f"highs: no bound, {note}" + ("" if not failures else " (errors)"))
        else:
            verdicts.append(f"{name}: {'met' if not failures else 'MISSED'}")
    if not args.no_write:
        old = _old_subsections()
        parts = [texts.get(name) or old.get(name) for name in ORDER]
        replace_section(HEADING, "\n".join([INTRO, *filter(None, parts)]) + "\n")
    if missed:
        print("\n".join(missed), file=sys.stderr)
    print(
        f"Planner bounds ({', '.join(chosen)}): "
        + "; ".join(verdicts)
        + ". "
        + ("All bounds met." if not missed else f"{len(missed)} missed.")
    )
    return 1 if missed else 0


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "--one":
        runner = run_highs if sys.argv[2] == "highs" else run_planner
        people, batches, seed = (int(a) for a in sys.argv[3:6])
        print(json.dumps(runner(people, batches, seed, float(sys.argv[6]))))
        sys.exit(0)
    sys.exit(main())
