"""Builders for the 企业台账 tests: the departments' files as their systems write them, imported
through the framework (core.importing.run_import) as an officer does; employers through
tests/factories.py; review decisions through the services. Plain functions, so each test says
what it builds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from gonghui.core.importing import ImportReport, get_importer, run_import
from gonghui.core.models import Employer, Organization, User
from gonghui.core.validators import build_credit_code
from gonghui.workplace.models import MergeReview, ReviewStatus
from gonghui.workplace.services_employers import review_reject
from gonghui.workplace.services_settings import budget_save, setting_save
from tests import factories

# The headers each department's export carries (importers_employers declares them).
HEADERS = {
    "united_front": [
        "统一社会信用代码",
        "单位名称",
        "组织类别",
        "从业人员数",
        "是否建立党组织",
        "是否建立工会",
        "所属区县",
        "所属行业",
    ],
    "civil_affairs": [
        "统一社会信用代码",
        "社会组织名称",
        "组织类型",
        "专职工作人员数",
        "登记管理机关",
        "活动领域",
        "是否建立党组织",
    ],
    "tax": ["纳税人识别号", "纳税人名称", "登记注册类型", "从业人数", "主管税务机关", "行业"],
    "market": ["统一社会信用代码", "企业名称", "企业类型", "从业人数", "所属区县", "行业门类"],
}

_serial = iter(range(1, 10**6))


def code(region: str = "610902") -> str:
    """A valid 统一社会信用代码 never used before in the test run."""
    return build_credit_code(f"91{region}MA7{next(_serial):06d}")


def wrong_check(valid: str) -> str:
    """The code with a wrong check character."""
    return valid[:17] + ("1" if valid[17] != "1" else "2")


def row(source: str, credit_code: str, name: str, count: Any = "", district: str = "") -> list:
    """One data row of `source`'s file (the other columns as that department fills them)."""
    if source == "united_front":
        return [credit_code, name, "新经济组织", count, "否", "否", district, "制造业"]
    if source == "civil_affairs":
        return [credit_code, name, "社会团体", count, district, "商务服务", "否"]
    if source == "tax":
        return [credit_code, name, "私营有限责任公司", count, district, "批发和零售业"]
    return [credit_code, name, "有限责任公司（自然人投资或控股）", count, district, "制造业"]


def workbook(
    path: Path, rows: list[list], *, source: str = "market", head: list[str] | None = None
) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([f"{source}导出数据"])  # a title row above the header, as the exports have
    ws.append(head or HEADERS[source])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def import_rows(
    tmp_path: Path,
    user: User,
    source: str,
    rows: list[list],
    *,
    commit: bool = True,
    head: list[str] | None = None,
    filename: str | None = None,
) -> ImportReport:
    """Import `rows` as `source`'s file (commit=False: the preview)."""
    name = filename or f"{source}-{next(_serial)}.xlsx"
    path = workbook(tmp_path / name, rows, source=source, head=head)
    return run_import(
        get_importer(f"workplace_{source}"), path, filename=name, user=user, commit=commit
    )


def employer(org: Organization, name: str, **kw: Any) -> Employer:
    return factories.employer(org, name, **kw)


def queued(tmp_path: Path, world: Any, name: str, *, source: str = "tax") -> MergeReview:
    """A pending review: `name` is in the base (汉滨), `source` reports it under a new code."""
    existing = Employer.objects.filter(name=name).first() or employer(
        world.hanbin_union, name, employee_count=40
    )
    report = import_rows(
        tmp_path, world.hanbin_officer, source, [row(source, code(), name, 42, "汉滨区")]
    )
    assert report.committed and not report.errors, report.errors
    return MergeReview.objects.get(candidate=existing, status=ReviewStatus.PENDING, source=source)


def shiquan_employer_records(world: Any) -> dict[str, str]:
    """石泉 records of every 企业台账 model, each carrying a marker no 汉滨 page may show (for
    tests/workplace/scope_samples.py: the scope walk tries their pks and looks for the
    markers)."""
    import tempfile

    officer = world.shiquan_officer
    tmp = Path(tempfile.mkdtemp(prefix="shiquan-employers-"))
    report = import_rows(
        tmp,
        officer,
        "united_front",
        [row("united_front", code("610922"), "石泉标记企业", 30, "石泉县")],
    )
    assert report.committed, report.errors
    for name in ("石泉标记企业", "石泉标记企业"):
        import_rows(tmp, officer, "market", [row("market", code("610922"), name, 31, "石泉县")])
    first, _ = MergeReview.objects.filter(name="石泉标记企业").order_by("pk")[:2]
    review_reject(user=officer, review=first, note="石泉标记核对说明")
    setting_save(
        user=officer,
        org=world.shiquan,
        year=2026,
        union_threshold=30,
        site_subsidy="6000",
        notice_first=True,
        rectify_days=15,
        hazard_days=10,
    )
    budget_save(user=officer, org=world.shiquan, year=2026, line="石泉标记预算科目", amount="8000")
    return {
        "石泉标记企业": "a 石泉 employer (its sightings, headcounts and reviews carry the name)",
        "石泉标记核对说明": "the note of a 石泉 review decision",
        "石泉标记预算科目": "a budget line of 石泉",
    }
