"""The demo's big events: symposia with parallel sessions, and multi-day workshops.

Sessions are `(day, start, end, room, title_fr, title_en, speakers, capacity)`, where `day`
counts from the event's first day and times are local wall time at the event's site.
"""

from __future__ import annotations

PARIS_SYMPOSIUM = {
    "site": "paris-saclay", "venue": "x-poincare", "kind": "symposium",
    "day": ("week", 8, "thu"), "end_day": 1, "time": ("09:00", "17:30"),
    "hosts": ["hi-paris", "ip-paris", "hec-paris"], "series": None,
    "topics": ["ai-for-science", "health", "ethics-governance", "machine-learning"],
    "capacity": 600, "registration": (60, 2),
    "speakers": ["Claire Dufresne", "Markus Feldmann", "Chen Wei"],
    "title_fr": "Symposium Hi! PARIS : l'IA, la science et la société",
    "title_en": "Hi! PARIS Symposium: AI, science and society",
    "summary_fr": "Deux jours de conférences, de sessions parallèles et de posters sur le "
                  "campus de l'École polytechnique.",
    "summary_en": "Two days of keynotes, parallel sessions and posters on the École "
                  "polytechnique campus.",
    "description_fr": "Le rendez-vous annuel du centre Hi! PARIS réunit chercheurs, étudiants "
                      "et partenaires industriels.\n\n"
                      "## Programme\n\n"
                      "- trois **conférences invitées** ;\n"
                      "- des **sessions parallèles** : physique, santé, éthique des données ;\n"
                      "- une session de posters et un cocktail.\n\n"
                      "Certaines sessions ont un nombre de places limité : choisissez-les à "
                      "l'inscription.",
    "description_en": "Hi! PARIS's yearly gathering of researchers, students and industry "
                      "partners.\n\n"
                      "## Programme\n\n"
                      "- three **keynotes**;\n"
                      "- **parallel sessions**: physics, health, data ethics;\n"
                      "- a poster session and a reception.\n\n"
                      "Some sessions have limited places: choose them when you register.",
    "sessions": [
        (0, "09:00", "09:30", "Amphithéâtre Poincaré", "Ouverture", "Opening", [], None),
        (0, "09:30", "10:30", "Amphithéâtre Poincaré",
         "Conférence invitée : l'IA change-t-elle la méthode scientifique ?",
         "Keynote: is AI changing the scientific method?", ["Markus Feldmann"], None),
        (0, "11:00", "12:30", "Amphithéâtre Becquerel", "IA pour la physique",
         "AI for physics", ["Thomas Girard", "Élodie Fabre"], 200),
        (0, "11:00", "12:30", "Salle 1.05", "IA et santé : des données aux soins",
         "AI and health: from data to care", ["Sophie Lemaître"], 60),
        (0, "11:00", "12:30", "Salle 1.07", "Atelier : éthique des données",
         "Workshop: data ethics", ["Claire Dufresne"], 30),
        (0, "14:00", "15:30", "Amphithéâtre Becquerel", "Apprentissage et optimisation",
         "Learning and optimisation", ["Mathieu Roussel", "Samuel Osei"], 200),
        (0, "14:00", "15:30", "Salle 1.05", "Robotique et perception",
         "Robotics and perception", ["Hélène Marchetti"], 60),
        (0, "16:00", "17:30", "Amphithéâtre Poincaré",
         "Table ronde : la recherche publique face aux géants du numérique",
         "Panel: public research and the tech giants",
         ["Nicolas Perrin", "Julien Besnard", "Margaret Ashworth"], None),
        (1, "09:30", "10:30", "Amphithéâtre Poincaré",
         "Conférence invitée : gouverner l'IA, une perspective mondiale",
         "Keynote: governing AI, a global perspective", ["Chen Wei"], None),
        (1, "11:00", "12:30", "Amphithéâtre Becquerel", "Traitement automatique des langues",
         "Natural language processing", ["Karim Benali", "Rachel Lindqvist"], 200),
        (1, "11:00", "12:30", "Salle 1.05", "IA et climat", "AI and climate",
         ["Daniel Whitcombe"], 60),
        (1, "14:00", "16:00", "Hall du bâtiment 86", "Session posters", "Poster session",
         [], None),
        (1, "16:30", "17:30", "Amphithéâtre Poincaré", "Conférence de clôture",
         "Closing keynote", ["Claire Dufresne"], None),
    ],
}  # fmt: skip

