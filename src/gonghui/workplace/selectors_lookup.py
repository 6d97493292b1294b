"""Finding the employer a user typed on a form (its 统一社会信用代码 or its exact name), among
the employers of the user's subtree — the same answer and the same messages on every form of
the domain."""

from __future__ import annotations

import re

from gonghui.core.errors import DomainError
from gonghui.core.models import Employer, User
from gonghui.core.scope import scoped
from gonghui.core.validators import normalize_text, parse_credit_code

_CODE_LIKE = re.compile(r"^[0-9A-Za-z]{18}$")


def employer_find(*, user: User, text: str, field: str = "用人单位") -> Employer:
    """The employer of the user's subtree named by its 统一社会信用代码 or its exact name."""
    typed = normalize_text(text)
    if not typed:
        raise DomainError(f"请填写{field}的统一社会信用代码或名称", column=field)
    employers = scoped(Employer.objects.select_related("org"), user)
    if _CODE_LIKE.match(typed):
        try:
            code = parse_credit_code(typed)
        except DomainError as exc:
            raise DomainError(f"{field}：{exc.message}", column=field) from None
        found = employers.filter(credit_code=code).first()
        if found is None:
            raise DomainError(f"您的管辖范围内没有统一社会信用代码为{code}的用人单位", column=field)
        return found
    named = list(employers.filter(name=typed)[:2])
    if not named:
        raise DomainError(f"您的管辖范围内没有名称为“{typed}”的用人单位", column=field)
    if len(named) > 1:
        raise DomainError(f"有多个名为“{typed}”的用人单位，请填写统一社会信用代码", column=field)
    return named[0]
