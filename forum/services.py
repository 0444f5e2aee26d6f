"""The forum's workflows: meetings, board terms, and the decrees with the mentorships they make.

Each function runs in one transaction, leaves its entry in the history that the audit
log reads (who, when, why), and raises ForumError, DecreeError or MeetingConflict with a
message meant for the person who asked. Views and Django admin call these functions.

The decree workflow is the only writer of `registry.Mentorship` rows, which the
registry's access rules read; the registry never needs to know about decrees.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import save_with_history
from blkk_portal import reasons
from blkk_portal.uploads import check_upload, sha256_of
from blkk_portal.versioning import Conflict, claim_version
from registry.models import Blkk, Mentorship, Province

from .models import BoardPosition, Decree, Forum
from .pades import configured_signer, inspect_pdf, sign_pdf


class ForumError(Exception):
    """A forum workflow step that cannot be done; the message says why and what to do."""


class DecreeError(Exception):
    """A decree workflow step that cannot be done; the message says why and what to do."""


class MeetingConflict(Conflict):
    """Someone saved the meeting after the form was opened; `current` is the meeting as saved now."""

    default_message = gettext_lazy(
        "Someone saved this meeting after you opened it. Open the meeting again to see their change, then make yours."
    )


def record_meeting(meeting, *, by, attendees=()):
    """Record a new meeting (built, not yet saved) with the BLK-Ks that attended; `by` recorded it.

    One history record holds the meeting with its attendees.
    """
    if meeting.pk is not None:
        raise ValueError("record_meeting() adds a new meeting; use update_meeting() for an existing one.")
    attendees = list(attendees)
    meeting.recorded_by = by
    reason = reasons.encode("meeting.recorded", count=len(attendees))
    with transaction.atomic():
        save_with_history(meeting, by=by, reason=reason, m2m={"attendees": attendees})
    return meeting


def update_meeting(meeting, *, by, expected_version, attendees=None):
    """Save the changes set on a meeting if nobody saved it since `expected_version`.

    Raises MeetingConflict carrying the meeting as saved now otherwise. The attendees are
    replaced when given; one history record holds the change, attendance included.
    """
    with transaction.atomic():
        claim_version(meeting, expected_version, conflict=MeetingConflict)
        m2m = {} if attendees is None else {"attendees": list(attendees)}
        save_with_history(meeting, by=by, m2m=m2m)
    return meeting


def end_board_term(seat, *, by):
    """End a current board term today. Returns the seat as saved; raises ForumError for another term."""
    today = timezone.localdate()
    with transaction.atomic():
        stored = BoardPosition.objects.select_for_update().get(pk=seat.pk)
        if not stored.is_current(today):
            raise ForumError(_("Only a current term can be ended; change other terms in the edit form."))
        stored.term_end = today
        save_with_history(stored, by=by, reason=reasons.encode("board.term_ended"), update_fields=["term_end"])
    seat.term_end = stored.term_end
    return stored


def sign_decree(decree, signed_file, *, user, signed_on=None, accept_unsigned=False):
    """Record the signed PDF of a draft; the decree becomes signed and read-only.

    The PDF's electronic signatures are checked first (see `forum.pades`): one that fails
    is refused with its reason; a PDF without any is refused unless `accept_unsigned`, and
    is then on record as not electronically signed.
    In the same transaction: the decree it supersedes becomes superseded and its
    mentorships end on the signing date; for a mentor decree, the new mentorships start on
    the effective date and the annex BLK-Ks get the appointed centre as their mentor centre.
    Returns the decree as signed (a fresh instance); raises DecreeError.
    """
    today = timezone.localdate()
    signed_on = signed_on or today
    if signed_on > today:
        raise DecreeError(_("The signing date cannot be in the future."))
    try:
        check_upload(signed_file, allowed=("pdf",))
    except ValidationError as error:
        raise DecreeError(" ".join(error.messages)) from error
    digest = sha256_of(signed_file)
    # Checking the signature takes a few dozen milliseconds; no row is locked meanwhile.
    report = check_signature(signed_file, accept_unsigned=accept_unsigned)
    try:
        with transaction.atomic():
            # Locking the forum row queues any other signing for the same forum behind this one.
            forum = Forum.objects.select_for_update().get(pk=decree.forum_id)
            decree = Decree.objects.select_for_update(of=("self",)).select_related("centre").get(pk=decree.pk)
            if not decree.is_draft:
                raise DecreeError(_("Decree %(number)s is already signed.") % {"number": decree.number})
            previous = _check_supersedes(decree, forum)
            annex_ids = set(decree.annex_blkks.values_list("pk", flat=True))
            if previous is not None:
                _end_decree(previous, Decree.Status.SUPERSEDED, ended_on=signed_on, user=user, keep=annex_ids)
            if decree.kind == Decree.Kind.MENTOR:
                _start_mentorships(decree, forum, annex_ids, user=user)
            _record_signature(decree, signed_file, digest, report, user=user, signed_on=signed_on)
    except IntegrityError as error:
        # The named constraint is the last line should two signings ever slip past the lock.
        raise DecreeError(_conflict_message(decree)) from error
    return decree


def revoke_decree(decree, *, user, reason, revoking_number="", revoked_on=None):
    """Revoke a signed decree; its mentorships end on the revocation date (today by default)."""
    today = timezone.localdate()
    revoked_on = revoked_on or today
    reason = (reason or "").strip()
    if not reason:
        raise DecreeError(_("Give the reason for the revocation."))
    if revoked_on > today:
        raise DecreeError(_("The revocation date cannot be in the future."))
    with transaction.atomic():
        decree = Decree.objects.select_for_update(of=("self",)).select_related("centre").get(pk=decree.pk)
        if decree.status != Decree.Status.SIGNED:
            raise DecreeError(
                _("Only a signed decree still on record can be revoked; %(number)s is %(status)s.")
                % {"number": decree.number, "status": decree.get_status_display()}
            )
        if revoked_on < decree.signed_on:
            raise DecreeError(_("A decree cannot be revoked before the day it was signed."))
        decree.revocation_reason = reason
        decree.revoking_number = (revoking_number or "").strip()
        decree.revoked_by = user
        _end_decree(decree, Decree.Status.REVOKED, ended_on=revoked_on, user=user)
    return decree


def _check_supersedes(decree, forum):
    """The decree this draft replaces, after making sure it is the one on record now."""
    if decree.kind != Decree.Kind.MENTOR:
        previous = decree.supersedes
        if previous is not None and previous.status != Decree.Status.SIGNED:
            raise DecreeError(
                _("Decree %(number)s, which this draft supersedes, is no longer signed. Review 'supersedes'.")
                % {"number": previous.number}
            )
        return previous
    current = Decree.objects.mentor().select_for_update().filter(forum=forum, status=Decree.Status.SIGNED).first()
    if (current.pk if current else None) != decree.supersedes_id:
        raise DecreeError(_conflict_message(decree, current))
    return current


def _conflict_message(decree, current=None):
    if current is None:
        current = Decree.objects.mentor().filter(forum_id=decree.forum_id, status=Decree.Status.SIGNED).first()
    if current is None:
        return _(
            "The decree this draft supersedes is no longer in force. Review this draft's 'supersedes' and sign again."
        )
    return _(
        "Meanwhile decree %(number)s was signed for this forum. Review this draft's 'supersedes' and sign again."
    ) % {"number": current.number}


def check_signature(signed_file, *, accept_unsigned=False):
    """The PDF's SignatureReport, or DecreeError when the decree may not be recorded with it."""
    signed_file.seek(0)
    report = inspect_pdf(signed_file.read())
    signed_file.seek(0)
    if report.signed and not report.ok:
        raise DecreeError(
            _("The electronic signature of this PDF does not hold: %(reason)s") % {"reason": report.problem}
        )
    if not report.signed and not accept_unsigned:
        raise DecreeError(
            " ".join(
                [
                    _("This PDF carries no electronic signature."),
                    *report.notes,
                    _(
                        "If the decree was signed on paper and scanned, confirm that it is to be recorded as not "
                        "electronically signed."
                    ),
                ]
            )
        )
    return report