OXFORD_SYMPOSIUM = {
    # Hybrid: a venue and an online link.
    "site": "oxford", "venue": "ox-schwarzman", "kind": "symposium",
    "day": ("week", 17, "fri"), "time": ("09:30", "18:00"),
    "online_url": "https://meet.example.org/oxford-frontier-ai-governance",
    "hosts": ["oxford-ethics-in-ai", "university-of-oxford"], "language": "en",
    "topics": ["ethics-governance", "law-policy"], "capacity": 450, "registration": (45, 1),
    "speakers": ["James Okafor", "Fiona MacLeod", "Ingrid Solberg"],
    "title_fr": "Symposium d'Oxford sur la gouvernance de l'IA de pointe",
    "title_en": "Oxford Symposium on the Governance of Frontier AI",
    "summary_fr": "Régulateurs, chercheurs et société civile ; sur place et en ligne.",
    "summary_en": "Regulators, researchers and civil society; in person and online.",
    "description_fr": "Une journée de débats sur l'évaluation des modèles, les obligations "
                      "de transparence et la coopération internationale.\n\n"
                      "Le symposium est retransmis en direct ; le lien est envoyé aux inscrits.",
    "description_en": "A day of debate on model evaluations, transparency duties and "
                      "international cooperation.\n\n"
                      "The symposium is streamed live; registrants receive the link.",
    "sessions": [
        (0, "09:30", "10:00", "Auditorium", "Accueil", "Welcome", ["James Okafor"], None),
        (0, "10:00", "11:30", "Auditorium", "Évaluer les modèles de pointe",
         "Evaluating frontier models", ["Rachel Lindqvist", "Priya Raman"], None),
        (0, "12:00", "13:00", "Auditorium", None, "Transparency duties: a regulator's view",
         ["Fiona MacLeod"], None),
        (0, "14:00", "15:30", "Auditorium", "Coopération internationale",
         "International cooperation", ["Chen Wei", "Anne-Laure Vasseur"], None),
        (0, "14:00", "15:30", "Seminar Room 2", "Atelier : rédiger une fiche de modèle",
         "Workshop: writing a model card", ["Ingrid Solberg"], 25),
        (0, "16:00", "18:00", "Auditorium", "Table ronde de clôture", "Closing panel",
         ["James Okafor", "Margaret Ashworth", "Claire Dufresne"], None),
    ],
}  # fmt: skip

CAMBRIDGE_SYMPOSIUM = {
    "site": "cambridge", "venue": "cam-engineering-lt0", "kind": "symposium",
    "day": ("week", 30, "tue"), "time": ("09:00", "17:30"),
    "hosts": ["ai-at-cam", "university-of-cambridge"], "language": "en",
    "topics": ["ai-for-science", "machine-learning", "climate-energy"], "capacity": 380,
    "speakers": ["Oliver Brennan", "Aisha Karimi", "Daniel Whitcombe"],
    "title_fr": "Symposium IA pour la science",
    "title_en": "AI for Science Symposium",
    "summary_fr": "Biologie, matériaux, climat : ce que l'IA apporte à la découverte.",
    "summary_en": "Biology, materials, climate: what AI brings to discovery.",
    "description_en": "AI@Cam's annual symposium on machine learning in the sciences, with "
                      "breakout sessions in the afternoon.\n\n"
                      "Lunch is provided; please tell us about dietary needs when you register.",
    "sessions": [
        (0, "09:00", "10:00", "Lecture Theatre 0", "Conférence d'ouverture",
         "Opening keynote", ["Oliver Brennan"], None),
        (0, "10:30", "12:30", "Lecture Theatre 0", "Biologie et chimie",
         "Biology and chemistry", ["Chen Wei", "Oliver Brennan"], None),
        (0, "13:30", "15:30", "Lecture Theatre 0", "Matériaux", "Materials",
         ["Samuel Osei"], None),
        (0, "13:30", "15:30", "Lecture Room 4", "Climat et environnement",
         "Climate and environment", ["Daniel Whitcombe"], 90),
        (0, "13:30", "15:30", "Dyson Centre", "Atelier pratique : robots de laboratoire",
         "Hands-on: laboratory robots", ["Aisha Karimi"], 20),
        (0, "16:00", "17:30", "Lecture Theatre 0", "Table ronde", "Panel discussion",
         ["Rachel Lindqvist", "Margaret Ashworth"], None),
    ],
}  # fmt: skip

