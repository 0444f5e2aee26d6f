"""Levels and registry facts (permit, VIN, accreditation, status, contact) of demo BLK-Ks.

The level totals are exact (Feb 2023); the other facts follow the level, because the
classification reads them: a 'tumbuh' BLK-K holds an operating permit, a 'mandiri' one is
often accredited. Formats of permits and VINs are plausible, not official.
"""

import datetime

from ..models import Blkk
from . import data
from .names import place_of

LAST_PERMIT_YEAR = 2023
PERMIT_SHARE_UNCLASSIFIED = 0.35
VIN_SHARE = {Blkk.Level.UNCLASSIFIED: 0.25}
VIN_SHARE_CLASSIFIED = 0.92
ACCREDITATION = {
    # level: (share accredited, grades to draw from)
    Blkk.Level.MANDIRI: (0.6, "AAB"),
    Blkk.Level.BERKEMBANG: (0.3, "BC"),
    Blkk.Level.TUMBUH: (0.06, "C"),
}
INCUBATOR_FROM_MANDIRI = 60


def assign_levels(rng, specs, taken=()):
    """Give the specs levels so that, with the `taken` ones, the reported totals come out exactly.

    The 2022 batch is mostly not yet classified; among the rest, older BLK-Ks are likelier
    to have reached a higher level.
    """
    quotas = dict(data.LEVEL_COUNTS)
    for level in taken:
        if level in quotas:
            quotas[level] -= 1
    unclassified = len(specs) - sum(quotas.values())
    batch_2022 = [s for s in specs if s.year == 2022]
    late_2021 = [s for s in specs if s.year == 2021]
    chosen = rng.sample(batch_2022, data.UNCLASSIFIED_FROM_2022)
    chosen += rng.sample(late_2021, unclassified - data.UNCLASSIFIED_FROM_2022)
    for spec in chosen:
        spec.values["level"] = Blkk.Level.UNCLASSIFIED
    rest = [s for s in specs if "level" not in s.values]
    # Weighted sampling without replacement: a key u^(1/w) per item, highest keys first.
    keys = {id(s): rng.random() ** (1 / data.MATURITY_WEIGHT[s.year]) for s in rest}
    rest.sort(key=lambda s: keys[id(s)], reverse=True)
    mandiri, berkembang = quotas["mandiri"], quotas["berkembang"]
    for index, spec in enumerate(rest):
        if index < mandiri:
            spec.values["level"] = Blkk.Level.MANDIRI
        elif index < mandiri + berkembang:
            spec.values["level"] = Blkk.Level.BERKEMBANG
        else:
            spec.values["level"] = Blkk.Level.TUMBUH


def assign_facts(rng, fake, specs):
    """Status, permit, VIN, accreditation, address and phone; Faker makes the phone digits."""
    for spec in specs:
        level, values = spec.level, spec.values
        values["status"] = Blkk.Status.ACTIVE if spec.real else _status(rng, level)
        if level != Blkk.Level.UNCLASSIFIED or rng.random() < PERMIT_SHARE_UNCLASSIFIED:
            values["permit_number"], values["permit_date"] = _permit(rng, spec.year)
        if rng.random() < VIN_SHARE.get(level, VIN_SHARE_CLASSIFIED):
            values["vin"] = f"{spec.regency.code.replace('.', '')}.{spec.year % 100:02d}.{rng.randint(1, 99999):05d}"
        share, grades = ACCREDITATION.get(level, (0, ""))
        if rng.random() < share:
            values["accreditation"] = rng.choice(grades)
        values["address"] = _address(rng, spec.regency)
        values["phone"] = fake.numerify(f"{rng.choice(data.MOBILE_PREFIXES)}-####-####")


def assign_incubator(rng, specs):
    """Pick exactly INCUBATOR_SIZE active BLK-Ks at the two higher levels for the 2022 incubator."""
    active = [s for s in specs if s.values["status"] == Blkk.Status.ACTIVE]
    mandiri = [s for s in active if s.level == Blkk.Level.MANDIRI]
    berkembang = [s for s in active if s.level == Blkk.Level.BERKEMBANG]
    picked = rng.sample(mandiri, INCUBATOR_FROM_MANDIRI)
    picked += rng.sample(berkembang, data.INCUBATOR_SIZE - INCUBATOR_FROM_MANDIRI)
    for spec in picked:
        spec.values["in_incubator"] = True


def _status(rng, level):
    if level in (Blkk.Level.MANDIRI, Blkk.Level.BERKEMBANG):
        return Blkk.Status.ACTIVE
    roll = rng.random()
    if roll < 0.025:
        return Blkk.Status.INACTIVE
    if roll < 0.032:
        return Blkk.Status.CLOSED
    return Blkk.Status.ACTIVE


def _permit(rng, year):
    permit_year = min(year + rng.choice((0, 0, 1)), LAST_PERMIT_YEAR)
    issued = datetime.date(permit_year, rng.randint(1, 12), rng.randint(1, 28))
    office = rng.choice(("DPMPTSP", "DPMPTSP", "DPMPTSP", "Disnaker"))
    return f"503/{rng.randint(12, 2999)}/{office}/{permit_year}", issued


def _address(rng, regency):
    street = rng.choice(data.STREETS).format(place=place_of(regency))
    return f"{street} No. {rng.randint(1, 150)}, {regency.name}"
