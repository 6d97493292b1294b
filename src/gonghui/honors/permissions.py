"""The 劳模服务 rows of the permission table: every page, export and write of the honors app.

Who does what, as a union office works:
- the 市总 keeps what is the same city-wide: the honor-type catalog, the year's rules (deadlines),
  the visit holidays and the subsidy standards;
- county federations (and the 市总) keep the registry (honors are conferred by governments and
  recorded by the federations), make, approve and pay the yearly subsidy lists, generate the
  holiday visits, refer demands to government departments and send the yearly roster;
- a grassroots chair reads the registry of their union, records life events, visits and the
  demands of their people (梳理、反馈、销号), but does not touch money, catalogs or rules;
- the auditor reads (and exports) what the officers read, changes nothing;
- 职工本人 sees 我的劳模服务 and files their own demands, nothing else.
"""

from gonghui.core.permissions import AUDIT, CITY, OFFICERS, SELF, STAFF, WRITERS, Action

# Officers and the auditor: the money and settings pages a grassroots chair does not use.
OVERSIGHT = OFFICERS | AUDIT

ACTIONS = [
    # ---------------------------------------------------------------- pages and their exports
    Action("honors.registry.view", "查看劳模名录", STAFF),
    Action("honors.registry.export", "导出劳模名录", STAFF),
    Action("honors.honor.view", "查看荣誉记录", STAFF),
    Action("honors.honor.export", "导出荣誉记录", STAFF),
    Action("honors.honor_type.view", "查看荣誉类型目录", OVERSIGHT),
    Action("honors.honor_type.export", "导出荣誉类型目录", OVERSIGHT),
    Action("honors.visit.view", "查看五必访走访任务", STAFF),
    Action("honors.visit.export", "导出五必访走访任务", STAFF),
    Action("honors.holiday.view", "查看节日走访", STAFF),
    Action("honors.figures.view", "查看走访慰问统计", STAFF),
    Action("honors.figures.export", "导出走访慰问统计", STAFF),
    Action("honors.subsidy.view", "查看劳模补助名单", OVERSIGHT),
    Action("honors.subsidy.export", "导出劳模补助名单", OVERSIGHT),
    Action("honors.subsidy_standard.view", "查看劳模补助标准", OVERSIGHT),
    Action(
        "honors.demand.view",
        "查看劳模诉求（工作人员）",
        STAFF,
        note="职工本人在“我的劳模服务”查看本人诉求",
    ),
    Action("honors.demand.export", "导出劳模诉求", STAFF),
    Action("honors.roster.view", "查看劳模名册报送", OFFICERS, "county"),
    Action(
        "honors.roster.export",
        "生成并报送劳模名册",
        OFFICERS,
        "county",
        "报送县委组织部、人社局和高新区；含完整个人信息时记入审计日志",
    ),
    Action("honors.rules.view", "查看劳模服务年度规则", OVERSIGHT),
    Action("honors.my.view", "查看我的劳模服务", SELF),
    # ---------------------------------------------------------------- the catalog and settings
    Action("honors.honor_type.create", "新增荣誉类型", CITY, "city", "荣誉类型目录全市统一"),
    Action(
        "honors.honor_type.change", "修改或停用荣誉类型", CITY, "city", "修改级别会重新计算劳模级别"
    ),
    Action("honors.honor_type.delete", "删除荣誉类型", CITY, "city", "已被荣誉记录使用的不能删除"),
    Action("honors.rules.change", "修改劳模服务年度规则", CITY, "city", "走访和诉求办理时限"),
    Action("honors.holiday.change", "维护走访节日", CITY, "city"),
    Action(
        "honors.subsidy_standard.change",
        "设置劳模补助标准",
        CITY,
        "city",
        "全市默认标准或县（市、区）标准；名单审核后该年度锁定",
    ),
    # ---------------------------------------------------------------- the registry
    Action("honors.honor.create", "登记劳模荣誉", OFFICERS, "county", "含导入劳模名册"),
    Action("honors.honor.revoke", "撤销劳模荣誉", OFFICERS, "county"),
    Action(
        "honors.model_worker.change",
        "维护劳模信息（事件、退休、已故、调动、银行账户）",
        WRITERS,
        note="事件生成五必访走访任务",
    ),
    # ---------------------------------------------------------------- 五必访
    Action("honors.visit.generate", "生成节日走访任务", OFFICERS, "county"),
    Action("honors.visit.assign", "指派走访干部", WRITERS),
    Action("honors.visit.record", "登记走访", WRITERS),
    Action("honors.visit.cancel", "取消走访任务", OFFICERS, "county"),
    # ---------------------------------------------------------------- care subsidies
    Action("honors.subsidy.compute", "生成年度补助名单", OFFICERS, "county"),
    Action(
        "honors.subsidy.approve", "审核补助名单", OFFICERS, "county", "制表人不能审核本人编制的名单"
    ),
    Action(
        "honors.subsidy.budget",
        "修改补助名单的预算科目和预算金额",
        OFFICERS,
        "county",
        "登记发放后名单锁定，不能再修改",
    ),
    Action(
        "honors.subsidy.mark_paid",
        "登记补助已发放",
        OFFICERS,
        "county",
        "须填写发放日期和记账凭证号；登记后名单锁定",
    ),
    Action("honors.subsidy.delete", "删除待审核的补助名单", OFFICERS, "county"),
    Action(
        "honors.subsidy.export_full",
        "导出银行代发表（完整身份证号和银行账号）",
        OFFICERS,
        "county",
        "每次导出记入审计日志",
    ),
    # ---------------------------------------------------------------- 劳模诉求
    Action(
        "honors.demand.file",
        "提交劳模诉求",
        WRITERS | SELF,
        note="工作人员为管辖范围内的劳模代为登记；职工本人只能为本人提交",
    ),
    Action("honors.demand.sort", "梳理劳模诉求", WRITERS),
    Action("honors.demand.refer", "转部门联动（出具联系函）", OFFICERS, "county"),
    Action("honors.demand.answer", "反馈劳模诉求", WRITERS),
    Action("honors.demand.close", "劳模诉求销号", WRITERS),
]
