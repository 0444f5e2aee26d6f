"""The browsable docs: Swagger UI from drf-spectacular-sidecar's static files, started by our own script.

drf-spectacular's own page starts Swagger UI with an inline script, which the portal's
Content Security Policy refuses; this page loads only files from the portal itself.
"""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET


@require_GET
def docs(request):
    return render(request, "api/docs.html", {"schema_url": reverse("api:schema")})
