from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.language import choose_language

from . import views

admin.site.site_header = "Portal BLK Komunitas"
admin.site.site_title = "Portal BLK-K"
# A database outage raised outside a view still answers the friendly 503 (blkk_portal.faults).
handler500 = "blkk_portal.faults.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Public: visitors choose their language before signing in.
    path("i18n/setlang/", choose_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("accounts/api-tokens/", include("api.urls_tokens")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("", include("registry.urls")),
    path("", include("forum.urls")),
    path("", include("roadmap.urls")),
    path("", include("dashboards.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
