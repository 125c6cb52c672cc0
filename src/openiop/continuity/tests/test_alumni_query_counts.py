"""The Alumni page and a patient's continuity tab take the same number of queries for 25 alumni as for 5."""

from django.urls import reverse

from openiop.conftest import count_queries
from openiop.continuity import services

from .builders import GOOD_ANSWERS, alumni_episode

BUDGET = 16  # observed on SQLite, an upper bound


def _alumni(make_patient, program, clinician, count: int) -> None:
    for index in range(count):
        episode = alumni_episode(make_patient, program, clinician=clinician, discharged_days_ago=65)
        _checkin, token = services.checkin_link_issue(acting_user=clinician, episode=episode, day_number=30)
        answers = {**GOOD_ANSWERS, "wants_contact": index % 2 == 0}
        services.checkin_submit(token=token, answers=answers)


def test_the_alumni_page_takes_as_many_queries_for_25_alumni_as_for_5(
    make_patient, program_a, clinician_a, peer_support_a, client_for, django_assert_num_queries
):
    browser = client_for(peer_support_a)
    url = reverse("continuity:alumni")
    _alumni(make_patient, program_a, clinician_a, 5)
    small = count_queries(browser, url)
    _alumni(make_patient, program_a, clinician_a, 20)
    with django_assert_num_queries(small):
        response = browser.get(url)
    body = response.content.decode()
    assert body.count('data-testid="answered-row"') == 25 and body.count('data-testid="due-row"') == 25
    assert small <= BUDGET
