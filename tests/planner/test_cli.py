"""`gonghui recuperation solve|generate` from the command line."""

import json
import subprocess
import sys

from gonghui.planner.cli import main


def test_generate_then_solve_writes_a_plan(tmp_path):
    source, out = tmp_path / "in.json", tmp_path / "out.json"
    assert (
        main(["generate", "--people", "120", "--batches", "4", "--seed", "9", "--out", str(source)])
        == 0
    )
    data = json.loads(source.read_text(encoding="utf-8"))
    assert len(data["candidates"]) == 120 and len(data["batches"]) == 4
    assert main(["solve", str(source), "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["status"] == "optimal"


def test_output_is_byte_identical_whatever_the_workers(tmp_path):
    source = tmp_path / "in.json"
    main(["generate", "--people", "150", "--batches", "5", "--seed", "4", "--out", str(source)])
    outputs = []
    for workers in ("1", "2"):
        target = tmp_path / f"out{workers}.json"
        assert main(["solve", str(source), "--workers", workers, "--out", str(target)]) == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert "“".encode() not in outputs[0] and "\\u" not in outputs[0].decode()


def test_greedy_method_is_available(tmp_path, capsys):
    source = tmp_path / "in.json"
    main(["generate", "--people", "50", "--batches", "3", "--seed", "2", "--out", str(source)])
    assert main(["solve", str(source), "--method", "greedy"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "feasible"


def test_bad_option_exits_2_without_traceback(capsys):
    assert main(["solve"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_gonghui_command_dispatches_to_the_planner(tmp_path):
    source = tmp_path / "in.json"
    main(["generate", "--people", "30", "--batches", "2", "--seed", "1", "--out", str(source)])
    done = subprocess.run(
        [sys.executable, "-m", "gonghui", "recuperation", "solve", str(source)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": "src", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] in ("optimal", "feasible")
