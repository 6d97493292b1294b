"""The core module's rows of the permission table (organizations, people, accounts, imports)."""

from gonghui.core.permissions import (
    ALL_ROLES,
    AUDIT,
    OFFICERS,
    SELF,
    STAFF,
    WRITERS,
    Action,
)

ACTIONS = [
    Action("core.home.view", "查看工作台", ALL_ROLES),
    Action("core.self.view", "查看本人信息", SELF),
    Action("core.organization.view", "查看组织机构", STAFF),
    Action("core.organization.create", "新增下级组织", OFFICERS, "county"),
    Action("core.organization.change", "修改组织名称", OFFICERS, "county"),
    Action("core.organization.move", "迁移组织", OFFICERS, "county", "新旧上级都须在管辖范围内"),
    Action("core.employer.view", "查看用人单位", STAFF),
    Action("core.employer.create", "新增用人单位", WRITERS),
    Action("core.employer.change", "修改用人单位", WRITERS),
    Action("core.person.view", "查看人员档案", STAFF),
    Action("core.person.create", "新增人员档案", WRITERS),
    Action("core.person.change", "修改人员档案", WRITERS),
    Action("core.person.set_status", "变更人员状态", WRITERS),
    Action("core.person.reveal", "查看完整身份证号和手机号", OFFICERS, note="每次查看记入审计日志"),
    Action("core.membership.view", "查看会员关系", STAFF),
    Action("core.membership.transfer", "办理会员转会", WRITERS),
    Action("core.import.run", "导入数据", WRITERS),
    Action("core.job.view", "查看后台任务", STAFF),
    Action("core.audit.view", "查看审计日志", AUDIT),
    Action("core.permission.view", "查看权限说明", STAFF),
    Action("core.user.view", "查看用户账号", OFFICERS, "county"),
    Action("core.user.create", "新增用户账号", OFFICERS, "county", "不能授予高于本人的角色"),
    Action("core.user.change", "修改、停用、解锁用户账号或重置密码", OFFICERS, "county"),
    Action("core.user.import", "批量导入用户账号", OFFICERS, "county"),
    Action("core.login_history.view", "查看登录记录", AUDIT | OFFICERS, "county"),
]
