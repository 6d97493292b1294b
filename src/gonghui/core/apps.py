from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "基础数据"

    def ready(self) -> None:
        # importers before importers_users: the 数据导入 page preselects the first importer.
        from gonghui.core import importers, importers_calendar, importers_users, signals  # noqa: F401
        from gonghui.core.actions import ACTIONS
        from gonghui.core.context_processors import register_menu
        from gonghui.core.permissions import register

        register(ACTIONS)
        register_menu("系统", "用户管理", "core:user_list", "core.user.view")
        register_menu("系统", "登录记录", "core:login_history", "core.login_history.view")
        register_menu("系统", "权限说明", "core:permission_list", "core.permission.view")
        register_menu("系统", "节假日安排", "core:calendar_list", "core.calendar.change")
        register_menu("系统", "修改密码", "core:password_change", "any")
