"""Demo data for the registry: the Dec 2021 story, a national set of BLK-Ks, and demo accounts.

The three BLK-Ks mentored by BLK Makassar (now BBPVP Makassar) are real; the other 3,754
are generated, spread over the 38 provinces by population, with the reported yearly
growth and the Feb 2023 level mix. Everything comes from fixed seeds, so every run builds
the same rows; rows already present (by registry number or username) are left alone, so
running it again adds nothing. Only demo accounts get their password reset, to
settings.DEMO_PASSWORD.
"""

import functools
import random
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.roles import Role
from blkk_portal import reasons

from .. import tallies
from ..models import (
    Blkk,
    HistoricalBlkk_vocational_fields,
    HostInstitutionType,
    Province,
    TrainingCentre,
    VocationalField,
)
from . import data
from .facts import assign_facts, assign_incubator, assign_levels
from .names import NameBook

SEED = 2021
BATCH_SIZE = 750
CHANGE_REASON = reasons.encode("demo")
MENTOR_CENTRE = "BBPVP Makassar"


@dataclass
class Spec:
    """A BLK-K to be created: its model field values, and its vocational-field codes apart."""

    values: dict
    fields: list = field(default_factory=list)
    real: bool = False

    @property
    def year(self):
        return self.values["year_established"]

    @property
    def regency(self):
        return self.values["regency"]

    @property
    def level(self):
        return self.values["level"]

    @property
    def registry_number(self):
        return self.values["registry_number"]


class RealBlkk(NamedTuple):
    """One of the three BLK-Ks of the Dec 2021 story; year, level and fields are plausible guesses."""

    name: str
    host_name: str
    regency: str
    year: int
    level: str
    fields: list
    manager: str | None


REAL_BLKKS = [
    RealBlkk("BLK-K PP Ittihadiyah Tanre Assona", "Pondok Pesantren Ittihadiyah Tanre Assona", "73.15", 2020,
             Blkk.Level.TUMBUH, ["TKSM"], "pengelola.tanreassona"),
    RealBlkk("BLK-K PP Multidimensi Al-Fakhriyah", "Pondok Pesantren Multidimensi Al-Fakhriyah", "73.71", 2019,
             Blkk.Level.BERKEMBANG, ["TIK", "DGR"], "pengelola.alfakhriyah"),
    RealBlkk("BLK-K PP Al Mubarak DDI Tobarakka", "Pondok Pesantren Al Mubarak DDI Tobarakka", "73.13", 2021,
             Blkk.Level.TUMBUH, ["GAR"], None),
]  # fmt: skip
REAL_BLKK_NAMES = [real.name for real in REAL_BLKKS]

# username: (full name, role or None, staff and superuser); the names are invented.
ACCOUNTS = {
    "admin": ("Administrator Portal", None, True),
    "kemnaker": ("Rina Wulandari", Role.MINISTRY, False),
    "pembina.makassar": ("Andi Syamsuddin", Role.MENTOR, False),
    "pengelola.alfakhriyah": ("Nurhayati Rahman", Role.MANAGER, False),
    "pengelola.tanreassona": ("Muhammad Arfah", Role.MANAGER, False),
}


def load():
    """Create the registry's demo rows that are missing; returns a one-line summary."""
    users = {
        name: ensure_user(name, full_name=full, role=role, admin=admin)
        for name, (full, role, admin) in ACCOUNTS.items()
    }
    specs = build_specs()
    created = create_missing(specs)
    centre = TrainingCentre.objects.get(name=MENTOR_CENTRE)
    centre.staff.add(users["pembina.makassar"])
    for real in REAL_BLKKS:
        blkk = Blkk.objects.filter(name=real.name).order_by("pk").first()
        if real.manager and blkk is not None:
            blkk.managers.add(users[real.manager])
    return f"{created} BLK-Ks created, {len(specs) - created} already present"


@functools.lru_cache(maxsize=4)
def _password_hash(password):
    # Hashing is slow on purpose; one hash serves every demo account of a run.
    return make_password(password)


def ensure_user(username, *, full_name, role=None, admin=False):
    """The demo account, created if missing; its password is reset to DEMO_PASSWORD."""
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"full_name": full_name, "email": f"{username}@example.org"}
    )
    user.password = _password_hash(settings.DEMO_PASSWORD)
    user.is_active = True
    if admin:
        user.is_staff = user.is_superuser = True
    user.save()
    if role is not None:
        user.groups.add(Group.objects.get(name=Role(role).value))
    return user


def allocate(total, weights, minimum=1):
    """Split `total` by `weights`: `minimum` each first, then the rest by the largest-remainder method."""
    floors = dict.fromkeys(weights, minimum)
    rest = total - minimum * len(weights)
    whole = sum(weights.values())
    quotas = {key: rest * weight / whole for key, weight in weights.items()}
    for key, quota in quotas.items():
        floors[key] += int(quota)
    left = total - sum(floors.values())
    by_remainder = sorted(quotas, key=lambda key: (-(quotas[key] - int(quotas[key])), key))
    for key in by_remainder[:left]:
        floors[key] += 1
    return floors


