"""What changes a person's account: their language, and the devices of two-step sign-in.

Views and signal handlers call these; each change happens in one transaction.
"""

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

LANGUAGE_CODES = dict(settings.LANGUAGES)
BACKUP_CODE_COUNT = 10


def remember_language(user, language):
    """Store `language` as the user's language when it is one the portal speaks and differs."""
    if language in LANGUAGE_CODES and user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def confirm_app(device, code):
    """Confirm a device being set up when `code` is right; returns whether it was."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token("".join((code or "").split())):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # Only one app per person: a half-finished set-up left elsewhere goes.
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return device


def replace_backup_codes(user):
    """Replace the user's backup codes with fresh ones; returns them (shown once, never again)."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "backup codes"})
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def turn_off_two_factor(user):
    """Remove the user's app and backup codes."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
