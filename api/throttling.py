"""Throttling per token: each token has its own budget, a session its person's, the open data its address's."""

from rest_framework.throttling import SimpleRateThrottle

from accounts.throttling import client_ip

from .models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    scope = "api"  # set per request in allow_request

    def get_scope(self, request):
        return "api" if request.user.is_authenticated else "api-anonymous"

    def allow_request(self, request, view):
        self.scope = self.get_scope(request)
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{client_ip(request._request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
