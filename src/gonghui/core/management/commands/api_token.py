"""`gonghui api_token <username>`: issue an API token and print it once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.core.models import User
from gonghui.core.models_api import ApiToken


class Command(BaseCommand):
    help = "为用户签发一个 API 令牌（仅显示一次，库中只存摘要）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="用户名")
        parser.add_argument("--name", default="默认", help="令牌名称，便于日后识别和吊销")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户“{options['username']}”不存在")
        if not user.is_active:
            raise CommandError(f"用户“{user.username}”已停用，不能签发令牌")
        raw = ApiToken.issue(user, name=options["name"])
        self.stdout.write(raw)
        self.stderr.write(
            "请立即妥善保存此令牌，它不会再次显示。使用方式：Authorization: Bearer <令牌>"
        )
