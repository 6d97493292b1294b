"""Check the planner's input against the contract and turn it into an ``Instance``.

Every problem raises ``PlannerInputError`` whose message names the field and, where there is
one, the candidate or batch — the office must be able to fix the file from the message alone.
"""

import datetime
import re
from collections.abc import Mapping
from typing import Any, NoReturn

from gonghui.planner.errors import PlannerInputError
from gonghui.planner.instance import (
    DEFAULT_POLICY,
    DEFAULT_WEIGHTS,
    LEVELS,
    STATUSES,
    Batch,
    Candidate,
    Honor,
    Instance,
    Policy,
    Trip,
    Weights,
)

TOP_KEYS = ("year", "seed", "budget", "policy", "candidates", "batches")
TOP_REQUIRED = ("year", "seed", "budget", "candidates", "batches")
CANDIDATE_KEYS = (
    "id",
    "org",
    "status",
    "honors",
    "frontline",
    "hardship_post",
    "key_sector",
    "trips",
    "unavailable",
    "preferred",
)
HONOR_KEYS = ("kind", "level", "year", "valid")
TRIP_KEYS = ("year", "level")
BATCH_KEYS = (
    "id",
    "destination",
    "start",
    "days",
    "min",
    "max",
    "cost_per_person",
    "travel_cost",
)
_MONEY = re.compile(r"[0-9]+(\.[0-9]{1,2})?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Where:
    """Where in the input a value sits, in words for the message."""

    def __init__(
        self, zh: str = "", en: str = "", candidate: str | None = None, batch: str | None = None
    ) -> None:
        self.zh = zh
        self.en = en
        self.candidate = candidate
        self.batch = batch

    def fail(self, field: str, zh: str, en: str) -> NoReturn:
        where_zh = f"{self.zh}的字段 {field}" if self.zh else f"字段 {field}"
        where_en = f"{self.en}, field {field}" if self.en else f"field {field}"
        raise PlannerInputError(
            f"输入有误：{where_zh}：{zh}",
            message_en=f"invalid input: {where_en}: {en}",
            field=field,
            candidate=self.candidate,
            batch=self.batch,
        )

    def keys(
        self, value: Any, field: str, allowed: tuple[str, ...], required: tuple[str, ...]
    ) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            self.fail(field or "(根)", "应为 JSON 对象", "must be a JSON object")
        prefix = f"{field}." if field else ""
        for key in required:
            if key not in value:
                self.fail(f"{prefix}{key}", "缺少此字段", "missing key")
        for key in value:
            if key not in allowed:
                self.fail(f"{prefix}{key}", "未知字段（合同中没有）", "unknown key")
        return value

    def integer(self, value: Any, field: str, minimum: int | None = None) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(field, f"应为整数，实际为 {value!r}", f"must be an integer, got {value!r}")
        if minimum is not None and value < minimum:
            self.fail(
                field, f"不能小于 {minimum}（实际 {value}）", f"must be >= {minimum}, got {value}"
            )
        return value

    def boolean(self, value: Any, field: str) -> bool:
        if not isinstance(value, bool):
            self.fail(
                field, f"应为 true 或 false，实际为 {value!r}", f"must be a boolean, got {value!r}"
            )
        return value

    def text(self, value: Any, field: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(
                field,
                f"应为非空字符串，实际为 {value!r}",
                f"must be a non-empty string, got {value!r}",
            )
        return value

    def texts(self, value: Any, field: str) -> list[str]:
        if not isinstance(value, list):
            self.fail(field, "应为字符串数组", "must be a list of strings")
        return [self.text(item, f"{field}[{k}]") for k, item in enumerate(value)]

    def records(self, value: Any, field: str) -> list[Any]:
        if not isinstance(value, list):
            self.fail(field, "应为数组", "must be a list")
        return value

    def money(self, value: Any, field: str) -> int:
        """Cents from a decimal string in yuan such as "3800.00"."""
        if isinstance(value, str) and value.startswith("-") and _MONEY.fullmatch(value[1:]):
            self.fail(
                field, f"金额不能为负数：{value!r}", f"amount must not be negative: {value!r}"
            )
        if not isinstance(value, str) or not _MONEY.fullmatch(value):
            self.fail(
                field,
                f'应为以元计的十进制金额字符串（如 "3800.00"，最多两位小数），实际为 {value!r}',
                f'must be a decimal string in yuan such as "3800.00" (at most 2 decimals), got {value!r}',
            )
        whole, _, frac = value.partition(".")
        return int(whole) * 100 + int((frac + "00")[:2])

    def level(self, value: Any, field: str) -> str:
        self.text(value, field)
        if value not in LEVELS:
            self.fail(
                field,
                f"未知级别 {value!r}，应为 {'、'.join(LEVELS)} 之一",
                f"unknown level {value!r}, expected one of {', '.join(LEVELS)}",
            )
        return str(value)


def validate_input(data: Any) -> Instance:
    """Check ``data`` (the parsed JSON) against the contract; raise PlannerInputError if not."""
    top = _Where()
    top.keys(data, "", TOP_KEYS, TOP_REQUIRED)
    year = top.integer(data["year"], "year", 1900)
    seed = data["seed"]
    if isinstance(seed, bool) or not isinstance(seed, int | str) or seed == "":
        top.fail(
            "seed",
            f"应为整数或非空字符串，实际为 {seed!r}",
            f"must be an integer or string, got {seed!r}",
        )
    budget = top.money(data["budget"], "budget")
    policy = _policy(top, data.get("policy", {}))
    batches = _batches(top, data["batches"])
    batch_ids = {batch.id for batch in batches}
    candidates = _candidates(top, data["candidates"], batch_ids)
    for j, batch in enumerate(batches):
        if "*" in batch.travel_cost:
            continue
        for i, candidate in enumerate(candidates):
            if candidate.org not in batch.travel_cost:
                raise PlannerInputError(
                    f'输入有误：批次 {batch.id}（batches[{j}]）的字段 travel_cost 没有 "*"，'
                    f"也没有候选人 {candidate.id}（candidates[{i}]）所在单位 {candidate.org} 的差旅费",
                    message_en=(
                        f'invalid input: batch {batch.id} (batches[{j}]), field travel_cost has no "*" '
                        f"and no entry for org {candidate.org} of candidate {candidate.id} "
                        f"(candidates[{i}])"
                    ),
                    field="travel_cost",
                    candidate=candidate.id,
                    batch=batch.id,
                )
    return Instance(
        year=year,
        seed=seed,
        budget=budget,
        policy=policy,
        candidates=tuple(candidates),
        batches=tuple(batches),
    )


def _policy(top: _Where, raw: Any) -> Policy:
    keys = tuple(DEFAULT_POLICY)
    top.keys(raw, "policy", keys, ())
    merged = {**DEFAULT_POLICY, **raw}
    raw_weights = merged["weights"]
    top.keys(raw_weights, "policy.weights", tuple(DEFAULT_WEIGHTS), ())
    weights = {
        name: top.integer(value, f"policy.weights.{name}", 0)
        for name, value in {**DEFAULT_WEIGHTS, **raw_weights}.items()
    }
    levels = top.texts(merged["eligible_levels"], "policy.eligible_levels")
    for k, level in enumerate(levels):
        top.level(level, f"policy.eligible_levels[{k}]")
    return Policy(
        eligible_kinds=frozenset(top.texts(merged["eligible_kinds"], "policy.eligible_kinds")),
        eligible_levels=frozenset(levels),
        cooldown_years=top.integer(merged["cooldown_years"], "policy.cooldown_years", 1),
        skip_if_provincial_trip_same_year=top.boolean(
            merged["skip_if_provincial_trip_same_year"], "policy.skip_if_provincial_trip_same_year"
        ),
        exclude_retired=top.boolean(merged["exclude_retired"], "policy.exclude_retired"),
        weights=Weights(**weights),
    )


def _batches(top: _Where, raw: Any) -> list[Batch]:
    batches: list[Batch] = []
    seen: dict[str, int] = {}
    for j, item in enumerate(top.records(raw, "batches")):
        where = _Where(f"batches[{j}]", f"batches[{j}]")
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip():
            bid = item["id"]
            where = _Where(f"批次 {bid}（batches[{j}]）", f"batch {bid} (batches[{j}])", batch=bid)
        where.keys(item, "", BATCH_KEYS, BATCH_KEYS)
        bid = where.text(item["id"], "id")
        if bid in seen:
            where.fail(
                "id",
                f"批次编号重复（与 batches[{seen[bid]}] 相同）",
                f"duplicate batch id (same as batches[{seen[bid]}])",
            )
        seen[bid] = j
        start = where.text(item["start"], "start")
        try:
            if not _DATE.fullmatch(start):
                raise ValueError(start)
            datetime.date.fromisoformat(start)
        except ValueError:
            where.fail(
                "start",
                f"应为 YYYY-MM-DD 日期，实际为 {start!r}",
                f"must be a date YYYY-MM-DD, got {start!r}",
            )
        low = where.integer(item["min"], "min", 0)
        high = where.integer(item["max"], "max", 0)
        if low > high:
            where.fail(
                "min",
                f"最少人数 {low} 大于最多人数 {high}",
                f"min {low} is greater than max {high}",
            )
        travel_raw = item["travel_cost"]
        if not isinstance(travel_raw, dict) or not travel_raw:
            where.fail(
                "travel_cost",
                '应为非空对象：单位代码或 "*" → 金额',
                'must be a non-empty object: org code or "*" -> amount',
            )
        travel = {
            where.text(org, "travel_cost"): where.money(amount, f"travel_cost.{org}")
            for org, amount in travel_raw.items()
        }
        batches.append(
            Batch(
                id=bid,
                destination=where.text(item["destination"], "destination"),
                start=start,
                days=where.integer(item["days"], "days", 1),
                min=low,
                max=high,
                cost_per_person=where.money(item["cost_per_person"], "cost_per_person"),
                travel_cost=travel,
            )
        )
    return batches


def _candidates(top: _Where, raw: Any, batch_ids: set[str]) -> list[Candidate]:
    candidates: list[Candidate] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(top.records(raw, "candidates")):
        where = _Where(f"candidates[{i}]", f"candidates[{i}]")
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip():
            cid = item["id"]
            where = _Where(
                f"候选人 {cid}（candidates[{i}]）",
                f"candidate {cid} (candidates[{i}])",
                candidate=cid,
            )
        where.keys(item, "", CANDIDATE_KEYS, CANDIDATE_KEYS)
        cid = where.text(item["id"], "id")
        if cid in seen:
            where.fail(
                "id",
                f"候选人编号重复（与 candidates[{seen[cid]}] 相同）",
                f"duplicate candidate id (same as candidates[{seen[cid]}])",
            )
        seen[cid] = i
        status = item["status"]
        if status not in STATUSES:
            where.fail(
                "status",
                f"未知状态 {status!r}，应为 active、retired、deceased 之一",
                f"unknown status {status!r}, expected active, retired or deceased",
            )
        honors = []
        for k, honor in enumerate(where.records(item["honors"], "honors")):
            field = f"honors[{k}]"
            where.keys(honor, field, HONOR_KEYS, HONOR_KEYS)
            honors.append(
                Honor(
                    kind=where.text(honor["kind"], f"{field}.kind"),
                    level=where.level(honor["level"], f"{field}.level"),
                    year=where.integer(honor["year"], f"{field}.year"),
                    valid=where.boolean(honor["valid"], f"{field}.valid"),
                )
            )
        trips = []
        for k, trip in enumerate(where.records(item["trips"], "trips")):
            field = f"trips[{k}]"
            where.keys(trip, field, TRIP_KEYS, TRIP_KEYS)
            trips.append(
                Trip(
                    year=where.integer(trip["year"], f"{field}.year"),
                    level=where.level(trip["level"], f"{field}.level"),
                )
            )
        lists = {}
        for name in ("unavailable", "preferred"):
            ids = where.texts(item[name], name)
            for k, bid in enumerate(ids):
                if bid not in batch_ids:
                    where.fail(f"{name}[{k}]", f"未知批次编号 {bid!r}", f"unknown batch id {bid!r}")
            lists[name] = frozenset(ids)
        candidates.append(
            Candidate(
                id=cid,
                org=where.text(item["org"], "org"),
                status=status,
                honors=tuple(honors),
                frontline=where.boolean(item["frontline"], "frontline"),
                hardship_post=where.boolean(item["hardship_post"], "hardship_post"),
                key_sector=where.boolean(item["key_sector"], "key_sector"),
                trips=tuple(trips),
                unavailable=lists["unavailable"],
                preferred=lists["preferred"],
            )
        )
    return candidates