def sign_decree_in_house(decree, *, user, signer=None):
    """Sign the draft's own PDF with the portal's certificate and record it, signed today."""
    from .documents import render_decree_pdf

    signer = signer or configured_signer()
    if signer is None:
        raise DecreeError(_("No signing certificate is configured for this portal (DECREE_SIGNING_PKCS12)."))
    signed = sign_pdf(render_decree_pdf(decree), signer, reason=decree.subject[:200], location=decree.place)
    return sign_decree(decree, ContentFile(signed, name="signed.pdf"), user=user)


def _record_signature(decree, signed_file, digest, report, *, user, signed_on):
    decree.signed_sha256 = digest
    if report.signed:
        decree.e_signature = Decree.ESignature.VERIFIED
        decree.signer_name = report.signer_name[:200]
        decree.signer_nip = report.signer_nip
        decree.signer_issuer = report.issuer[:400]
        decree.signing_time = report.signing_time
        decree.signer_valid_from = report.valid_from
        decree.signer_valid_until = report.valid_until
    else:
        decree.e_signature = Decree.ESignature.NONE
    decree.signed_on = signed_on
    decree.signed_recorded_by = user
    decree.signed_recorded_at = timezone.now()
    decree.status = Decree.Status.SIGNED
    decree._history_user = user
    decree._change_reason = reasons.encode("decree.signed")
    decree.signed_file.save("signed.pdf", signed_file, save=False)
    try:
        with transaction.atomic():
            decree.save_by_workflow()
    except Exception:
        # A file stored for a signature that was not recorded would be an orphan.
        decree.signed_file.storage.delete(decree.signed_file.name)
        raise


