from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from desk.api import api
from imr_archive import bulk, health


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page says (admin pages, feeds): send the static icon."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("favicon.svg")


urlpatterns = [
    path("favicon.ico", FaviconView.as_view()),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("bulk/<str:name>", bulk.bulk_file, name="bulk-file"),
    path("accounts/", include("allauth.urls")),
    path("desk/", include("desk.urls")),
    path("api/v1/", api.urls),
    path("", include("determinations.urls")),
]
