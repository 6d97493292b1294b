"""List columns of the honors pages, declared once for the page and for the Excel export."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gonghui.core import clock
from gonghui.core.tables import Column, Table, fmt_date, fmt_datetime, yes_no
from gonghui.honors.models import ModelWorker


def _form(p: Any) -> str:
    return p.get_new_employment_form_display() if p.new_employment_form else ""


class ModelWorkerTable(Table):
    model_label = "honors.modelworker"
    columns = [
        Column("姓名", lambda m: m.person.name, width=10),
        Column("性别", lambda m: m.person.get_sex_display(), width=6),
        Column(
            "身份证号码", lambda m: m.person.id_masked, full=lambda m: m.person.id_number, width=22
        ),
        Column("劳模级别", lambda m: m.get_level_display() if m.level else "无有效荣誉", width=10),
        Column(
            "最高荣誉",
            lambda m: f"{m.top_honor.year}年{m.top_honor.honor_type.name}" if m.top_honor else "",
            width=24,
        ),
        Column("所属工会", lambda m: m.person.org.name, width=26),
        Column("工作单位", lambda m: m.person.work_unit, width=26, page=False),
        Column("岗位", lambda m: m.person.post, width=12, page=False),
        Column("一线", lambda m: yes_no(m.person.frontline), width=6),
        Column("艰苦岗位", lambda m: yes_no(m.person.hardship_post), width=8),
        Column("重点领域", lambda m: yes_no(m.person.key_sector), width=8, page=False),
        Column("新就业形态", lambda m: _form(m.person), width=12, page=False),
        Column("状态", lambda m: m.person.get_status_display(), width=6),
    ]

    def url(self, obj: ModelWorker) -> str | None:
        return reverse("honors:worker_detail", args=[obj.person_id])


class HonorTypeTable(Table):
    model_label = "honors.honortype"
    url_name = "honors:honor_type_edit"
    columns = [
        Column("荣誉名称", lambda t: t.name, width=24),
        Column("授予对象", lambda t: "集体" if t.collective else "个人", width=8),
        Column("类别", lambda t: t.get_category_display(), width=12),
        Column("级别", lambda t: t.get_level_display(), width=8),
        Column("排序", lambda t: t.sort, width=6, css="text-end", page=False),
        Column("荣誉记录", lambda t: getattr(t, "used", ""), width=10, css="text-end"),
        Column("状态", lambda t: "启用" if t.is_active else "已停用", width=8),
    ]


class HonorTable(Table):
    model_label = "honors.honor"
    columns = [
        Column("获得者", lambda h: h.person.name if h.person_id else h.organization.name, width=20),
        Column("荣誉", lambda h: h.honor_type.name, width=20),
        Column("级别", lambda h: h.honor_type.get_level_display(), width=8),
        Column("集体", lambda h: yes_no(h.honor_type.collective), width=6),
        Column("年度", lambda h: h.year, width=8),
        Column("授予机关", lambda h: h.authority, width=22),
        Column("文号", lambda h: h.doc_number, width=22),
        Column("状态", lambda h: h.get_status_display(), width=6),
        Column("撤销日期", lambda h: fmt_date(h.revoked_on), width=12, page=False),
        Column("撤销原因", lambda h: h.revoke_reason, width=30, page=False),
    ]

    def url(self, obj: Any) -> str | None:
        if obj.person_id:
            return reverse("honors:worker_detail", args=[obj.person_id])
        return None


def _overdue(t: Any) -> str:
    return "已逾期" if t.is_overdue(clock.today()) else ""


class VisitTaskTable(Table):
    model_label = "honors.visittask"
    columns = [
        Column("走访对象", lambda t: t.person.name, width=10),
        Column(
            "走访时机",
            lambda t: (
                f"{t.get_occasion_display()}·{t.holiday.name}"
                if t.holiday_id
                else t.get_occasion_display()
            ),
            width=16,
        ),
        Column("应走访日期", lambda t: fmt_date(t.due_date), width=12),
        Column("逾期", _overdue, width=8, css="text-danger"),
        Column("状态", lambda t: t.get_status_display(), width=8),
        Column("责任组织", lambda t: t.org.name, width=24),
        Column("走访干部", lambda t: str(t.officer) if t.officer else "", width=12),
        Column("走访日期", lambda t: fmt_date(t.visited_on), width=12),
        Column(
            "慰问金（元）",
            lambda t: str(t.money) if t.status == "done" else "",
            width=12,
            css="text-end",
        ),
        Column("慰问物品", lambda t: t.goods, width=20),
        Column("走访记录", lambda t: t.notes, width=30, page=False),
        Column("取消原因", lambda t: t.cancel_reason, width=20, page=False),
    ]

    def url(self, obj: Any) -> str | None:
        return reverse("honors:visit_detail", args=[obj.pk])


def _remaining(sl: Any) -> str:
    """预算余额 of a list ("" when no budget amount is recorded; negative: over budget)."""
    left = sl.budget_remaining
    return "" if left is None else f"{left:.2f}"


class SubsidyListTable(Table):
    model_label = "honors.subsidylist"
    columns = [
        Column("名单", lambda s: f"{s.year}年 {s.org.name}", width=30),
        Column("人数", lambda s: s.people, width=8, css="text-end"),
        Column("合计（元）", lambda s: f"{s.total or 0:.2f}", width=14, css="text-end"),
        Column("预算科目", lambda s: s.budget_line, width=22),
        Column("预算余额（元）", lambda s: _remaining(s), width=14, css="text-end"),
        Column("状态", lambda s: s.get_status_display(), width=8),
        Column("制表人", lambda s: str(s.made_by), width=12),
        Column("制表时间", lambda s: fmt_datetime(s.made_at), width=20),
        Column("审核人", lambda s: str(s.approved_by) if s.approved_by else "", width=12),
        Column("审核时间", lambda s: fmt_datetime(s.approved_at), width=20),
    ]

    def url(self, obj: Any) -> str | None:
        return reverse("honors:subsidy_detail", args=[obj.pk])


class DemandTable(Table):
    model_label = "honors.demand"
    columns = [
        Column("标题", lambda d: d.title, width=24),
        Column("劳模", lambda d: d.person.name, width=10),
        Column("提交日期", lambda d: fmt_date(d.filed_on), width=12),
        Column("类别", lambda d: d.get_category_display(), width=10),
        Column("状态", lambda d: d.get_status_display(), width=10),
        Column(
            "当前时限", lambda d: fmt_date(d.due_date) if d.status != "closed" else "", width=12
        ),
        Column(
            "逾期",
            lambda d: "已逾期" if d.is_overdue(clock.today()) else "",
            width=8,
            css="text-danger",
        ),
        Column("联动部门", lambda d: d.department_name, width=12),
        Column("承办干部", lambda d: str(d.officer) if d.officer else "", width=12),
        Column("诉求内容", lambda d: d.content, width=40, page=False),
        Column("办理反馈", lambda d: d.feedback, width=40, page=False),
    ]

    def url(self, obj: Any) -> str | None:
        return reverse("honors:demand_detail", args=[obj.pk])
