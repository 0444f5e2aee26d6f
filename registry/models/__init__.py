"""The registry's models, one module per concept; import them from here.

- places: provinces, regencies and the bilingual reference lists (fields, host institution types)
- centres: the ministry's training centres
- blkk: the BLK Komunitas
- mentorships: who mentors which BLK-Ks, as the signed decrees say
- imports: spreadsheet imports of BLK-Ks
- tallies: BLK-Ks counted by province and group, kept current by registry.tallies
"""

from .blkk import (
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    YEAR_ESTABLISHED_RANGE,
    Blkk,
    # Made by simple-history beside Blkk: one row per vocational field in each history record.
    HistoricalBlkk_vocational_fields,
)
from .centres import TrainingCentre
from .imports import SpreadsheetImport
from .mentorships import Mentorship
from .places import BilingualName, HostInstitutionType, Province, Regency, VocationalField
from .tallies import FieldTally, ProvinceTally

__all__ = [
    "LATITUDE_RANGE",
    "LONGITUDE_RANGE",
    "YEAR_ESTABLISHED_RANGE",
    "BilingualName",
    "Blkk",
    "FieldTally",
    "HistoricalBlkk_vocational_fields",
    "HostInstitutionType",
    "Mentorship",
    "Province",
    "ProvinceTally",
    "Regency",
    "SpreadsheetImport",
    "TrainingCentre",
    "VocationalField",
]
