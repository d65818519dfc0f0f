"""`python -m bench --only cards`: one list card's render time, the demo's first 20 events
rendered as a list page renders them (`cards.render_cards`, its `CardKit` included), in each
language. See bench/README.md "A card rendered several times cheaper"."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from flask import g
from flask_babel import force_locale
from flask_migrate import upgrade
from sqlalchemy import select

from eventapp import create_app
from eventapp.demo.seed import seed_demo
from eventapp.events.cards import load_cards, render_cards
from eventapp.events.models import Event
from eventapp.extensions import clock, db
from eventapp.settings import settings_of

CARDS, ROUNDS, RENDERS = 20, 7, 10


def run(tmp: Path) -> None:
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'cards.sqlite'}", "SECRET_KEY": "bench"}
    )
    with app.app_context():
        upgrade()
        seed_demo(db.session, now=clock.now(), settings=settings_of(app))
        db.session.commit()
        ids = list(db.session.scalars(select(Event.id).order_by(Event.id).limit(CARDS)))
        print(f"\nCards: one card's render time, {len(ids)} cards a render, ms per card")
        for lang in ("en", "fr"):
            with app.test_request_context(f"/{lang}/events/"), force_locale(lang):
                g.lang = lang
                cards = list(load_cards(ids).values())
                render_cards(cards)
                per_card = [_timed(cards) for _ in range(ROUNDS)]
            print(f"  {lang}: median {statistics.median(per_card):.3f}  best {min(per_card):.3f}")
        db.engine.dispose()


def _timed(cards: list) -> float:
    began = time.perf_counter()
    for _ in range(RENDERS):
        render_cards(cards)
    return (time.perf_counter() - began) * 1000 / (RENDERS * len(cards))
