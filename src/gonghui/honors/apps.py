from gonghui.core.kit import DomainConfig


class HonorsConfig(DomainConfig):
    name = "gonghui.honors"
    label = "honors"
    verbose_name = "劳模服务"
    url_prefix = "honors/"
    demo_order = 10
    # Each entry shows to the roles the permission table allows for its page (honors/permissions.py).
    menu = [
        ("劳模名录", "honors:registry", "honors.registry.view"),
        ("荣誉记录", "honors:honor_list", "honors.honor.view"),
        ("荣誉类型", "honors:honor_type_list", "honors.honor_type.view"),
        ("五必访走访", "honors:visit_list", "honors.visit.view"),
        ("节日走访", "honors:holidays", "honors.holiday.view"),
        ("走访慰问统计", "honors:visit_figures", "honors.figures.view"),
        ("补助发放", "honors:subsidy_list", "honors.subsidy.view"),
        ("补助标准", "honors:standards", "honors.subsidy_standard.view"),
        ("劳模诉求", "honors:demand_list", "honors.demand.view"),
        ("名册报送", "honors:roster", "honors.roster.view"),
        ("年度规则", "honors:rules", "honors.rules.view"),
        ("我的劳模服务", "honors:my", "honors.my.view"),
    ]
