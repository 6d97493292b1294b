"""API schemas of the core records. Persons are always masked here; full values only via reveal."""

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema

from gonghui.core.models import EmployerKind, NewEmploymentForm, OrgKind, PersonStatus, Sex
from gonghui.core.params import Count, Id, IsoDate, text


class FieldErrorOut(Schema):
    field: str = Field(..., description="出错的参数或字段")
    message: str = Field(..., description="中文说明")


class ErrorOut(Schema):
    detail: str = Field(..., description="中文错误说明")
    errors: list[FieldErrorOut] | None = Field(
        None, description="请求数据有误（400）时逐项列出出错的参数或字段"
    )


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
    name: Annotated[str, text(120)] = Field(..., description="名称")
    kind: OrgKind = Field(..., description="类型：city/county/grassroots/industry/regional/group")
    parent_id: Id = Field(..., description="上级组织ID")
    code: Annotated[str, text(12)] = Field("", description="行政区划代码（县区级）")
    employer_id: Id | None = Field(None, description="所在用人单位ID（基层工会）")


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
    credit_code: Annotated[str, text(40)] = Field(..., description="统一社会信用代码（18位）")
    name: Annotated[str, text(200)] = Field(..., description="单位名称")
    kind: Annotated[str, text(16)] = Field(
        ...,
        description="单位类型：state/private/… 或 国有/民营/…",
        json_schema_extra={"enum": [*EmployerKind.values, *EmployerKind.labels]},
    )
    org_id: Id = Field(..., description="属地工会ID")
    is_new_economy: bool = False
    is_new_social: bool = False
    employee_count: Count = Field(0, description="职工人数")
    industry: Annotated[str, text(60)] = ""
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
    name: Annotated[str, text(40)] = Field(..., description="姓名")
    id_number: Annotated[str, text(40)] = Field(..., description="居民身份证号码（18位）")
    org_id: Id = Field(..., description="所属工会ID（新建时使用）")
    phone: Annotated[str, text(20)] = ""
    birth_date: IsoDate | None = Field(None, description="出生日期；填写时须与身份证号码一致")
    sex: Sex | None = Field(None, description="性别 M/F；填写时须与身份证号码一致")
    ethnicity: Annotated[str, text(20)] = ""
    political_status: Annotated[str, text(20)] = ""
    education: Annotated[str, text(20)] = ""
    employer_id: Id | None = None
    work_unit: Annotated[str, text(200)] = ""
    post: Annotated[str, text(60)] = ""
    frontline: bool = False
    hardship_post: bool = False
    key_sector: bool = False
    new_employment_form: NewEmploymentForm = Field(NewEmploymentForm.NONE, description="新就业形态")
    migrant_worker: bool = False
    status: PersonStatus = PersonStatus.ACTIVE


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
    person_id: Id = Field(..., description="人员ID")
    to_union_id: Id = Field(..., description="转入的基层工会ID")
    on: IsoDate = Field(..., description="转会日期")
    note: Annotated[str, text(200)] = ""


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
