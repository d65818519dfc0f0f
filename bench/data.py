"""Bulk-create a realistic database of N events with SQLAlchemy Core, in seconds not minutes."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text

from eventapp.events.models import (
    Event,
    EventSession,
    event_organisations,
    event_speakers,
    event_topics,
    session_speakers,
)
from eventapp.events.search import index_events
from eventapp.extensions import db
from eventapp.reference.models import Organisation, Person, Series, Site, Topic, Venue
from eventapp.text import fold

SITES = [
    (1, "paris-saclay", "Paris-Saclay", "Paris-Saclay", "Europe/Paris"),
    (2, "oxford", "Oxford", "Oxford", "Europe/London"),
    (3, "cambridge", "Cambridge", "Cambridge", "Europe/London"),
]
TOPICS = [
    ("apprentissage-automatique", "Apprentissage automatique", "Machine learning"),
    ("ethique", "Éthique de l'IA", "AI ethics"),
    ("robotique", "Robotique", "Robotics"),
    ("langage", "Traitement du langage", "Natural language processing"),
    ("vision", "Vision par ordinateur", "Computer vision"),
    ("sante", "IA et santé", "AI for health"),
    ("climat", "IA et climat", "AI for climate"),
    ("theorie", "Théorie de l'apprentissage", "Learning theory"),
    ("securite", "Sûreté et sécurité", "Safety and security"),
    ("droit", "Droit et régulation", "Law and regulation"),
]
SUBJECTS = [
    ("modèles de diffusion", "diffusion models"),
    ("apprentissage par renforcement", "reinforcement learning"),
    ("grands modèles de langage", "large language models"),
    ("équité algorithmique", "algorithmic fairness"),
    ("robots collaboratifs", "collaborative robots"),
    ("imagerie médicale", "medical imaging"),
    ("prévision météorologique", "weather forecasting"),
    ("optimisation convexe", "convex optimisation"),
    ("interprétabilité", "interpretability"),
    ("vie privée différentielle", "differential privacy"),
    ("graphes de connaissances", "knowledge graphs"),
    ("inférence causale", "causal inference"),
]
ANGLES = [
    ("Nouvelles perspectives sur les", "New perspectives on"),
    ("Limites et promesses des", "Limits and promise of"),
    ("Journée d'étude : les", "Study day:"),
    ("Ce que nous apprennent les", "What we learn from"),
    ("Atelier pratique sur les", "Hands-on workshop on"),
]
FIRST = [
    "Camille",
    "Hugo",
    "Amélie",
    "Oliver",
    "Priya",
    "Wei",
    "Jean-Luc",
    "Siobhan",
    "Ana",
    "Kofi",
]
LAST = [
    "Martin",
    "Dubois",
    "Smith",
    "Okafor",
    "Müller",
    "García",
    "Nguyen",
    "Brown",
    "Rossi",
    "Lee",
]
AFFILIATIONS = [
    "Université Paris-Saclay",
    "University of Oxford",
    "University of Cambridge",
    "CNRS",
]
# The texts the app folds into `Event.search_text` at flush; Core inserts skip that hook.
SEARCHED_FIELDS = ("title", "summary", "description")
KINDS, KIND_WEIGHTS = ("seminar", "workshop", "symposium"), (70, 20, 10)
STATUSES, STATUS_WEIGHTS = ("published", "cancelled", "draft"), (94, 3, 3)


@dataclass(frozen=True)
class Dataset:
    """What was created: the event whose page is measured, and row counts for the report."""

    detail_event_id: int
    counts: dict[str, int]


def populate(n_events: int, *, now: datetime, history: int = 0, seed: int = 2024) -> Dataset:
    """Fill an empty, migrated database with `n_events` upcoming events and reference data.

    `history` more events, already over, come first: spread over the past year, as a site
    that has been running a while would have them.
    """
    rnd = random.Random(seed)
    rows: dict = {t: [] for t in ("sites", "orgs", "topics", "series", "venues", "people")}
    rows["sites"] = [
        dict(id=i, slug=s, name_fr=fr, name_en=en, timezone=tz) for i, s, fr, en, tz in SITES
    ]
    rows["orgs"] = list(_organisations())
    rows["topics"] = [
        dict(id=i, slug=s, name_fr=fr, name_en=en) for i, (s, fr, en) in enumerate(TOPICS, 1)
    ]
    rows["series"] = [
        dict(id=i, slug=f"series-{i}", title_fr=f"Séminaire {i}", title_en=f"Seminar series {i}",
             description_en="A recurring seminar.", site_id=_site_of(i))
        for i in range(1, SERIES + 1)
    ]  # fmt: skip
    rows["venues"] = [
        dict(id=i, name_fr=f"Amphi {i}", name_en=f"Lecture theatre {i}",
             address=f"{i} Example Road", capacity=50 + 10 * i, site_id=_site_of(i))
        for i in range(1, VENUES + 1)
    ]  # fmt: skip
    rows["people"] = [
        dict(id=i, name=f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",
             affiliation=rnd.choice(AFFILIATIONS))
        for i in range(1, 301)
    ]  # fmt: skip
    for model, key in [
        (Site, "sites"),
        (Organisation, "orgs"),
        (Topic, "topics"),
        (Series, "series"),
        (Venue, "venues"),
        (Person, "people"),
    ]:
        db.session.execute(insert(model.__table__), rows[key])

    total = history + n_events
    detail_id = history + max(1, n_events // 2)
    counts = {"events": 0, "event_sessions": 0, "links": 0}
    batch: dict[str, list] = {}
    for event_id in range(1, total + 1):
        # Past events over the previous year, then upcoming ones over the next: ids follow dates.
        if event_id <= history:
            offset = 365 * ((event_id - 0.5) / history - 1)
        else:
            offset = 365 * (event_id - history - 0.5) / n_events
        day = now + timedelta(days=offset)
        made = _event(rnd, event_id, day=day, now=now, detail=event_id == detail_id)
        for table, table_rows in made.items():
            batch.setdefault(table, []).extend(table_rows)
        if event_id % 2000 == 0 or event_id == total:
            for name, count in _flush(batch).items():
                counts[name] = counts.get(name, 0) + count
            batch = {}
    _reset_sequences()
    # Core inserts pass the app's flush hook by: the search documents are written in bulk.
    index_events(db.session.connection())
    db.session.commit()
    return Dataset(detail_event_id=detail_id, counts=counts)


SERIES, VENUES = 8, 30


def _site_of(number: int) -> int:
    """The site of the series or venue numbered `number`: the three take turns."""
    return 1 + number % 3


def _at_site(count: int, site_id: int) -> list[int]:
    """The numbers of the series (or venues) among `count` that are at `site_id`."""
    return [i for i in range(1, count + 1) if _site_of(i) == site_id]


def _organisations() -> Iterator[dict]:
    names = [
        ("inria", "Inria Saclay", "Inria Saclay", 1),
        ("lisn", "LISN", "LISN", 1),
        ("centralesupelec", "CentraleSupélec", "CentraleSupélec", 1),
        ("cea-list", "CEA List", "CEA List", 1),
        ("oxford-cs", "Département d'informatique d'Oxford", "Oxford Computer Science", 2),
        ("oxford-internet", "Oxford Internet Institute", "Oxford Internet Institute", 2),
        ("oxford-ethics", "Institut d'éthique de l'IA", "Institute for Ethics in AI", 2),
        ("cambridge-cst", "Laboratoire d'informatique", "Computer Laboratory", 3),
        ("cambridge-cfi", "Centre Leverhulme", "Leverhulme Centre", 3),
        ("cambridge-eng", "Département d'ingénierie", "Department of Engineering", 3),
    ]
    for i, (slug, fr, en, site) in enumerate(names, 1):
        yield dict(id=i, slug=slug, name_fr=fr, name_en=en, url=f"https://{slug}.example.org",
                   site_id=site)  # fmt: skip


def _event(rnd: random.Random, event_id: int, *, day: datetime, now: datetime, detail: bool):
    """The rows of one event: itself, its links, and its sessions with their speakers."""
    site_id = rnd.randint(1, 3)
    zone = ZoneInfo(SITES[site_id - 1][4])
    kind = "symposium" if detail else rnd.choices(KINDS, KIND_WEIGHTS)[0]
    local_start = datetime.combine(
        day.astimezone(zone).date(), time(rnd.choice([9, 10, 11, 14, 15, 16])), zone
    )
    start_at = local_start.astimezone(UTC)
    hours = {"seminar": 1.5, "workshop": 6, "symposium": 30}[kind]
    end_at = start_at + timedelta(hours=hours)
    status = "published" if detail else rnd.choices(STATUSES, STATUS_WEIGHTS)[0]
    # As the app wants it: a venue of the event's own site, or none for an online event.
    venue_id = rnd.choice([None, *_at_site(VENUES, site_id)])
    subject_fr, subject_en = rnd.choice(SUBJECTS)
    angle_fr, angle_en = rnd.choice(ANGLES)
    fields = {
        "title_fr": f"{angle_fr} {subject_fr}",
        "title_en": f"{angle_en} {subject_en}",
        "summary_fr": f"Une rencontre autour des {subject_fr}, ouverte à toutes et à tous.",
        "summary_en": f"A meeting about {subject_en}, open to everyone.",
        "description_fr": None,
        "description_en": _description(subject_en) if detail or rnd.random() < 0.5 else None,
    }
    search = fold(" ".join(v for f in SEARCHED_FIELDS for lang in ("fr", "en")
                           if (v := fields[f"{f}_{lang}"])))  # fmt: skip
    out: dict[str, list] = {
        "events": [
            dict(
                id=event_id, kind=kind, status=status, language=rnd.choice(["fr", "en", "both"]),
                site_id=site_id, venue_id=venue_id,
                series_id=rnd.choice(_at_site(SERIES, site_id))
                if kind == "seminar" and rnd.random() < 0.6 else None,
                online_url="https://meet.example.org/x" if venue_id is None or rnd.random() < 0.3
                else None,
                all_day=False, start_at=start_at, end_at=end_at,
                cancel_reason_en="The speaker is ill." if status == "cancelled" else None,
                capacity=rnd.choice([None, 40, 80, 120]), search_text=search,
                sequence=0, created_at=min(day, now), updated_at=min(day, now), **fields,
            )
        ]
    }  # fmt: skip
    n_orgs, n_topics, n_speakers = (
        (3, 3, 2) if detail else (rnd.randint(1, 3), rnd.randint(1, 3), 2)
    )
    out["event_organisations"] = [
        dict(event_id=event_id, organisation_id=o) for o in rnd.sample(range(1, 11), n_orgs)
    ]
    out["event_topics"] = [
        dict(event_id=event_id, topic_id=t) for t in rnd.sample(range(1, 11), n_topics)
    ]
    out["event_speakers"] = [
        dict(event_id=event_id, person_id=p) for p in rnd.sample(range(1, 301), n_speakers)
    ]
    n_sessions = 10 if detail else {"seminar": 0, "workshop": 3, "symposium": 5}[kind]
    out["event_sessions"], out["session_speakers"] = _sessions(rnd, event_id, start_at, n_sessions)
    return out


def _sessions(rnd: random.Random, event_id: int, start_at: datetime, n: int):
    sessions, speakers = [], []
    for i in range(n):
        # Two days of five slots: the timetable groups them by local day.
        begins = start_at + timedelta(days=i // 5, minutes=75 * (i % 5))
        session_id = event_id * 100 + i
        sessions.append(
            dict(id=session_id, event_id=event_id, title_fr=f"Exposé {i + 1}",
                 title_en=f"Talk {i + 1}", start_at=begins, end_at=begins + timedelta(hours=1),
                 room=f"Room {1 + i % 3}", sequence=0, updated_at=start_at)
        )  # fmt: skip
        speakers += [
            dict(event_session_id=session_id, person_id=p)
            for p in rnd.sample(range(1, 301), rnd.randint(1, 2))
        ]
    return sessions, speakers


def _description(subject: str) -> str:
    return (
        f"## Programme\n\nThis event looks at **{subject}** from several angles: "
        "theory, practice and the questions they raise for society.\n\n"
        "- Morning: invited talks\n- Afternoon: discussion and posters\n\n"
        "Coffee is served from 9:30. [Directions](https://example.org/directions)."
    )


TABLES = {
    "events": Event.__table__,
    "event_organisations": event_organisations,
    "event_topics": event_topics,
    "event_speakers": event_speakers,
    "event_sessions": EventSession.__table__,
    "session_speakers": session_speakers,
}


def _flush(batch: dict[str, list]) -> dict[str, int]:
    """Insert one batch in dependency order; executemany keeps it fast."""
    counts = {}
    for name, table in TABLES.items():
        if batch.get(name):
            db.session.execute(insert(table), batch[name])
            key = name if name in ("events", "event_sessions") else "links"
            counts[key] = counts.get(key, 0) + len(batch[name])
    return counts


def _reset_sequences() -> None:
    """Explicit ids leave PostgreSQL's sequences behind; bring them level for later inserts."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in ("sites", "organisations", "topics", "series", "venues", "people", "events",
                  "event_sessions"):  # fmt: skip
        db.session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
        )
