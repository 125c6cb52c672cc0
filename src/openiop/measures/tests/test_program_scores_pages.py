import re

from django.urls import reverse

from openiop.measures.services import measure_record
from openiop.measures.views import SCORES_PAGE_SIZE


def test_latest_scores_come_a_page_at_a_time_with_each_patients_newest_result(
    make_patient, program_a, clinician_a, client_for
):
    patients = [make_patient(program_a, acting_user=clinician_a)[0] for _ in range(SCORES_PAGE_SIZE + 1)]
    first = patients[0]
    episode = first.episodes.get()
    for answers in ([3, 3, 3, 3, 3, 3, 0, 0, 0], [1, 1, 0, 0, 0, 0, 0, 0, 0]):  # 18 then 2
        measure_record(acting_user=clinician_a, patient=first, episode=episode, instrument="PHQ-9", answers=answers)
    client = client_for(clinician_a)
    url = reverse("measures:program_scores", args=[program_a.pk])

    page_one = client.get(url).content.decode()
    page_two = client.get(url, {"page": 2}).content.decode()

    links = r'href="/patients/\d+/measures/"'
    assert len(re.findall(links, page_one)) == SCORES_PAGE_SIZE
    assert len(re.findall(links, page_two)) == 1
    assert f"{SCORES_PAGE_SIZE + 1} active patients" in page_one
    row = re.search(rf'href="/patients/{first.pk}/measures/".*?</tr>', page_one + page_two, re.S).group(0)
    assert "2 <span" in row and "minimal" in row
    assert "18 <span" not in row  # the score cell; the generated name (PatNNNN) may contain "18" too
