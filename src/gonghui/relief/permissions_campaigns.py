"""The 四送 campaigns' rows of the table: campaigns, distribution lists, receipts, grants."""

from gonghui.core.permissions import OFFICERS, STAFF, WRITERS, Action

CAMPAIGN_ACTIONS = [
    # 四送活动
    Action("relief.campaign.view", "查看四送活动", STAFF),
    Action("relief.campaign.export", "导出四送活动名单", STAFF),
    Action(
        "relief.campaign.create",
        "新建四送活动（标准、筹集资金、预算科目）",
        OFFICERS,
        "county",
    ),
    Action("relief.campaign.change", "修改四送活动", OFFICERS, "county"),
    Action(
        "relief.list.submit",
        "编制并报送发放名单",
        WRITERS,
        note="名单中的人员须在本单位管辖范围内；同一活动中每人全市只能报送一次",
    ),
    Action(
        "relief.list.approve",
        "审批发放名单",
        OFFICERS,
        "county",
        "审批人须不同于报送人；名单中有与其他单位重复的人员时不能审批",
    ),
    Action("relief.list.return", "退回发放名单", OFFICERS, "county", "须填写原因"),
    Action(
        "relief.duplicate.resolve",
        "处理重复人员（从一份名单中移出）",
        OFFICERS,
        "county",
        "须填写处理说明；已审批的名单须先退回",
    ),
    Action("relief.list.receipt", "登记签收或代领", WRITERS, note="只能为已审批的名单登记"),
]
