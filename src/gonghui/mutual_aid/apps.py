from gonghui.core.kit import DomainConfig


class MutualAidConfig(DomainConfig):
    name = "gonghui.mutual_aid"
    label = "mutual_aid"
    verbose_name = "职工互助保障"
    menu_section = "互助保障"
    url_prefix = "mutual-aid/"
    demo_order = 30
    menu = [
        ("互助金申领", "mutual_aid:claim_list", "mutual_aid.claim.view"),
        ("参保登记", "mutual_aid:enrollment_list", "mutual_aid.enrollment.view"),
        ("费用缴纳", "mutual_aid:bill_list", "mutual_aid.contribution.view"),
        ("互助金支付", "mutual_aid:payments", "mutual_aid.payment.view"),
        ("统计与台账", "mutual_aid:stats", "mutual_aid.stats.view"),
        ("保障项目", "mutual_aid:plans", "mutual_aid.plan.view"),
        ("我的互助保障", "mutual_aid:mine", "mutual_aid.mine.view"),
        # The self-service entry: staff file on a member's behalf from the claim list's
        # 代为申报 button (mutual_aid.claim.file), so the menu follows the self-service page.
        ("申领互助金", "mutual_aid:claim_new", "mutual_aid.mine.view"),
        # Anonymous: a claim number and the matching ID number, no login, no table row.
        ("进度查询", "mutual_aid:progress", "any"),
    ]
