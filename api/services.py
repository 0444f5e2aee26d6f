"""Issuing and revoking personal API tokens: the account page, Django admin and the command use these."""

import secrets

from django.utils import timezone

from .models import PREFIX_LENGTH, TOKEN_LABEL, ApiToken, digest_of


def issue_token(user, name):
    """Create a token for the user; returns (ApiToken, the token text, to be shown once and never stored)."""
    while True:
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    text = f"{TOKEN_LABEL}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name.strip(), prefix=prefix, digest=digest_of(text))
    return token, text


def revoke_token(token):
    """Stop the token opening the API from now on; revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
