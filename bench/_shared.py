"""Plumbing the bench scripts share: one child process per database, and RESULTS.md sections."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
