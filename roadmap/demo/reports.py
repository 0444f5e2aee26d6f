"""The report history of one demo implementation, made up in Python before anything is written.

Each implementation gets reports in a few periods (not every quarter: that would be two
million rows), with progress rising towards a final value that follows the BLK-K's
level and how much of the programme's timeframe has passed. Past periods are reviewed:
mostly approved, some returned with a note and then corrected. The current period is
partly reported, much of it still pending for the mentor's review queue.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from registry.models import Blkk

from ..models import Implementation, StatusReport
from ..services import is_past_due
from .content import NARRATIVES, RETURN_NOTES

Status = Implementation.Status
Review = StatusReport.Review


@dataclass(frozen=True)
class Profile:
    """How far BLK-Ks of one level get: share that report at all, final progress range, current share."""

    reporting: float
    low: int
    high: int
    current: float


PROFILES = {
    Blkk.Level.MANDIRI: Profile(0.97, 75, 100, 0.45),
    Blkk.Level.BERKEMBANG: Profile(0.93, 50, 95, 0.40),
    Blkk.Level.TUMBUH: Profile(0.85, 20, 75, 0.32),
    Blkk.Level.UNCLASSIFIED: Profile(0.55, 0, 40, 0.20),
}
REPORT_COUNTS, REPORT_COUNT_WEIGHTS = (1, 2, 3, 4), (25, 35, 25, 15)
NOT_APPLICABLE_SHARE = 0.02
BLOCKED_SHARE = 0.05
LATE_SHARE = 0.12
RETURNED_SHARE = 0.08
# Current period: (pending, approved, returned) weights.
CURRENT_REVIEW = (0.55, 0.38, 0.07)


@dataclass(slots=True)
class Draft:
    """A report to be written: period index, values and review; `corrects` is another Draft."""

    period: int
    status: str
    progress: int
    narrative: str
    submitted_at: datetime.datetime
    is_late: bool
    review: str = Review.PENDING
    reviewed_at: datetime.datetime | None = None
    note: str = ""
    corrects: "Draft | None" = None
    pk: int | None = None


@dataclass(slots=True)
class Outcome:
    """An implementation's reports, oldest first, and the state they leave it in."""

    drafts: list = field(default_factory=list)

    def state(self, period_ids):
        """Implementation field values after these reports (latest reported, latest approved)."""
        if not self.drafts:
            return {}
        # As with submit_report, the implementation shows whatever was submitted last.
        latest = max(self.drafts, key=lambda d: d.submitted_at)
        values = {
            "status": latest.status,
            "progress": latest.progress,
            "version": len(self.drafts),
            "latest_report_id": latest.pk,
        }
        approved = [d for d in self.drafts if d.review == Review.APPROVED]
        if approved:
            best = max(approved, key=lambda d: (d.period, d.submitted_at))
            values.update(
                approved_status=best.status,
                approved_progress=best.progress,
                last_approved_period_id=period_ids[best.period],
            )
        return values


