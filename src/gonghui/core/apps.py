from gonghui.core.kit import DomainConfig


class CoreConfig(DomainConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "基础数据"
    menu_section = "系统"
    url_prefix = ""  # the root: mounted after every other domain
    api_prefix = "core/"
    menu = [
        ("用户管理", "core:user_list", "core.user.view"),
        ("登录记录", "core:login_history", "core.login_history.view"),
        ("权限说明", "core:permission_list", "core.permission.view"),
        ("节假日安排", "core:calendar_list", "core.calendar.change"),
        ("修改密码", "core:password_change", "any"),
    ]

    def ready(self) -> None:
        from gonghui.core.actions import ACTIONS
        from gonghui.core.permissions import register

        register(ACTIONS)
        super().ready()
        # importers before importers_users: the 数据导入 page preselects the first importer.
        for module in ("importers_calendar", "importers_users"):
            self.submodule(module)
