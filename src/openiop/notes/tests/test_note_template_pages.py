"""Note templates through the pages: a director manages them from the note settings page, a clinician picks
one when starting a note from the session page; another program's director neither sees nor edits them."""

from django.urls import reverse

from openiop.audit.models import AuditEvent, Outcome
from openiop.conftest import count_queries
from openiop.notes.models import NoteTemplate, ProgressNote
from openiop.notes.services import note_template_create

FORM = {
    "name": "Individual session (SOAP)",
    "session_types": ["individual_therapy"],
    "note_format": "SOAP",
    "section_subjective": "Patient reports: ",
    "section_objective": "Affect: ",
    "section_plan": "Next session: ",
}


def _template(director, program, name="Individual session (SOAP)", session_types=("individual_therapy",)):
    return note_template_create(
        acting_user=director,
        program=program,
        name=name,
        session_types=list(session_types),
        note_format="SOAP",
        sections={"subjective": "Patient reports: ", "plan": "Next session: "},
    )


def test_a_director_creates_a_template_from_the_note_settings_page(director_a, program_a, client_for):
    client = client_for(director_a)
    page = client.get(reverse("notes:settings")).content.decode()
    new_url = reverse("notes:template_new") + f"?program={program_a.pk}"
    assert new_url in page
    response = client.post(new_url, FORM)
    assert response.status_code == 302
    template = NoteTemplate.objects.get()
    assert template.program == program_a and template.session_types == ["individual_therapy"]
    assert template.sections == {"subjective": "Patient reports:", "objective": "Affect:", "plan": "Next session:"}
    page = client.get(reverse("notes:settings")).content.decode()
    assert "Individual session (SOAP)" in page and reverse("notes:template_edit", args=[template.pk]) in page


def test_a_bad_template_shows_the_field_error_and_keeps_what_was_typed(director_a, program_a, client_for):
    client = client_for(director_a)
    url = reverse("notes:template_new") + f"?program={program_a.pk}"
    response = client.post(url, FORM | {"section_data": "Typed into the wrong format", "session_types": []})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Typed into the wrong format" in page and "Patient reports:" in page
    assert "Choose one or more of" in page and "leave Data empty" in page
    assert NoteTemplate.objects.count() == 0


def test_a_director_edits_and_retires_a_template(director_a, program_a, client_for):
    template = _template(director_a, program_a)
    client = client_for(director_a)
    url = reverse("notes:template_edit", args=[template.pk])
    assert "Patient reports:" in client.get(url).content.decode()
    response = client.post(url, FORM | {"action": "save", "name": "Individual (SOAP) v2"})
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.name == "Individual (SOAP) v2"
    assert client.post(url, {"action": "retire"}).status_code == 302
    template.refresh_from_db()
    assert template.retired_at is not None
    assert "Retired" in client.get(reverse("notes:settings")).content.decode()


def test_a_director_of_another_program_neither_sees_nor_edits_the_template(
    director_a, director_b, program_a, client_for
):
    template = _template(director_a, program_a)
    client = client_for(director_b)
    assert "Individual session (SOAP)" not in client.get(reverse("notes:settings")).content.decode()
    url = reverse("notes:template_edit", args=[template.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, FORM | {"action": "save", "name": "Taken over"}).status_code == 404
    assert client.post(url, {"action": "retire"}).status_code == 404
    template.refresh_from_db()
    assert template.name == "Individual session (SOAP)" and template.retired_at is None
    refused = AuditEvent.objects.filter(object_type="note_template", outcome=Outcome.DENIED, user_id=director_b.pk)
    assert refused.count() == 3
    assert all(e.detail["reason"] == "scope" and e.object_id == str(template.pk) for e in refused)
    new_in_a = reverse("notes:template_new") + f"?program={program_a.pk}"
    assert client.post(new_in_a, FORM).status_code == 404
    assert NoteTemplate.objects.count() == 1


def test_a_clinician_may_not_manage_templates(director_a, clinician_a, program_a, client_for):
    template = _template(director_a, program_a)
    client = client_for(clinician_a)
    assert client.get(reverse("notes:template_edit", args=[template.pk])).status_code == 403
    assert client.get(reverse("notes:template_new") + f"?program={program_a.pk}").status_code == 403
    assert AuditEvent.objects.filter(object_type="note_template", outcome=Outcome.DENIED).count() == 2


def test_a_clinician_picks_a_template_when_starting_a_note(make_appointment, director_a, clinician_a, client_for):
    session, episode = make_appointment()
    template = _template(director_a, session.program)
    _template(director_a, session.program, name="Family only", session_types=["family_therapy"])
    client = client_for(clinician_a)
    page = client.get(reverse("notes:session", args=[session.pk])).content.decode()
    assert "Individual session (SOAP)" in page and "Family only" not in page
    response = client.post(
        reverse("notes:session", args=[session.pk]), {"episode": episode.pk, "template": template.pk}
    )
    note = ProgressNote.objects.get()
    assert response.url == reverse("notes:edit", args=[episode.patient_id, note.pk])
    assert note.template == template and note.note_format == "SOAP"
    editor = client.get(response.url).content.decode()
    assert "Patient reports:" in editor and "Individual session (SOAP)" in editor


def test_a_template_of_another_program_is_refused_on_the_session_page(
    make_appointment, director_b, clinician_a, program_b, client_for
):
    session, episode = make_appointment()
    elsewhere = _template(director_b, program_b)
    response = client_for(clinician_a).post(
        reverse("notes:session", args=[session.pk]), {"episode": episode.pk, "template": elsewhere.pk}, follow=True
    )
    assert "Choose a template of this program" in response.content.decode()
    assert ProgressNote.objects.count() == 0


def test_the_template_lists_do_a_constant_number_of_queries(make_appointment, director_a, program_a, client_for):
    session, _ = make_appointment()
    director = client_for(director_a)
    settings_url = reverse("notes:settings")
    session_url = reverse("notes:session", args=[session.pk])
    for n in range(2):
        _template(director_a, program_a, name=f"Template {n}")
    few = count_queries(director, settings_url), count_queries(director, session_url)
    for n in range(2, 12):
        _template(director_a, program_a, name=f"Template {n}")
    assert (count_queries(director, settings_url), count_queries(director, session_url)) == few
