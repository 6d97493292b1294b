"""Daily: lapse invitations past their confirmation deadline and invite the next people."""

from django.core.management.base import BaseCommand

from gonghui.recuperation.services import invitation_expire_overdue


class Command(BaseCommand):
    help = "处理逾期未确认的疗休养邀请（按候补顺序递补），建议每天运行一次"

    def handle(self, *args: object, **options: object) -> None:
        count = invitation_expire_overdue()
        self.stdout.write(f"逾期未确认{count}份，已按候补顺序递补")
