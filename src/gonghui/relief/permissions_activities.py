"""金秋助学, 夏送清凉, 春送岗位, the campaign figures and the audit view: their rows of the table."""

from gonghui.core.permissions import AUDIT, OFFICERS, SELF, STAFF, WRITERS, Action

ACTIVITY_ACTIONS = [
    Action("relief.grant.view", "查看金秋助学申报", STAFF),
    Action("relief.grant.export", "导出金秋助学申报", STAFF),
    Action(
        "relief.grant.apply",
        "申报金秋助学",
        WRITERS | SELF,
        note="工作人员为管辖范围内的职工申报；职工本人只能为本人子女申报；同一学生每年只能资助一次",
    ),
    Action("relief.grant.review", "审核金秋助学", OFFICERS, "county", "审核人须不同于申报人"),
    Action("relief.grant.pay", "登记金秋助学发放", OFFICERS, "county", "只能为已审核的申报登记"),
    Action("relief.activity.view", "查看夏送清凉点位和春送岗位招聘会", STAFF),
    Action("relief.activity.export", "导出夏送清凉点位和春送岗位招聘会", STAFF),
    Action("relief.activity.record", "登记夏送清凉点位和春送岗位招聘会", WRITERS),
    Action("relief.audit.view", "查看四送活动专项审计视图", AUDIT | OFFICERS, "county"),
    Action("relief.audit.export", "导出四送活动专项审计表", AUDIT | OFFICERS, "county"),
    Action("relief.figures.view", "查看困难帮扶统计", STAFF),
]
