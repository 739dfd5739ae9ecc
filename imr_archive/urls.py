from django.contrib import admin
from django.urls import include, path

from desk.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("desk/", include("desk.urls")),
    path("api/v1/", api.urls),
    path("", include("determinations.urls")),
]
