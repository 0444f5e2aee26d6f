"""Status reports are append-only in the database too, whatever writes to it.

roadmap_statusreport_append_only (BEFORE UPDATE OR DELETE):
    what was reported never changes: every column but the review's (`review`,
    `reviewed_by_id`, `reviewed_at`, `review_note`) stays as submitted. The review
    columns are written once, while the report is pending (a mentor approves or returns
    it); after that the row is fixed. A report is never deleted; a correction is a new
    report that `corrects` the old one. An UPDATE that changes nothing passes.

The trigger compares whole rows (to_jsonb minus the review columns), so a column added
later is fixed too without touching it. Violations raise IntegrityError (SQLSTATE 23000).

PostgreSQL only, the database of production and CI; on SQLite (the demo default) this
migration does nothing and the services' rules stand alone. SQLite rebuilds a table for
most ALTERs, which drops its triggers silently, and Django empties SQLite tables with
DELETE between transactional tests (PostgreSQL truncates, which row triggers do not
see). Tests marked `postgres` in tests/roadmap/test_report_triggers.py hold it.
"""

from django.db import migrations

REVIEW = ["review", "reviewed_by_id", "reviewed_at", "review_note"]

POSTGRESQL = """
CREATE OR REPLACE FUNCTION roadmap_statusreport_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'roadmap_statusreport_append_only: status report % cannot be deleted', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (to_jsonb(NEW) - '{review}'::text[]) IS DISTINCT FROM (to_jsonb(OLD) - '{review}'::text[]) THEN
        RAISE EXCEPTION 'roadmap_statusreport_append_only: status report % cannot change; a correction is a new report',
            OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.review <> 'pending' AND ({new_review}) IS DISTINCT FROM ({old_review}) THEN
        RAISE EXCEPTION 'roadmap_statusreport_append_only: status report % was already reviewed (%)', OLD.id, OLD.review
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS roadmap_statusreport_append_only ON roadmap_statusreport;
CREATE TRIGGER roadmap_statusreport_append_only BEFORE UPDATE OR DELETE ON roadmap_statusreport
    FOR EACH ROW EXECUTE FUNCTION roadmap_statusreport_append_only();
"""

POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS roadmap_statusreport_append_only ON roadmap_statusreport;
DROP FUNCTION IF EXISTS roadmap_statusreport_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        sql = (
            POSTGRESQL.replace("{review}", "{" + ",".join(REVIEW) + "}")
            .replace("{new_review}", ", ".join(f"NEW.{column}" for column in REVIEW))
            .replace("{old_review}", ", ".join(f"OLD.{column}" for column in REVIEW))
        )
        schema_editor.execute(sql, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE, params=None)


class Migration(migrations.Migration):

    dependencies = [("roadmap", "0010_choice_progress_level_constraints")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
