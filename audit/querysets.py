"""The audit log: every recorded change to the portal's records, across apps, newest first.

Reasons written by a workflow are stored as codes (`blkk_portal.reasons`) and read here in
the reader's language, whatever the language of the person who acted.

Nothing here stores anything new. The records already exist: simple-history keeps a row
per change of BLK-Ks, decrees, roadmaps, programmes, reporting periods (locks),
implementations, meetings and board seats (who, when, the whole row with its tracked
many-to-many fields, and the reason given); status reports are append-only, so each
report and each review is its own record; classifications likewise. This module reads
them as one list.

One page costs a bounded number of queries whatever its length: one UNION over all
sources for the page's keys (plus one for the count), then, for each kind that appears on
the page, one query for its rows, one for the rows they are compared with, and one per
tracked many-to-many field (a meeting's attendees, a BLK-K's vocational fields).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import CharField, F, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from blkk_portal import reasons
from forum.models import BoardPosition, Decree, Meeting
from registry.history import Change, readable
from registry.models import Blkk, SpreadsheetImport
from roadmap.models import Classification, Implementation, Programme, ReportingPeriod, Roadmap, StatusReport

# Annotation names that no tracked model uses for a field of its own (Decree has a `kind`).
PAGE_COLUMNS = ("audit_kind", "audit_ref", "audit_at", "audit_who")
# Kept on every history row but not part of what a person changed.
_BOOKKEEPING = {"id", "created_at", "updated_at", "version", "token"}
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Entry:
    """One line of the audit log: who did what to which record, when and why."""

    kind: str
    kind_label: str
    at: datetime.datetime
    who: str
    action: str
    subject: str
    url: str | None = None
    changes: list = field(default_factory=list)
    reason: str = ""


def _person(user):
    return user.display_name if user is not None else _("system")


class Source:
    """Where one kind of audit record lives; subclasses say how to read and describe it."""

    kind = ""
    label = ""
    date_field = ""
    user_field = ""

    def base(self):
        raise NotImplementedError

    def keys(self, *, username="", since=None, until=None):
        """The (kind, ref, at, who) rows of this source that match the filters, for the UNION."""
        rows = self.base()
        if username:
            rows = rows.filter(**{f"{self.user_field}__username__iexact": username})
        if since is not None:
            rows = rows.filter(**{f"{self.date_field}__gte": since})
        if until is not None:
            rows = rows.filter(**{f"{self.date_field}__lt": until})
        return (
            rows.order_by()
            .annotate(
                audit_kind=Value(self.kind, output_field=CharField()),
                audit_ref=F("pk"),
                audit_at=F(self.date_field),
                audit_who=F(f"{self.user_field}_id"),
            )
            .values(*PAGE_COLUMNS)
        )

    def entries(self, refs):
        """{ref: Entry} for the given keys of this source."""
        raise NotImplementedError

    def entry(self, **fields):
        return Entry(kind=self.kind, kind_label=self.label, **fields)


class HistorySource(Source):
    """A model tracked by simple-history: each history row is compared with the one before it."""

    date_field = "history_date"
    user_field = "history_user"
    model = None

    def __init__(self, kind, label, model, describe, url, reason=None):
        self.kind, self.label, self.model = kind, label, model
        self._describe, self._url = describe, url
        self._reason = reason or (lambda record, before: reasons.render(record.history_change_reason))
        history = model.history.model
        tracked = {f.name for f in model._meta.concrete_fields}
        self.fields = [f for f in history._meta.concrete_fields if f.name in tracked and f.name not in _BOOKKEEPING]
        self.related = [f.name for f in self.fields if f.is_relation]
        # (label, rows of the field's history, name of the related object on those rows)
        self.m2m = [
            (f.verbose_name, getattr(history, f.name).model, f.m2m_reverse_field_name())
            for f in history._history_m2m_fields
        ]

    def base(self):
        return self.model.history.model.objects.all()

    def entries(self, refs):
        history = self.model.history.model.objects
        earlier = history.filter(id=OuterRef("id")).filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        previous_id = Subquery(earlier.order_by("-history_date", "-history_id").values("history_id")[:1])
        records = list(
            history.filter(history_id__in=refs)
            .select_related("history_user", *self.related)
            .annotate(previous_id=previous_id)
        )
        previous_ids = [r.previous_id for r in records if r.previous_id is not None]
        previous = history.select_related(*self.related).in_bulk(previous_ids)
        related = self._m2m_names([r.history_id for r in records] + previous_ids)
        return {record.history_id: self._entry(record, previous.get(record.previous_id), related) for record in records}

    def _m2m_names(self, history_ids):
        """{(field label, history id): set of names} of the tracked many-to-many rows: one query per field."""
        names = {}
        for label, rows, target in self.m2m:
            for row in rows.objects.filter(history_id__in=history_ids).select_related(target):
                value = getattr(row, target)
                names.setdefault((label, row.history_id), set()).add(str(value) if value is not None else "?")
        return names

    def _entry(self, record, before, related=None):
        changes = [] if record.history_type != "~" or before is None else self._changes(before, record)
        if record.history_type != "-":
            changes += self._m2m_changes(record, before, related or {})
        return self.entry(
            at=record.history_date,
            who=_person(record.history_user),
            action=ACTIONS.get(record.history_type, record.history_type),
            subject=self._describe(record),
            url=self._url(record) if record.history_type != "-" else None,
            changes=changes,
            reason=self._reason(record, before),
        )

    def _m2m_changes(self, record, before, related):
        """What was added to or removed from each many-to-many field; a new record lists what it has."""
        changes = []
        for label, _rows, _target in self.m2m:
            now = related.get((label, record.history_id), set())
            then = related.get((label, before.history_id), set()) if before is not None else set()
            parts = []
            if now - then:
                parts.append(_("added: %(names)s") % {"names": ", ".join(sorted(now - then))})
            if then - now:
                parts.append(_("removed: %(names)s") % {"names": ", ".join(sorted(then - now))})
            if parts:
                changes.append(Change(label=label, new="; ".join(parts)))
        return changes

    def _changes(self, before, after):
        changes = []
        for model_field in self.fields:
            old = readable(model_field, getattr(before, model_field.name))
            new = readable(model_field, getattr(after, model_field.name))
            if old != new:
                changes.append(Change(label=model_field.verbose_name, old=old, new=new))
        return changes


class ReportSource(Source):
    """A status report as submitted: an append-only row, so the row itself is the record."""

    kind, label = "report", _("status report")
    date_field, user_field = "submitted_at", "reporter"

    def base(self):
        return StatusReport.objects.all()

    def _rows(self, refs):
        return StatusReport.objects.filter(pk__in=refs).select_related(
            "reporter", "reviewed_by", "period", "implementation__programme", "implementation__blkk", "corrects__period"
        )

    def entries(self, refs):
        return {report.pk: self._entry(report) for report in self._rows(refs)}

    def _entry(self, report):
        implementation = report.implementation
        reason = ""
        if report.corrects is not None:
            reason = _("Corrects the report for %(period)s submitted on %(date)s") % {
                "period": report.corrects.period.label,
                "date": date_format(timezone.localtime(report.corrects.submitted_at).date(), "DATE_FORMAT"),
            }
        return self.entry(
            at=report.submitted_at,
            who=_person(report.reporter),
            action=_("submitted"),
            subject=f"{implementation.programme.code} · {implementation.blkk.name} · {report.period.label}",
            url=reverse("roadmap:report-detail", args=[report.pk]),
            changes=[
                Change(label=StatusReport._meta.get_field("status").verbose_name, new=report.get_status_display()),
                Change(label=StatusReport._meta.get_field("progress").verbose_name, new=f"{report.progress}%"),
            ],
            reason=reason,
        )


class ReviewSource(ReportSource):
    """A mentor's review of a report: approved, or returned with the note that says why."""

    kind, label = "review", _("report review")
    date_field, user_field = "reviewed_at", "reviewed_by"

    def base(self):
        return StatusReport.objects.exclude(review=StatusReport.Review.PENDING)

    def _entry(self, report):
        entry = super()._entry(report)
        entry.at, entry.who = report.reviewed_at, _person(report.reviewed_by)
        entry.action, entry.changes = report.get_review_display(), []
        entry.reason = report.review_note
        return entry


