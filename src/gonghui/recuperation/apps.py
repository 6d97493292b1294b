from gonghui.core.kit import DomainConfig


class RecuperationConfig(DomainConfig):
    name = "gonghui.recuperation"
    label = "recuperation"
    verbose_name = "劳模疗休养"
    url_prefix = "recuperation/"
    demo_order = 20
    menu = [
        ("工作方案", "recuperation:plan_list", "recuperation.plan.view"),
        ("疗休养基地", "recuperation:base_list", "recuperation.base.view"),
        ("互派与接待", "recuperation:inbound_list", "recuperation.inbound.view"),
        ("年度统计", "recuperation:report", "recuperation.report.view"),
        ("我的疗休养", "recuperation:mine", "recuperation.mine.view"),
    ]

    def connect(self) -> None:
        from gonghui.core.signals import eligibility_lost
        from gonghui.recuperation.receivers import on_eligibility_lost

        eligibility_lost.connect(on_eligibility_lost, dispatch_uid="recuperation.eligibility_lost")
