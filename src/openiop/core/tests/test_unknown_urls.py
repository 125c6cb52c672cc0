def test_an_id_too_large_for_the_database_is_a_404_not_a_server_error(clinician_a, client_for):
    client = client_for(clinician_a)
    assert client.get("/patients/99999999999999999999999/").status_code == 404
    assert client.get("/patients/99999999999999999999999/measures/").status_code == 404


def test_the_api_answers_an_unknown_url_with_json(clinician_a, client_for):
    response = client_for(clinician_a).get("/api/v1/patients/-1/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_pages_answer_an_unknown_url_with_the_html_page(clinician_a, client_for):
    response = client_for(clinician_a).get("/no-such-page/")
    assert response.status_code == 404
    assert b"There is nothing here that you can see." in response.content
