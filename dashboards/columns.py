"""The columns of each export: (field or key, Column) pairs, headings as on screen."""

from django.utils.translation import gettext_lazy as _

from registry.models import Blkk
from roadmap.models import Implementation

from .exports import Column, labels_of


def _score(value):
    return None if value is None else round(value, 1)


DIRECTORY_COLUMNS = [
    ("registry_number", Column(_("Registry number"))),
    ("name", Column(_("Name"))),
    ("host_name", Column(_("Host institution"))),
    ("host_type__name", Column(_("Host institution type"))),
    ("regency__name", Column(_("Regency or city"))),
    ("regency__province__name", Column(_("Province"))),
    ("level", Column(_("Level"), labels_of(Blkk.Level))),
    ("status", Column(_("Operating status"), labels_of(Blkk.Status))),
    ("year_established", Column(_("Year established"))),
    # Annotated by `Blkk.objects.with_mentor_centres` (the mentorships in force), as in the directory.
    ("mentor_centres", Column(_("Mentor centre"))),
]

BLKK_COLUMNS = [
    *DIRECTORY_COLUMNS,
    ("period_running", Column(_("Reports expected"))),
    ("period_reported", Column(_("Reported"))),
    ("period_on_time", Column(_("On time"))),
    ("period_approved", Column(_("Approved"))),
    ("period_stalled", Column(_("Stalled"))),
    ("period_score", Column(_("Roadmap score"), _score)),
]

STATUS = labels_of(Implementation.Status)

IMPLEMENTATION_COLUMNS = [
    ("blkk__registry_number", Column(_("Registry number"))),
    ("blkk__name", Column(_("BLK-K"))),
    ("blkk__regency__province__name", Column(_("Province"))),
    ("programme__code", Column(_("Programme code"))),
    ("programme__title", Column(_("Programme"))),
    ("status", Column(_("Reported status"), STATUS)),
    ("progress", Column(_("Reported progress (%)"))),
    ("approved_status", Column(_("Approved status"), STATUS)),
    ("approved_progress", Column(_("Approved progress (%)"))),
    ("last_approved_period__label", Column(_("Last approved period"))),
]

REPORTING = [
    ("running", _("Reports expected")),
    ("reported", _("Reported")),
    ("on_time", _("On time")),
    ("late", _("Late")),
    ("missing", _("Not reported")),
    ("stalled", _("Stalled")),
    ("completeness", _("Reported (%)")),
]
LEVELS = list(Blkk.Level)


def breakdown_columns(by):
    """Headings and a row → values function for a breakdown table."""
    headings = [Column(_("Code")), Column(_("Name")), Column(_("BLK-Ks"))]
    if by == "province":
        headings.append(Column(_("BLK-Ks per 100,000 inhabitants")))
    headings += [Column(level.label) for level in LEVELS]
    headings += [Column(heading) for _key, heading in REPORTING]
    headings.append(Column(_("Mean roadmap score")))

    def values(row):
        cells = [row["key"], str(row["label"]), row.get("total", 0)]
        if by == "province":
            cells.append(None if row.get("per_100k") is None else round(row["per_100k"], 2))
        cells += [count for _level, count in row["levels"]]
        cells += [row.get(key) for key, _heading in REPORTING]
        cells.append(_score(row.get("score")))
        return cells

    return headings, values


def trend_columns():
    headings = [Column(_("Period"))]
    headings += [Column(heading) for _key, heading in REPORTING]
    headings += [Column(_("On time (%)")), Column(_("Mean roadmap score"))]
    headings += [Column(level.label) for level in LEVELS if level != Blkk.Level.UNCLASSIFIED]

    def values(row):
        cells = [row["period__label"]]
        cells += [row.get(key) for key, _heading in REPORTING]
        cells += [row["timeliness"], _score(row["score"])]
        cells += [count for _level, count in row["levels"]]
        return cells

    return headings, values
