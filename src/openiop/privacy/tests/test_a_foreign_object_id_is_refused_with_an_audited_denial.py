"""A request about one's own patient that carries the id of another program's object (a note, a consent, a
plan... of patient B) is refused, and the refusal leaves an audited denial with its reason, like any other.

Walks every page of the access matrix whose URL takes an object id: the patient id stays patient A's (program
A, the persona's own), every other id is taken from patient B's record (program B). Each page is requested by
the first program-A persona who opens it for patient A.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from openiop.accounts.roles import Role
from openiop.audit.models import AuditEvent, Outcome

from . import test_every_patient_page_denies_by_default as matrix
from .patient_record_fixture import build_patient_record
from .test_every_patient_page_denies_by_default import IN_PROGRAM_CLINICAL, PAGES, _opened, patient_data_writes

# The matrix's fixtures: patient A's record, and PDFs not drawn.
record = matrix.record
_pdfs_are_not_drawn = matrix._pdfs_are_not_drawn

# Pages whose ids no one's program bounds, each with the reason.
ORGANIZATION_WIDE = {
    "privacy:review": "the privacy officer reviews every emergency access, whichever the program",
    "privacy:unrestrict": "the privacy officer restricts records across the organization",
}


@pytest.fixture
def record_b(make_user, program_b, patient_b, clinician_b, director_b):
    return build_patient_record(
        patient=patient_b,
        clinician=clinician_b,
        director=director_b,
        nurse=make_user(Role.NURSE, [program_b]),
        prescriber=make_user(Role.PRESCRIBER, [program_b]),
        intake_user=make_user(Role.INTAKE, [program_b]),
        other_clinician=make_user(Role.CLINICIAN, [program_b]),
    )


def _foreign_kwargs(page, record, record_b) -> dict | None:
    """Patient A's id with patient B's other ids; None when the page takes no id but the patient's."""
    own, foreign = page.kwargs(record), page.kwargs(record_b)
    mixed = {name: own[name] if name == "patient_id" else foreign[name] for name in own}
    return None if mixed == own else mixed


def test_every_foreign_object_id_is_refused_and_the_refusal_is_audited(request, client_for, record, record_b):
    from django.urls import reverse

    wrong, tried = [], []
    for key, page in PAGES.items():
        if key in ORGANIZATION_WIDE:
            continue
        kwargs = _foreign_kwargs(page, record, record_b)
        if kwargs is None:
            continue
        method = "POST" if page.post_only else "GET"
        for persona in IN_PROGRAM_CLINICAL:
            user = request.getfixturevalue(persona)
            client = client_for(user)
            if _opened(client.get(page.url(record)).status_code, page):
                break
        else:
            wrong.append(f"{key}: opens for no program-A persona")
            continue
        tried.append(key)
        url = reverse(page.url_name, kwargs=kwargs)
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            before = AuditEvent.objects.filter(user_id=user.pk, outcome=Outcome.DENIED).count()
            response = client.get(url) if method == "GET" else client.post(url, page.data(record))
            denials = AuditEvent.objects.filter(user_id=user.pk, outcome=Outcome.DENIED).order_by("sequence")
            cell = f"{persona} {method} {key} with another program's id"
            if response.status_code not in {403, 404}:
                wrong.append(f"{cell} → {response.status_code}")
            if denials.count() <= before:
                wrong.append(f"{cell}: refusal not audited")
            elif not denials.last().detail.get("reason"):
                wrong.append(f"{cell}: the denial gives no reason")
            if patient_data_writes(queries):
                wrong.append(f"{cell}: wrote {patient_data_writes(queries)}")
            transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)
    assert len(tried) >= 40, tried
