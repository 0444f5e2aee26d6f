"""Throttling per person: all of a person's tokens and their session share one budget; anonymous reads, per address.

A budget per token would let a person multiply it by issuing more tokens (up to 20).
"""

from rest_framework.throttling import SimpleRateThrottle

from accounts.throttling import client_ip


class PerPersonThrottle(SimpleRateThrottle):
    scope = "api"  # set per request in allow_request

    def get_scope(self, request):
        return "api" if request.user.is_authenticated else "api-anonymous"

    def allow_request(self, request, view):
        self.scope = self.get_scope(request)
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if request.user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": f"user-{request.user.pk}"}
        return self.cache_format % {"scope": self.scope, "ident": f"address-{client_ip(request._request)}"}
