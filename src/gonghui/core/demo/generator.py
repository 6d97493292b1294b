"""One seeded random source for names, ID numbers, credit codes and phones, never twice."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from typing import Any

from gonghui.core.demo.reference import (
    ETHNICITIES,
    GIVEN_FEMALE,
    GIVEN_MALE,
    MOBILE_PREFIXES,
    ORGANS,
    SURNAMES,
    TRADE_NAMES,
    Business,
)
from gonghui.core.models import EmployerKind
from gonghui.core.pinyin import pinyin_keys
from gonghui.core.validators import build_credit_code, build_id_number


def weighted_picker(rng: random.Random, pairs: Iterable[tuple[Any, int]]) -> Callable[[], Any]:
    """A function drawing one value at a time with the given integer weights."""
    items = list(pairs)
    values = [v for v, _ in items]
    cum: list[float] = []
    total = 0.0
    for _, w in items:
        total += w
        cum.append(total)

    def pick() -> Any:
        return rng.choices(values, cum_weights=cum)[0]

    return pick


_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CODE_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _org_code(rng: random.Random) -> str:
    """A GB 11714 organization code (8 characters and its check character)."""
    body = "MA" + "".join(rng.choice(_ORG_CODE_BODY) for _ in range(6))
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def _credit_prefix(kind: str) -> str:
    # 登记管理部门 + 机构类别: 91 企业, 11 机关, 12 事业单位, 52 社会服务机构.
    prefixes: dict[str, str] = {
        EmployerKind.ORGAN: "11",
        EmployerKind.INSTITUTION: "12",
        EmployerKind.SOCIAL: "52",
    }
    return prefixes.get(kind, "91")


class DemoGenerator:
    """Names, ID numbers, credit codes and phones from one seeded random source, never twice."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.credit_codes: set[str] = set()
        self.id_first17: set[str] = set()
        self.employer_names: set[str] = set()
        self.pinyin_cache: dict[str, tuple[str, str]] = {}
        rng = self.rng
        self.surname = weighted_picker(rng, SURNAMES)
        self.ethnicity = weighted_picker(rng, ETHNICITIES)

    def credit_code(self, kind: str, region: str) -> str:
        while True:
            code = build_credit_code(_credit_prefix(kind) + region + self.rng_org_code())
            if code not in self.credit_codes:
                self.credit_codes.add(code)
                return code

    def rng_org_code(self) -> str:
        return _org_code(self.rng)

    def employer_name(self, prefix: str, business: Business) -> str:
        rng = self.rng
        for attempt in range(200):
            trade = rng.choice(TRADE_NAMES)
            if attempt > 20:
                trade += rng.choice(TRADE_NAMES)
            if business.key == "hospital":
                kind = rng.choice(("医院", "医院", "中医医院", "口腔医院", "康复医院"))
                name = (
                    f"{prefix}{trade}{kind}"
                    if attempt or rng.random() < 0.8
                    else (f"{prefix}人民医院")
                )
            elif business.key == "school":
                stage = rng.choice(("小学", "初级中学", "中学", "幼儿园", "职业技术学校"))
                name = f"{prefix}{trade}{stage}"
            elif business.key == "organ":
                name = f"{prefix}{rng.choice(ORGANS)}"
                if attempt > 20:
                    return ""
            else:
                name = f"{prefix}{trade}{business.suffix}"
            if name not in self.employer_names:
                self.employer_names.add(name)
                return name
        return ""

    def id_number(self, region: str, birth: dt.date, male: bool) -> str:
        rng = self.rng
        for _ in range(50):
            seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
            first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
            if first17 not in self.id_first17:
                self.id_first17.add(first17)
                return build_id_number(region, birth, seq)
            birth += dt.timedelta(days=1)
        raise RuntimeError("too many ID collisions")

    def name(self, male: bool) -> str:
        given = GIVEN_MALE if male else GIVEN_FEMALE
        return self.surname() + self.rng.choice(given)

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def pinyin(self, name: str) -> tuple[str, str]:
        keys = self.pinyin_cache.get(name)
        if keys is None:
            keys = self.pinyin_cache[name] = pinyin_keys(name)
        return keys
