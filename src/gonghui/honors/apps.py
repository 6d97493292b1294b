from django.apps import AppConfig

MENU = [
    ("劳模名录", "honors:registry", "staff"),
    ("荣誉记录", "honors:honor_list", "staff"),
    # Every staff role reads the catalog; only the 市总管理员 gets the edit buttons.
    ("荣誉类型", "honors:honor_type_list", "staff"),
    ("五必访走访", "honors:visit_list", "staff"),
    ("节日走访", "honors:holidays", "staff"),
    ("走访慰问统计", "honors:visit_figures", "staff"),
    ("补助发放", "honors:subsidy_list", "staff"),
    ("补助标准", "honors:standards", "staff"),
    ("劳模诉求", "honors:demand_list", "any"),
    ("名册报送", "honors:roster", "staff"),
    ("年度规则", "honors:rules", "staff"),
    ("我的劳模服务", "honors:my", "member"),
]


class HonorsConfig(AppConfig):
    name = "gonghui.honors"
    label = "honors"
    verbose_name = "劳模服务"

    def ready(self) -> None:
        from gonghui.core.context_processors import register_menu
        from gonghui.honors import signals  # noqa: F401

        for label, url_name, predicate in MENU:
            register_menu("劳模服务", label, url_name, predicate)
