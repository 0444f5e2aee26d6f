"""Load provinces, regencies, training centres and the reference tables from registry/data."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def rows(name):
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def decimal_or_none(text):
    return Decimal(text) if text.strip() else None


def load(apps, schema_editor):
    Province = apps.get_model("registry", "Province")
    Regency = apps.get_model("registry", "Regency")
    TrainingCentre = apps.get_model("registry", "TrainingCentre")
    VocationalField = apps.get_model("registry", "VocationalField")
    HostInstitutionType = apps.get_model("registry", "HostInstitutionType")

    Province.objects.bulk_create(
        Province(code=r["code"], name=r["name"].strip(), population=int(r["population"]), area_km2=decimal_or_none(r["area_km2"]))
        for r in rows("provinces.csv")
    )
    Regency.objects.bulk_create(
        Regency(
            code=r["code"],
            province_id=r["province_code"],
            name=r["name"].strip(),
            kind=r["kind"],
            population=int(r["population"]),
            area_km2=decimal_or_none(r["area_km2"]),
        )
        for r in rows("regencies.csv")
    )
    TrainingCentre.objects.bulk_create(
        TrainingCentre(name=r["name"], kind=r["kind"], former_name=r["former_name"], regency_id=r["regency_code"])
        for r in rows("training_centres.csv")
    )
    for model, filename in ((VocationalField, "vocational_fields.csv"), (HostInstitutionType, "host_institution_types.csv")):
        model.objects.bulk_create(
            model(code=r["code"], name=r["name_id"], name_en=r["name_en"]) for r in rows(filename)
        )


def unload(apps, schema_editor):
    for name in ("TrainingCentre", "Regency", "Province", "VocationalField", "HostInstitutionType"):
        apps.get_model("registry", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
