"""``gonghui recuperation solve|generate``: the planner from the command line.

Exit 0 with a plan, 2 with a message on stderr (Chinese, then English) for input that does
not match the contract; never a traceback for bad input.
"""

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from gonghui.planner.api import METHODS, serialize, solve
from gonghui.planner.errors import PlannerInputError
from gonghui.planner.generator import generate


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gonghui recuperation", description="疗休养名额分配 / recuperation planner"
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = commands.add_parser("solve", help="plan a year from INPUT.json")
    run.add_argument("input", help="input JSON (UTF-8) per the contract")
    run.add_argument("--out", help="write the plan here instead of stdout")
    run.add_argument("--method", choices=METHODS, default="optimal")
    run.add_argument("--time-limit", type=float, default=110.0, help="seconds (default 110)")
    run.add_argument("--workers", type=int, default=2)
    run.add_argument("--verbose", action="store_true", help="progress on stderr")
    make = commands.add_parser("generate", help="write a realistic random input")
    make.add_argument("--people", type=int, required=True)
    make.add_argument("--batches", type=int, required=True)
    make.add_argument("--seed", type=int, required=True)
    make.add_argument("--year", type=int, default=2026)
    make.add_argument(
        "--unavailable",
        help="share of batches each person cannot attend, LOW-HIGH (e.g. 0.2-0.5); "
        "default: none for a city, 0.2-0.5 from 20 batches on",
    )
    make.add_argument("--out")
    return parser


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise PlannerInputError(
                f"输入有误：JSON 对象中字段 {key} 重复出现",
                message_en=f"invalid input: key {key!r} appears twice in one JSON object",
                field=key,
            )
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise PlannerInputError(
        f"输入有误：JSON 中不允许 {name}",
        message_en=f"invalid input: {name} is not allowed in JSON",
    )


def load_input(path: str) -> Any:
    """Parse the input file; PlannerInputError for a missing, non-UTF-8 or non-JSON file."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise PlannerInputError(
            f"无法读取输入文件 {path}：{error.strerror}",
            message_en=f"cannot read input file {path}: {error.strerror}",
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlannerInputError(
            f"输入文件 {path} 不是 UTF-8 编码（第 {error.start} 字节附近）",
            message_en=f"input file {path} is not UTF-8 (near byte {error.start})",
        ) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise PlannerInputError(
            f"输入文件 {path} 不是合法的 JSON：第 {error.lineno} 行第 {error.colno} 列，{error.msg}",
            message_en=f"input file {path} is not valid JSON: line {error.lineno} column {error.colno}: {error.msg}",
        ) from None


def _write(text: str, out: str | None) -> None:
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _share(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    try:
        low, high = (float(part) for part in text.split("-"))
    except ValueError:
        raise _UsageError(f"--unavailable must look like 0.2-0.5, got {text!r}") from None
    if not 0 <= low <= high <= 1:
        raise _UsageError(f"--unavailable must satisfy 0 <= LOW <= HIGH <= 1, got {text!r}")
    return low, high


def main(argv: list[str]) -> int:
    """Run ``solve`` or ``generate``; return the exit code."""
    try:
        args = _parser().parse_args(argv)
        if args.command == "generate":
            if args.people < 0 or args.batches < 1:
                raise _UsageError("--people must be >= 0 and --batches >= 1")
            data = generate(
                people=args.people,
                batches=args.batches,
                seed=args.seed,
                year=args.year,
                unavailable=_share(args.unavailable),
            )
            _write(serialize(data), args.out)
            return 0
        if args.time_limit <= 0 or args.workers < 1:
            raise _UsageError("--time-limit must be positive and --workers at least 1")
        data = load_input(args.input)
        started = time.monotonic()

        def progress(stage: str, info: dict[str, Any]) -> None:
            print(f"[{time.monotonic() - started:7.2f}s] {stage} {info}", file=sys.stderr)

        result = solve(
            data,
            time_limit=args.time_limit,
            workers=args.workers,
            method=args.method,
            progress=progress if args.verbose else None,
        )
        _write(serialize(result), args.out)
        return 0
    except PlannerInputError as error:
        print(error.message, file=sys.stderr)
        print(error.message_en, file=sys.stderr)
        return 2
    except _UsageError as error:
        print(f"用法错误：{error}", file=sys.stderr)
        print(f"usage error: {error}", file=sys.stderr)
        return 2
