import pytest
from django.core.management import CommandError, call_command


def test_run_huey_explains_it_is_not_needed_without_redis(settings):
    settings.JOBS_BACKEND = "thread"
    with pytest.raises(CommandError, match="未配置 REDIS_URL"):
        call_command("run_huey")
