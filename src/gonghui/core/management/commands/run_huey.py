"""`gonghui run_huey`: the background-job consumer, needed when REDIS_URL is set."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.core import jobs


class Command(BaseCommand):
    help = "运行后台任务消费进程（配置 REDIS_URL 时需要）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=2, help="工作线程数")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.JOBS_BACKEND != "redis":
            raise CommandError("未配置 REDIS_URL：后台任务在网站进程内运行，无需单独的消费进程")
        failed = jobs.jobs_fail_stale()
        if failed:
            self.stdout.write(f"已将 {failed} 个中断的任务标记为失败")
        jobs.run_consumer(workers=options["workers"])
