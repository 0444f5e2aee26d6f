"""Fill the programmes' status counts from their implementations when the table is created."""

from django.db import migrations

FILL = """
INSERT INTO {rollup} (programme_id, status, "count")
SELECT programme_id, status, COUNT(*) FROM {implementation}
GROUP BY programme_id, status
"""


def fill(apps, schema_editor):
    tables = {
        name: apps.get_model("roadmap", model)._meta.db_table
        for name, model in (("rollup", "ProgrammeStatusRollup"), ("implementation", "Implementation"))
    }
    schema_editor.execute(FILL.format(**tables))


def empty(apps, schema_editor):
    apps.get_model("roadmap", "ProgrammeStatusRollup").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0016_add_programme_status_rollup")]

    operations = [migrations.RunPython(fill, empty)]
