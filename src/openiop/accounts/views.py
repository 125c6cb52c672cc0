import base64
import io
import time
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.audit.models import Outcome
from openiop.audit.services import audit_record
from openiop.core.forms import add_service_errors

from . import services
from .access import require_capability
from .forms import LoginForm, NewPasswordChangeForm, NewStaffForm, SigningPinForm, StaffForm, TokenForm
from .middleware import stamp_sign_in
from .models import SigningCredential, User
from .signing import signing_locked_until, signing_pin_remove, signing_pin_set


def _next_url(request, default: str = "/") -> str:
    """Where to go after signing in: a path on this site ("/..."), else the home page. Never another site,
    and never a bare word that redirect() would try to reverse as a URL name."""
    target = request.POST.get("next") or request.GET.get("next") or default
    local = target.startswith("/") and not target.startswith(("//", "/\\"))
    if local and url_has_allowed_host_and_scheme(target, allowed_hosts=set(), require_https=request.is_secure()):
        return target
    return default


def login_view(request):
    if request.user.is_authenticated and request.user.is_verified_or_exempt:
        return HttpResponseRedirect(_next_url(request))
    form = LoginForm(request.POST or None, request=request)
    if request.method == "POST":
        if form.is_valid():
            login(request, form.user, backend="openiop.accounts.backends.PasswordBackend")
            stamp_sign_in(request)
            audit_record(user=form.user, action="login", object_type="session")
            if form.user.is_verified_or_exempt and not user_has_device(form.user):
                return HttpResponseRedirect(_next_url(request))
            return redirect(f"{reverse('accounts:mfa')}?{urlencode({'next': _next_url(request)})}")
        locked_out = getattr(request, "axes_locked_out", False)
        audit_record(
            user=None,
            action="login_failed",
            object_type="session",
            outcome=Outcome.DENIED,
            detail={
                "username": request.POST.get("username", "")[:150],
                "locked_out": locked_out,
                "reason": "locked_out" if locked_out else "wrong_password",
            },
        )
        if locked_out:
            minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
            return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=403)
    context = {
        "form": form,
        "next": _next_url(request),
        "timed_out": request.GET.get("timeout") == "1",
        "expired": request.GET.get("expired") == "1",
        "max_hours": settings.OPENIOP_SESSION_MAX_HOURS,
    }
    return render(request, "accounts/login.html", context)


@login_required
def mfa(request):
    """Verify the second factor, or enrol one if the user has none yet."""
    user = request.user
    next_url = _next_url(request)
    if user_has_device(user):
        if user.is_verified():
            return render(request, "accounts/mfa_manage.html", {"next": next_url})
        form = TokenForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            device = match_token(user, form.cleaned_data["token"])
            if device is not None:
                otp_login(request, device)
                audit_record(
                    user=user, action="mfa", object_type="session", detail={"device": device.__class__.__name__}
                )
                return HttpResponseRedirect(next_url)
            audit_record(
                user=user,
                action="mfa",
                object_type="session",
                outcome=Outcome.DENIED,
                detail={"reason": _code_refusal_reason(user, form.cleaned_data["token"])},
            )
            form.add_error("token", _wrong_code_message(user))
        return render(request, "accounts/mfa_verify.html", {"form": form, "next": next_url})
    return _enrol(request, next_url)


def _code_refusal_reason(user, token: str) -> str:
    """Why a second-factor code was refused, for the audit row: ``reused_code`` when it is the code the user
    already signed in with (valid now, but TOTP takes each code once), otherwise ``wrong_code``."""
    from django_otp.oath import TOTP

    if not str(token).isdigit():
        return "wrong_code"
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        if device.last_t >= 0 and totp.verify(int(token), device.tolerance):
            return "reused_code"
    return "wrong_code"


def _wrong_code_message(user) -> str:
    """django-otp slows guessing down after a wrong code; say so, or a right code looks wrong too."""
    for device in TOTPDevice.objects.filter(user=user):
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            seconds = max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)
            return f"That code is not right. For safety, wait {seconds} seconds before you try the code your app shows."
    return "That code is not right or has expired. Try the code your app shows now."


def _enrol(request, next_url: str):
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    form = TokenForm(request.POST or None)
    if request.method == "POST" and device is not None and form.is_valid():
        try:
            codes = services.mfa_confirm_enrolment(user=user, device=device, token=form.cleaned_data["token"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            otp_login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})
    if device is None:
        device = services.mfa_start_enrolment(user=user)
    svg = io.BytesIO()
    qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage).save(svg)
    return render(
        request,
        "accounts/mfa_enrol.html",
        {"form": form, "qr_svg": svg.getvalue().decode(), "secret": _base32(device), "next": next_url},
    )


def _base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


@login_required
@require_POST
def recovery_codes(request):
    if not request.user.is_verified():
        return redirect("accounts:mfa")
    codes = services.mfa_new_recovery_codes(user=request.user)
    audit_record(user=request.user, action="mfa", object_type="recovery_codes", detail={"event": "regenerated"})
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/"})


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        audit_record(user=request.user, action="logout", object_type="session")
    logout(request)
    return redirect("accounts:login")


@login_required
def staff_list(request):
    require_capability(request, "accounts.manage_staff", object_type="staff")
    staff = User.objects.prefetch_related("memberships__program").order_by("last_name", "first_name")
    return render(request, "accounts/staff_list.html", {"staff": staff})


@login_required
def staff_new(request):
    require_capability(request, "accounts.manage_staff", object_type="staff")
    form = NewStaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member, temporary = services.staff_create(
                acting_user=request.user,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                credentials=data["credentials"],
                role=data["role"],
                program_ids={p.pk for p in data["programs"]},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "accounts/staff_created.html", {"member": member, "temporary": temporary})
    return render(request, "accounts/staff_new.html", {"form": form})


class PasswordChange(PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = NewPasswordChangeForm
    success_url = "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=self.request.user)
        messages.success(self.request, "Your password is changed.")
        return response


@login_required
def staff_edit(request, user_id: int):
    require_capability(request, "accounts.manage_staff", object_type="user", object_id=user_id)
    member = get_object_or_404(User, pk=user_id)
    initial = {"role": member.role, "programs": list(member.program_ids), "is_active": member.is_active}
    form = StaffForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_privileges(
                acting_user=request.user,
                user=member,
                role=form.cleaned_data["role"],
                program_ids={p.pk for p in form.cleaned_data["programs"]},
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Saved privileges for {member.username}.")
            return redirect("accounts:staff")
    return render(request, "accounts/staff_edit.html", {"form": form, "member": member})


@login_required
def account(request):
    """The user's own account: signing PIN (set, change, remove), and links to password and sign-in security."""
    form = SigningPinForm(request.POST if request.POST.get("action") == "set_pin" else None)
    if request.method == "POST" and request.POST.get("action") == "remove_pin":
        signing_pin_remove(acting_user=request.user)
        messages.success(request, "Signing PIN removed: you sign with your password.")
        return redirect("accounts:account")
    if request.method == "POST" and form.is_valid():
        try:
            signing_pin_set(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Signing PIN saved. Use it (or your password) to sign.")
            return redirect("accounts:account")
    credential = SigningCredential.objects.filter(user=request.user).first()
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "has_pin": bool(credential and credential.has_pin),
            "pin_set_at": credential.pin_set_at if credential else None,
            "locked_until": signing_locked_until(user=request.user),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
