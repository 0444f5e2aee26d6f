"""Demo data for the roadmap: the FKN's national roadmap 2022–2026 and four years of reporting.

Builds on the registry and forum demo steps (the FKN, its Rakornas of 6–7 Dec 2021, the
mentor decrees and the 3,757 BLK-Ks). Every BLK-K takes part in about thirty programmes;
its reports follow its independence level (see `demo_reports`). Some 110,000
implementations and a quarter of a million reports are written with bulk inserts, BLK-K
by BLK-K in chunks, so memory stays flat and SQLite finishes in seconds. One seeded
Random drives every choice; when the roadmap exists already, nothing is done.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from forum.models import Forum, Meeting
from registry.models import Blkk, Mentorship, TrainingCentre

from .. import levels, rollups
from ..models import (
    Classification,
    Indicator,
    IndicatorTarget,
    Pillar,
    Programme,
    ReportingPeriod,
    Roadmap,
)
from . import content
from .reports import Storyteller
from .writer import ReportWriter, analyze, reset_sequences

SEED = 2022
CHUNK = 200  # BLK-Ks per round of inserts
BATCH = 2000
MINISTRY_ACCOUNT = "kemnaker"
# Provinces with no mentor decree in force in the forum demo: their past reports were
# reviewed by the nearest centre (inferred); the ministry account covers anything else.
NEAREST_CENTRE = {
    "65": "BPVP Samarinda",
    "75": "BPVP Ternate",
    **dict.fromkeys(["92", "93", "94", "95", "96"], "BPVP Sorong"),
}


def load():
    """Create the national roadmap with its reporting history, unless it exists; returns a summary."""
    fkn = Forum.objects.filter(kind=Forum.Kind.NATIONAL).first()
    if fkn is None:
        return "no national forum: run the forum step first"
    if Roadmap.objects.filter(forum=fkn, title=content.TITLE).exists():
        return "the national roadmap is already present"
    # One transaction: foreign keys between rows inserted together are checked at its end.
    with transaction.atomic():
        return _load(fkn)


def _load(fkn):
    rng = random.Random(SEED)
    # The story ends at the start of today, so a run on the same day draws the same rows.
    now = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    roadmap = _roadmap(fkn)
    pillars = _pillars(rng, roadmap, now)
    programmes = _programmes(pillars)
    periods = _periods(roadmap, timezone.localdate(now))
    blkks = list(
        Blkk.objects.order_by("registry_number").values("pk", "name", "level", "year_established", "in_incubator")
    )
    programmes[content.INCUBATOR_PROGRAMME].participants.set([b["pk"] for b in blkks if b["in_incubator"]])
    writer = ReportWriter(Storyteller(rng, periods, now), periods, _reporters(rng, blkks), _reviewers(blkks))
    for start in range(0, len(blkks), CHUNK):
        writer.write(blkks[start : start + CHUNK], list(programmes.values()))
    reset_sequences()
    # The inserts above bypass the services, which keep the dashboards' rollups current.
    rollups.rebuild(roadmap)
    analyze()
    classified = _classifications(rng, blkks)
    levels.recount(roadmap.pk)  # the assessments came in bulk, past the signals that count them
    return (
        f"1 roadmap, {len(programmes)} programmes, {len(periods)} periods, {writer.implementations} implementations, "
        f"{writer.reports} reports and {classified} classifications created"
    )


def _roadmap(fkn):
    rakornas = Meeting.objects.filter(forum=fkn, kind=Meeting.Kind.RAKORNAS, starts_on=datetime.date(2021, 12, 6))
    return Roadmap.objects.create(
        forum=fkn,
        title=content.TITLE,
        description=content.DESCRIPTION,
        start_year=content.START_YEAR,
        end_year=content.END_YEAR,
        status=Roadmap.Status.ADOPTED,
        adopted_at=rakornas.first(),
    )


def _pillars(rng, roadmap, now):
    pillars = {}
    for number, name, weight, description in content.PILLARS:
        pillar = Pillar.objects.create(
            roadmap=roadmap, number=number, name=name, weight=weight, description=description
        )
        pillars[number] = pillar
        for code, indicator_name, unit, baseline, targets in content.INDICATORS[number]:
            indicator = Indicator.objects.create(
                pillar=pillar, code=code, name=indicator_name, unit=unit, baseline=baseline
            )
            for year, target in zip(content.YEARS, targets, strict=True):
                IndicatorTarget.objects.create(
                    indicator=indicator, year=year, target=target, achieved=_achieved(rng, unit, target, year, now)
                )
    return pillars


def _achieved(rng, unit, target, year, now):
    """A finished year's result, a little under or over the target; None for the running year."""
    if year >= now.year:
        return None
    value = target * rng.uniform(0.8, 1.05)
    return round(min(value, 100) if unit == "%" else value, 2)


