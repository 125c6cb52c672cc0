"""`next` on the sign-in and second-factor pages leads back to a page of this site, never elsewhere and never
to an error."""

import pytest


@pytest.mark.parametrize(
    ("next_value", "expected"),
    [
        ("'", "/"),
        ("patients", "/"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/patients/?q=a", "/patients/?q=a"),
    ],
)
def test_a_signed_in_user_is_sent_to_a_page_of_this_site(clinician_a, client_for, next_value, expected):
    response = client_for(clinician_a).get("/accounts/login/", {"next": next_value})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_the_second_factor_page_returns_to_a_page_of_this_site(clinician_a, client_for):
    client = client_for(clinician_a)
    page = client.get("/accounts/mfa/", {"next": "'"})
    assert page.status_code == 200
    assert 'value="\'"' not in page.content.decode() and "&#x27;" not in page.content.decode()
