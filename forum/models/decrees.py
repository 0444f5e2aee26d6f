"""The Director General's decrees (SK) that appoint each forum's mentor centre, and their annexes."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models import Blkk, TrainingCentre

from ..querysets import DecreeQuerySet
from ..validators import validate_decree_number
from .forums import Forum


def new_verification_token():
    return secrets.token_urlsafe(24)


def signed_decree_path(decree, filename):
    # The user's file name never reaches the file system.
    return f"decrees/{timezone.now():%Y}/{decree.token}-{secrets.token_hex(8)}.pdf"


class Decree(models.Model):
    """A decree of the Director General (SK) appointing a forum's mentor centre or board.

    Drafts are edited freely. Once signed, the decree is read-only: only the workflow in
    `forum.services` may move it to superseded or revoked, and nothing may delete it.

    On PostgreSQL the database holds the same line, whatever writes to it (triggers of
    migration forum 0004; SQLite, the demo default, relies on the guards here):

    - the status moves draft → signed → superseded or revoked, never back;
    - once signed, only `status`, the revocation record (`revoked_on`,
      `revocation_reason`, `revoking_number`, `revoked_by`) and `updated_at` may change,
      and the revocation record only in the step from signed to revoked; everything
      else, the number, text, dates, signatory, signed file and its hash, stays as signed;
    - a decree that is no longer a draft cannot be deleted;
    - its annex neither gains nor loses BLK-Ks, and a provincial forum's decree annexes
      only BLK-Ks of that province (`validate_annex` says so in forms first, on every
      database).
    """

    class Kind(models.TextChoices):
        MENTOR = "mentor", _("mentor appointment")
        BOARD = "board", _("board appointment")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SIGNED = "signed", _("signed")
        SUPERSEDED = "superseded", _("superseded")
        REVOKED = "revoked", _("revoked")

    class ESignature(models.TextChoices):
        """What the portal found in the signed PDF when it was recorded."""

        UNCHECKED = "unchecked", _("not checked")
        VERIFIED = "verified", _("electronically signed")
        NONE = "none", _("not electronically signed")

    class PublicStatus(models.TextChoices):
        """The status as the public sees it; expiry is read from the dates, never stored."""

        DRAFT = "draft", _("draft")
        NOT_YET = "not_yet", _("not yet in force")
        IN_FORCE = "in_force", _("in force")
        EXPIRED = "expired", _("expired")
        SUPERSEDED = "superseded", _("superseded")
        REVOKED = "revoked", _("revoked")

    number = models.CharField(
        _("number"),
        max_length=80,
        unique=True,
        validators=[validate_decree_number],
        help_text=_("For example 2/3836/LP.03.02/XII/2022 or KEP.359/LATTAS/XI/2018."),
    )
    subject = models.CharField(_("subject (tentang)"), max_length=400)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MENTOR)
    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="decrees")
    centre = models.ForeignKey(
        TrainingCentre,
        verbose_name=_("appointed centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decrees",
    )
    annex_blkks = models.ManyToManyField(
        Blkk,
        verbose_name=_("annex: BLK-Ks assigned for mentoring"),
        blank=True,
        related_name="annexed_in_decrees",
    )
    considerations = models.TextField(_("considerations (menimbang)"), help_text=_("One per line."))
    legal_bases = models.TextField(_("legal bases (mengingat)"), help_text=_("One per line."))
    clauses = models.TextField(_("clauses (memutuskan)"), help_text=_("One per line: KESATU, KEDUA, ..."))
    place = models.CharField(_("issued at"), max_length=80, default="Jakarta")
    decree_date = models.DateField(_("date of decree"))
    signatory_name = models.CharField(_("signatory name"), max_length=150)
    signatory_title = models.CharField(_("signatory title"), max_length=200)
    signatory_nip = models.CharField(
        _("signatory NIP"),
        max_length=18,
        validators=[RegexValidator(r"^\d{18}$", _("A NIP has exactly 18 digits."))],
    )
    effective_from = models.DateField(_("effective from"))
    effective_until = models.DateField(_("effective until"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        help_text=_("The decree in force that this one replaces, if any."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    token = models.CharField(_("verification token"), max_length=40, unique=True, default=new_verification_token)
    signed_file = models.FileField(_("signed PDF"), upload_to=signed_decree_path, blank=True)
    signed_sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    e_signature = models.CharField(
        _("electronic signature"), max_length=10, choices=ESignature.choices, default=ESignature.UNCHECKED
    )
    signer_name = models.CharField(_("signer (from the certificate)"), max_length=200, blank=True)
    signer_nip = models.CharField(_("signer's NIP (from the certificate)"), max_length=18, blank=True)
    signer_issuer = models.CharField(_("certificate issuer"), max_length=400, blank=True)
    signing_time = models.DateTimeField(_("electronic signing time"), null=True, blank=True)
    signer_valid_from = models.DateTimeField(_("certificate valid from"), null=True, blank=True)
    signer_valid_until = models.DateTimeField(_("certificate valid until"), null=True, blank=True)
    signed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signing recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_recorded_at = models.DateTimeField(_("signing recorded at"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    revoking_number = models.CharField(_("number of the revoking decree"), max_length=80, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revocation recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[annex_blkks])
    objects = DecreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("decree")
        verbose_name_plural = _("decrees")
        ordering = ["-decree_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["forum"],
                condition=Q(kind="mentor", status="signed"),
                name="forum_decree_one_active_mentor_per_forum",
                violation_error_message=_("This forum already has a mentor decree in force."),
            ),
            models.CheckConstraint(
                condition=Q(e_signature__in=["unchecked", "verified", "none"]),
                name="forum_decree_e_signature_valid",
                violation_error_message=_("Choose one of the listed electronic-signature findings."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="mentor") | Q(centre__isnull=False),
                name="forum_decree_mentor_names_centre",
                violation_error_message=_("A mentor appointment names the appointed centre."),
            ),
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True) | Q(effective_until__gte=models.F("effective_from")),
                name="forum_decree_effective_period_ordered",
                violation_error_message=_("A decree cannot stop being effective before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(signed_sha256="") & Q(signed_on__isnull=False)),
                name="forum_decree_signed_has_file_hash",
                violation_error_message=_("A signed decree records the hash of its signed file."),
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | (Q(revoked_on__isnull=False) & ~Q(revocation_reason="")),
                name="forum_decree_revocation_has_reason",
                violation_error_message=_("A revocation records its date and reason."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["mentor", "board"]),
                name="forum_decree_kind_valid",
                violation_error_message=_("A decree appoints a mentor centre or a board."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "signed", "superseded", "revoked"]),
                name="forum_decree_status_valid",
                violation_error_message=_("Choose one of the listed decree statuses."),
            ),
        ]

    def __str__(self):
        return self.number

    # Once signed, a decree is a legal record: the stored row decides, not the instance in
    # memory, so a stale copy of a draft cannot overwrite what was signed meanwhile.
    def save(self, *args, **kwargs):
        if self.pk is not None and not getattr(self, "_workflow", False):
            self._refuse_unless_stored_draft()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("forum:verify-decree", args=[self.token])

    def delete(self, *args, **kwargs):
        self._refuse_unless_stored_draft()
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.status == self.Status.DRAFT and self.forum_id:
            self._clean_supersedes()

    @classmethod
    def validate_annex(cls, *, forum, kind, blkks):
        """Raise ValidationError unless `blkks` (a BLK-K queryset) may be the annex of such a decree.

        A board appointment has no annex; a provincial forum's decree annexes only BLK-Ks
        of its province (on PostgreSQL the trigger forum_decree_annex_checked refuses the
        others too, whatever writes them).
        """
        if not blkks.exists():
            return
        if kind == cls.Kind.BOARD:
            raise ValidationError({"annex_blkks": _("A board appointment has no annex of BLK-Ks; leave it empty.")})
        if forum is not None and forum.province_id:
            outside = blkks.exclude(regency__province_id=forum.province_id).order_by("name")
            names = ", ".join(outside.values_list("name", flat=True))
            if names:
                raise ValidationError(
                    {
                        "annex_blkks": _("Not in %(province)s, the forum's province: %(names)s.")
                        % {"province": forum.province, "names": names}
                    }
                )

    def _clean_supersedes(self):
        previous = self.supersedes
        if previous is not None and (
            previous.pk == self.pk or previous.forum_id != self.forum_id or previous.kind != self.kind
        ):
            raise ValidationError(
                {"supersedes": _("A decree can only supersede a decree of the same kind for the same forum.")}
            )
        if previous is not None and previous.status != self.Status.SIGNED:
            raise ValidationError({"supersedes": _("Only a signed decree that is still on record can be superseded.")})
        if self.kind == self.Kind.MENTOR:
            current = type(self).objects.mentor().filter(forum_id=self.forum_id, status=self.Status.SIGNED).first()
            if current is not None and current.pk not in (self.supersedes_id, self.pk):
                raise ValidationError(
                    {
                        "supersedes": _(
                            "This forum's mentor decree %(number)s is still on record as signed. "
                            "Choose it here: the new decree replaces it when signed."
                        )
                        % {"number": current.number}
                    }
                )

    def _refuse_unless_stored_draft(self):
        stored = type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
        if stored is not None and stored != self.Status.DRAFT:
            from ..services import DecreeError

            raise DecreeError(
                _("Decree %(number)s is signed and can no longer be changed or deleted.") % {"number": self.number}
            )

    def save_by_workflow(self, **kwargs):
        """Save a signed decree's status change; only `forum.services` calls this."""
        self._workflow = True
        try:
            self.save(**kwargs)
        finally:
            self._workflow = False

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    def public_status(self, on=None):
        """A PublicStatus: superseded and revoked win; then the effective dates decide."""
        on = on or timezone.localdate()
        if self.status == self.Status.DRAFT:
            return self.PublicStatus.DRAFT
        if self.status == self.Status.SUPERSEDED:
            return self.PublicStatus.SUPERSEDED
        if self.status == self.Status.REVOKED:
            return self.PublicStatus.REVOKED
        if self.effective_until is not None and self.effective_until < on:
            return self.PublicStatus.EXPIRED
        if self.effective_from > on:
            return self.PublicStatus.NOT_YET
        return self.PublicStatus.IN_FORCE

    def verification_url(self):
        """The absolute address the QR code carries; documents are made outside any request."""
        return settings.SITE_URL.rstrip("/") + reverse("forum:verify-decree", args=[self.token])

    def file_stem(self):
        """The number made safe for a file name: KEP.359/LATTAS/XI/2018 → KEP.359-LATTAS-XI-2018."""
        return self.number.replace("/", "-").replace(" ", "")


@receiver(m2m_changed, sender=Decree.annex_blkks.through)
def keep_signed_annex_fixed(sender, instance, action, reverse, pk_set, **kwargs):
    """The annex of a signed decree is part of the signed text: refuse to change it."""
    if not action.startswith("pre_"):
        return
    if reverse:
        decrees = instance.annexed_in_decrees.all() if pk_set is None else Decree.objects.filter(pk__in=pk_set)
    else:
        decrees = Decree.objects.filter(pk=instance.pk)
    locked = decrees.exclude(status=Decree.Status.DRAFT).values_list("number", flat=True).first()
    if locked:
        from ..services import DecreeError

        raise DecreeError(_("The annex of signed decree %(number)s cannot change.") % {"number": locked})
