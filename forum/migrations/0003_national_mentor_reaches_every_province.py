"""A national forum's mentor decree reaches every province (as signing now writes it).

Signed mentor decrees of the national forum got mentorships for their annex BLK-Ks only.
Each one gets a mentorship per province with the decree's period; a decree already ended
(superseded or revoked) ends them on the day its other mentorships ended.
"""

from django.db import migrations


def reach_every_province(apps, schema_editor):
    Decree = apps.get_model("forum", "Decree")
    Mentorship = apps.get_model("registry", "Mentorship")
    Province = apps.get_model("registry", "Province")
    provinces = list(Province.objects.order_by("code").values_list("code", flat=True))
    decrees = Decree.objects.filter(kind="mentor", forum__kind="national", centre__isnull=False).exclude(status="draft")
    for decree in decrees:
        rows = Mentorship.objects.filter(source=decree.number)
        ended = rows.exclude(ended_on__isnull=True).order_by("ended_on").values_list("ended_on", flat=True).first()
        if decree.status != "signed" and ended is None:
            continue  # Ended without a record of when: nothing to reach.
        have = set(rows.exclude(province__isnull=True).values_list("province_id", flat=True))
        Mentorship.objects.bulk_create(
            Mentorship(
                centre_id=decree.centre_id,
                province_id=code,
                starts_on=decree.effective_from,
                ends_on=decree.effective_until,
                ended_on=ended,
                source=decree.number,
            )
            for code in provinces
            if code not in have
        )


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0002_order_national_forum_first"),
        ("registry", "0003_blkk_name_index"),
    ]

    operations = [migrations.RunPython(reach_every_province, migrations.RunPython.noop)]
