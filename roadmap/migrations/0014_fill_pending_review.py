"""Fill the review queue's table from the reports waiting for review when it is created."""

from django.db import migrations

FILL = """
INSERT INTO {pending} (report_id, blkk_id, programme_id, period_id, submitted_at)
SELECT r.id, i.blkk_id, i.programme_id, r.period_id, r.submitted_at
FROM {report} r JOIN {implementation} i ON i.id = r.implementation_id
WHERE r.review = 'pending'
"""


def fill(apps, schema_editor):
    tables = {
        name: apps.get_model("roadmap", model)._meta.db_table
        for name, model in (("pending", "PendingReview"), ("report", "StatusReport"), ("implementation", "Implementation"))
    }
    schema_editor.execute(FILL.format(**tables))


def empty(apps, schema_editor):
    apps.get_model("roadmap", "PendingReview").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0013_add_pending_review")]

    operations = [migrations.RunPython(fill, empty)]