class ClassificationSource(Source):
    """An assessment of a BLK-K's independence level; the note gives the reason."""

    kind, label = "classification", _("classification")
    date_field, user_field = "recorded_at", "assessor"

    def base(self):
        return Classification.objects.all()

    def entries(self, refs):
        rows = Classification.objects.filter(pk__in=refs).select_related("assessor", "blkk")
        return {row.pk: self._entry(row) for row in rows}

    def _entry(self, row):
        return self.entry(
            at=row.recorded_at,
            who=_person(row.assessor),
            action=_("recorded"),
            subject=row.blkk.name,
            url=reverse("registry:blkk-detail", args=[row.blkk_id]),
            changes=[
                Change(label=Classification._meta.get_field("level").verbose_name, new=row.get_level_display()),
                Change(
                    label=Classification._meta.get_field("assessed_on").verbose_name,
                    new=date_format(row.assessed_on, "DATE_FORMAT"),
                ),
                Change(label=Classification._meta.get_field("evidence").verbose_name, new=row.evidence),
            ],
            reason=row.note,
        )


class ImportSource(Source):
    """A confirmed spreadsheet import: which file (name and SHA-256), by whom, and how many BLK-Ks it wrote.

    Dry runs that were never confirmed changed nothing, so they stay out of the log. Each
    BLK-K the import wrote also has its own history entry, whose reason names the import.
    """

    kind, label = "import", _("spreadsheet import")
    date_field, user_field = "imported_at", "user"

    def base(self):
        return SpreadsheetImport.objects.filter(status=SpreadsheetImport.Status.IMPORTED)

    def entries(self, refs):
        rows = SpreadsheetImport.objects.filter(pk__in=refs).select_related("user")
        return {row.pk: self._entry(row) for row in rows}

    def _entry(self, row):
        field = SpreadsheetImport._meta.get_field
        changes = [Change(label=field("sha256").verbose_name, new=row.sha256)]
        if row.kind == SpreadsheetImport.Kind.ANNEX:
            subject = _("Annex of decree %(number)s from %(file)s") % {"number": row.target, "file": row.file_name}
            labels = [_("BLK-Ks added to the annex"), _("BLK-Ks removed from it"), _("BLK-Ks kept in it")]
        else:
            subject = row.file_name
            labels = [_("BLK-Ks created"), _("BLK-Ks changed"), _("BLK-Ks unchanged")]
        counts = [row.created_count, row.changed_count, row.unchanged_count]
        changes += [Change(label=label, new=str(count)) for label, count in zip(labels, counts, strict=True)]
        return self.entry(
            at=row.imported_at,
            who=_person(row.user),
            action=_("imported"),
            subject=subject,
            changes=changes,
            reason=reasons.render(row.reason()),
        )


