"""`gonghui demo --members N --seed S [--once]`: deterministic 安康 demo data and demo logins."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.core.demo import (
    DEMO_MARKER_MODEL,
    DEMO_PASSWORD,
    demo_exists,
    ensure_demo_users,
    seed_demo,
)
from gonghui.core.kit import demo_seeders
from gonghui.core.models import AuditLog


class Command(BaseCommand):
    help = "生成安康市演示数据（同一种子总是生成相同数据）并创建演示账号"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=2000, help="人员数量（默认 2000）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）")
        parser.add_argument(
            "--once", action="store_true", help="已有演示数据时只提示，不再生成（可重复执行）"
        )

    def handle(self, *args: Any, members: int, seed: int, once: bool, **options: Any) -> None:
        if members < 1 or members > 2_000_000:
            raise CommandError("--members 应在 1 到 2000000 之间")
        if demo_exists():
            marker = AuditLog.objects.filter(model=DEMO_MARKER_MODEL).order_by("at").first()
            info = marker.after if marker is not None and marker.after else {}
            summary = f"种子 {info.get('seed', '?')}，{info.get('persons', '?')} 人"
            if not once:
                raise CommandError(
                    f"演示数据已存在（{summary}）。如需重新生成，请先清空数据库"
                    "（删除 var/gonghui.sqlite3 后执行 gonghui migrate）；或加 --once 跳过。"
                )
            created = ensure_demo_users()
            self.stdout.write(f"演示数据已存在（{summary}），跳过生成。")
            if created:
                self.stdout.write(f"补建演示账号：{', '.join(created)}")
            # A domain installed after the demo was loaded gets its data now; the others find
            # their marker and skip.
            for _name, seeder in demo_seeders():
                self.stdout.write(seeder(seed=int(info.get("seed", seed))))
            return
        started = time.monotonic()
        result = seed_demo(members=members, seed=seed, log=self.stdout.write)
        # Each domain's demo data, run through its real services (core.kit, demo_order).
        for _name, seeder in demo_seeders():
            self.stdout.write(seeder(seed=seed))
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已生成（种子 {seed}）：组织 {result.organizations} 个，"
                f"用人单位 {result.employers} 家，人员 {result.persons} 人，"
                f"会员关系 {result.memberships} 条，用时 {elapsed:.1f} 秒。"
            )
        )
        if result.users_created:
            self.stdout.write(
                f"演示账号：{', '.join(result.users_created)}（运行 gonghui logins 查看）"
            )
        self.stdout.write(
            self.style.WARNING(
                f"警告：演示账号的密码均为“{DEMO_PASSWORD}”，仅供开发演示使用；"
                "生产环境必须删除这些账号或修改密码。"
            )
        )