def _programmes(pillars):
    programmes = {}
    for code, title, description, (starts_on, ends_on) in content.PROGRAMMES:
        chosen = code == content.INCUBATOR_PROGRAMME
        programmes[code] = Programme.objects.create(
            pillar=pillars[int(code[1])],
            code=code,
            title=title,
            description=description,
            starts_on=starts_on,
            ends_on=ends_on,
            participation=Programme.Participation.CHOSEN if chosen else Programme.Participation.ALL_MEMBERS,
        )
    return programmes


def _periods(roadmap, today):
    """Quarters from 2022 Q1 to the one open today, due ten days after they end; all but the last locked."""
    periods = [
        ReportingPeriod.quarter(roadmap, year, quarter, locked=True)
        for year in content.YEARS
        for quarter in range(1, 5)
        if datetime.date(year, 3 * quarter - 2, 1) <= today
    ]
    periods[-1].locked = False
    return ReportingPeriod.objects.bulk_create(periods)


def _reporters(rng, blkks):
    """BLK-K pk → the user who reports for it: its first manager, or a new manager account.

    The new accounts have no usable password (an admin sets one); they exist so that every
    report has a real pengelola behind it.
    """
    from faker import Faker

    User = get_user_model()
    managed = dict(
        Blkk.managers.through.objects.order_by("blkk_id", "-user__username").values_list("blkk_id", "user_id")
    )
    fake = Faker("id_ID")
    fake.seed_instance(SEED)
    unusable = make_password(None)
    missing = [b for b in blkks if b["pk"] not in managed]
    users = User.objects.bulk_create([_manager_account(fake, blkk, unusable) for blkk in missing], batch_size=BATCH)
    group = Group.objects.get(name=Role.MANAGER.value)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=group.pk) for user in users], batch_size=BATCH
    )
    Blkk.managers.through.objects.bulk_create(
        [Blkk.managers.through(blkk_id=b["pk"], user_id=u.pk) for b, u in zip(missing, users, strict=True)],
        batch_size=BATCH,
    )
    managed.update({b["pk"]: u.pk for b, u in zip(missing, users, strict=True)})
    return managed


def _manager_account(fake, blkk, password):
    username = f"pengelola.{blkk['pk']:05d}"
    return get_user_model()(
        username=username, full_name=fake.name(), email=f"{username}@example.org", password=password
    )


def _reviewers(blkks):
    """BLK-K pk → a staff user of the centre that mentors it today, or of the nearest centre."""
    mentorships = Mentorship.objects.effective().order_by("starts_on", "pk")
    by_province = dict(mentorships.filter(province__isnull=False).values_list("province_id", "centre_id"))
    by_blkk = dict(mentorships.filter(blkk__isnull=False).values_list("blkk_id", "centre_id"))
    centres = list(TrainingCentre.objects.order_by("name"))
    staff = {centre.pk: _centre_account(centre) for centre in centres}
    centre_named = {centre.name: centre.pk for centre in centres}
    for code, name in NEAREST_CENTRE.items():
        by_province.setdefault(code, centre_named.get(name))
    fallback = get_user_model().objects.get(username=MINISTRY_ACCOUNT).pk
    province_of = dict(Blkk.objects.values_list("pk", "regency__province_id"))
    reviewers = {}
    for blkk in blkks:
        centre = by_blkk.get(blkk["pk"]) or by_province.get(province_of[blkk["pk"]])
        reviewers[blkk["pk"]] = staff[centre] if centre else fallback
    return reviewers


def _centre_account(centre):
    """The centre's first staff user, or a new mentor account for it (no usable password)."""
    first = centre.staff.order_by("username").values_list("pk", flat=True).first()
    if first:
        return first
    slug = centre.name.lower().replace(" ", "-")
    user = get_user_model().objects.create(
        username=f"pembina.{slug}", full_name=f"Staf {centre.name}", email=f"pembina.{slug}@example.org"
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=Role.MENTOR.value))
    centre.staff.add(user)
    return user.pk


def _classifications(rng, blkks):
    """The Feb 2023 assessment behind every classified BLK-K's level."""
    assessor = get_user_model().objects.get(username=MINISTRY_ACCOUNT)
    rows = [
        Classification(
            blkk_id=blkk["pk"],
            level=blkk["level"],
            assessed_on=datetime.date(2023, 2, rng.randint(1, 28)),
            assessor=assessor,
            evidence=content.CLASSIFICATION_EVIDENCE,
            note=content.CLASSIFICATION_NOTES[blkk["level"]],
        )
        for blkk in blkks
        if blkk["level"] != Blkk.Level.UNCLASSIFIED
    ]
    Classification.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
