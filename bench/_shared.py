"""Plumbing the bench scripts share: one child process per database, and RESULTS.md sections."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"


def default_backends() -> list[str]:
    """SQLite always; PostgreSQL too when DATABASE_URL points at one."""
    backends = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        backends.append("postgresql")
    return backends


def run_child(script: str, backend: str, args: list[str], tmp: Path) -> dict[str, Any] | None:
    """Run `script --child BACKEND ARGS --out F` in a fresh process; its JSON result, or None."""
    out = tmp / f"{backend}.json"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "src"), env.get("PYTHONPATH", "")])
    )
    code = subprocess.call(
        [sys.executable, script, "--child", backend, *args, "--out", str(out)], env=env
    )
    if code != 0 or not out.exists():
        print(f"{backend}: benchmark failed (exit {code})", file=sys.stderr)
        return None
    return json.loads(out.read_text())


def replace_section(heading: str, section: str) -> Path:
    """Put `section` in place of the RESULTS.md section starting at `heading` (or append it)."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    start = text.find(heading)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1 :] if end != -1 else "")
    RESULTS.write_text(text, encoding="utf-8")
    return RESULTS


@contextmanager
def scratch_database(backend: str, label: str) -> Iterator[None]:
    """The child's database: SQLite in its GONGHUI_VAR_DIR, or a PostgreSQL database created
    beside the one DATABASE_URL names (gonghui_bench_<label>_<pid>) and dropped afterwards."""
    if backend == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        yield
        return
    import psycopg

    original = os.environ["DATABASE_URL"]
    base, _, _ = original.rpartition("/")
    name = f"gonghui_bench_{label}_{os.getpid()}"
    with psycopg.connect(original, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"{base}/{name}"
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        os.environ["DATABASE_URL"] = original
        with psycopg.connect(original, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
