"""List columns of 互助保障 (page and Excel export)."""

from __future__ import annotations

from gonghui.core.tables import Column, Table, fmt_date, money


class EnrollmentTable(Table):
    model_label = "mutual_aid.enrollment"
    url_name = "mutual_aid:enrollment_detail"
    columns = [
        Column("姓名", lambda e: e.person.name, width=10),
        Column(
            "身份证号码", lambda e: e.person.id_masked, full=lambda e: e.person.id_number, width=22
        ),
        Column("保障项目", lambda e: str(e.plan), width=26),
        Column("参保单位", lambda e: e.employer.name if e.employer else "", width=28),
        Column("所属工会", lambda e: e.org.name, width=24),
        Column("缴费方式", lambda e: e.get_payer_display(), width=16),
        money("应缴", "amount", width=12),
        Column("状态", lambda e: e.get_status_display(), width=8),
        Column("保障生效日", lambda e: fmt_date(e.cover_start), width=12),
        Column("连续参保", lambda e: "是" if e.continuous else "否", width=8),
    ]


class ClaimTable(Table):
    model_label = "mutual_aid.claim"
    url_name = "mutual_aid:claim_detail"
    columns = [
        Column("申领编号", lambda c: c.number, width=16, css="text-nowrap"),
        Column("申领人", lambda c: c.person.name, width=10),
        Column(
            "身份证号码", lambda c: c.person.id_masked, full=lambda c: c.person.id_number, width=22
        ),
        Column("保障项目", lambda c: c.plan.name, width=22),
        Column("出险日期", lambda c: fmt_date(c.event_date), width=12),
        # 测算 until a reviewer has confirmed the amount (审核), 核定 from then on.
        Column("互助金", lambda c: c.amount_text, width=22, css="text-end"),
        Column("状态", lambda c: c.get_status_display(), width=16),
        Column("受理日期", lambda c: fmt_date(c.accepted_on), width=12),
        Column("支付日期", lambda c: fmt_date(c.paid_on), width=12),
        Column("所属工会", lambda c: c.org.name, width=24),
    ]


class BillTable(Table):
    model_label = "mutual_aid.contribution"
    url_name = "mutual_aid:bill_detail"
    columns = [
        Column("缴费单位", lambda b: b.employer.name if b.employer else b.org.name, width=28),
        Column("保障项目", lambda b: str(b.plan), width=26),
        Column("人数", lambda b: b.headcount, width=8, css="text-end"),
        money("应缴", "amount_due", width=14),
        money("单位承担", "unit_share", width=14),
        money("工会承担", "union_share", width=14),
        money("已缴", "amount_paid", width=14),
        money("差额", "balance", width=14),
        Column("状态", lambda b: b.get_status_display(), width=8),
    ]
