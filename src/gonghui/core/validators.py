"""Validators for Chinese identifiers: GB 11643 ID numbers, GB 32100 credit codes, mobiles.

One identity, one spelling: what is the same number typed differently (full-width digits, a
lower-case x, spaces, an old 15-digit ID number) is normalized; every other character is refused,
even those that str.isdigit() or int() accept (Arabic-Indic ٠١٢, superscript ¹², other scripts'
digits): stored as typed they would hash apart and make one person two.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources

from gonghui.core import clock
from gonghui.core.errors import DomainError

# ---------------------------------------------------------------- GB/T 2260 region codes

# The 34 province-level codes: the first two digits of every region code.
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)
# National registration authorities (国家市场监督管理总局, 中央编办 …) put 100000 into a credit
# code's region part: no GB/T 2260 code, and never part of an ID number.
NATIONAL_REGION = "100000"


@functools.cache
def region_codes() -> dict[str, str]:
    """Every GB/T 2260 code since 1980, current and abolished, with its latest name."""
    text = resources.files("gonghui.core").joinpath("data/gb2260.tsv").read_text("utf-8")
    codes: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith(("#", "code\t")):
            code, name, _abolished = line.split("\t")
            codes[code] = name
    return codes


def region_problem(code: str) -> str | None:
    """Why a 6-digit region code is no GB/T 2260 code (a Chinese phrase), or None when it is one."""
    if code[:2] not in PROVINCES:
        return f"前两位“{code[:2]}”不是省级行政区划代码"
    if code not in region_codes():
        return f"“{code}”不是行政区划代码（GB/T 2260，含已撤销的代码）"
    return None


# ---------------------------------------------------------------- characters


def normalize_text(value: object) -> str:
    """Strip spaces and fold full-width characters to half-width."""
    text = "" if value is None else str(value)
    out = []
    for ch in text:
        code = ord(ch)
        if code == 0x3000:
            code = 0x20
        elif 0xFF01 <= code <= 0xFF5E:
            code -= 0xFEE0
        out.append(chr(code))
    return "".join(out).strip()


def _compact(value: object) -> str:
    """Half-width, without any white space (also no-break and ideographic spaces inside)."""
    text = "" if value is None else str(value)
    if text.isascii() and text.isalnum():  # the common case, once per imported row
        return text
    return "".join(ch for ch in normalize_text(text) if not ch.isspace())


def _shown(ch: str) -> str:
    """A refused character as a message shows it: itself, or its code point when invisible."""
    return f"“{ch}”" if ch.isprintable() else f"（不可见字符U+{ord(ch):04X}）"


# ---------------------------------------------------------------- GB 11643

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_DIGITS = frozenset("0123456789")


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_number_from_15(old: str) -> str:
    """The 18-digit number of an old 15-digit one: 19 before the birth year, then the check digit."""
    first17 = old[:6] + "19" + old[6:]
    return first17 + id_check_digit(first17)


class ConvertedIdNumber(str):
    """An 18-digit ID number computed from an old 15-digit one.

    Equal to, hashed, encrypted and stored as the plain 18-digit string; it only remembers the
    15-digit number it came from. Forms, the API and importers pass ID numbers on as strings, so the
    value itself carries its origin to `person_apply`, which flags the new person as converted.
    """

    old_number: str

    def __new__(cls, number: str, old_number: str) -> ConvertedIdNumber:
        self = super().__new__(cls, number)
        self.old_number = old_number
        return self

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return str(self), self.old_number


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: dt.date
    sex: str  # "M" or "F"

    @property
    def region(self) -> str:
        return self.number[:6]

    @property
    def converted(self) -> bool:
        """The number was given in the old 15-digit form and converted to 18 digits."""
        return isinstance(self.number, ConvertedIdNumber)


def parse_id_number(value: object) -> IdNumber:
    """Validate a resident ID number (18 digits, or an old 15-digit one converted to 18).

    Raises a Chinese DomainError naming what is wrong.
    """
    old = value.old_number if isinstance(value, ConvertedIdNumber) else ""
    raw = _compact(value)
    if not raw:
        raise DomainError("身份证号码不能为空")
    for pos, ch in enumerate(raw, start=1):
        if ch not in _DIGITS and ch not in "Xx":
            raise DomainError(
                f"身份证号码第{pos}位{_shown(ch)}无效：前17位必须是数字0–9，最后一位是数字或X"
            )
    raw = raw.upper()
    if len(raw) == 15:
        if "X" in raw:
            raise DomainError("15位旧身份证号码只能由数字组成")
        old, raw = raw, id_number_from_15(raw)
    if len(raw) != 18:
        raise DomainError(f"身份证号码应为18位，现为{len(raw)}位")
    if "X" in raw[:17]:
        raise DomainError(
            f"身份证号码第{raw.index('X') + 1}位“X”无效：前17位必须是数字，最后一位是数字或X"
        )
    problem = region_problem(raw[:6])
    if problem:
        raise DomainError(f"身份证号码的地址码（前6位）{problem}")
    try:
        birth = dt.date(int(raw[6:10]), int(raw[10:12]), int(raw[12:14]))
    except ValueError:
        raise DomainError(f"身份证号码中的出生日期{raw[6:14]}不存在") from None
    # The clock is asked only for recent births: it costs more than all the rest of the parse.
    if birth.year < 1900 or (birth.year >= 2000 and birth > clock.today()):
        raise DomainError(f"身份证号码中的出生日期{raw[6:14]}不合理")
    expected = id_check_digit(raw[:17])
    if raw[17] != expected:
        raise DomainError(f"身份证号码校验位错误：最后一位应为{expected}，实际为{raw[17]}")
    sex = "M" if int(raw[16]) % 2 == 1 else "F"
    number = ConvertedIdNumber(raw, old) if old else raw
    return IdNumber(number=number, birth_date=birth, sex=sex)


def id_number_key(value: object) -> str:
    """The key that finds one person twice in a file: the 18-digit number, else the text as typed.

    An old 15-digit number and its 18-digit form are one person (as they are to the lookup hash).
    """
    try:
        return str(parse_id_number(value).number)
    except DomainError:
        return _compact(value).upper()


# ---------------------------------------------------------------- GB 32100

# 18 characters from this alphabet (no I, O, Z, S, V).
_CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# 登记管理部门 (1st character) → its name and the 机构类别 (2nd character) it registers: GB 32100-2015
# 表1 and the codes the authorities were assigned since (G 公安, J 住建, Q 侨联; 54/55 村/居委会 …).
CC_AUTHORITIES: dict[str, tuple[str, dict[str, str]]] = {
    "1": ("机构编制", {"1": "机关", "2": "事业单位", "3": "中央编办直管的群众团体", "9": "其他"}),
    "2": ("外交", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": (
        "司法行政",
        {
            "1": "律师执业机构",
            "2": "公证处",
            "3": "基层法律服务所",
            "4": "司法鉴定机构",
            "5": "仲裁委员会",
            "6": "商事调解组织",
            "9": "其他",
        },
    ),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": (
        "民政",
        {
            "1": "社会团体",
            "2": "民办非企业单位",
            "3": "基金会",
            "4": "村民委员会",
            "5": "居民委员会",
            "9": "其他",
        },
    ),
    "6": (
        "旅游",
        {"1": "外国旅游部门常驻代表机构", "2": "港澳台旅游部门常驻代表机构", "9": "其他"},
    ),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "2": "非法人工会组织", "9": "其他"}),
    "9": ("工商（市场监管）", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社", "9": "其他"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "G": ("公安", {"1": "境外非政府组织代表机构", "9": "其他"}),
    "J": ("住房城乡建设", {"1": "业主大会", "9": "其他"}),
    "N": (
        "农业农村",
        {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    ),
    "Q": ("侨联", {"1": "区县级侨联组织", "2": "乡镇级侨联组织", "3": "村级侨联组织", "9": "其他"}),
    "Y": ("其他", {"1": "其他"}),
}


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    total = sum(_CC_ALPHABET.index(c) * w for c, w in zip(first17, _CC_WEIGHTS, strict=True))
    return _CC_ALPHABET[(31 - total % 31) % 31]


def parse_credit_code(value: object) -> str:
    """Validate a 统一社会信用代码 and return it upper-cased; errors name the wrong character."""
    code = _compact(value)
    if not code:
        raise DomainError("统一社会信用代码不能为空")
    for ch in code:
        if not ch.isascii() or ch.upper() not in _CC_ALPHABET:
            raise DomainError(
                f"统一社会信用代码含有不允许的字符{_shown(ch)}（只用数字和大写字母，不使用I、O、Z、S、V）"
            )
    code = code.upper()
    if len(code) != 18:
        raise DomainError(f"统一社会信用代码应为18位，现为{len(code)}位")
    authority = CC_AUTHORITIES.get(code[0])
    if authority is None:
        raise DomainError(
            f"统一社会信用代码第1位“{code[0]}”不是登记管理部门代码"
            f"（应为{'、'.join(CC_AUTHORITIES)}之一）"
        )
    name, kinds = authority
    if code[1] not in kinds:
        raise DomainError(
            f"统一社会信用代码第2位“{code[1]}”不是{name}登记的机构类别"
            f"（应为{'、'.join(kinds)}之一）"
        )
    region = code[2:8]
    if region != NATIONAL_REGION:
        problem = region_problem(region)
        if problem:
            raise DomainError(f"统一社会信用代码的登记管理机关行政区划码（第3–8位）{problem}")
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise DomainError(f"统一社会信用代码校验位错误：最后一位应为{expected}，实际为{code[17]}")
    return code


# ---------------------------------------------------------------- mobiles and masking

# re.ASCII: without it \d matches every script's digits, and ١٣٨… would be stored as typed.
_MOBILE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)


def parse_mobile(value: object) -> str:
    """Validate a mainland mobile number (11 digits, 13x–19x); an optional +86 is dropped."""
    text = _compact(value).replace("-", "")
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    if not _MOBILE.match(text):
        raise DomainError(f"手机号码“{normalize_text(value)}”无效，应为11位大陆手机号")
    return text


def mask_id(number: str) -> str:
    """610902********1234."""
    return number[:6] + "*" * 8 + number[-4:] if len(number) == 18 else "*" * len(number)


def mask_phone(number: str) -> str:
    """138****5678."""
    return number[:3] + "****" + number[-4:] if len(number) == 11 else "*" * len(number)


# ---------------------------------------------------------------- builders (demo data and tests)


def build_id_number(region: str, birth: dt.date, sequence: int) -> str:
    """A valid ID number from region code, birth date and 3-digit sequence (odd = male).

    A region outside GB/T 2260 is a ValueError: generated data must pass parse_id_number.
    """
    problem = region_problem(region)
    if problem:
        raise ValueError(f"region {region!r}: {problem}")
    first17 = f"{region}{birth:%Y%m%d}{sequence % 1000:03d}"
    return first17 + id_check_digit(first17)


def build_credit_code(first17: str) -> str:
    """A valid credit code from its first 17 characters (ValueError when they cannot make one)."""
    code = first17 + credit_code_check_char(first17)
    try:
        return parse_credit_code(code)
    except DomainError as exc:
        raise ValueError(f"{first17!r}: {exc.message}") from None
