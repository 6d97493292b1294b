"""金秋助学, 夏送清凉, 春送岗位, the campaign figures and the audit view: their rows of the table."""

from gonghui.core.permissions import AUDIT, OFFICERS, SELF, STAFF, WRITERS, Action

ACTIVITY_ACTIONS = [
    Action("relief.grant.apply", "申报金秋助学", WRITERS | SELF),
    Action("relief.grant.review", "审核金秋助学", OFFICERS, "county"),
    Action("relief.activity.record", "登记夏送清凉点位和春送岗位招聘会", WRITERS),
    Action("relief.audit.view", "查看四送活动专项审计视图", AUDIT | OFFICERS, "county"),
    Action("relief.figures.view", "查看困难帮扶统计", STAFF),
]
