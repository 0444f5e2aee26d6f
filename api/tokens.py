"""The account page where people create and revoke their personal API tokens.

A new token's text is shown once, on the answer to the form that created it, and never
again: only its prefix and SHA-256 are kept.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from .models import ApiToken
from .services import issue_token, revoke_token

# A person with more tokens than this is better served by revoking the old ones.
MAX_ACTIVE_TOKENS = 20


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=80,
        help_text=gettext_lazy("What the token is for, e.g. “SIAPkerja sync”. Only you see it."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["name"].widget.attrs["class"] = "form-control"

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        if ApiToken.objects.of_user(self.user).active().count() >= MAX_ACTIVE_TOKENS:
            message = _("You have %(count)s active tokens already; revoke one you no longer use.")
            raise forms.ValidationError(message % {"count": MAX_ACTIVE_TOKENS})
        return name


@require_http_methods(["GET", "POST"])
def token_list(request):
    user = request.user
    created = None
    if request.method == "POST":
        form = TokenForm(request.POST, user=user)
        if form.is_valid():
            token, created = issue_token(user, form.cleaned_data["name"])
            form = TokenForm(user=user)
    else:
        form = TokenForm(user=user)
    tokens = ApiToken.objects.of_user(user)
    return render(request, "api/tokens.html", {"form": form, "tokens": tokens, "created": created})


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.of_user(request.user), pk=pk)
    revoke_token(token)
    messages.success(
        request, _("The token “%(name)s” is revoked; programs using it are refused from now on.") % {"name": token.name}
    )
    return redirect("api-tokens:list")
