"""The Screens tab: collections × analytes (latest 12, oldest first, text labels beside colour) and each
analyte's last positive, in a constant number of queries."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from openiop.audit.models import AuditEvent
from openiop.conftest import count_queries


def _weekly(record_screen, n, start_weeks_ago=20):
    for week in range(n):
        at = timezone.now() - timedelta(weeks=start_weeks_ago - week, hours=1)
        record_screen({"fentanyl": "positive" if week == 0 else "negative", "cocaine": "negative"}, collected_at=at)


def test_the_table_shows_the_latest_12_collections_with_text_labels(client_for, clinician_a, patient_a, record_screen):
    _weekly(record_screen, 14)
    response = client_for(clinician_a).get(reverse("screens:chart", args=[patient_a.pk]))
    assert response.status_code == 200
    assert len(response.context["collections"]) == 12
    labels = [row.analyte_label for row in response.context["rows"]]
    assert labels == ["Cocaine", "Fentanyl"]
    html = response.content.decode()
    assert 'class="screen-negative">Negative</td>' in html
    assert 'aria-current="page">Screens</a>' in html
    # The one fentanyl positive is older than the 12 shown, but the summary still names it.
    assert "<strong>Fentanyl</strong>: last positive" in html and "1 unexpected" in html
    assert AuditEvent.objects.filter(object_type="chart", object_id="screens", patient_id=patient_a.pk).exists()


def test_an_unexpected_positive_reads_as_such_in_the_table(client_for, clinician_a, patient_a, record_screen):
    record_screen({"fentanyl": "positive"})
    html = client_for(clinician_a).get(reverse("screens:chart", args=[patient_a.pk])).content.decode()
    assert 'class="screen-unexpected">Positive, unexpected</td>' in html


def test_the_tab_takes_the_same_queries_for_3_or_15_collections(client_for, clinician_a, patient_a, record_screen):
    url = reverse("screens:chart", args=[patient_a.pk])
    client = client_for(clinician_a)
    _weekly(record_screen, 3, start_weeks_ago=30)
    small = count_queries(client, url)
    _weekly(record_screen, 12, start_weeks_ago=20)
    assert count_queries(client, url) == small


def test_a_refused_screen_keeps_the_answers_and_names_the_field(client_for, nurse_a, patient_a, program_a):
    from zoneinfo import ZoneInfo

    from openiop.screens.models import ScreenCollection

    local = timezone.localtime(timezone.now() - timedelta(minutes=5), ZoneInfo(program_a.time_zone))

    response = client_for(nurse_a).post(
        reverse("screens:record", args=[patient_a.pk]),
        {
            "collected_at": local.strftime("%Y-%m-%dT%H:%M"),
            "specimen": "urine",
            "method": "confirmatory",
            "chain_of_custody_id": "",
            "observed": "yes",
            "collected_by": nurse_a.pk,
            "result_fentanyl": "positive",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "chain-of-custody id" in html
    assert '<option value="positive" selected>' in html
    assert ScreenCollection.objects.count() == 0
