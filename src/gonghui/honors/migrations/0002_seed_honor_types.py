"""Seed the honor catalog with the titles of domain.md §1 [seed 001, 003, 004]."""

from django.db import migrations

# (name, level 1 national … 5 other, category, collective)
TITLES = [
    ("全国劳动模范", 1, "model_worker", False),
    ("全国先进工作者", 1, "advanced_worker", False),
    ("全国五一劳动奖章", 1, "may_day_medal", False),
    ("陕西省劳动模范", 2, "model_worker", False),
    ("陕西省先进工作者", 2, "advanced_worker", False),
    ("陕西省五一劳动奖章", 2, "may_day_medal", False),
    ("三秦工匠", 2, "craftsman", False),
    ("安康市劳动模范", 3, "model_worker", False),
    ("安康市先进工作者", 3, "advanced_worker", False),
    ("安康市五一劳动奖章", 3, "may_day_medal", False),
    ("金州工匠", 3, "craftsman", False),
    ("县级劳动模范", 4, "model_worker", False),
    ("旬阳市劳动模范", 4, "model_worker", False),
    ("全国技术能手", 5, "other", False),
    ("全国最美职工", 5, "other", False),
    ("技术能手", 5, "other", False),
    ("全国工人先锋号", 1, "collective", True),
    ("全国五一劳动奖状", 1, "collective", True),
    ("陕西省先进集体", 2, "collective", True),
    ("陕西省五一劳动奖状", 2, "collective", True),
    ("安康市先进集体", 3, "collective", True),
    ("安康市工人先锋号", 3, "collective", True),
    ("安康市五一劳动奖状", 3, "collective", True),
]


def seed(apps, schema_editor):
    HonorType = apps.get_model("honors", "HonorType")
    for i, (name, level, category, collective) in enumerate(TITLES):
        HonorType.objects.get_or_create(
            name=name,
            defaults={"level": level, "category": category, "collective": collective, "sort": i + 1},
        )


def unseed(apps, schema_editor):
    HonorType = apps.get_model("honors", "HonorType")
    HonorType.objects.filter(name__in=[t[0] for t in TITLES], honors__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("honors", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
