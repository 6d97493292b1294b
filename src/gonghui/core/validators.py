"""Validators for Chinese identifiers: GB 11643 ID numbers, GB 32100 credit codes, mobiles."""

import datetime as dt
import re
from dataclasses import dataclass

from gonghui.core.errors import DomainError

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: dt.date
    sex: str  # "M" or "F"

    @property
    def region(self) -> str:
        return self.number[:6]


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


def parse_id_number(value: object) -> IdNumber:
    """Validate an 18-character resident ID number; raise a Chinese DomainError if invalid."""
    raw = normalize_text(value).upper().replace(" ", "")
    if not raw:
        raise DomainError("身份证号码不能为空")
    if len(raw) == 15 and raw.isdigit():
        raise DomainError("这是15位旧身份证号码，请改用18位居民身份证号码")
    if len(raw) != 18:
        raise DomainError(f"身份证号码应为18位，现为{len(raw)}位")
    if not raw[:17].isdigit() or not (raw[17].isdigit() or raw[17] == "X"):
        raise DomainError("身份证号码前17位必须是数字，最后一位是数字或X")
    try:
        birth = dt.date(int(raw[6:10]), int(raw[10:12]), int(raw[12:14]))
    except ValueError:
        raise DomainError(f"身份证号码中的出生日期{raw[6:14]}不存在") from None
    if birth.year < 1900 or birth > dt.date.today():
        raise DomainError(f"身份证号码中的出生日期{raw[6:14]}不合理")
    expected = id_check_digit(raw[:17])
    if raw[17] != expected:
        raise DomainError(f"身份证号码校验位错误：最后一位应为{expected}，实际为{raw[17]}")
    sex = "M" if int(raw[16]) % 2 == 1 else "F"
    return IdNumber(number=raw, birth_date=birth, sex=sex)


# GB 32100-2015: 18 characters from this alphabet (no I, O, Z, S, V).
_CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    total = sum(_CC_ALPHABET.index(c) * w for c, w in zip(first17, _CC_WEIGHTS, strict=True))
    return _CC_ALPHABET[(31 - total % 31) % 31]


def parse_credit_code(value: object) -> str:
    """Validate a 统一社会信用代码 and return it upper-cased; errors name the expected character."""
    code = normalize_text(value).upper().replace(" ", "")
    if not code:
        raise DomainError("统一社会信用代码不能为空")
    if len(code) != 18:
        raise DomainError(f"统一社会信用代码应为18位，现为{len(code)}位")
    bad = [c for c in code if c not in _CC_ALPHABET]
    if bad:
        raise DomainError(f"统一社会信用代码含有不允许的字符“{bad[0]}”（不使用I、O、Z、S、V）")
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise DomainError(f"统一社会信用代码校验位错误：最后一位应为{expected}，实际为{code[17]}")
    return code


_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def parse_mobile(value: object) -> str:
    """Validate a mainland mobile number (11 digits, 13x–19x); an optional +86 is dropped."""
    text = normalize_text(value).replace(" ", "").replace("-", "")
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


def build_id_number(region: str, birth: dt.date, sequence: int) -> str:
    """A valid ID number from region code, birth date and 3-digit sequence (odd = male)."""
    first17 = f"{region}{birth:%Y%m%d}{sequence % 1000:03d}"
    return first17 + id_check_digit(first17)


def build_credit_code(first17: str) -> str:
    """A valid credit code from its first 17 characters."""
    return first17 + credit_code_check_char(first17)
