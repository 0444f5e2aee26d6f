"""Forms of signing in: the password form's own wording, and one field for a two-step code."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import services, two_factor


class SignInForm(AuthenticationForm):
    """Django's sign-in form with a message of our own.

    Django's message names the username field inside a sentence that already says
    "username" in Indonesian ("nama pengguna nama pengguna"); this one reads right in both.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or the password is not right. Both are case-sensitive: check that Caps Lock is off."
        ),
    }


class CodeForm(forms.Form):
    """A six-digit code from the app or, where allowed, a backup code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows now, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "off", "autofocus": True}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        code = self.cleaned_data["code"]
        self.device = two_factor.check_code(self.user, code)
        if self.device is None:
            raise forms.ValidationError(
                _(
                    "This code is not right, or was used already. Enter the code your app shows now "
                    "(it changes every 30 seconds). After several wrong codes you must wait a little "
                    "before the next try."
                ),
                code="wrong_code",
            )
        return code


class SetupCodeForm(forms.Form):
    """The first code from a newly added app, which proves it was set up with our secret."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("After scanning, the app shows six digits. Enter them here."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"]
        confirmed = services.confirm_app(self.device, code)
        if confirmed is None:
            raise forms.ValidationError(
                _(
                    "This code does not match. Check that the phone's clock is set automatically, "
                    "then enter the code the app shows now."
                ),
                code="wrong_code",
            )
        self.device = confirmed
        return code
