from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import ERROR_LENGTH, NoticeQuerySet


class Kind(models.TextChoices):
    REPORT_RETURNED = "report_returned", _("report returned")
    REPORTS_DUE = "reports_due", _("reports due")
    REVIEWS_WAITING = "reviews_waiting", _("reports waiting for review")
    DECREE_EXPIRING = "decree_expiring", _("decree expiring")


class Notice(models.Model):
    """One e-mail to one person, written in their language when it was decided, then delivered.

    The unique (kind, key, recipient) is what makes each notice go out once: whoever
    decides to send it again meets the constraint and sends nothing. Delivery happens in
    a background task that retries on mail-server failures; `sent_at` stays empty until
    the server took the message.
    """

    Kind = Kind

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=100, help_text=_("What the notice is about, e.g. a period and a day."))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notices"
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=250)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=ERROR_LENGTH, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "recipient"], name="notices_notice_once"),
            models.CheckConstraint(
                condition=models.Q(kind__in=Kind.values),
                name="notices_notice_kind_valid",
            ),
        ]
        indexes = [models.Index(fields=["sent_at"], name="notices_notice_unsent")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.email}"
