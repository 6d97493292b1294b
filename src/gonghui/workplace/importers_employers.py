"""The 企业台账's four feeds: the Excel exports of 统战部, 民政局, 税务局 and 市场监管局, each with
the headers that department's system writes (and the usual variants as aliases).

Every row is checked first (the framework's all-or-nothing rule, with a per-row, per-column
Chinese report): the 统一社会信用代码 by its check character (core.validators), the county a
row names (所属区县, 登记管理机关, 主管税务机关 …: services_employers.Districts), the counts.
Then services_employers_merge merges the rows into the base: same code → the employer is
updated and this source's sighting recorded; a new code under a name already in the base →
待核对企业 (never merged silently, never created); otherwise a new employer.

Rows sent to the review queue count as 不变 in the preview and the commit: nothing of the
企业台账 itself changes until an officer decides.
"""

from __future__ import annotations

import functools
from typing import ClassVar

from gonghui.core.errors import DomainError
from gonghui.core.importers.common import checked
from gonghui.core.importing import Column, ImportContext, Importer, Item, cell_text, register
from gonghui.core.importing.columns import yes_no_column
from gonghui.core.models import EmployerKind
from gonghui.core.validators import build_credit_code, parse_credit_code
from gonghui.workplace import services_employers_merge as merge
from gonghui.workplace.models import Source
from gonghui.workplace.services_employers import SourceRecord

SAMPLE_CODE = build_credit_code("91610902MA7000001")
CODE_HELP = "18位统一社会信用代码，请把该列设为“文本”格式"
DISTRICT_HELP = "区县名称（如汉滨区）或行政区划代码；不填则记入导入人所在组织"

# 登记注册类型 / 企业类型 / 组织类型 as the departments write them → EmployerKind.
_KIND_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("社会团体", "民办非企业", "社会服务机构", "基金会", "社会组织"), EmployerKind.SOCIAL),
    (("事业单位", "事业法人"), EmployerKind.INSTITUTION),
    (("机关",), EmployerKind.ORGAN),
    (("外商", "外资", "外国", "港澳台", "中外合资", "中外合作", "台港澳"), EmployerKind.FOREIGN),
    (("国有", "国企", "全民所有制"), EmployerKind.STATE),
)
_KIND_LABELS = {label: value for value, label in EmployerKind.choices}
_KIND_VALUES = frozenset(EmployerKind.values)


@functools.lru_cache(maxsize=512)
def kind_of(value: str) -> str:
    """The employer kind a department's type text says ("" when blank); anything not public,
    foreign, social, an institution or an organ (有限责任公司, 个人独资, 合伙 …) is 民营."""
    if not value:
        return ""
    if value in _KIND_LABELS:
        return _KIND_LABELS[value]
    if value in _KIND_VALUES:
        return value
    for words, kind in _KIND_WORDS:
        if any(w in value for w in words):
            return kind
    return EmployerKind.PRIVATE


def _code(header: str, *aliases: str) -> Column:
    return Column(
        "credit_code",
        header,
        aliases,
        required=True,
        kind="code",
        sample=SAMPLE_CODE,
        help=CODE_HELP,
    )


def _name(header: str, *aliases: str, sample: str) -> Column:
    return Column("name", header, aliases, required=True, sample=sample, max_length=200)


def _count(header: str, *aliases: str, sample: str = "36") -> Column:
    return Column("employee_count", header, aliases, kind="int", sample=sample, help="人")


def _district(header: str, *aliases: str, sample: str, help: str = DISTRICT_HELP) -> Column:
    return Column("district", header, aliases, sample=sample, help=help, max_length=100)


def _kind(header: str, *aliases: str, sample: str, help: str) -> Column:
    return Column("kind", header, aliases, sample=sample, help=help, max_length=60)


def _industry(header: str, *aliases: str, sample: str) -> Column:
    return Column("industry", header, aliases, sample=sample, max_length=60)


class SourceImporter(Importer):
    """A department's file: declared by a subclass (its source, columns and default kind)."""

    source: ClassVar[str]
    default_kind: ClassVar[str] = EmployerKind.PRIVATE
    key_column = "credit_code"
    # What an import of a department's file records first: which source saw which employer.
    model_label = "workplace.employersighting"
    permission = "workplace.employer.import"
    batch_size = 10000
    note = (
        "按统一社会信用代码并入企业台账：代码已登记的单位更新职工人数并记录本来源；代码未登记但"
        "单位名称与已登记单位相同的，进入“待核对企业”由工作人员核对（计入“不变”，不会自动合并"
        "或新增）；其余新增单位，属地工会按所属区县确定。"
    )

    def clean(self, item: Item, ctx: ImportContext) -> None:
        v = item.values
        code = checked(item, "credit_code", parse_credit_code)
        run = merge.run_of(ctx)
        district = v.get("district") or ""  # text cells arrive as cell_text made them
        org = None
        if district and "district" not in item.failed:
            try:
                org = run.district_table().resolve(district)
            except DomainError as exc:
                item.fail("district", exc.message)
        category = v.get("category")
        if item.pending or item.failed or code is None:
            return
        item.data = SourceRecord(
            credit_code=code,
            name=v.get("name") or "",
            default_kind=self.default_kind,
            employee_count=v.get("employee_count"),
            district=district,
            org=org,
            kind=kind_of(v.get("kind") or ""),
            industry=v.get("industry") or "",
            has_union=v.get("has_union"),
            has_party_org=v.get("has_party_org"),
            new_economy=True if category == "economy" else None,
            new_social=True if category == "social" else self.social_default(),
            file_name=str(getattr(ctx, "filename", "") or "")[:200],
        )

    def social_default(self) -> bool | None:
        return None

    def plan(self, items: list[Item], ctx: ImportContext, *, write: bool) -> None:
        merge.plan(merge.run_of(ctx), self.source, items)
        for it in items:
            if it.extra.get("op") == "queue":
                it.extra["data"]["cells"] = self.cells(it)

    def write(self, items: list[Item], ctx: ImportContext) -> None:
        merge.batch_write(user=ctx.user, run=merge.run_of(ctx), source=self.source, items=items)

    def cells(self, item: Item) -> dict[str, str]:
        """The row as the review page shows it: each filled column under its header."""
        out = {}
        for column in self.columns:
            text = cell_text(item.values.get(column.key))
            if text:
                out[column.header] = text
        return out


