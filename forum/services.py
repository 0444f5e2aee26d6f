"""The decree workflow: signing and revoking decrees, and the mentorships they make.

Each function runs in one transaction and raises DecreeError with a message meant for the
person who asked. The workflow is the only writer of `registry.Mentorship` rows, which
the registry's access rules read; the registry never needs to know about decrees.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import Blkk, Mentorship

from .models import Decree, Forum
from .uploads import check_upload, sha256_of


class DecreeError(Exception):
    """A decree workflow step that cannot be done; the message says why and what to do."""


def sign_decree(decree, signed_file, *, user, signed_on=None):
    """Record the signed PDF of a draft; the decree becomes signed and read-only.

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
            _record_signature(decree, signed_file, digest, user=user, signed_on=signed_on)
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


def _record_signature(decree, signed_file, digest, *, user, signed_on):
    decree.signed_sha256 = digest
    decree.signed_on = signed_on
    decree.signed_recorded_by = user
    decree.signed_recorded_at = timezone.now()
    decree.status = Decree.Status.SIGNED
    decree._history_user = user
    decree._change_reason = _("signed PDF recorded")
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
    decree._change_reason = decree.get_status_display()
    decree.save_by_workflow()
    Mentorship.objects.filter(source=decree, ended_on__isnull=True).update(ended_on=ended_on)
    if decree.kind == Decree.Kind.MENTOR:
        annexed = decree.annex_blkks.filter(mentor_centre_id=decree.centre_id).exclude(pk__in=keep)
        _set_mentor_centre(annexed, None, decree, user=user)


def _start_mentorships(decree, forum, annex_ids, *, user):
    period = {"starts_on": decree.effective_from, "ends_on": decree.effective_until, "source": decree}
    rows = [Mentorship(centre_id=decree.centre_id, blkk_id=pk, **period) for pk in sorted(annex_ids)]
    if forum.province_id:
        rows.append(Mentorship(centre_id=decree.centre_id, province_id=forum.province_id, **period))
    Mentorship.objects.bulk_create(rows)
    _set_mentor_centre(Blkk.objects.filter(pk__in=annex_ids), decree.centre, decree, user=user)


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
        blkk._change_reason = _("mentor centre set by decree %(number)s") % {"number": decree.number}
        blkk.save(update_fields=["mentor_centre", "version", "updated_at"])
