"""企业工作's rows of the permission table (registered by WorkplaceConfig.ready).

Who does what: county and city officers keep the 企业台账 (imports from the departments' files,
the review queue), run 建会攻坚 and 集中入会, found unions and designate 示范点 (an officer other
than the one who designated approves the subsidy; an officer records the payment). Grassroots
chairs log visits in their area and file their own enterprise's needs (企业点单) and confirm the
service. The city team (市总) assigns needs to squads; a squad's handling (accept, decline,
visit, outcome) is recorded by officers. 维权 records are kept by officers (letters, mediation,
inspections); chairs log consultations and may record hazards fixed at their own employer with
evidence. Auditors read everything in their subtree.
"""

from gonghui.core.permissions import CITY, OFFICERS, STAFF, WRITERS, Action

ACTIONS = [
    # The 企业台账
    Action("workplace.employer.view", "查看企业台账", STAFF),
    Action("workplace.employer.export", "导出企业台账", STAFF),
    Action("workplace.employer.import", "导入部门企业数据", OFFICERS, "county"),
    Action(
        "workplace.employer.review",
        "核对同名不同代码企业",
        OFFICERS,
        "county",
        "合并或确认为不同单位；不会自动合并",
    ),
    Action("workplace.setting.view", "查看企业工作设置", STAFF),
    Action("workplace.setting.edit", "修改企业工作设置和预算", OFFICERS, "county"),
    # 建会入会
    Action("workplace.organizing.view", "查看建会攻坚和集中入会", STAFF),
    Action("workplace.organizing.export", "导出建会攻坚和集中入会", STAFF),
    Action("workplace.drive.manage", "组织建会攻坚", OFFICERS, "county"),
    Action("workplace.visit.record", "登记建会走访", WRITERS),
    Action(
        "workplace.union.found",
        "登记建会（在组织机构中建立基层工会）",
        OFFICERS,
        "county",
        "一个企业只能建立一个基层工会",
    ),
    Action("workplace.join_event.record", "登记集中入会", OFFICERS, "county"),
    Action("workplace.site.view", "查看党工共建示范点", STAFF),
    Action("workplace.site.export", "导出党工共建示范点", STAFF),
    Action("workplace.site.designate", "命名党工共建示范点", OFFICERS, "county"),
    Action("workplace.site.approve", "审批示范点补助", OFFICERS, "county", "审批人须不同于命名人"),
    Action(
        "workplace.site.pay", "登记示范点补助发放", OFFICERS, "county", "只能为已审批的补助登记"
    ),
    # 助企行
    Action("workplace.need.view", "查看企业点单", STAFF),
    Action("workplace.need.export", "导出企业点单", STAFF),
    Action(
        "workplace.need.file",
        "企业点单",
        WRITERS,
        note="工会干部为管辖范围内的企业点单；基层工会主席为本单位点单",
    ),
    Action("workplace.need.assign", "总队派单", CITY, "city", "只能派给管辖范围内的分队"),
    Action("workplace.need.handle", "分队接单、退单、登记服务", OFFICERS, "county"),
    Action(
        "workplace.need.confirm",
        "企业确认服务并评价",
        WRITERS,
        note="基层工会主席确认本单位的服务；工会干部可代为登记",
    ),
    Action("workplace.squad.view", "查看技术服务分队", STAFF),
    Action("workplace.squad.manage", "组建技术服务分队", OFFICERS, "county"),
    # 维权
    Action("workplace.letter.view", "查看一函两书", STAFF),
    Action("workplace.letter.export", "导出一函两书", STAFF),
    Action(
        "workplace.letter.issue",
        "发出一函两书",
        OFFICERS,
        "county",
        "设置要求时，意见书、建议书须有前序提示函",
    ),
    Action("workplace.letter.track", "登记回复、整改和追回欠薪", OFFICERS, "county"),
    Action("workplace.mediation.view", "查看调解案件", STAFF),
    Action("workplace.mediation.export", "导出调解案件", STAFF),
    Action("workplace.mediation.record", "受理和办理调解案件", OFFICERS, "county"),
    Action("workplace.inspection.view", "查看安全检查", STAFF),
    Action("workplace.inspection.export", "导出安全检查", STAFF),
    Action("workplace.inspection.record", "登记安全检查和隐患", OFFICERS, "county"),
    Action("workplace.hazard.close", "隐患整改销号", WRITERS, note="须上传整改佐证照片或文件"),
    Action("workplace.consultation.view", "查看法律咨询", STAFF),
    Action("workplace.consultation.export", "导出法律咨询", STAFF),
    Action("workplace.consultation.record", "登记法律咨询", WRITERS),
    Action("workplace.figures.view", "查看企业工作统计", STAFF),
]
