"""The portal's URLs plus /cache-probe/<key>, which reads, writes and deletes one cache key.

It lets test_scale_out write a key through one instance and invalidate it through the
other with the portal's own cache settings (CACHE_URL), the way cached page data would.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

MISSING = "(missing)"
handler500 = "blkk_portal.faults.server_error"


@csrf_exempt
@login_not_required
def cache_probe(request, key):
    if request.method == "PUT":
        cache.set(key, request.body.decode(), timeout=300)
    elif request.method == "DELETE":
        cache.delete(key)
    return HttpResponse(cache.get(key, MISSING), content_type="text/plain")


urlpatterns = [
    path("cache-probe/<slug:key>", cache_probe),
    path("", include("blkk_portal.urls")),
]
