"""API schemas of the core records. Persons are always masked here; full values only via reveal."""

import datetime as dt
from typing import Any

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str = Field(..., description="中文错误说明")


class OrganizationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    code: str
    parent_id: int | None
    depth: int
    is_active: bool


class OrganizationIn(Schema):
    name: str = Field(..., description="名称")
    kind: str = Field(..., description="类型：city/county/grassroots/industry/regional/group")
    parent_id: int = Field(..., description="上级组织ID")
    code: str = Field("", description="行政区划代码（县区级）")
    employer_id: int | None = Field(None, description="所在用人单位ID（基层工会）")


class EmployerOut(Schema):
    id: int
    credit_code: str
    name: str
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    is_new_economy: bool
    is_new_social: bool
    employee_count: int
    industry: str
    has_union: bool
    has_party_org: bool
    org_id: int
    org_name: str = Field(..., alias="org.name")


class EmployerIn(Schema):
    credit_code: str = Field(..., description="统一社会信用代码（18位）")
    name: str = Field(..., description="单位名称")
    kind: str = Field(..., description="单位类型：state/private/… 或 国有/民营/…")
    org_id: int = Field(..., description="属地工会ID")
    is_new_economy: bool = False
    is_new_social: bool = False
    employee_count: int = 0
    industry: str = ""
    has_union: bool = False
    has_party_org: bool = False


class EmployerUpsertOut(Schema):
    created: bool
    employer: EmployerOut


class PersonOut(Schema):
    """A person as any role in scope sees them: ID and phone masked."""

    id: int
    name: str
    id_masked: str
    phone_masked: str
    birth_date: dt.date
    sex: str
    sex_label: str = Field(..., alias="get_sex_display")
    ethnicity: str
    political_status: str
    education: str
    employer_id: int | None
    work_unit: str
    post: str
    frontline: bool
    hardship_post: bool
    key_sector: bool
    new_employment_form: str
    migrant_worker: bool
    status: str
    status_label: str = Field(..., alias="get_status_display")
    org_id: int
    org_name: str = Field(..., alias="org.name")


class PersonIn(Schema):
    name: str = Field(..., description="姓名")
    id_number: str = Field(..., description="居民身份证号码（18位）")
    org_id: int = Field(..., description="所属工会ID（新建时使用）")
    phone: str = ""
    birth_date: dt.date | None = Field(None, description="出生日期；填写时须与身份证号码一致")
    sex: str | None = Field(None, description="性别 M/F；填写时须与身份证号码一致")
    ethnicity: str = ""
    political_status: str = ""
    education: str = ""
    employer_id: int | None = None
    work_unit: str = ""
    post: str = ""
    frontline: bool = False
    hardship_post: bool = False
    key_sector: bool = False
    new_employment_form: str = ""
    migrant_worker: bool = False
    status: str = "active"


class PersonUpsertOut(Schema):
    created: bool
    person: PersonOut


class PersonRevealOut(Schema):
    id: int
    name: str
    id_number: str
    phone: str


class MembershipOut(Schema):
    id: int
    person_id: int
    person_name: str = Field(..., alias="person.name")
    person_id_masked: str = Field(..., alias="person.id_masked")
    union_id: int
    union_name: str = Field(..., alias="union.name")
    joined_on: dt.date
    left_on: dt.date | None
    status: str
    status_label: str = Field(..., alias="get_status_display")
    note: str


class TransferIn(Schema):
    person_id: int = Field(..., description="人员ID")
    to_union_id: int = Field(..., description="转入的基层工会ID")
    on: dt.date = Field(..., description="转会日期")
    note: str = ""


class AuditOut(Schema):
    id: int
    at: dt.datetime
    username: str | None = None
    action: str
    action_label: str = Field(..., alias="get_action_display")
    model: str
    object_id: str
    object_repr: str
    org_id: int | None
    person_id: int | None
    before: Any = None
    after: Any = None
    note: str

    @staticmethod
    def resolve_username(obj: Any) -> str | None:
        return obj.user.username if obj.user_id else None
