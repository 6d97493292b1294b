from gonghui.core.kit import DomainConfig


class WorkplaceConfig(DomainConfig):
    """Everything the union does at an employer: the 企业台账 and 三新 organizing (建会入会,
    示范点), 劳模工匠助企行, and 维权 (一函两书, mediation, safety inspections, consultations)."""

    name = "gonghui.workplace"
    label = "workplace"
    verbose_name = "企业工作"
    menu_section = "企业工作"
    url_prefix = "workplace/"
    demo_order = 50
    menu = [
        ("企业台账", "workplace:employer_list", "workplace.employer.view", "三新建会"),
        ("待核对企业", "workplace:review_list", "workplace.employer.view", "三新建会"),
        ("建会攻坚", "workplace:drive_list", "workplace.organizing.view", "三新建会"),
        ("建会走访", "workplace:organizing_visit_list", "workplace.organizing.view", "三新建会"),
        ("建会记录", "workplace:founding_list", "workplace.organizing.view", "三新建会"),
        ("集中入会", "workplace:join_event_list", "workplace.organizing.view", "三新建会"),
        ("党工共建示范点", "workplace:site_list", "workplace.site.view", "三新建会"),
        ("企业点单", "workplace:need_list", "workplace.need.view", "助企行"),
        ("技术服务分队", "workplace:squad_list", "workplace.squad.view", "助企行"),
        ("一函两书", "workplace:letter_list", "workplace.letter.view", "维权"),
        ("调解案件", "workplace:mediation_list", "workplace.mediation.view", "维权"),
        ("安全检查", "workplace:inspection_list", "workplace.inspection.view", "维权"),
        ("法律咨询", "workplace:consultation_list", "workplace.consultation.view", "维权"),
        ("企业工作统计", "workplace:figures", "workplace.figures.view"),
        ("企业工作设置", "workplace:settings", "workplace.setting.view"),
    ]
