"""Change reasons in registry's history tables: old sentences a workflow wrote become codes.

A sentence in English or Indonesian that a workflow wrote (blkk_portal.legacy_reasons
lists them) becomes its code, so each reader sees it in their own language; text a
person typed, and anything not recognised, stays as it is. Backwards, codes become their
English sentences again.
"""

from django.db import migrations

from blkk_portal import legacy_reasons


def to_codes(apps, schema_editor):
    legacy_reasons.to_codes(apps, "registry")


def to_sentences(apps, schema_editor):
    legacy_reasons.to_sentences(apps, "registry")


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_more_choice_constraints")]

    operations = [migrations.RunPython(to_codes, to_sentences, elidable=True)]
