"""PostgreSQL: byte-order ("C") collation on the searched name columns.

With the database's default collation a `LIKE 'zhang%'` prefix cannot use the ordered
(name_pinyin, id) index, so the first page of a search scanned and filtered the table. With "C"
one index range serves both the prefix and the order. SQLite already compares bytewise.
Note: a later AlterField on these columns would reset the collation — repeat this then.
"""

from django.db import migrations

COLUMNS = [("name", 40), ("name_pinyin", 120), ("name_initials", 40)]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    alters = ", ".join(
        f'ALTER COLUMN {col} TYPE varchar({size}) COLLATE "C"' for col, size in COLUMNS
    )
    schema_editor.execute(f"ALTER TABLE core_person {alters}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    alters = ", ".join(
        f'ALTER COLUMN {col} TYPE varchar({size}) COLLATE "default"' for col, size in COLUMNS
    )
    schema_editor.execute(f"ALTER TABLE core_person {alters}")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
