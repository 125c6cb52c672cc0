from django.urls import include, path

urlpatterns = [
    path("accounts/", include("openiop.accounts.urls")),
    path("audit/", include("openiop.audit.urls")),
    path("patients/", include("openiop.patients.urls")),
    path("", include("openiop.episodes.urls")),
]
