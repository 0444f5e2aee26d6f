"""Count every roadmap's periods into the national level rollup when the table is created."""

from django.db import migrations

# roadmap.levels.LEVEL_TREND for every BLK-K, as it stood when the table was created.
FILL = """
INSERT INTO {rollup} (period_id, level, count)
WITH assessed AS (
    SELECT c.level, c.assessed_on,
           LEAD(c.assessed_on) OVER (PARTITION BY c.blkk_id ORDER BY c.assessed_on, c.id) AS next_on
    FROM {classification} c
), changes AS (
    SELECT assessed_on AS day, level, 1 AS delta FROM assessed
    UNION ALL
    SELECT next_on AS day, level, -1 AS delta FROM assessed WHERE next_on IS NOT NULL
), daily AS (
    SELECT day, level, SUM(delta) AS delta FROM changes GROUP BY day, level
)
SELECT p.id, d.level, CAST(SUM(d.delta) AS INTEGER)
FROM {period} p JOIN daily d ON d.day <= p.ends_on
GROUP BY p.id, d.level
HAVING SUM(d.delta) <> 0
"""


def fill(apps, schema_editor):
    tables = {
        name: apps.get_model("roadmap", model)._meta.db_table
        for name, model in (
            ("rollup", "LevelRollup"),
            ("classification", "Classification"),
            ("period", "ReportingPeriod"),
        )
    }
    schema_editor.execute(FILL.format(**tables))


def empty(apps, schema_editor):
    apps.get_model("roadmap", "LevelRollup").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0020_add_level_rollups")]

    operations = [migrations.RunPython(fill, empty)]
