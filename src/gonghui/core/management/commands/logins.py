"""`gonghui logins`: the demo logins as a table, and where to open the site."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.management.base import BaseCommand

from gonghui.core.demo import DEMO_PASSWORD, DEMO_USERS
from gonghui.core.models import Role, User

URL = "http://127.0.0.1:8000/"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(rows: list[list[str]]) -> str:
    """A plain-text table whose columns line up with CJK characters counted as two cells."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    sep = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    lines = [sep]
    for n, row in enumerate(rows):
        lines.append("| " + " | ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            lines.append(sep)
    lines.append(sep)
    return "\n".join(lines)


class Command(BaseCommand):
    help = "列出演示账号（用户名 / 密码 / 角色 / 组织）和访问地址"

    def handle(self, *args: Any, **options: Any) -> None:
        users = {
            u.username: u
            for u in User.objects.select_related("organization", "person").filter(
                username__in=[d.username for d in DEMO_USERS]
            )
        }
        rows = [["用户名", "密码", "角色", "组织"]]
        missing = 0
        for spec in DEMO_USERS:
            user = users.get(spec.username)
            if user is None:
                missing += 1
                rows.append([spec.username, "-", Role(spec.role).label, "（未创建）"])
                continue
            password = DEMO_PASSWORD if user.check_password(DEMO_PASSWORD) else "（已修改）"
            org = user.organization.name if user.organization else "-"
            if user.person is not None:
                org += f"（本人：{user.person.name}）"
            rows.append([user.username, password, user.get_role_display(), org])
        self.stdout.write(format_table(rows))
        if missing:
            self.stdout.write(
                "部分演示账号尚未创建，请先运行：gonghui demo --members 2000 --seed 1 --once"
            )
        self.stdout.write(f"访问地址：{URL}")
        self.stdout.write("提示：以上密码仅用于开发演示，生产环境必须修改。")
