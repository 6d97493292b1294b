"""Runs recorded the planner's status in English in their message (“（optimal）”); the pages
show Chinese only."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace

WORDS = {"（optimal）": "（最优）", "（feasible）": "（可行）"}


def forwards(apps, schema_editor):
    SelectionRun = apps.get_model("recuperation", "SelectionRun")
    for english, chinese in WORDS.items():
        SelectionRun.objects.filter(message__contains=english).update(
            message=Replace("message", Value(english), Value(chinese))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("recuperation", "0005_stamped_bases"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
