from django.contrib import admin
from django.urls import include, path

from imr_archive import bulk, health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("bulk/<str:name>", bulk.bulk_file, name="bulk-file"),
    path("", include("determinations.urls")),
]
