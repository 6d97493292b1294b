"""职工互助保障's rows of the permission table (registered by MutualAidConfig.ready).

Who handles what: units' unions (基层工会主席) enroll, bill, file and accept claims; the amount a
claim pays is decided by officers of a 县区总工会 or the 市总 (审核, 复核, 不予给付), who also make
and pay the payment batches and alone take the bank sheet with full ID and account numbers;
保障项目 and the yearly 互助金预算 are set by the 市总. 职工本人 file and follow their own claims
and may complete their own bank details. The public 进度查询 needs
no login and is not an action of the table.
"""

from gonghui.core.permissions import (
    ALL_ROLES,
    AUDIT,
    CITY,
    OFFICERS,
    SELF,
    STAFF,
    WRITERS,
    Action,
)

ACTIONS = [
    # 保障项目: city-wide terms, read by everyone signed in, set by the 市总 only.
    Action("mutual_aid.plan.view", "查看保障项目", ALL_ROLES),
    Action("mutual_aid.plan.create", "新建保障项目", CITY, "city", "含按默认规则生成年度项目"),
    Action(
        "mutual_aid.plan.change", "修改保障项目规则", CITY, "city", "已有参保登记的项目不能再修改"
    ),
    Action("mutual_aid.plan.close", "停止保障项目参保登记", CITY, "city"),
    # 参保登记
    Action("mutual_aid.enrollment.view", "查看参保登记", STAFF),
    Action("mutual_aid.enrollment.export", "导出参保登记", STAFF),
    Action(
        "mutual_aid.enrollment.create",
        "登记参保",
        WRITERS,
        note="参保人和参保单位都须在管辖范围内",
    ),
    Action("mutual_aid.enrollment.cancel", "办理退保", WRITERS),
    # 费用缴纳
    Action("mutual_aid.contribution.view", "查看缴费单", STAFF),
    Action("mutual_aid.contribution.export", "导出缴费单", STAFF),
    Action("mutual_aid.contribution.bill", "开具缴费单", WRITERS, note="参保单位须在管辖范围内"),
    Action("mutual_aid.contribution.pay", "登记缴费到账", WRITERS),
    # 互助金申领
    Action("mutual_aid.claim.view", "查看互助金申领", STAFF),
    Action("mutual_aid.claim.export", "导出互助金申领", STAFF),
    Action(
        "mutual_aid.claim.file",
        "申报互助金",
        WRITERS | SELF,
        note="工作人员为管辖范围内的参保登记代为申报；职工本人只能为本人申领",
    ),
    Action("mutual_aid.claim.link", "生成同一事件的关联申领", WRITERS),
    Action("mutual_aid.claim.accept", "受理互助金申领", WRITERS),
    Action("mutual_aid.claim.request_supplement", "要求补充申领材料", WRITERS),
    Action(
        "mutual_aid.claim.supplement_done",
        "补齐申领材料",
        WRITERS | SELF,
        note="职工本人只能为本人的申领补充材料",
    ),
    Action(
        "mutual_aid.claim.review",
        "审核互助金申领",
        OFFICERS,
        "county",
        "不能审核自己提交的申领",
    ),
    Action(
        "mutual_aid.claim.check",
        "复核互助金申领",
        OFFICERS,
        "county",
        "复核人须不同于提交人和审核人",
    ),
    Action("mutual_aid.claim.reject", "作不予给付处理", OFFICERS, "county"),
    Action(
        "mutual_aid.claim.bank",
        "填写或更正申领的收款账户",
        WRITERS | SELF,
        note="已纳入支付批次、已支付或不予给付的申领不能修改；职工本人只能修改本人的",
    ),
    Action(
        "mutual_aid.claim.reveal_diagnosis",
        "查看申领诊断（健康信息）",
        ALL_ROLES,
        note="工作人员每次查看记入审计日志；职工本人只能查看本人的",
    ),
    Action(
        "mutual_aid.document.view",
        "查看申领材料",
        ALL_ROLES,
        note="工作人员每次查看记入审计日志；职工本人只能查看本人的",
    ),
    # 互助金支付
    Action("mutual_aid.payment.view", "查看互助金支付", OFFICERS | AUDIT, "county"),
    Action(
        "mutual_aid.payment.create",
        "生成支付批次",
        OFFICERS,
        "county",
        "从本组织及下级待支付的申领中勾选；收款信息不全的申领不能纳入；须核对笔数、合计和预算科目后确认",
    ),
    Action(
        "mutual_aid.payment.change",
        "修改未支付的支付批次（预算科目、移出申领）",
        OFFICERS,
        "county",
        "已支付的批次锁定，不能修改",
    ),
    Action(
        "mutual_aid.payment.mark_paid",
        "标记支付批次已支付",
        OFFICERS,
        "county",
        "只能标记本组织及下级生成的批次；须填写支付日期和凭证号并确认；已支付的批次锁定",
    ),
    Action(
        "mutual_aid.payment.export",
        "导出银行清单（身份证号、银行账号脱敏）",
        OFFICERS | AUDIT,
        "county",
    ),
    Action(
        "mutual_aid.payment.export_full",
        "导出银行清单（完整身份证号和银行账号）",
        OFFICERS,
        "county",
        "每次导出记入审计日志",
    ),
    # 互助金预算: the 市总's budget lines per year; payments pages show what remains.
    Action("mutual_aid.budget.view", "查看互助金预算及剩余", OFFICERS | AUDIT, "county"),
    Action(
        "mutual_aid.budget.change",
        "设置互助金预算（预算科目、预算金额）",
        CITY,
        "city",
    ),
    # 统计与本人服务
    Action("mutual_aid.stats.view", "查看互助保障统计与台账", STAFF),
    Action("mutual_aid.mine.view", "查看本人的参保和申领", SELF),
]