@register
class UnitedFrontImporter(SourceImporter):
    """统战部: the 两新组织 (非公企业 and 社会组织) it follows, with their Party organizations."""

    key = "workplace_united_front"
    label = "企业台账·统战部数据"
    source = Source.UNITED_FRONT
    columns = (
        _code("统一社会信用代码", "社会信用代码", "信用代码", "统一代码"),
        _name(
            "单位名称", "企业名称", "非公企业名称", "两新组织名称", sample="安康市某某科技有限公司"
        ),
        Column(
            "category",
            "组织类别",
            ("两新组织类别", "类别"),
            kind="choice",
            choices=(("新经济组织", "economy"), ("新社会组织", "social")),
            sample="新经济组织",
            help="新经济组织/新社会组织",
        ),
        _count("从业人员数", "从业人数", "职工人数", "员工人数"),
        yes_no_column("has_party_org", "已建党组织", "是否建立党组织", "建立党组织"),
        yes_no_column("has_union", "已建工会", "是否建立工会", "是否建会"),
        _district("所属区县", "区县", "行政区划", "所在区县", sample="汉滨区"),
        _industry("所属行业", "行业", sample="软件和信息技术服务业"),
    )


@register
class CivilAffairsImporter(SourceImporter):
    """民政局: the 社会组织 it registers (社会团体, 民办非企业单位, 基金会)."""

    key = "workplace_civil_affairs"
    label = "企业台账·民政局数据"
    source = Source.CIVIL_AFFAIRS
    default_kind = EmployerKind.SOCIAL
    columns = (
        _code("统一社会信用代码", "社会信用代码", "信用代码", "登记证号"),
        _name("社会组织名称", "单位名称", "名称", sample="安康市某某行业协会"),
        _kind(
            "组织类型",
            "社会组织类型",
            "类型",
            sample="社会团体",
            help="社会团体/民办非企业单位/基金会/社会服务机构",
        ),
        _count("专职工作人员数", "工作人员数", "从业人数", "职工人数", sample="12"),
        _district(
            "登记管理机关",
            "登记机关",
            "所属区县",
            "行政区划",
            sample="汉滨区民政局",
            help="如汉滨区民政局；市民政局登记的记入导入人所在组织",
        ),
        _industry("活动领域", "所属行业", "行业", sample="商务服务业"),
        yes_no_column("has_party_org", "已建党组织", "是否建立党组织"),
    )

    def social_default(self) -> bool | None:
        return True  # every organization 民政 registers is a 新社会组织


@register
class TaxImporter(SourceImporter):
    """税务局: the taxpayers registered with their 纳税人识别号 (the 统一社会信用代码)."""

    key = "workplace_tax"
    label = "企业台账·税务局数据"
    source = Source.TAX
    columns = (
        _code(
            "纳税人识别号",
            "统一社会信用代码",
            "纳税人识别号/统一社会信用代码",
            "社会信用代码",
            "税号",
        ),
        _name("纳税人名称", "企业名称", "单位名称", sample="安康市某某商贸有限公司"),
        _kind(
            "登记注册类型",
            "注册类型",
            "企业登记注册类型",
            sample="私营有限责任公司",
            help="如国有企业、私营有限责任公司、外商投资企业",
        ),
        _count("从业人数", "职工人数", "从业人员数", "雇员人数", sample="58"),
        _district(
            "主管税务机关",
            "主管税务所",
            "所属区县",
            "行政区划",
            sample="国家税务总局安康市汉滨区税务局",
            help="如国家税务总局安康市汉滨区税务局，或区县名称",
        ),
        _industry("行业", "国标行业", "行业门类", "所属行业", sample="批发和零售业"),
    )


@register
class MarketImporter(SourceImporter):
    """市场监管局: the 市场主体 it registers (企业 and 个体工商户 with a credit code)."""

    key = "workplace_market"
    label = "企业台账·市场监管局数据"
    source = Source.MARKET
    columns = (
        _code("统一社会信用代码", "社会信用代码", "信用代码", "注册号/统一社会信用代码"),
        _name("企业名称", "主体名称", "市场主体名称", "名称", sample="安康市某某食品有限公司"),
        _kind(
            "企业类型",
            "市场主体类型",
            "类型",
            sample="有限责任公司（自然人投资或控股）",
            help="如有限责任公司、国有独资公司、外商投资企业",
        ),
        _count("从业人数", "从业人员", "职工人数", sample="120"),
        _district(
            "所属区县",
            "登记机关",
            "行政区划",
            "住所所在区县",
            sample="汉滨区",
        ),
        _industry("行业门类", "行业", "所属行业", sample="制造业"),
    )


SOURCE_IMPORTERS: dict[str, type[SourceImporter]] = {
    Source.UNITED_FRONT: UnitedFrontImporter,
    Source.CIVIL_AFFAIRS: CivilAffairsImporter,
    Source.TAX: TaxImporter,
    Source.MARKET: MarketImporter,
}
