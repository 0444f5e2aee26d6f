"""Mentorship.source: from the text of a decree number to a foreign key to the decree.

1. The text column is renamed `legacy_source`.
2. A nullable foreign key `source` to forum.Decree is added.
3. Each distinct text is matched to a decree: by its exact number; else by the number
   with spaces removed and letters in upper case, when that names one decree; else, when
   the text is all digits, by the decree's id (a decree number always has slashes, so
   the two cannot be confused). A matched row gets `source` and an empty `legacy_source`.
4. Rows that match nothing are kept as they are, with their text in `legacy_source`
   (an empty text becomes "(none recorded)"): they keep granting the access they
   granted, nothing is lost, and the migration lists them. The admin finds them by an
   empty "source decree"; the plan for each is to enter the decree it came from and point
   the row at it, or to end the row (`ended_on`) if no decree stands behind it.
5. The constraint registry_mentorship_names_its_source: every row names exactly one of
   `source` and `legacy_source`; the decree workflow always sets `source`.

Backwards, each row gets its decree's number back as text.

The registry's code never imports the forum app; this migration (and the lazy
"forum.Decree" reference) is the only place the registry names it.
"""

import re
from collections import Counter

import django.db.models.deletion
from django.db import migrations, models

NONE_RECORDED = "(none recorded)"


def _normal(text):
    return re.sub(r"\s+", "", text or "").upper()


def _settle_foreign_keys(schema_editor):
    """Foreign keys are checked at commit; check the updated rows' now, or PostgreSQL
    refuses the ALTER TABLE of the next operation ("pending trigger events")."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def match_decrees(apps, schema_editor):
    Mentorship = apps.get_model("registry", "Mentorship")
    Decree = apps.get_model("forum", "Decree")
    db = schema_editor.connection.alias
    decrees = list(Decree.objects.using(db).values_list("pk", "number"))
    by_number = {number: pk for pk, number in decrees}
    by_normal = {}
    for pk, number in decrees:
        by_normal.setdefault(_normal(number), set()).add(pk)
    ids = {pk for pk, _number in decrees}

    def decree_for(text):
        if text in by_number:
            return by_number[text]
        candidates = by_normal.get(_normal(text), set())
        if len(candidates) == 1:
            return next(iter(candidates))
        stripped = (text or "").strip()
        if stripped.isdigit() and int(stripped) in ids:
            return int(stripped)
        return None

    rows = Mentorship.objects.using(db)
    unmatched = Counter()
    for text in rows.values_list("legacy_source", flat=True).distinct().order_by("legacy_source"):
        decree_id = decree_for(text)
        if decree_id is not None:
            rows.filter(legacy_source=text).update(source_id=decree_id, legacy_source="")
        else:
            unmatched[text or NONE_RECORDED] = rows.filter(legacy_source=text).count()
    rows.filter(source__isnull=True, legacy_source="").update(legacy_source=NONE_RECORDED)
    _settle_foreign_keys(schema_editor)
    if unmatched:
        print(
            f"\n  registry.Mentorship: {sum(unmatched.values())} row(s) name no decree on record and keep "
            "their reference in legacy_source (see this migration's docstring for what to do):"
        )
        for text, count in unmatched.most_common():
            print(f"    {text!r}: {count}")


def numbers_back(apps, schema_editor):
    Mentorship = apps.get_model("registry", "Mentorship")
    db = schema_editor.connection.alias
    rows = Mentorship.objects.using(db)
    for decree_id, number in rows.filter(source__isnull=False).values_list("source_id", "source__number").distinct():
        rows.filter(source_id=decree_id).update(legacy_source=number)
    _settle_foreign_keys(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("forum", "0003_national_mentor_reaches_every_province"),
        ("registry", "0005_choice_and_range_constraints"),
    ]

    operations = [
        migrations.RenameField(model_name="mentorship", old_name="source", new_name="legacy_source"),
        migrations.AlterField(
            model_name="mentorship",
            name="legacy_source",
            field=models.CharField(
                blank=True,
                help_text="The decree reference of an older row that matched no decree on record.",
                max_length=120,
                verbose_name="source (unmatched reference)",
            ),
        ),
        migrations.AddField(
            model_name="mentorship",
            name="source",
            field=models.ForeignKey(
                blank=True,
                help_text="The decree that made it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="mentorships",
                to="forum.decree",
                verbose_name="source decree",
            ),
        ),
        migrations.RunPython(match_decrees, numbers_back, elidable=False),
        migrations.AddConstraint(
            model_name="mentorship",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("legacy_source", ""), ("source__isnull", False)),
                    models.Q(("source__isnull", True), models.Q(("legacy_source", ""), _negated=True)),
                    _connector="OR",
                ),
                name="registry_mentorship_names_its_source",
                violation_error_message="A mentorship names the decree that made it.",
            ),
        ),
    ]
