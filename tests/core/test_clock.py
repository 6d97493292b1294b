"""One clock: no module but core/clock.py reads the date or the time of day by itself."""

from __future__ import annotations

import ast
from pathlib import Path

import time_machine

import gonghui
from gonghui.core import clock

SRC = Path(gonghui.__file__).parent

# Calls that read the wall clock; `timezone.localdate(value)` / `localtime(value)` with an
# argument convert, they do not read the clock.
FORBIDDEN = {
    ("timezone", "now"),
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("time", "time"),
}


def _clock_reads(path: Path, root: Path = SRC) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        owner_name = (
            owner.id
            if isinstance(owner, ast.Name)
            else owner.attr
            if isinstance(owner, ast.Attribute)
            else ""
        )
        pair = (owner_name, node.func.attr)
        no_args = not node.args and not node.keywords
        reads_now = pair in (("timezone", "localdate"), ("timezone", "localtime")) and no_args
        if pair in FORBIDDEN or reads_now:
            found.append(f"{path.relative_to(root)}:{node.lineno} {owner_name}.{node.func.attr}()")
    return found


def test_no_module_reads_the_clock_but_the_clock():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts or path.name == "clock.py" or path.name == "settings.py":
            continue
        offenders += _clock_reads(path)
    assert not offenders, "read the date through gonghui.core.clock:\n" + "\n".join(offenders)


def test_the_scan_finds_a_module_that_reads_the_clock(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import datetime\nfrom django.utils import timezone\n"
        "a = timezone.now()\nb = datetime.date.today()\nc = timezone.localdate()\n"
        "d = timezone.localdate(a)\ne = timezone.localtime()\n"
    )
    found = _clock_reads(sample, tmp_path)
    assert [f.split(" ")[1] for f in found] == [
        "timezone.now()",
        "date.today()",
        "timezone.localdate()",
        "timezone.localtime()",
    ]


@time_machine.travel("2028-02-29 23:30:00+08:00", tick=False)
def test_the_clock_gives_the_federations_day_on_a_leap_day():
    assert clock.today().isoformat() == "2028-02-29"
    assert clock.day_of(clock.now()) == clock.today() == clock.local_now().date()
    assert clock.now().utcoffset().total_seconds() == 0  # stored in UTC
    assert clock.timestamp() == clock.now().timestamp()


def test_the_planner_reads_no_clock_and_no_django():
    """The planner is pure (JSON in, JSON out; a year comes in its input): it imports neither
    the clock nor Django, so `make test-clock` leaves its tests out of the runs under faketime."""
    for path in sorted((SRC / "planner").rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(("django", "gonghui.core")), f"{path.name}: {name}"