def _end_decree(decree, status, *, ended_on, user, keep=()):
    """Move a signed decree to superseded or revoked and end the mentorships it made.

    Its annex BLK-Ks lose the centre as mentor centre, except those in `keep` (the annex
    of the decree replacing it, which sets them again at once).
    """
    decree.status = status
    if status == Decree.Status.REVOKED:
        decree.revoked_on = ended_on
    decree._history_user = user
    decree._change_reason = reasons.encode(f"decree.{status}")
    decree.save_by_workflow()
    Mentorship.objects.filter(source=decree, ended_on__isnull=True).update(ended_on=ended_on)
    if decree.kind == Decree.Kind.MENTOR:
        annexed = decree.annex_blkks.filter(mentor_centre_id=decree.centre_id).exclude(pk__in=keep)
        _set_mentor_centre(annexed, None, decree, user=user)


def _start_mentorships(decree, forum, annex_ids, *, user):
    period = {"starts_on": decree.effective_from, "ends_on": decree.effective_until, "source": decree}
    rows = [Mentorship(centre_id=decree.centre_id, blkk_id=pk, **period) for pk in sorted(annex_ids)]
    rows += [Mentorship(centre_id=decree.centre_id, province_id=code, **period) for code in _provinces_of(forum)]
    Mentorship.objects.bulk_create(rows)
    _set_mentor_centre(Blkk.objects.filter(pk__in=annex_ids), decree.centre, decree, user=user)


def _provinces_of(forum):
    """The provinces whose BLK-Ks are the forum's members: its own, or every one for the national forum.

    A mentor of the forum mentors its members (ARCHITECTURE.md, access matrix), so the
    national forum's mentor centre gets a mentorship for each province.
    """
    if forum.province_id:
        return [forum.province_id]
    return list(Province.objects.order_by("code").values_list("code", flat=True))


def _set_mentor_centre(blkks, centre, decree, *, user):
    """Set each BLK-K's mentor centre through the model, so its history names the decree.

    The version goes up too: someone editing the profile meanwhile is told it changed.
    """
    for blkk in blkks.select_for_update():
        if blkk.mentor_centre_id == (centre.pk if centre else None):
            continue
        blkk.mentor_centre = centre
        blkk.version += 1
        blkk._history_user = user
        code = "blkk.mentor_set" if centre else "blkk.mentor_ended"
        blkk._change_reason = reasons.encode(code, number=decree.number)
        blkk.save(update_fields=["mentor_centre", "version", "updated_at"])
