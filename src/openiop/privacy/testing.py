"""Test helpers: open emergency access the way the form does, and sign a test client in under the grant."""

from django.utils import timezone

from .policy import remember_grant
from .services import break_glass_open


def open_emergency_access(user, patient):
    """A break-glass grant for ``user`` on ``patient`` with the four §2.51 fields filled in."""
    return break_glass_open(
        acting_user=user,
        mrn=patient.mrn,
        date_of_birth=patient.date_of_birth,
        receiving_personnel="Dr. Ana Ruiz",
        receiving_facility="County General ED",
        disclosing_person="Clinician B",
        occurred_at=timezone.now(),
        emergency_nature="Overdose; ED needs medications",
    )


def client_under_grant(client_for, user, grant):
    """``client_for(user)`` whose session remembers ``grant``, as after the emergency-access form."""
    client = client_for(user)
    session = client.session
    remember_grant(session, grant)
    session.save()
    return client
