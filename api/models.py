"""Personal API tokens: what a person hands to a program so it can use the API as them."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import ApiTokenQuerySet

# A token reads "blkk_<prefix>_<secret>": the prefix finds the row, the SHA-256 of the
# whole token proves it. Only the prefix and the digest are stored.
TOKEN_LABEL = "blkk"  # noqa: S105 (a label, not a secret)
PREFIX_LENGTH = 8
# last_used is written at most once per this many seconds, so reading does not mean writing.
LAST_USED_PRECISION = 60


def digest_of(token):
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token; the secret itself is shown once and never stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80, help_text=_("What the token is for, e.g. “SIAPkerja sync”."))
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, unique=True, editable=False)
    digest = models.CharField(_("SHA-256 of the token"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({TOKEN_LABEL}_{self.prefix}_…)"

    @property
    def is_active(self):
        return self.revoked_at is None

    def note_use(self, now=None):
        """Record the time of use, at most once a minute (one UPDATE, no read)."""
        now = now or timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() >= LAST_USED_PRECISION:
            type(self).objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
