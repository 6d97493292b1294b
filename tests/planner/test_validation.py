"""Every bad input of issue 4 item 1 exits 2 with a message that names the problem."""

import copy
import json

import pytest

from gonghui.planner import PlannerInputError, validate_input
from gonghui.planner.cli import main
from tests.planner.conftest import batch, candidate, instance


def good():
    return instance([candidate("P1"), candidate("P2", org="610921")], [batch("B1"), batch("B2")])


def run_cli(tmp_path, capsys, payload: bytes):
    path = tmp_path / "in.json"
    path.write_bytes(payload)
    code = main(["solve", str(path), "--out", str(tmp_path / "out.json")])
    return code, capsys.readouterr().err


def broken(change):
    data = good()
    change(data)
    return json.dumps(data, ensure_ascii=False).encode()


CASES = {
    "missing top key": (lambda d: d.pop("budget"), ["budget", "缺少"]),
    "unknown top key": (lambda d: d.update(extra=1), ["extra", "未知字段"]),
    "missing candidate key": (lambda d: d["candidates"][1].pop("org"), ["P2", "org", "缺少"]),
    "unknown candidate key": (lambda d: d["candidates"][0].update(name="张三"), ["P1", "name"]),
    "unknown batch key": (lambda d: d["batches"][1].update(hotel="x"), ["B2", "hotel"]),
    "unknown policy key": (lambda d: d["policy"].update(foo=1), ["policy.foo"]),
    "unknown weight": (lambda d: d["policy"].update(weights={"bar": 1}), ["policy.weights.bar"]),
    "non-decimal budget": (lambda d: d.update(budget="六十万"), ["budget", "十进制"]),
    "number budget": (lambda d: d.update(budget=600000), ["budget", "十进制"]),
    "three decimals": (
        lambda d: d["batches"][0].update(cost_per_person="1.005"),
        ["B1", "cost_per_person"],
    ),
    "negative cost": (
        lambda d: d["batches"][1].update(cost_per_person="-5.00"),
        ["B2", "cost_per_person", "负数"],
    ),
    "negative travel": (
        lambda d: d["batches"][0]["travel_cost"].update({"*": "-1.00"}),
        ["B1", "travel_cost", "负数"],
    ),
    "unknown unavailable batch": (
        lambda d: d["candidates"][1].update(unavailable=["B9"]),
        ["P2", "unavailable", "B9"],
    ),
    "unknown preferred batch": (
        lambda d: d["candidates"][0].update(preferred=["B7"]),
        ["P1", "preferred", "B7"],
    ),
    "duplicate candidate": (lambda d: d["candidates"].append(candidate("P1")), ["P1", "重复"]),
    "duplicate batch": (lambda d: d["batches"].append(batch("B2")), ["B2", "重复"]),
    "min above max": (lambda d: d["batches"][0].update(min=41, max=40), ["B1", "min", "41", "40"]),
    "travel without star misses an org": (
        lambda d: d["batches"][1].update(travel_cost={"610902": "900.00"}),
        ["B2", "P2", "610921", "travel_cost"],
    ),
    "unknown status": (
        lambda d: d["candidates"][1].update(status="transferred"),
        ["P2", "status", "transferred"],
    ),
    "bad honor level": (
        lambda d: d["candidates"][0]["honors"][0].update(level="town"),
        ["P1", "honors[0].level", "town"],
    ),
    "string year": (lambda d: d.update(year="2026"), ["year", "整数"]),
    "bad date": (lambda d: d["batches"][0].update(start="2026-02-30"), ["B1", "start"]),
    "boolean as string": (
        lambda d: d["candidates"][0].update(frontline="yes"),
        ["P1", "frontline"],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_exits_2_with_a_message_naming_the_problem(name, tmp_path, capsys):
    change, words = CASES[name]
    code, err = run_cli(tmp_path, capsys, broken(change))
    assert code == 2
    assert "Traceback" not in err
    for word in words:
        assert word in err, f"{word!r} not in {err!r}"
    assert "invalid input" in err  # the English line


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        (b'{"year": 2026,', ["JSON", "第 1 行"]),
        ('{"year": 2026}'.encode("utf-16"), ["UTF-8"]),
        (b'{"year": 2026, "year": 2027}', ["year", "重复"]),
        (b"[1, 2]", ["JSON 对象"]),
        (b'{"budget": NaN}', ["NaN"]),
    ],
)
def test_unreadable_files_exit_2_with_a_message(payload, words, tmp_path, capsys):
    code, err = run_cli(tmp_path, capsys, payload)
    assert code == 2
    for word in words:
        assert word in err


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["solve", str(tmp_path / "nope.json")]) == 2
    assert "nope.json" in capsys.readouterr().err


def test_error_names_candidate_and_batch_for_python_callers():
    data = good()
    data["batches"][1]["travel_cost"] = {"610902": "900.00"}
    with pytest.raises(PlannerInputError) as caught:
        validate_input(data)
    assert (caught.value.candidate, caught.value.batch, caught.value.field) == (
        "P2",
        "B2",
        "travel_cost",
    )
    assert isinstance(caught.value, ValueError)


def test_policy_may_be_left_out_entirely():
    data = copy.deepcopy(good())
    del data["policy"]
    assert validate_input(data).policy.cooldown_years == 2
