"""A signed decree is fixed in the database too, whatever writes to it; and its annex.

forum_decree_signed_is_fixed (BEFORE UPDATE OR DELETE of a decree):
    the status moves draft → signed → superseded or revoked, never back. Once a decree
    is no longer a draft, only `status`, `updated_at` and the revocation record
    (`revoked_on`, `revocation_reason`, `revoking_number`, `revoked_by_id`) may change,
    the revocation record only in the step signed → revoked; and it cannot be deleted.

forum_decree_annex_checked (BEFORE INSERT, UPDATE OR DELETE of an annex row):
    the annex of a decree that is no longer a draft gains and loses no BLK-K, and a
    provincial forum's decree annexes only BLK-Ks of that province. A BLK-K or forum that
    moves province later does not reopen its annexes: they are the signed record.

The triggers compare whole rows (to_jsonb minus the mutable columns), so a column added
later is fixed too without touching them. Violations raise IntegrityError (SQLSTATE 23000).

PostgreSQL only, the database of production and CI; on SQLite (the demo default) this
migration does nothing and the model's guards stand alone. SQLite triggers were tried and
left out: SQLite rebuilds a table for most ALTERs, which drops that table's triggers
silently and makes a trigger that names another table (the annex check reads BLK-Ks,
regencies and forums) fail the rebuild of that table; and Django empties SQLite tables
with DELETE between transactional tests (PostgreSQL truncates, which row triggers do not
see). Tests marked `postgres` in tests/forum/test_decree_triggers.py hold them.
"""

from django.db import migrations

MUTABLE = ["status", "updated_at", "revoked_on", "revocation_reason", "revoking_number", "revoked_by_id"]
REVOCATION = ["revoked_on", "revocation_reason", "revoking_number", "revoked_by_id"]

POSTGRESQL = """
CREATE OR REPLACE FUNCTION forum_decree_signed_is_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'forum_decree_signed_is_fixed: decree % is %, and cannot be deleted', OLD.number, OLD.status
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'draft' THEN
        IF NEW.status NOT IN ('draft', 'signed') THEN
            RAISE EXCEPTION 'forum_decree_signed_is_fixed: a draft is signed before it can be %', NEW.status
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF (to_jsonb(NEW) - '{mutable}'::text[]) IS DISTINCT FROM (to_jsonb(OLD) - '{mutable}'::text[]) THEN
        RAISE EXCEPTION 'forum_decree_signed_is_fixed: decree % is % and its content cannot change', OLD.number, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NOT (NEW.status = OLD.status OR (OLD.status = 'signed' AND NEW.status IN ('superseded', 'revoked'))) THEN
        RAISE EXCEPTION 'forum_decree_signed_is_fixed: decree % cannot go from % to %', OLD.number, OLD.status, NEW.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NOT (OLD.status = 'signed' AND NEW.status = 'revoked')
       AND ({new_revocation}) IS DISTINCT FROM ({old_revocation}) THEN
        RAISE EXCEPTION 'forum_decree_signed_is_fixed: decree % records a revocation only when it is revoked', OLD.number
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS forum_decree_signed_is_fixed ON forum_decree;
CREATE TRIGGER forum_decree_signed_is_fixed BEFORE UPDATE OR DELETE ON forum_decree
    FOR EACH ROW EXECUTE FUNCTION forum_decree_signed_is_fixed();

CREATE OR REPLACE FUNCTION forum_decree_annex_checked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    decree_status text;
    forum_province text;
    blkk_province text;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT status INTO decree_status FROM forum_decree WHERE id = OLD.decree_id;
        IF decree_status IS NOT NULL AND decree_status <> 'draft' THEN
            RAISE EXCEPTION 'forum_decree_annex_checked: the annex of a % decree cannot change', decree_status
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
    END IF;
    SELECT d.status, f.province_id INTO decree_status, forum_province
        FROM forum_decree d JOIN forum_forum f ON f.id = d.forum_id WHERE d.id = NEW.decree_id;
    IF decree_status <> 'draft' THEN
        RAISE EXCEPTION 'forum_decree_annex_checked: the annex of a % decree cannot change', decree_status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF forum_province IS NOT NULL THEN
        SELECT g.province_id INTO blkk_province
            FROM registry_blkk b JOIN registry_regency g ON g.code = b.regency_id WHERE b.id = NEW.blkk_id;
        IF blkk_province IS DISTINCT FROM forum_province THEN
            RAISE EXCEPTION 'forum_decree_annex_checked: BLK-K % is not in province %, the forum''s',
                NEW.blkk_id, forum_province USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS forum_decree_annex_checked ON forum_decree_annex_blkks;
CREATE TRIGGER forum_decree_annex_checked BEFORE INSERT OR UPDATE OR DELETE ON forum_decree_annex_blkks
    FOR EACH ROW EXECUTE FUNCTION forum_decree_annex_checked();
"""

POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS forum_decree_annex_checked ON forum_decree_annex_blkks;
DROP FUNCTION IF EXISTS forum_decree_annex_checked();
DROP TRIGGER IF EXISTS forum_decree_signed_is_fixed ON forum_decree;
DROP FUNCTION IF EXISTS forum_decree_signed_is_fixed();
"""

def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        sql = (
            POSTGRESQL.replace("{mutable}", "{" + ",".join(MUTABLE) + "}")
            .replace("{new_revocation}", ", ".join(f"NEW.{column}" for column in REVOCATION))
            .replace("{old_revocation}", ", ".join(f"OLD.{column}" for column in REVOCATION))
        )
        schema_editor.execute(sql, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("forum", "0006_choice_constraints"),
        ("registry", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
