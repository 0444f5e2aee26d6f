"""The roadmap's models, one module per concept; import them from here.

- plans: roadmaps, pillars, indicators and targets, programmes, reporting periods
- reporting: implementations (a BLK-K's part in a programme) and their status reports
- classification: a BLK-K's assessed independence level over time
- rollups: the per-period and per-province counts the dashboards read (the province's also split
  by host type and by field), the per-programme status counts the roadmap page reads, and the
  reports waiting for review that the review queue reads (kept by roadmap.rollups,
  roadmap.programme_status and roadmap.pending)
"""

from .classification import Classification
from .plans import PERCENT, YEAR_RANGE, Indicator, IndicatorTarget, Pillar, Programme, ReportingPeriod, Roadmap
from .reporting import STATUSES, Implementation, StatusReport, evidence_path, progress_matches_status
from .rollups import (
    ROLLUP_COUNTS,
    FieldRollup,
    HostTypeRollup,
    LevelRollup,
    PendingReview,
    PeriodRollup,
    ProgrammeStatusRollup,
    ProvinceRollup,
    RollupCounts,
    RollupRefresh,
)

__all__ = [
    "PERCENT",
    "ROLLUP_COUNTS",
    "STATUSES",
    "YEAR_RANGE",
    "Classification",
    "FieldRollup",
    "HostTypeRollup",
    "Implementation",
    "Indicator",
    "IndicatorTarget",
    "LevelRollup",
    "PendingReview",
    "PeriodRollup",
    "Pillar",
    "Programme",
    "ProgrammeStatusRollup",
    "ProvinceRollup",
    "ReportingPeriod",
    "Roadmap",
    "RollupCounts",
    "RollupRefresh",
    "StatusReport",
    # Named by a migration (the upload path of the evidence).
    "evidence_path",
    "progress_matches_status",
]
