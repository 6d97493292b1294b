# Person.id_converted: registered from an old 15-digit ID number.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_accounts"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="id_converted",
            field=models.BooleanField(default=False, editable=False, verbose_name="由15位号码转换"),
        ),
    ]
