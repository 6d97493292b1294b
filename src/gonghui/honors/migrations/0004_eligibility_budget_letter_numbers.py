"""Year rules for who keeps the 劳模礼遇; budget line, payment date and voucher of subsidy lists;
unique 安工诉函 numbers from a per-year counter."""

import re

from django.db import migrations, models
from django.utils import timezone

DEFAULT_BUDGET_LINE = "工会经费—劳模慰问补助"
LEGACY_VOUCHER = "（历史记录，未登记凭证号）"
LETTER = re.compile(r"〔(\d{4})〕(\d+)号")


def backfill(apps, schema_editor):
    """Paid lists get their date and a marked voucher; duplicate letter numbers are renumbered;
    each year's counter starts after the highest number already given."""
    SubsidyList = apps.get_model("honors", "SubsidyList")
    Demand = apps.get_model("honors", "Demand")
    DemandStep = apps.get_model("honors", "DemandStep")
    Counter = apps.get_model("honors", "DemandLetterCounter")
    for sl in SubsidyList.objects.filter(status="paid"):
        sl.paid_on = timezone.localtime(sl.paid_at or sl.approved_at or sl.made_at).date()
        sl.voucher_number = sl.voucher_number or LEGACY_VOUCHER
        sl.save(update_fields=["paid_on", "voucher_number"])
    last: dict[int, int] = {}
    seen: set[str] = set()
    duplicates = []
    for d in Demand.objects.exclude(letter_number="").order_by("referred_on", "id"):
        m = LETTER.search(d.letter_number)
        if m:
            year, seq = int(m.group(1)), int(m.group(2))
            last[year] = max(last.get(year, 0), seq)
        if d.letter_number in seen:
            duplicates.append(d)
        seen.add(d.letter_number)
    for d in duplicates:
        year = d.referred_on.year if d.referred_on else int(LETTER.search(d.letter_number).group(1))
        last[year] = last.get(year, 0) + 1
        old, d.letter_number = d.letter_number, f"安工诉函〔{year}〕{last[year]}号"
        d.save(update_fields=["letter_number"])
        DemandStep.objects.create(
            demand=d,
            status=d.status,
            on=d.referred_on or d.filed_on,
            note=f"联系函编号{old}与其他诉求重复，更正为{d.letter_number}",
            due_date=d.due_date,
        )
    for year, n in last.items():
        Counter.objects.update_or_create(year=year, defaults={"last": n})


class Migration(migrations.Migration):

    dependencies = [
        ("honors", "0003_visittask_created_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="yearrules",
            name="care_min_level",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "国家级"), (2, "省级"), (3, "市级"), (4, "县级"), (5, "其他")],
                default=5,
                verbose_name="享受礼遇的最低劳模级别",
            ),
        ),
        migrations.AddField(
            model_name="yearrules",
            name="retirees_eligible",
            field=models.BooleanField(default=True, verbose_name="退休劳模继续享受礼遇"),
        ),
        migrations.AddField(
            model_name="yearrules",
            name="achievement_visit_years",
            field=models.PositiveSmallIntegerField(
                default=1, verbose_name="新获荣誉走访：授予年度距今不超过（年）"
            ),
        ),
        migrations.AddField(
            model_name="subsidylist",
            name="budget_line",
            field=models.CharField(
                default=DEFAULT_BUDGET_LINE, max_length=100, verbose_name="预算科目"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="subsidylist",
            name="budget_amount",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=12,
                null=True,
                verbose_name="预算金额（元）",
            ),
        ),
        migrations.AddField(
            model_name="subsidylist",
            name="paid_on",
            field=models.DateField(blank=True, null=True, verbose_name="发放日期"),
        ),
        migrations.AddField(
            model_name="subsidylist",
            name="voucher_number",
            field=models.CharField(blank=True, default="", max_length=60, verbose_name="凭证号"),
        ),
        migrations.CreateModel(
            name="DemandLetterCounter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="年度")),
                ("last", models.PositiveIntegerField(default=0, verbose_name="已用至")),
            ],
            options={
                "verbose_name": "联系函编号",
                "verbose_name_plural": "联系函编号",
                "ordering": ["-year"],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="subsidylist",
            constraint=models.CheckConstraint(
                condition=models.Q(("budget_line", ""), _negated=True),
                name="subsidylist_has_budget_line",
            ),
        ),
        migrations.AddConstraint(
            model_name="subsidylist",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("budget_amount__isnull", True), ("budget_amount__gte", 0), _connector="OR"
                ),
                name="subsidylist_budget_nonneg",
            ),
        ),
        migrations.AddConstraint(
            model_name="subsidylist",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "paid"), _negated=True),
                    models.Q(
                        ("paid_on__isnull", False),
                        models.Q(("voucher_number", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="subsidylist_paid_has_date_and_voucher",
            ),
        ),
        migrations.AddConstraint(
            model_name="demand",
            constraint=models.UniqueConstraint(
                condition=models.Q(("letter_number", ""), _negated=True),
                fields=("letter_number",),
                name="demand_letter_number_unique",
            ),
        ),
    ]
