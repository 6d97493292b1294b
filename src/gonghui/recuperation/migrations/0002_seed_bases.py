"""The bases named in the seed articles [seed 002, 003, 004]."""

from django.db import migrations

BASES = [
    ("新疆工人疗养院", "新疆维吾尔自治区乌鲁木齐市", 40, "疗养、健康体检、理疗康复", "[seed 002]"),
    ("宁波工人疗养院", "浙江省宁波市", 40, "疗养、健康体检、理疗康复、学习交流", "[seed 002]"),
    ("陕西省工人疗养院", "陕西省西安市临潼区", 40, "疗养、健康体检、理疗康复", "[seed 003]"),
    ("上坝河劳模疗休养基地", "安康市宁陕县上坝河", 40,
     "安康首个劳模疗休养基地：森林康养、红色教育、劳模座谈", "[seed 003]"),
    ("岚皋县劳模疗休养基地", "安康市岚皋县", 40, "景区免费门票、生态康养", "[seed 004]"),
]


def seed(apps, schema_editor):
    Base = apps.get_model("recuperation", "Base")
    for name, place, capacity, services, _source in BASES:
        Base.objects.get_or_create(
            name=name, defaults={"place": place, "capacity": capacity, "services": services}
        )


def unseed(apps, schema_editor):
    Base = apps.get_model("recuperation", "Base")
    Base.objects.filter(name__in=[b[0] for b in BASES], batches__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("recuperation", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
