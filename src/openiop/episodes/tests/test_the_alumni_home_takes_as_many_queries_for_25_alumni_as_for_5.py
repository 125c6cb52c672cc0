"""Peer support's home page (the alumni follow-up) costs the same number of queries for 25 alumni as for 5."""

from django.urls import reverse

from openiop.conftest import count_queries
from openiop.continuity.tests.builders import alumni_episode

BUDGET = 14  # 13 observed on SQLite (session, user, second factor, programs, board, groups, tasks, audit)


def test_the_alumni_home_takes_as_many_queries_for_25_alumni_as_for_5(
    make_patient, program_a, clinician_a, peer_support_a, client_for, django_assert_num_queries
):
    def alumni(count: int) -> None:
        for _ in range(count):
            alumni_episode(make_patient, program_a, clinician=clinician_a, discharged_days_ago=65)

    browser = client_for(peer_support_a)
    url = reverse("episodes:dashboard")
    alumni(5)
    small = count_queries(browser, url)
    alumni(20)
    with django_assert_num_queries(small):
        response = browser.get(url)
    assert "<strong>25</strong> due" in response.content.decode()
    assert small <= BUDGET
