"""How API requests say who they are: `Authorization: Bearer <token>`, or the portal's session.

A token acts as its owner, with exactly the owner's access: every rule the pages apply
is applied to the token's requests too. A revoked token, or one of a deactivated user,
is refused like an unknown one.
"""

import hmac
import re

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from accounts.two_factor import pending_step

from .models import PREFIX_LENGTH, TOKEN_LABEL, ApiToken, digest_of

TOKEN_SHAPE = re.compile(rf"^{TOKEN_LABEL}_([0-9a-f]{{{PREFIX_LENGTH}}})_[A-Za-z0-9_-]{{20,100}}$")


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after “Bearer”, with no spaces in it."))
        try:
            text = header[1].decode("ascii")
        except UnicodeDecodeError:
            text = ""
        match = TOKEN_SHAPE.match(text)
        if match is None:
            raise exceptions.AuthenticationFailed(_("This is not a token of the portal."))
        token = ApiToken.objects.active().select_related("user").filter(prefix=match.group(1)).first()
        # compare_digest: the time taken says nothing about how much of a digest matched.
        if token is None or not hmac.compare_digest(token.digest, digest_of(text)) or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The token is unknown or was revoked."))
        token.note_use()
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class PortalSessionAuthentication(authentication.SessionAuthentication):
    """The portal's session, for the browsable docs; a sign-in that still owes its second step counts for nothing."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and pending_step(request._request):
            return None
        return result
