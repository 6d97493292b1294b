from django.apps import AppConfig


class RecuperationConfig(AppConfig):
    name = "gonghui.recuperation"
    label = "recuperation"
    verbose_name = "劳模疗休养"

    def ready(self) -> None:
        from gonghui.core.context_processors import register_menu
        from gonghui.core.permissions import register
        from gonghui.core.signals import eligibility_lost

        # Register the background job that runs the planner.
        from gonghui.recuperation import jobs  # noqa: F401
        from gonghui.recuperation.permissions import ACTIONS
        from gonghui.recuperation.receivers import on_eligibility_lost

        register(ACTIONS)
        eligibility_lost.connect(on_eligibility_lost, dispatch_uid="recuperation.eligibility_lost")
        section = "劳模疗休养"
        register_menu(section, "工作方案", "recuperation:plan_list", "recuperation.plan.view")
        register_menu(section, "疗休养基地", "recuperation:base_list", "recuperation.base.view")
        register_menu(
            section, "互派与接待", "recuperation:inbound_list", "recuperation.inbound.view"
        )
        register_menu(section, "年度统计", "recuperation:report", "recuperation.report.view")
        register_menu(section, "我的疗休养", "recuperation:mine", "recuperation.mine.view")
