"""The registry's workflows: registering a BLK-K and saving its profile.

The profile form, Django admin and anything else that changes a BLK-K's own facts call
these functions; each runs in one transaction and leaves one entry in its history (who,
when, why, vocational fields included).

Two fields are not theirs to change: the independence level follows the classification
workflow (`roadmap.services.record_classification`) and the mentor centre the Director
General's decrees (`forum.services`). Whatever an instance carries there, the stored
values are kept.

A BLK-K that moves to a regency of another province changes what the province rollups
count. The registry does not know about roadmaps: it sends `blkk_moved` inside the
transaction of the move, and the roadmap app recounts both provinces' rollups
(`roadmap.services.refresh_rollups_after_move`).
"""

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from blkk_portal.history import save_with_history
from blkk_portal.versioning import Conflict, claim_version

from .models import Blkk

# Sent with `blkk` (as saved) and `old_regency` (a Regency) when a profile save changed the
# regency; receivers run inside the transaction of the save.
blkk_moved = Signal()

# Set by the classification and decree workflows only.
WORKFLOW_FIELDS = ("level", "mentor_centre_id")

CONFLICT_MESSAGE = _(
    "Someone saved this BLK-K after you opened it. Open it again to see their change, then redo yours."
)


class ProfileConflict(Conflict):
    """Someone saved the profile after it was opened; `current` is the BLK-K as saved now."""

    default_message = CONFLICT_MESSAGE


def register_blkk(blkk, *, by, vocational_fields=(), managers=(), reason=None):
    """Add a new BLK-K (built, not yet saved); it starts unclassified and without a mentor centre."""
    if blkk.pk is not None:
        raise ValueError("register_blkk() adds a new BLK-K; save an existing one with save_blkk_profile().")
    blkk.level, blkk.mentor_centre = Blkk.Level.UNCLASSIFIED, None
    with transaction.atomic():
        save_with_history(
            blkk, by=by, reason=reason, m2m={"vocational_fields": vocational_fields, "managers": managers}
        )
    return blkk


def save_blkk_profile(blkk, *, by, expected_version, vocational_fields=None, managers=None, reason=None):
    """Save the profile values set on `blkk` if nobody saved it since `expected_version`.

    Raises ProfileConflict (a Conflict) carrying the BLK-K as saved now otherwise. The
    many-to-many fields are replaced when given. Level and mentor centre keep their
    stored values. Moving to another regency sends `blkk_moved`, so the rollups of the
    old and new province are recounted in the same transaction.
    """
    with transaction.atomic():
        claim_version(
            blkk,
            expected_version,
            conflict=ProfileConflict,
            current=Blkk.objects.select_related("regency__province").prefetch_related("vocational_fields"),
        )
        stored = Blkk.objects.select_related("regency").get(pk=blkk.pk)
        for name in WORKFLOW_FIELDS:
            setattr(blkk, name, getattr(stored, name))
        m2m = {}
        if vocational_fields is not None:
            m2m["vocational_fields"] = vocational_fields
        if managers is not None:
            m2m["managers"] = managers
        save_with_history(blkk, by=by, reason=reason, m2m=m2m)
        if stored.regency_id != blkk.regency_id:
            blkk_moved.send(sender=Blkk, blkk=blkk, old_regency=stored.regency)
    return blkk
