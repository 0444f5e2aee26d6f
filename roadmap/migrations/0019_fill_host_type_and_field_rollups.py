"""Fill the province sums by host type and by vocational field from the BLK-K rows when the tables are created."""

from django.db import migrations

COUNTS = [
    "running",
    "reported",
    "on_time",
    "approved",
    "pending",
    "returned",
    "stalled",
    "pending_reports",
    "not_started",
    "in_progress",
    "done",
    "blocked",
    "not_applicable",
]

FILL = """
INSERT INTO {table} (period_id, province_id, {key}, blkk_count, score_sum, score_count, {counts})
SELECT r.period_id, g.province_id, {value}, COUNT(*), COALESCE(SUM(r.score), 0), COUNT(r.score), {sums}
FROM {rollup} r JOIN {blkk} b ON b.id = r.blkk_id JOIN {regency} g ON g.code = b.regency_id {join}
GROUP BY r.period_id, g.province_id, {value}
"""


def fill(apps, schema_editor):
    blkk = apps.get_model("registry", "Blkk")
    tables = {
        "rollup": apps.get_model("roadmap", "PeriodRollup")._meta.db_table,
        "blkk": blkk._meta.db_table,
        "regency": apps.get_model("registry", "Regency")._meta.db_table,
        "counts": ", ".join(COUNTS),
        "sums": ", ".join(f"SUM(r.{name})" for name in COUNTS),
    }
    fields = blkk.vocational_fields.through._meta.db_table
    slices = [
        ("HostTypeRollup", "host_type_id", "b.host_type_id", ""),
        ("FieldRollup", "field_id", "f.vocationalfield_id", f"LEFT JOIN {fields} f ON f.blkk_id = b.id"),
    ]
    for model, key, value, join in slices:
        table = apps.get_model("roadmap", model)._meta.db_table
        schema_editor.execute(FILL.format(table=table, key=key, value=value, join=join, **tables))


def empty(apps, schema_editor):
    for model in ("HostTypeRollup", "FieldRollup"):
        apps.get_model("roadmap", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0018_add_host_type_and_field_rollups")]

    operations = [migrations.RunPython(fill, empty)]