def build_specs():
    """Every demo BLK-K, real and generated, in a deterministic order with registry numbers."""
    from faker import Faker

    rng = random.Random(SEED)
    fake = Faker("id_ID")
    fake.seed_instance(SEED)
    provinces = list(Province.objects.order_by("code").prefetch_related("regencies"))
    regencies = {r.code: r for p in provinces for r in p.regencies.all()}
    real = [_real_spec(row, regencies) for row in REAL_BLKKS]
    names = NameBook(REAL_BLKK_NAMES)
    generated = [_generated_spec(rng, names, province, year) for province, year in _slots(rng, provinces, real)]
    assign_levels(rng, generated, taken=[s.level for s in real])
    assign_facts(rng, fake, real + generated)
    assign_incubator(rng, generated)
    specs = real + generated
    _number(specs)
    return specs


def _real_spec(real, regencies):
    values = {
        "name": real.name,
        "host_name": real.host_name,
        "host_type_code": "PESANTREN",
        "regency": regencies[real.regency],
        "year_established": real.year,
        "level": real.level,
    }
    return Spec(values, fields=real.fields, real=True)


def _slots(rng, provinces, real):
    """(province, year) for each generated BLK-K: provinces by population, years shuffled."""
    shares = allocate(data.TOTAL_BLKKS, {p.code: p.population for p in provinces})
    years = dict(data.NEW_PER_YEAR)
    for spec in real:
        shares[spec.regency.province_id] -= 1
        years[spec.year] -= 1
    year_pool = [year for year, count in years.items() for _ in range(count)]
    rng.shuffle(year_pool)
    slots = [province for province in provinces for _ in range(shares[province.code])]
    return list(zip(slots, year_pool, strict=True))


def _generated_spec(rng, names, province, year):
    regencies = list(province.regencies.all())
    regency = rng.choices(regencies, weights=[r.population for r in regencies])[0]
    host_type = _host_type(rng, province.code, year)
    name, host = names.draw(rng, host_type, regency)
    values = {
        "name": name,
        "host_name": host,
        "host_type_code": host_type,
        "regency": regency,
        "year_established": year,
    }
    return Spec(values, fields=_fields(rng, province.code))


def _host_type(rng, province_code, year):
    if year <= 2018:
        return "PESANTREN"
    weights = data.HOST_WEIGHTS_BY_PROVINCE.get(province_code, data.DEFAULT_HOST_WEIGHTS)
    choice = rng.choices(list(weights), weights=list(weights.values()))[0]
    if choice == "SERIKAT_PEKERJA" and year < 2020:
        return "PESANTREN"
    return choice


def _fields(rng, province_code):
    weights = dict(data.FIELD_WEIGHTS)
    for code, boost in data.FIELD_BOOSTS.get(province_code, {}).items():
        weights[code] += boost
    first = rng.choices(list(weights), weights=list(weights.values()))[0]
    if rng.random() >= data.SECOND_FIELD_SHARE:
        return [first]
    del weights[first]
    return [first, rng.choices(list(weights), weights=list(weights.values()))[0]]


def _number(specs):
    """Registry numbers BLKK-<year>-<regency>-<seq>, the sequence running per year."""
    specs.sort(key=lambda s: (s.year, s.regency.code, s.values["name"]))
    sequence = {}
    for spec in specs:
        year = spec.year
        sequence[year] = sequence.get(year, 0) + 1
        spec.values["registry_number"] = f"BLKK-{year}-{spec.regency.code}-{sequence[year]:04d}"


def create_missing(specs):
    """Bulk-create the specs whose registry number is not taken, with their fields and history."""
    present = set(Blkk.objects.filter(registry_number__startswith="BLKK-").values_list("registry_number", flat=True))
    todo = [spec for spec in specs if spec.registry_number not in present]
    if not todo:
        return 0
    host_types = dict(HostInstitutionType.objects.values_list("code", "pk"))
    field_ids = dict(VocationalField.objects.values_list("code", "pk"))
    mentor = TrainingCentre.objects.get(name=MENTOR_CENTRE)
    blkks = [_to_blkk(spec, host_types, mentor) for spec in todo]
    Blkk.objects.bulk_create(blkks, batch_size=BATCH_SIZE)
    Through = Blkk.vocational_fields.through
    links = [
        Through(blkk_id=blkk.pk, vocationalfield_id=field_ids[code])
        for blkk, spec in zip(blkks, todo, strict=True)
        for code in spec.fields
    ]
    Through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    _record_history(blkks, links)
    tallies.rebuild()  # bulk_create sends no signal to count them
    return len(blkks)


def _to_blkk(spec, host_types, mentor):
    values = dict(spec.values)
    values["host_type_id"] = host_types[values.pop("host_type_code")]
    if spec.real:
        values["mentor_centre"] = mentor
    return Blkk(**values)


def _record_history(blkks, links):
    """Give each new BLK-K its 'created' history record, vocational fields included."""
    records = Blkk.history.bulk_history_create(blkks, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON)
    record_of = {record.id: record.pk for record in records}
    HistoricalBlkk_vocational_fields.objects.bulk_create(
        [
            HistoricalBlkk_vocational_fields(
                id=link.pk,
                history_id=record_of[link.blkk_id],
                blkk_id=link.blkk_id,
                vocationalfield_id=link.vocationalfield_id,
            )
            for link in links
        ],
        batch_size=BATCH_SIZE,
    )
