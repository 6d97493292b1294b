"""Money is yuan as Decimal with two places; never float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from gonghui.core.errors import DomainError

CENT = Decimal("0.01")


def to_money(value: object, *, field: str = "金额", allow_negative: bool = False) -> Decimal:
    """Parse a money value (str/int/Decimal) into a two-place Decimal or raise a Chinese error."""
    if isinstance(value, float):
        raise DomainError(f"{field}不能使用浮点数，请以字符串或整数表示")
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except (InvalidOperation, ValueError):
        raise DomainError(f"{field}“{value}”不是有效的金额") from None
    if not amount.is_finite():
        raise DomainError(f"{field}“{value}”不是有效的金额")
    if amount < 0 and not allow_negative:
        raise DomainError(f"{field}不能为负数：{value}")
    try:
        rounded = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # too many digits for a two-place amount (e.g. "1e400000000")
        raise DomainError(f"{field}“{value}”不是有效的金额") from None
    if amount != rounded:
        raise DomainError(f"{field}最多保留两位小数：{value}")
    return rounded


def format_money(amount: Decimal) -> str:
    """Render as 1,234.50."""
    return f"{amount.quantize(CENT):,.2f}"


def yuan(value: object) -> str:
    """How the platform shows an amount: 1,234,567.00 元 (blank stays blank; text that is not an
    amount is shown as it is)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value).replace(",", ""))
    except (InvalidOperation, ValueError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    return f"{format_money(amount)} 元"
