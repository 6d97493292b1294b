"""Import declaration for accounts (批量导入用户账号) on top of core/importing/.

One row per account: staff accounts name their organization (in the importer's subtree) and a
role no higher than the importer's own; 职工本人 accounts name the person by ID number. Every
row is checked before anything is written and the accounts are created by
`accounts.users_import` (all rows or none). Registered from CoreConfig.ready().
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models.functions import Lower

from gonghui.core import accounts
from gonghui.core.errors import DomainError
from gonghui.core.importers.common import checked, id_hash, persons_by_hash
from gonghui.core.importing import (
    Column,
    ImportContext,
    Importer,
    Item,
    id_number_column,
    organization_column,
    person_name_column,
    phone_column,
    register,
)
from gonghui.core.models import Organization, Person, PersonStatus, Role, User
from gonghui.core.permissions import ROLE_RANK, role_label
from gonghui.core.validators import parse_id_number, parse_mobile


@dataclass
class UserRow:
    username: str
    name: str
    role: str
    phone: str = ""
    organization: Organization | None = None
    id_hash: str = ""
    password: str = ""


@register
class UserImporter(Importer):
    """用户账号: staff accounts (organization + role) and 职工本人 accounts (ID number)."""

    key = "users"
    label = "用户账号"
    model_label = "core.user"
    key_column = "username"
    permission = "core.user.import"
    pii_columns = frozenset({"phone", "id_number", "password"})
    batch_size = 500
    note = (
        "6. 角色为“职工本人”时须填写身份证号码（须为您管辖范围内已登记的人员），所属组织随人员档案；"
        "其他角色须填写所属组织和手机号，且不能高于您本人的角色。"
        "初始密码留空的账号，须由管理员在“用户管理”中重置密码后才能登录；"
        "所有导入的账号首次登录时须修改密码。"
    )
    columns = (
        Column(
            "username",
            "用户名",
            ("登录名", "账号", "登录账号"),
            required=True,
            sample="hanbin_zhangwei",
            help=accounts.USERNAME_RULE,
            max_length=30,
        ),
        person_name_column(),
        Column(
            "role",
            "角色",
            ("用户角色",),
            required=True,
            kind="choice",
            choices=tuple((label, value) for value, label in Role.choices),
            sample=Role.COUNTY_OFFICER.label,
            help="市总管理员、县区工会干部、基层工会主席、审计员或职工本人",
        ),
        organization_column(
            header="所属组织",
            sample="汉滨区总工会",
            help="组织全称或行政区划代码，须在您的管辖范围内（职工本人可不填）",
        ),
        phone_column(help="11位手机号（职工本人可不填）"),
        id_number_column(required=False, help="角色为职工本人时必填，请设为文本格式"),
        Column(
            "password",
            "初始密码",
            ("密码",),
            help="选填；至少10个字符，不能是常见密码或全部是数字",
        ),
    )

    def clean(self, item: Item, ctx: ImportContext) -> None:
        v = item.values
        username = v.get("username") or ""
        if "username" not in item.failed and not accounts.USERNAME_RE.fullmatch(username):
            item.fail("username", accounts.USERNAME_RULE)
        role = v.get("role")
        if role is None or "role" in item.failed:
            return
        actor_rank = ROLE_RANK.get(getattr(ctx.user, "role", ""), -1)
        if ROLE_RANK[role] > actor_rank:
            item.fail("role", f"不能授予高于本人的角色（{role_label(role)}）")
        row = UserRow(username=username, name=v.get("name") or "", role=role)
        if role == Role.MEMBER:
            if not v.get("id_number"):
                item.fail("id_number", "角色为职工本人时须填写身份证号码")
            else:
                parsed = checked(item, "id_number", parse_id_number)
                if parsed is not None:
                    row.id_hash = id_hash(parsed.number)
        else:
            if not v.get("org"):
                item.fail("org", f"角色为{role_label(role)}时须填写所属组织")
            elif "org" not in item.failed:
                try:
                    row.organization = ctx.resolve_org(v["org"])
                except DomainError as exc:
                    item.fail("org", exc.message)
                else:
                    problem = accounts.role_org_error(role, row.organization)
                    if problem:
                        item.fail("org", problem)
            if not v.get("phone"):
                item.fail("phone", f"角色为{role_label(role)}时须填写手机号")
        if v.get("phone") and "phone" not in item.failed:
            try:
                row.phone = parse_mobile(v["phone"])
            except DomainError as exc:
                item.fail("phone", exc.message)
        password = v.get("password") or ""
        if password:
            try:
                accounts.password_check(password, User(username=username, first_name=row.name))
            except DomainError as exc:
                item.fail("password", exc.message)
            row.password = password
        if not item.pending and not item.failed:
            item.data = row

    def plan(self, items: list[Item], ctx: ImportContext, *, write: bool) -> None:
        rows: list[UserRow] = [it.data for it in items]
        taken = {
            u.username.lower(): u
            for u in User.objects.annotate(lowered=Lower("username"))
            .filter(lowered__in=[r.username.lower() for r in rows])
            .select_related("organization")
        }
        persons = persons_by_hash(r.id_hash for r in rows if r.id_hash)
        with_account = set(
            User.objects.filter(person__in=persons.values()).values_list("person_id", flat=True)
        )
        seen_persons: dict[int, int] = {}
        for it in items:
            row: UserRow = it.data
            existing = taken.get(row.username.lower())
            person = persons.get(row.id_hash) if row.id_hash else None
            if row.id_hash:
                if person is None or not ctx.in_scope(person.org):
                    it.fail("id_number", "在您的管辖范围内没有该身份证号码的人员档案")
                    continue
                if person.status == PersonStatus.DECEASED:
                    it.fail("id_number", f"{person.name}已登记为已故，不能开通账号")
                    continue
                if person.pk in seen_persons:
                    it.fail("id_number", f"与第{seen_persons[person.pk]}行是同一人")
                    continue
                seen_persons[person.pk] = it.row
                row.organization = person.org
            if existing is not None:
                if self._same(existing, row, person, ctx):
                    it.action = "unchanged"  # the same file imported again
                else:
                    it.fail("username", f"用户名“{row.username}”已被使用")
                continue
            if person is not None and person.pk in with_account:
                it.fail("id_number", f"{person.name}已开通账号")
                continue
            it.action = "new"
            it.extra["account"] = accounts.AccountRow(
                username=row.username,
                name=person.name if person is not None else row.name,
                phone=row.phone,
                role=row.role,
                organization=row.organization,  # type: ignore[arg-type]
                person=person,
                password=row.password,
            )

    @staticmethod
    def _same(existing: User, row: UserRow, person: Person | None, ctx: ImportContext) -> bool:
        owner = existing.organization
        return (
            owner is not None
            and ctx.in_scope(owner)
            and existing.role == row.role
            and existing.first_name == (person.name if person is not None else row.name)
            and existing.organization_id == getattr(row.organization, "pk", None)
            and existing.person_id == (person.pk if person is not None else None)
        )

    def write(self, items: list[Item], ctx: ImportContext) -> None:
        new = [it.extra["account"] for it in items if it.action == "new"]
        if new:
            accounts.users_import(actor=ctx.user, rows=new)  # type: ignore[arg-type]
