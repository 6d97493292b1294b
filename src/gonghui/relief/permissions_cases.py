"""The ledger's rows of the table: thresholds, cases, re-checks, 帮扶 records, self-service."""

from gonghui.core.permissions import OFFICERS, SELF, STAFF, WRITERS, Action

CASE_ACTIONS = [
    # 困难认定标准
    Action("relief.setting.view", "查看困难认定标准", STAFF),
    Action(
        "relief.setting.change",
        "设置困难认定标准（低保标准、收入倍数、复核截止日期）",
        OFFICERS,
        "county",
        "只能设置本组织的标准；下级未设置时沿用上级的",
    ),
    # 困难职工档案
    Action("relief.case.view", "查看困难职工档案", STAFF),
    Action("relief.case.export", "导出困难职工档案", STAFF),
    Action(
        "relief.case.apply",
        "申请困难职工建档",
        WRITERS | SELF,
        note="工作人员为管辖范围内的职工申请；职工本人只能为本人申请；同一人全市只能有一份在档档案",
    ),
    Action(
        "relief.case.change",
        "修改建档申请（家庭成员、收入、致困原因）",
        WRITERS,
        note="已建档、未通过或已解困脱困的档案不能修改",
    ),
    Action("relief.case.review", "基层审核困难职工申请", WRITERS),
    Action(
        "relief.case.approve",
        "县区审批困难职工建档",
        OFFICERS,
        "county",
        "审批人须不同于基层审核人",
    ),
    Action("relief.case.reject", "退回（不予建档）困难职工申请", WRITERS, note="须填写原因"),
    Action("relief.case.recheck", "办理年度复核", WRITERS),
    Action("relief.case.exit", "办理解困脱困", OFFICERS, "county", "须填写原因和日期"),
    Action(
        "relief.case.reveal",
        "查看家庭成员完整身份证号码",
        OFFICERS,
        "county",
        "每次查看记入审计日志",
    ),
    Action("relief.case.import", "导入困难职工台账", OFFICERS, "county"),
    # 帮扶记录
    Action("relief.aid.create", "登记帮扶记录", WRITERS),
    # 本人服务
    Action("relief.mine.view", "查看本人困难档案和所获帮扶", SELF),
]
