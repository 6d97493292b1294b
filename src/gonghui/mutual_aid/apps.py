from django.apps import AppConfig


class MutualAidConfig(AppConfig):
    name = "gonghui.mutual_aid"
    label = "mutual_aid"
    verbose_name = "职工互助保障"

    def ready(self) -> None:
        from gonghui.core.context_processors import register_menu

        section = "互助保障"
        for label, name, predicate in (
            ("互助金申领", "mutual_aid:claim_list", "staff"),
            ("参保登记", "mutual_aid:enrollment_list", "staff"),
            ("费用缴纳", "mutual_aid:bill_list", "staff"),
            ("互助金支付", "mutual_aid:payments", "write"),
            ("统计与台账", "mutual_aid:stats", "staff"),
            ("保障项目", "mutual_aid:plans", "staff"),
            ("我的互助保障", "mutual_aid:mine", "member"),
            ("申领互助金", "mutual_aid:claim_new", "member"),
            ("进度查询", "mutual_aid:progress", "any"),
        ):
            register_menu(section, label, name, predicate)