class Storyteller:
    """Makes up report histories; one instance per demo run, drawing from one seeded Random."""

    def __init__(self, rng, periods, now):
        self.rng = rng
        self.periods = periods
        self.now = now
        self.today = timezone.localtime(now).date()
        self.tz = timezone.get_current_timezone()
        self._windows = {}

    def story(self, level, programme, since, current_share=None, current_review=CURRENT_REVIEW):
        """The Outcome for one BLK-K (of `level`, reporting from `since`) on one programme."""
        rng, profile = self.rng, PROFILES[level]
        past, current = self._window(programme, since)
        eligible = past or current
        if not eligible or rng.random() >= profile.reporting:
            return Outcome()
        if past and rng.random() < NOT_APPLICABLE_SHARE:
            return Outcome([self._not_applicable(past[0])])
        chosen = sorted(rng.sample(past, min(len(past), rng.choices(REPORT_COUNTS, REPORT_COUNT_WEIGHTS)[0])))
        share = profile.current if current_share is None else current_share
        if current and rng.random() < share:
            chosen.append(current[-1])
        if not chosen:
            return Outcome()
        path = self._progress_path(profile, programme, len(chosen))
        outcome = Outcome()
        for index, (status, progress) in zip(chosen, path, strict=True):
            outcome.drafts += self._reports(index, status, progress, current_review)
        return outcome

    def _window(self, programme, since):
        """(past, current) period indexes in which the programme runs and the BLK-K reports; cached."""
        key = (programme.pk, since)
        if key not in self._windows:
            indexes = [
                index
                for index, period in enumerate(self.periods)
                if since <= period.starts_on <= programme.ends_on and period.ends_on >= programme.starts_on
            ]
            self._windows[key] = (
                [index for index in indexes if self.periods[index].locked],
                # A period opened only today has no reports yet.
                [
                    index
                    for index in indexes
                    if not self.periods[index].locked and self.periods[index].opens_on < self.today
                ],
            )
        return self._windows[key]

    def _progress_path(self, profile, programme, count):
        rng = self.rng
        span = (programme.ends_on - programme.starts_on).days or 1
        elapsed = min(1.0, max(0.0, (self.today - programme.starts_on).days / span))
        final = rng.randint(profile.low, profile.high) * (0.35 + 0.65 * elapsed)
        # A programme that has ended, or nearly so, is done where most of it was achieved.
        if (programme.ends_on < self.today and final >= 70) or (elapsed > 0.85 and final >= 90):
            final = 100
        path = []
        for step in range(1, count + 1):
            progress = min(100, 5 * round(final * step / count / 5))
            path.append((_status_for(progress), progress))
        if count > 1 and path[-1][0] != Status.DONE and rng.random() < BLOCKED_SHARE:
            path[-1] = (Status.BLOCKED, path[-2][1])
        return path

    def _reports(self, index, status, progress, current_review):
        if not self.periods[index].locked:
            return [self._current_report(index, status, progress, current_review)]
        first = self._draft(index, status, progress, self._submission_time(index))
        if self.rng.random() >= RETURNED_SHARE:
            self._review(first, Review.APPROVED)
            return [first]
        # The first try overstated the progress; the mentor sent it back and the correction passed.
        first.progress = min(100, progress + 10) if status != Status.DONE else 100
        first.status = _status_for(first.progress) if status != Status.BLOCKED else status
        self._review(first, Review.RETURNED)
        retry_at = first.reviewed_at + datetime.timedelta(days=self.rng.randint(1, 5), hours=self.rng.randint(1, 6))
        correction = self._draft(index, status, progress, retry_at, corrects=first)
        self._review(correction, Review.APPROVED)
        return [first, correction]

    def _current_report(self, index, status, progress, weights):
        period = self.periods[index]
        opened = self._at(period.opens_on)
        seconds = max(3600, int((self.now - opened).total_seconds()) - 3600)
        submitted = opened + datetime.timedelta(seconds=self.rng.randint(0, seconds))
        draft = self._draft(index, status, progress, submitted)
        review = self.rng.choices((Review.PENDING, Review.APPROVED, Review.RETURNED), weights)[0]
        if review != Review.PENDING:
            self._review(draft, review)
            if draft.reviewed_at >= self.now:
                draft.review, draft.reviewed_at, draft.note = Review.PENDING, None, ""
        return draft

    def _draft(self, index, status, progress, submitted_at, corrects=None):
        period = self.periods[index]
        narrative = self.rng.choice(NARRATIVES[status])
        is_late = is_past_due(period, on=submitted_at.astimezone(self.tz).date())
        return Draft(index, status, progress, narrative, submitted_at, is_late, corrects=corrects)

    def _review(self, draft, review):
        draft.review = review
        reviewed_at = draft.submitted_at + datetime.timedelta(
            days=self.rng.randint(1, 10), hours=self.rng.randint(0, 8)
        )
        # Nothing happens after the moment the demo is loaded; a review that would is cut to now.
        draft.reviewed_at = min(reviewed_at, self.now)
        if review == Review.RETURNED:
            draft.note = self.rng.choice(RETURN_NOTES)

    def _not_applicable(self, index):
        draft = self._draft(index, Status.NOT_APPLICABLE, 0, self._submission_time(index))
        self._review(draft, Review.APPROVED)
        return draft

    def _submission_time(self, index):
        period = self.periods[index]
        if self.rng.random() < LATE_SHARE:
            day = period.due_on + datetime.timedelta(days=self.rng.randint(1, 20))
        else:
            day = period.due_on - datetime.timedelta(days=self.rng.randint(0, 25))
        moment = self._at(day) + datetime.timedelta(hours=self.rng.randint(8, 20), minutes=self.rng.randint(0, 59))
        return min(moment, self.now - datetime.timedelta(days=1))

    def _at(self, day):
        return datetime.datetime.combine(day, datetime.time(), tzinfo=self.tz)


def _status_for(progress):
    if progress <= 0:
        return Status.NOT_STARTED
    if progress >= 100:
        return Status.DONE
    return Status.IN_PROGRESS
