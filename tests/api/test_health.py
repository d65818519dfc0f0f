"""GET /healthz: 200 with the database reachable, 503 otherwise."""

from __future__ import annotations

from eventapp import create_app
from eventapp.extensions import db

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"


def test_healthz_is_ok_with_the_database_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


def test_healthz_is_503_when_the_database_cannot_be_reached():
    app = create_app({"SQLALCHEMY_DATABASE_URI": UNREACHABLE, "TESTING": True, "SECRET_KEY": "t"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.mimetype == "application/json"
    assert response.get_json()["status"] != "ok"
    with app.app_context():
        db.engine.dispose()