def _decree_reason(record, before):
    """The workflow names the new status; a revocation's own reason is on the decree row."""
    reason = reasons.render(record.history_change_reason)
    revoked = record.status == Decree.Status.REVOKED
    if revoked and (before is None or before.status != Decree.Status.REVOKED):
        return f"{reason}: {record.revocation_reason}" if reason else record.revocation_reason
    return reason


def _decree_url(record):
    return None if record.status == Decree.Status.DRAFT else reverse("forum:verify-decree", args=[record.token])


SOURCES = [
    HistorySource("blkk", _("BLK-K"), Blkk, lambda r: r.name, lambda r: reverse("registry:blkk-detail", args=[r.id])),
    HistorySource("decree", _("decree"), Decree, lambda r: r.number, _decree_url, _decree_reason),
    HistorySource(
        "roadmap", _("roadmap"), Roadmap, lambda r: r.title, lambda r: reverse("roadmap:roadmap-detail", args=[r.id])
    ),
    HistorySource(
        "programme",
        _("programme"),
        Programme,
        lambda r: f"{r.code} {r.title}",
        lambda r: reverse("roadmap:programme-detail", args=[r.id]),
    ),
    HistorySource(
        "period",
        _("reporting period"),
        ReportingPeriod,
        lambda r: f"{r.roadmap.title if r.roadmap else '?'} · {r.label}",
        lambda r: reverse("roadmap:roadmap-detail", args=[r.roadmap_id]) + "#periods",
    ),
    HistorySource(
        "implementation",
        _("implementation"),
        Implementation,
        lambda r: f"{r.programme.code if r.programme else '?'} · {r.blkk.name if r.blkk else '?'}",
        lambda r: reverse("roadmap:implementation-detail", args=[r.id]),
    ),
    HistorySource(
        "meeting", _("meeting"), Meeting, lambda r: r.title, lambda r: reverse("forum:meeting-detail", args=[r.id])
    ),
    HistorySource(
        "board",
        _("board seat"),
        BoardPosition,
        lambda r: f"{r.get_role_display()}: {r.person_name}",
        lambda r: reverse("forum:forum-detail", args=[r.forum_id]),
    ),
    ReportSource(),
    ReviewSource(),
    ClassificationSource(),
    ImportSource(),
]
SOURCES_BY_KIND = {source.kind: source for source in SOURCES}
KIND_CHOICES = [(source.kind, source.label) for source in SOURCES]


def audit_keys(*, kind="", username="", since=None, until=None):
    """The keys of every matching record, newest first, as one query (a UNION ALL)."""
    sources = [SOURCES_BY_KIND[kind]] if kind else SOURCES
    first, *rest = (source.keys(username=username, since=since, until=until) for source in sources)
    rows = first.union(*rest, all=True) if rest else first
    return rows.order_by("-audit_at", "audit_kind", "-audit_ref")


def audit_entries(keys):
    """The Entry of each key, in the order given: a bounded number of queries per kind."""
    refs_by_kind = {}
    for key in keys:
        refs_by_kind.setdefault(key["audit_kind"], []).append(key["audit_ref"])
    found = {kind: SOURCES_BY_KIND[kind].entries(refs) for kind, refs in refs_by_kind.items()}
    # A key whose row vanished between the two queries is skipped rather than shown empty.
    return [found[key["audit_kind"]][key["audit_ref"]] for key in keys if key["audit_ref"] in found[key["audit_kind"]]]
