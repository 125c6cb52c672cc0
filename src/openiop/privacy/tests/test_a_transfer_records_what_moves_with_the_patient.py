"""A transfer to another program records which parts of the record move with the patient's care (decision
0009): the transfer form lists them, all ticked; what the clinician leaves unticked stays behind; the audit
row names what moved."""

from django.urls import reverse

from openiop.accounts.roles import Role
from openiop.audit.models import AuditEvent
from openiop.core.timezones import local_today
from openiop.privacy.models import RecordCategory, RecordMove


def test_the_transfer_form_moves_the_ticked_categories_only(client_for, make_user, patient_a, program_a, program_b):
    director = make_user(Role.DIRECTOR, [program_a, program_b])
    episode = patient_a.episodes.get()
    url = reverse("episodes:transfer", args=[episode.pk])
    client = client_for(director)
    form = client.get(url).context["form"]
    assert form.fields["records_moved"].initial == list(RecordCategory.values)
    assert 'name="records_moved"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "kind": "transfer",
            "effective_on": local_today(program_a.time_zone).isoformat(),
            "program": program_b.pk,
            "track": program_b.tracks.first().pk,
            "level_of_care": "asam3:2.1",
            "reason": "Trauma work now leads",
            "records_moved": ["medications", "measures"],
        },
    )
    assert response.status_code == 302
    moved = set(RecordMove.objects.values_list("patient_id", "from_program_id", "to_program_id", "category"))
    assert moved == {
        (patient_a.pk, program_a.pk, program_b.pk, "medications"),
        (patient_a.pk, program_a.pk, program_b.pk, "measures"),
    }
    transfer_in = AuditEvent.objects.filter(detail__event="transfer_in").get()
    assert transfer_in.detail["records_moved"] == ["medications", "measures"]
