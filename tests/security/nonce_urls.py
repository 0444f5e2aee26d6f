"""The portal's URLs plus one page that uses the CSP nonce, as an inline script would."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

PAGE = engines["django"].from_string('<script nonce="{{ csp_nonce }}">document.title = "x";</script>')


@login_not_required
def nonce_page(request):
    return HttpResponse(PAGE.render({}, request))


urlpatterns = [path("nonce-test/", nonce_page), path("", include("blkk_portal.urls"))]
