"""Count the BLK-Ks into the province tallies when the tables are created."""

from django.db import migrations

FILL = [
    """
    INSERT INTO {province_tally} (province_id, host_type_id, level, status, count)
    SELECT g.province_id, b.host_type_id, b.level, b.status, COUNT(*)
    FROM {blkk} b JOIN {regency} g ON g.code = b.regency_id
    GROUP BY g.province_id, b.host_type_id, b.level, b.status
    """,
    """
    INSERT INTO {field_tally} (province_id, field_id, level, count)
    SELECT g.province_id, f.vocationalfield_id, b.level, COUNT(*)
    FROM {blkk} b JOIN {regency} g ON g.code = b.regency_id LEFT JOIN {blkk_fields} f ON f.blkk_id = b.id
    GROUP BY g.province_id, f.vocationalfield_id, b.level
    """,
]


def fill(apps, schema_editor):
    blkk = apps.get_model("registry", "Blkk")
    tables = {
        "province_tally": apps.get_model("registry", "ProvinceTally")._meta.db_table,
        "field_tally": apps.get_model("registry", "FieldTally")._meta.db_table,
        "blkk": blkk._meta.db_table,
        "blkk_fields": blkk.vocational_fields.through._meta.db_table,
        "regency": apps.get_model("registry", "Regency")._meta.db_table,
    }
    for statement in FILL:
        schema_editor.execute(statement.format(**tables))


def empty(apps, schema_editor):
    for model in ("ProvinceTally", "FieldTally"):
        apps.get_model("registry", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_add_blkk_tallies")]

    operations = [migrations.RunPython(fill, empty)]
