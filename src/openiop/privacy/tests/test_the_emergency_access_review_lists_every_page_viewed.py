"""Reviewing an emergency access, the privacy officer sees every page the user opened under the grant (and
every refusal), in order — and nothing the same user did outside it."""

from django.urls import reverse

from openiop.privacy.testing import client_under_grant, open_emergency_access


def test_the_review_lists_every_page_viewed_under_the_grant(
    client_for, privacy_officer, clinician_b, patient_a, patient_b
):
    grant = open_emergency_access(clinician_b, patient_a)
    client = client_under_grant(client_for, clinician_b, grant)
    for url in (
        reverse("patients:chart", args=[patient_a.pk]),
        reverse("medications:chart", args=[patient_a.pk]),
        reverse("notes:chart", args=[patient_a.pk]),
    ):
        assert client.get(url).status_code == 200, url
    client.get(reverse("patients:chart", args=[patient_b.pk]))  # their own patient: not under the grant

    response = client_for(privacy_officer).get(reverse("privacy:review", args=[grant.pk]))
    assert response.status_code == 200
    viewed = response.context["viewed"]
    assert [(e.object_type, e.object_id) for e in viewed] == [
        ("chart", "overview"),
        ("chart", "medications"),
        ("chart", "notes"),
    ]
    assert all(e.patient_id == patient_a.pk and e.user_id == clinician_b.pk for e in viewed)
    html = response.content.decode()
    assert "Pages viewed under this access (3)" in html
    assert "chart · medications" in html


def test_a_grant_not_yet_used_says_so(client_for, privacy_officer, clinician_b, patient_a):
    grant = open_emergency_access(clinician_b, patient_a)
    html = client_for(privacy_officer).get(reverse("privacy:review", args=[grant.pk])).content.decode()
    assert "No page was opened under this access." in html
