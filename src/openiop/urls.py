from django.urls import include, path

urlpatterns = [
    path("accounts/", include("openiop.accounts.urls")),
    path("api/v1/", include("openiop.api_urls")),
    path("audit/", include("openiop.audit.urls")),
    path("patients/", include("openiop.patients.urls")),
    path("", include("openiop.episodes.urls")),
]
