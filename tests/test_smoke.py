def test_list_page_shows_an_event(client, make_event):
    make_event(title_en="Machine learning seminar", title_fr="Séminaire d'apprentissage")
    response = client.get("/en/events/")
    assert response.status_code == 200
    assert "Machine learning seminar" in response.get_data(as_text=True)
