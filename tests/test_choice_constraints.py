"""Every field with choices holds one of them in the database, not only in forms.

Two checks for each CharField or IntegerField with choices on the models of registry,
forum and roadmap: a named CheckConstraint lists exactly the field's choices (so the two
cannot drift apart when a choice is added), and an INSERT of a value outside them fails
with IntegrityError naming that constraint. And every constraint of those apps has a
message that a form can show.
"""

import datetime

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction

from registry.models import Blkk, FieldTally, ProvinceTally
from roadmap.models import Classification, LevelRollup, ProgrammeStatusRollup
from tests.factories import (
    BlkkFactory,
    BoardPositionFactory,
    DecreeFactory,
    ForumFactory,
    ImplementationFactory,
    MeetingFactory,
    ProgrammeFactory,
    ReportingPeriodFactory,
    RoadmapFactory,
    StatusReportFactory,
    UserFactory,
    centre,
    regency,
)

BOGUS = "bogus"
APPS = ["registry", "forum", "roadmap"]
# Values a field's choices offer that its constraint deliberately refuses.
REFUSED = {("roadmap", "Classification", "level"): {Blkk.Level.UNCLASSIFIED.value}}


def _choice_fields():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.concrete_fields:
                if field.choices and isinstance(field, models.CharField | models.IntegerField):
                    yield pytest.param(model, field, id=f"{model._meta.label}.{field.name}")


CHOICE_FIELDS = list(_choice_fields())


def in_lookups(condition, field_name):
    """Every value list of a `<field>__in` lookup anywhere in the Q tree."""
    for child in condition.children:
        if isinstance(child, models.Q):
            yield from in_lookups(child, field_name)
        elif child[0] == f"{field_name}__in":
            yield child[1]


def constraint_for(model, field):
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            for values in in_lookups(constraint.condition, field.name):
                return constraint, set(values)
    return None, None


@pytest.mark.parametrize(("model", "field"), CHOICE_FIELDS)
def test_a_constraint_lists_exactly_the_fields_choices(model, field):
    constraint, values = constraint_for(model, field)

    assert constraint is not None, f"{model._meta.label}.{field.name} has choices but no CheckConstraint"
    refused = REFUSED.get((model._meta.app_label, model.__name__, field.name), set())
    assert values == {value for value, _label in field.flatchoices} - refused
    assert constraint.name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_")


def test_every_main_model_with_choices_is_covered():
    covered = {param.id for param in CHOICE_FIELDS}

    assert covered == {f"{label}.{field}" for label, field in INSERTS}


def spreadsheet_import(**values):
    return apps.get_model("registry", "SpreadsheetImport").objects.create(
        file_name="blkk.xlsx", sha256="0" * 64, user=UserFactory(), plan_digest="0" * 64, **values
    )


