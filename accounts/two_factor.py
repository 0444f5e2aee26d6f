"""Two-step sign-in: a time-based code (TOTP) from an authenticator app, with backup codes.

Every user may turn it on; with the `REQUIRE_2FA` setting on, admins, Django admin's staff
users and ministry staff must. What a signed-in session still owes ("verify": enter a code; "enrol": set up an
app first) is decided once, when the person signs in, and kept in the session, so the
middleware that enforces it costs no query on an ordinary request.
"""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import is_admin, is_ministry, uses_admin_site

SESSION_KEY = "two_factor_gate"
VERIFY = "verify"
ENROL = "enrol"
DEVICE_NAME = "authenticator"


def must_use_two_factor(user):
    """Admins, anyone who may use Django admin, and ministry staff must sign in with a code while REQUIRE_2FA is on."""
    return bool(settings.REQUIRE_2FA) and (is_admin(user) or uses_admin_site(user) or is_ministry(user))


def step_owed(user):
    """VERIFY if the user has an app to prove, ENROL if they must set one up, else ""."""
    if user_has_device(user, confirmed=True):
        return VERIFY
    if must_use_two_factor(user):
        return ENROL
    return ""


def _remember(request, step):
    # The setting's value is kept too: turning REQUIRE_2FA on reaches sessions already open.
    request.session[SESSION_KEY] = {"require": bool(settings.REQUIRE_2FA), "step": step}


@receiver(user_logged_in, dispatch_uid="accounts.two_factor.remember_step_owed")
def remember_step_owed(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    # A sign-in form that checked a code already (django-otp's own forms) leaves nothing owed.
    verified = getattr(user, "otp_device", None) is not None
    _remember(request, "" if verified else step_owed(user))


def pending_step(request):
    """What the signed-in user of this request must still do before using the portal."""
    user = request.user
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return ""
    gate = request.session.get(SESSION_KEY)
    if not isinstance(gate, dict) or gate.get("require") != bool(settings.REQUIRE_2FA):
        _remember(request, step_owed(user))
        gate = request.session[SESSION_KEY]
    return gate.get("step", "")


def mark_verified(request, device):
    """The user proved the device: tie it to the session and lift the gate."""
    otp_login(request, device)
    _remember(request, "")


def demand_verification(request):
    """Ask this session for a code before going on (a session opened before the app was added)."""
    _remember(request, VERIFY)


def totp_device_of(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def unconfirmed_totp_device(user):
    """The app being set up: the same secret until confirmed, so a reload does not change the QR code."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def check_code(user, code):
    """The device that accepts `code` (an app code or an unused backup code), or None.

    Devices are locked while checking so the same code cannot be used twice at once, and
    each device's own throttling slows down guessing after a wrong code.
    """
    code = "".join((code or "").split()).lower()
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                return device
    return None


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_for_people(device):
    """The secret in base32 groups of four, for typing into an app that cannot scan."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device):
    """The set-up QR code as an SVG data URI: an <img> the Content-Security-Policy allows."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
