"""A refused visit to the audit trail or to privilege management is a security event: it is recorded.

The 403 page tells the user "The attempt has been recorded", so it has to be true on these pages too.
"""

import pytest
from django.urls import reverse

from openiop.audit.models import AuditEvent, Outcome


@pytest.mark.parametrize(
    ("url_name", "needs_user_id"),
    [("audit:report", False), ("audit:report_csv", False), ("accounts:staff", False), ("accounts:staff_edit", True)],
)
def test_a_clinician_refused_a_privileged_page_leaves_a_denied_audit_event(
    url_name, needs_user_id, clinician_a, client_for
):
    url = reverse(url_name, args=[clinician_a.pk] if needs_user_id else [])

    response = client_for(clinician_a).get(url)

    assert response.status_code == 403
    assert b"The attempt has been recorded" in response.content
    denied = AuditEvent.objects.filter(user_id=clinician_a.pk, outcome=Outcome.DENIED)
    assert denied.count() == 1
    assert denied.get().detail.get("path") == url