CAMBRIDGE_ALL_DAY_WORKSHOP = {
    # Three whole days: stored from local midnight of the first to that after the last.
    "site": "cambridge", "venue": "cam-cms-mr2", "kind": "workshop",
    "day": ("week", 22, "mon"), "all_day": 3,
    "hosts": ["university-of-cambridge"], "language": "en",
    "topics": ["mathematics-of-learning", "machine-learning"], "capacity": 50,
    "registration": (90, 14), "speakers": ["Samuel Osei", "Daniel Whitcombe", "Mathieu Roussel"],
    "title_fr": "Atelier de calcul numérique probabiliste",
    "title_en": "Workshop on Probabilistic Numerics",
    "summary_fr": "Trois jours sur l'incertitude des calculs numériques.",
    "summary_en": "Three days on the uncertainty of numerical computation.",
    "description_en": "Talks in the mornings, working groups in the afternoons.\n\n"
                      "Accommodation is available in college; ask the organisers.",
    "description_fr": "Exposés le matin, groupes de travail l'après-midi.\n\n"
                      "Un hébergement en *college* est possible ; renseignez-vous auprès "
                      "des organisateurs.",
    "sessions": [
        (0, "09:30", "12:30", "Meeting Room 2", "Intégration bayésienne",
         "Bayesian quadrature", ["Samuel Osei"], None),
        (0, "14:00", "17:00", "Meeting Room 2", "Groupes de travail", "Working groups",
         [], None),
        (1, "09:30", "12:30", "Meeting Room 2", "Équations différentielles probabilistes",
         "Probabilistic ODE solvers", ["Daniel Whitcombe"], None),
        (1, "14:00", "17:00", "Meeting Room 2", "Groupes de travail", "Working groups",
         [], None),
        (2, "09:30", "12:30", "Meeting Room 2", "Algèbre linéaire probabiliste",
         "Probabilistic linear algebra", ["Mathieu Roussel"], None),
    ],
}  # fmt: skip

PARIS_ALL_DAY_WORKSHOP = {
    "site": "paris-saclay", "venue": "cs-eiffel", "kind": "workshop",
    "day": ("week", 34, "thu"), "all_day": 2,
    "hosts": ["universite-paris-saclay", "ip-paris", "inria"],
    "topics": ["robotics", "machine-learning"], "capacity": 150,
    "speakers": ["Hélène Marchetti", "Karim Benali", "Aisha Karimi"],
    "title_fr": "Journées robotique et IA de Paris-Saclay",
    "title_en": "Paris-Saclay Robotics and AI Days",
    "summary_fr": "Deux journées de démonstrations, d'exposés et de rencontres.",
    "summary_en": "Two days of demonstrations, talks and meetings.",
    "description_fr": "Les laboratoires du plateau présentent leurs robots ; les doctorants "
                      "exposent leurs travaux.\n\n> Venez avec vos questions, repartez avec "
                      "des contacts.",
    "description_en": "The campus laboratories show their robots; doctoral students present "
                      "their work.\n\n> Come with questions, leave with contacts.",
    "sessions": [
        (0, "10:00", "12:30", "Amphithéâtre e.070", "Exposés des doctorants",
         "Doctoral students' talks", ["Karim Benali"], None),
        (0, "14:00", "18:00", "Plateforme robotique, bâtiment Bouygues", "Démonstrations",
         "Demonstrations", ["Hélène Marchetti"], 60),
        (1, "10:00", "12:00", "Amphithéâtre e.070", "Manipulation et apprentissage",
         "Manipulation and learning", ["Aisha Karimi"], None),
    ],
}  # fmt: skip

BIG_EVENTS = [
    PARIS_SYMPOSIUM,
    OXFORD_SYMPOSIUM,
    CAMBRIDGE_SYMPOSIUM,
    CAMBRIDGE_ALL_DAY_WORKSHOP,
    PARIS_ALL_DAY_WORKSHOP,
]
