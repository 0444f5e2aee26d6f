"""A person's language: chosen with the switch in the navbar, remembered for their e-mails.

Django's `set_language` keeps the choice in a cookie, which a background task sending
mail cannot read. The portal's switch stores it on the user as well, and a sign-in
stores the language the visitor chose before signing in.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.views.i18n import set_language

from .services import remember_language


@login_not_required  # Visitors choose their language before signing in.
def choose_language(request):
    """Django's language switch, which also remembers the choice of a signed-in person."""
    response = set_language(request)
    if request.method == "POST":
        remember_language(request.user, request.POST.get("language"))
    return response


@receiver(user_logged_in, dispatch_uid="accounts-language-on-sign-in")
def _remember_on_sign_in(sender, request, user, **kwargs):
    if request is not None:
        remember_language(user, request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
