"""When emergency access is opened, every active privacy officer with an e-mail address is mailed at once
(who opened it, when, until when, where to review it — no patient name, MRN or emergency details), and the
privacy officer's menu shows how many emergency accesses wait for review until they are reviewed."""

from django.core import mail
from django.urls import reverse

from openiop.accounts.roles import Role
from openiop.conftest import signed_in
from openiop.privacy.services import break_glass_review
from openiop.privacy.testing import open_emergency_access


def test_privacy_officers_are_mailed_without_patient_details(
    make_user, clinician_b, patient_a, django_capture_on_commit_callbacks
):
    officer = make_user(Role.PRIVACY_OFFICER, [], email="privacy@example.org")
    make_user(Role.PRIVACY_OFFICER, [], email="former@example.org", is_active=False)
    make_user(Role.DIRECTOR, [], email="director@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        grant = open_emergency_access(clinician_b, patient_a)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [officer.email]
    assert f"#{grant.pk}" in message.subject
    body = message.subject + message.body
    assert clinician_b.display_name in body and reverse("privacy:review", args=[grant.pk]) in body
    for secret in (patient_a.mrn, patient_a.legal_last_name, patient_a.legal_first_name, "overdose", "Ana Ruiz"):
        assert secret not in body


def test_nothing_is_mailed_when_the_opening_is_refused(make_user, clinician_b, patient_a):
    make_user(Role.PRIVACY_OFFICER, [], email="privacy@example.org")
    client = signed_in(clinician_b)
    client.post(reverse("privacy:break_glass"), {"mrn": patient_a.mrn})
    assert mail.outbox == []


def test_the_menu_counts_emergency_access_to_review(client_for, privacy_officer, clinician_b, patient_a):
    client = client_for(privacy_officer)
    badge = 'data-testid="privacy-to-review"'
    assert badge not in client.get(reverse("privacy:dashboard")).content.decode()
    grant = open_emergency_access(clinician_b, patient_a)
    open_emergency_access(clinician_b, patient_a)
    html = client.get(reverse("privacy:dashboard")).content.decode()
    assert f'{badge} title="Emergency access to review">2</span>' in html
    break_glass_review(acting_user=privacy_officer, grant=grant, note="Appropriate: ED call confirmed.")
    html = client.get(reverse("privacy:dashboard")).content.decode()
    assert f'{badge} title="Emergency access to review">1</span>' in html


def test_other_staff_see_no_count(client_for, clinician_a, clinician_b, patient_a):
    open_emergency_access(clinician_b, patient_a)
    assert "privacy-to-review" not in client_for(clinician_a).get(reverse("patients:list")).content.decode()