# How to insert a row with `value` in the field: each is otherwise valid, so the one
# constraint that fails is the field's own. (A forum's kind is also read by
# forum_forum_province_matches_kind, which any value but the two kinds breaks as well.)
INSERTS = {
    ("registry.Regency", "kind"): lambda value: apps.get_model("registry", "Regency").objects.create(
        code="73.99", province_id="73", name="Kota Uji", kind=value, population=1, area_km2=1
    ),
    ("registry.TrainingCentre", "kind"): lambda value: apps.get_model("registry", "TrainingCentre").objects.create(
        name="Balai Uji", kind=value, regency=regency(), parent=centre()
    ),
    ("registry.Blkk", "status"): lambda value: BlkkFactory(status=value),
    ("registry.Blkk", "accreditation"): lambda value: BlkkFactory(accreditation=value),
    ("registry.Blkk", "level"): lambda value: BlkkFactory(level=value),
    ("forum.Forum", "kind"): lambda value: ForumFactory(kind=value),
    ("forum.BoardPosition", "role"): lambda value: BoardPositionFactory(role=value),
    ("forum.Meeting", "kind"): lambda value: MeetingFactory(kind=value),
    ("forum.Decree", "kind"): lambda value: DecreeFactory(kind=value),
    ("forum.Decree", "status"): lambda value: DecreeFactory(
        status=value, signed_sha256="0" * 64, signed_on=datetime.date(2021, 12, 20)
    ),
    ("forum.Decree", "e_signature"): lambda value: DecreeFactory(e_signature=value),
    ("registry.SpreadsheetImport", "kind"): lambda value: spreadsheet_import(kind=value),
    ("registry.SpreadsheetImport", "status"): lambda value: spreadsheet_import(status=value),
    ("roadmap.Roadmap", "status"): lambda value: RoadmapFactory(status=value),
    ("roadmap.Programme", "participation"): lambda value: ProgrammeFactory(participation=value),
    ("roadmap.Implementation", "status"): lambda value: ImplementationFactory(status=value),
    ("roadmap.Implementation", "approved_status"): lambda value: ImplementationFactory(approved_status=value),
    ("roadmap.StatusReport", "status"): lambda value: StatusReportFactory(status=value),
    ("roadmap.ProgrammeStatusRollup", "status"): lambda value: ProgrammeStatusRollup.objects.create(
        programme=ProgrammeFactory(), status=value, count=1
    ),
    ("roadmap.StatusReport", "review"): lambda value: StatusReportFactory(review=value),
    ("registry.ProvinceTally", "level"): lambda value: ProvinceTally.objects.create(
        province_id="73", host_type=BlkkFactory().host_type, level=value, status=Blkk.Status.ACTIVE, count=1
    ),
    ("registry.ProvinceTally", "status"): lambda value: ProvinceTally.objects.create(
        province_id="73", host_type=BlkkFactory().host_type, level=Blkk.Level.TUMBUH, status=value, count=1
    ),
    ("registry.FieldTally", "level"): lambda value: FieldTally.objects.create(province_id="73", level=value, count=1),
    ("roadmap.LevelRollup", "level"): lambda value: LevelRollup.objects.create(
        period=ReportingPeriodFactory(), level=value, count=1
    ),
    ("roadmap.Classification", "level"): lambda value: Classification.objects.create(
        blkk=BlkkFactory(), level=value, assessed_on=datetime.date(2024, 1, 1), assessor=UserFactory(), evidence="-"
    ),
}
ALSO_BROKEN = {
    ("forum.Forum", "kind"): {"forum_forum_province_matches_kind"},
    # Any status but "checked" also needs the time of the import.
    ("registry.SpreadsheetImport", "status"): {"registry_spreadsheetimport_imported_has_time"},
}


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field"), CHOICE_FIELDS)
def test_a_value_outside_the_choices_is_refused_by_the_database(model, field):
    key = (model._meta.label, field.name)
    constraint, _values = constraint_for(model, field)
    # "Z" for the one-letter accreditation; "unclassified" is a choice that an assessment refuses.
    values = ["Z" if field.max_length == 1 else BOGUS]
    values += REFUSED.get((model._meta.app_label, model.__name__, field.name), set())

    for value in values:
        with pytest.raises(IntegrityError) as error, transaction.atomic():
            INSERTS[key](value)
        names = {constraint.name} | ALSO_BROKEN.get(key, set())
        assert any(name in str(error.value) for name in names), (value, str(error.value))


@pytest.mark.parametrize(
    "constraint",
    [
        pytest.param(constraint, id=constraint.name)
        for label in APPS
        for model in apps.get_app_config(label).get_models()
        for constraint in model._meta.constraints
    ],
)
def test_every_constraints_message_can_be_shown(constraint):
    """Django formats the message with %(name)s: a bare % (as in "100%") would turn a form error into a 500."""
    message = str(constraint.get_violation_error_message())

    assert message and "%" not in message.replace("100%", "").replace("0%", "")
