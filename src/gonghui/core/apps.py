from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "基础数据"

    def ready(self) -> None:
        from gonghui.core import signals  # noqa: F401
        from gonghui.core.actions import ACTIONS
        from gonghui.core.permissions import register

        register(ACTIONS)
