from gonghui.core.kit import DomainConfig


class ReliefConfig(DomainConfig):
    name = "gonghui.relief"
    label = "relief"
    verbose_name = "困难职工帮扶"
    menu_section = "困难帮扶"
    url_prefix = "relief/"
    demo_order = 40
    menu = [
        ("困难职工档案", "relief:case_list", "relief.case.view"),
        ("年度复核", "relief:recheck_list", "relief.case.view"),
        ("四送活动", "relief:campaign_list", "relief.campaign.view"),
        ("金秋助学", "relief:grant_list", "relief.grant.view"),
        ("夏送清凉", "relief:site_list", "relief.activity.view"),
        ("春送岗位", "relief:fair_list", "relief.activity.view"),
        ("四送统计", "relief:figures", "relief.figures.view"),
        ("困难认定标准", "relief:settings", "relief.setting.view"),
        # Self-service: a worker's own case, re-check dates and what they received (the page
        # offers 申请建档 while they have no open case).
        ("我的帮扶", "relief:mine", "relief.mine.view"),
        ("申报金秋助学", "relief:grant_apply", "relief.mine.view"),
    ]
