"""劳模疗休养's rows of the permission table (registered by RecuperationConfig.ready).

Ownership: a plan belongs to the federation that drew it up (`Plan.org`); its batches, runs,
staff and itinerary through the plan. An invitation, a host need or feedback belongs to the
invited person (staff answer for the people of their subtree, 职工本人 for themselves). Bases,
exchange agreements, inbound and outbound groups belong to the organization that recorded them
(a base without owner is the 市总's); the base catalog is shared for planning, changes follow
the owner.
"""

from gonghui.core.permissions import (
    ALL_ROLES,
    AUDIT,
    OFFICERS,
    SELF,
    STAFF,
    WRITERS,
    Action,
)

PLAN_OWNER = "本单位或下级编制的方案"

ACTIONS = [
    # Pages (the menu asks these) and exports.
    Action(
        "recuperation.plan.view", "查看疗休养工作方案", STAFF, note="本单位、上级和下级编制的方案"
    ),
    Action(
        "recuperation.publicity.view", "查看遴选公示", ALL_ROLES, note="名单只列管辖范围内的人员"
    ),
    Action("recuperation.base.view", "查看疗休养基地", STAFF, note="基地目录全市共用"),
    Action("recuperation.inbound.view", "查看互派协议与来安接待", OFFICERS | AUDIT),
    Action(
        "recuperation.report.view",
        "查看疗休养年度统计",
        OFFICERS | AUDIT,
        note="只统计本单位及下级",
    ),
    Action("recuperation.mine.view", "查看我的疗休养", SELF),
    Action(
        "recuperation.roster.export",
        "导出参加人员名单",
        STAFF,
        note="只含管辖范围内的人员；完整证件号仅限市总和县区干部",
    ),
    Action(
        "recuperation.needs.export",
        "导出接待需求表",
        STAFF,
        note="只含管辖范围内的人员；健康信息仅限市总和县区干部",
    ),
    # The plan.
    Action(
        "recuperation.plan.create",
        "编制疗休养工作方案",
        OFFICERS,
        "county",
        "每个组织每年一个现行方案；候选人限本组织及下级",
    ),
    Action("recuperation.plan.change", "修改疗休养工作方案", OFFICERS, "county", PLAN_OWNER),
    Action("recuperation.plan.approve", "登记党组会审定", OFFICERS, "county", PLAN_OWNER),
    Action(
        "recuperation.plan.new_version",
        "修订工作方案（生成新版本）",
        OFFICERS,
        "county",
        PLAN_OWNER,
    ),
    Action("recuperation.plan.complete", "办结工作方案", OFFICERS, "county", PLAN_OWNER),
    # Batches of a plan.
    Action("recuperation.batch.create", "添加疗休养批次", OFFICERS, "county", PLAN_OWNER),
    Action("recuperation.batch.change", "修改疗休养批次", OFFICERS, "county", PLAN_OWNER),
    Action("recuperation.batch.delete", "删除疗休养批次", OFFICERS, "county", PLAN_OWNER),
    Action("recuperation.batch.staff", "登记随队工作人员", OFFICERS, "county", PLAN_OWNER),
    Action("recuperation.batch.itinerary", "安排批次日程", OFFICERS, "county", PLAN_OWNER),
    Action("recuperation.batch.attendance", "登记出勤和差旅报销", OFFICERS, "county", PLAN_OWNER),
    Action("recuperation.batch.costs", "登记批次实际费用", OFFICERS, "county", PLAN_OWNER),
    Action("recuperation.batch.finish", "结束批次", OFFICERS, "county", PLAN_OWNER),
    Action(
        "recuperation.batch.invite_next", "从候补名单递补空余名额", OFFICERS, "county", PLAN_OWNER
    ),
    # Selection.
    Action("recuperation.run.start", "进行名额遴选", OFFICERS, "county", PLAN_OWNER),
    Action("recuperation.run.publish", "公示遴选结果并发出邀请", OFFICERS, "county", PLAN_OWNER),
    Action(
        "recuperation.run.download",
        "下载遴选输入和结果（JSON）",
        OFFICERS,
        "county",
        "文件含方案的全部候选人：仅限编制单位及其上级",
    ),
    # Invitations.
    Action(
        "recuperation.invitation.manage",
        "处理逾期未确认的邀请",
        OFFICERS,
        "county",
        PLAN_OWNER,
    ),
    Action(
        "recuperation.invitation.respond",
        "答复邀请、填写接待需求、时间意向和评价",
        WRITERS | SELF,
        note="职工本人：本人的；工作人员：代管辖范围内的人员",
    ),
    Action("recuperation.notification.read", "将本人的通知标为已读", SELF),
    # Bases, exchange agreements, inbound groups.
    Action("recuperation.base.create", "新增疗休养基地", OFFICERS, "county", "基地归新增单位维护"),
    Action(
        "recuperation.base.change",
        "修改疗休养基地",
        OFFICERS,
        "county",
        "本单位或下级维护的基地；市总的基地只有市总可改",
    ),
    Action("recuperation.base.delete", "删除或停用疗休养基地", OFFICERS, "county", "同修改"),
    Action("recuperation.exchange.create", "登记互派协议", OFFICERS, "county"),
    Action(
        "recuperation.exchange.change", "修改互派协议", OFFICERS, "county", "本单位或下级签订的协议"
    ),
    Action("recuperation.inbound.create", "登记来安接待团组", OFFICERS, "county"),
    Action(
        "recuperation.outbound.create",
        "登记互派外出团组",
        OFFICERS,
        "county",
        "在本单位或下级签订的互派协议下",
    ),
    Action(
        "recuperation.outbound.change",
        "登记互派外出人员",
        OFFICERS,
        "county",
        "本单位或下级派出的团组，人员限管辖范围内；计入疗休养经历",
    ),
]
