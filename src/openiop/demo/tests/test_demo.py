from io import StringIO

from django.core.management import call_command

from openiop.accounts.models import User
from openiop.accounts.roles import Role
from openiop.audit.services import audit_verify
from openiop.episodes.models import Episode, EpisodeStatus


def test_the_demo_has_every_role_every_stage_and_prints_the_logins(db):
    out = StringIO()
    call_command("demo", stdout=out)
    printed = out.getvalue()
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    statuses = set(Episode.objects.values_list("status", flat=True))
    assert statuses == set(EpisodeStatus.values)
    assert Episode.objects.filter(transferred_from__isnull=False).exists()
    assert Episode.objects.filter(level_history__kind="step_down").exists()
    assert 35 <= Episode.objects.values("patient").distinct().count() <= 50
    for user in User.objects.all():
        assert user.username in printed
    assert "openiop-demo-2026" in printed
    assert audit_verify().ok


def test_loading_the_demo_twice_changes_nothing(db):
    call_command("demo", stdout=StringIO())
    count = Episode.objects.count()
    out = StringIO()
    call_command("demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert Episode.objects.count() == count


def test_totp_codes_are_printed_for_demo_users_only(db, make_user):
    call_command("demo", stdout=StringIO())
    out = StringIO()
    call_command("totp", "carlos.counselor", stdout=out)
    assert out.getvalue().strip().isdigit() and len(out.getvalue().strip()) == 6
    real = make_user(Role.CLINICIAN)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=real, name="phone", confirmed=True)
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a demo user"):
        call_command("totp", real.username, stdout=StringIO())
