from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("mfa/", views.mfa, name="mfa"),
    path("mfa/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("account/", views.account, name="account"),
    path("password/", views.PasswordChange.as_view(), name="password_change"),
    path("staff/", views.staff_list, name="staff"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<id:user_id>/", views.staff_edit, name="staff_edit"),
]
