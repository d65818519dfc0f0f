"""The demo's reference data: sites, organisations, venues, topics, series and speakers.

The sites and organisations are the partnership's real ones; rooms are real buildings with
their real addresses; the speakers are invented.
"""

from __future__ import annotations

SITES = [
    {"slug": "paris-saclay", "name_fr": "Paris-Saclay", "name_en": "Paris-Saclay",
     "timezone": "Europe/Paris", "language": "fr"},
    {"slug": "oxford", "name_fr": "Oxford", "name_en": "Oxford", "timezone": "Europe/London"},
    {"slug": "cambridge", "name_fr": "Cambridge", "name_en": "Cambridge",
     "timezone": "Europe/London"},
]  # fmt: skip

ORGANISATIONS = [
    {"slug": "ip-paris", "site": "paris-saclay", "url": "https://www.ip-paris.fr",
     "name_fr": "Institut Polytechnique de Paris", "name_en": "Institut Polytechnique de Paris"},
    {"slug": "hec-paris", "site": "paris-saclay", "url": "https://www.hec.edu",
     "name_fr": "HEC Paris", "name_en": "HEC Paris"},
    {"slug": "hi-paris", "site": "paris-saclay", "url": "https://www.hi-paris.fr",
     "name_fr": "Hi! PARIS", "name_en": "Hi! PARIS"},
    {"slug": "universite-paris-saclay", "site": "paris-saclay",
     "url": "https://www.universite-paris-saclay.fr",
     "name_fr": "Université Paris-Saclay", "name_en": "Université Paris-Saclay"},
    {"slug": "dataia", "site": "paris-saclay", "url": "https://www.dataia.eu",
     "name_fr": "Institut DataIA", "name_en": "DataIA Institute"},
    {"slug": "inria", "site": "paris-saclay", "url": "https://www.inria.fr",
     "name_fr": "Inria", "name_en": "Inria"},
    {"slug": "university-of-oxford", "site": "oxford", "url": "https://www.ox.ac.uk",
     "name_fr": "Université d'Oxford", "name_en": "University of Oxford"},
    {"slug": "oxford-ethics-in-ai", "site": "oxford",
     "url": "https://www.oxford-aiethics.ox.ac.uk",
     "name_fr": "Institut d'éthique de l'IA (Oxford)", "name_en": "Institute for Ethics in AI"},
    {"slug": "university-of-cambridge", "site": "cambridge", "url": "https://www.cam.ac.uk",
     "name_fr": "Université de Cambridge", "name_en": "University of Cambridge"},
    {"slug": "ai-at-cam", "site": "cambridge", "url": "https://ai.cam.ac.uk",
     "name_fr": "AI@Cam", "name_en": "AI@Cam"},
]  # fmt: skip

# Keyed by a short name the programme refers to; the database knows a venue by site and name.
VENUES = {
    "x-poincare": {
        "site": "paris-saclay", "capacity": 650,
        "name_fr": "École polytechnique, amphithéâtre Poincaré",
        "name_en": "École polytechnique, Poincaré lecture theatre",
        "address": "Route de Saclay, 91120 Palaiseau, France",
    },
    "x-becquerel": {
        "site": "paris-saclay", "capacity": 220,
        "name_fr": "École polytechnique, amphithéâtre Becquerel",
        "name_en": "École polytechnique, Becquerel lecture theatre",
        "address": "Route de Saclay, 91120 Palaiseau, France",
    },
    "telecom-0a128": {
        "site": "paris-saclay", "capacity": 120,
        "name_fr": "Télécom Paris, amphithéâtre 0A128",
        "name_en": "Télécom Paris, lecture theatre 0A128",
        "address": "19 place Marguerite Perey, 91120 Palaiseau, France",
    },
    "hec-bleriot": {
        "site": "paris-saclay", "capacity": 180,
        "name_fr": "HEC Paris, amphithéâtre Blériot",
        "name_en": "HEC Paris, Blériot lecture theatre",
        "address": "1 rue de la Libération, 78350 Jouy-en-Josas, France",
    },
    "cs-eiffel": {
        "site": "paris-saclay", "capacity": 300,
        "name_fr": "CentraleSupélec, bâtiment Eiffel, amphithéâtre e.070",
        "name_en": "CentraleSupélec, Eiffel building, lecture theatre e.070",
        "address": "8-10 rue Joliot-Curie, 91190 Gif-sur-Yvette, France",
    },
    "inria-turing": {
        "site": "paris-saclay", "capacity": 90,
        "name_fr": "Inria Saclay, bâtiment Alan Turing, salle Gilles Kahn",
        "name_en": "Inria Saclay, Alan Turing building, Gilles Kahn room",
        "address": "1 rue Honoré d'Estienne d'Orves, 91120 Palaiseau, France",
    },
    "ens-amphi": {
        "site": "paris-saclay", "capacity": 250,
        "name_fr": "ENS Paris-Saclay, grand amphithéâtre",
        "name_en": "ENS Paris-Saclay, main lecture theatre",
        "address": "4 avenue des Sciences, 91190 Gif-sur-Yvette, France",
    },
    "ox-schwarzman": {
        "site": "oxford", "capacity": 480,
        "name_fr": "Schwarzman Centre for the Humanities, auditorium",
        "name_en": "Schwarzman Centre for the Humanities, Auditorium",
        "address": "Radcliffe Observatory Quarter, Woodstock Road, Oxford OX2 6GG, "
                   "United Kingdom",
    },
    "ox-radcliffe": {
        "site": "oxford", "capacity": 80,
        "name_fr": "Radcliffe Humanities, salle de conférences",
        "name_en": "Radcliffe Humanities, Lecture Room",
        "address": "Radcliffe Observatory Quarter, Woodstock Road, Oxford OX2 6GG, "
                   "United Kingdom",
    },
    "ox-wolfson": {
        "site": "oxford", "capacity": 150,
        "name_fr": "Département d'informatique, Wolfson Building, amphithéâtre B",
        "name_en": "Department of Computer Science, Wolfson Building, Lecture Theatre B",
        "address": "Parks Road, Oxford OX1 3QD, United Kingdom",
    },
    "ox-maths-l1": {
        "site": "oxford", "capacity": 200,
        "name_fr": "Institut de mathématiques, Andrew Wiles Building, salle L1",
        "name_en": "Mathematical Institute, Andrew Wiles Building, L1",
        "address": "Woodstock Road, Oxford OX2 6GG, United Kingdom",
    },
    "cam-gates-lt1": {
        "site": "cambridge", "capacity": 150,
        "name_fr": "William Gates Building, amphithéâtre 1",
        "name_en": "William Gates Building, Lecture Theatre 1",
        "address": "15 JJ Thomson Avenue, Cambridge CB3 0FD, United Kingdom",
    },
    "cam-fw26": {
        "site": "cambridge", "capacity": 40,
        "name_fr": "Computer Laboratory, salle FW26",
        "name_en": "Computer Laboratory, Room FW26",
        "address": "William Gates Building, 15 JJ Thomson Avenue, Cambridge CB3 0FD, "
                   "United Kingdom",
    },
    "cam-cms-mr2": {
        "site": "cambridge", "capacity": 60,
        "name_fr": "Centre for Mathematical Sciences, salle MR2",
        "name_en": "Centre for Mathematical Sciences, Meeting Room 2",
        "address": "Wilberforce Road, Cambridge CB3 0WA, United Kingdom",
    },
    "cam-engineering-lt0": {
        "site": "cambridge", "capacity": 400,
        "name_fr": "Département d'ingénierie, amphithéâtre 0",
        "name_en": "Department of Engineering, Lecture Theatre 0",
        "address": "Trumpington Street, Cambridge CB2 1PZ, United Kingdom",
    },
}  # fmt: skip

TOPICS = [
    {"slug": "ethics-governance", "name_fr": "Éthique et gouvernance",
     "name_en": "Ethics and governance"},
    {"slug": "machine-learning", "name_fr": "Apprentissage automatique",
     "name_en": "Machine learning"},
    {"slug": "ai-for-science", "name_fr": "IA pour la science", "name_en": "AI for science"},
    {"slug": "robotics", "name_fr": "Robotique", "name_en": "Robotics"},
    {"slug": "entrepreneurship-industry", "name_fr": "Entrepreneuriat et industrie",
     "name_en": "Entrepreneurship and industry"},
    {"slug": "nlp", "name_fr": "Traitement automatique des langues",
     "name_en": "Natural language processing"},
    {"slug": "health", "name_fr": "IA et santé", "name_en": "AI and health"},
    {"slug": "law-policy", "name_fr": "Droit et politiques publiques",
     "name_en": "Law and public policy"},
    {"slug": "mathematics-of-learning", "name_fr": "Mathématiques de l'apprentissage",
     "name_en": "Mathematics of learning"},
    {"slug": "climate-energy", "name_fr": "Climat et énergie", "name_en": "Climate and energy"},
]  # fmt: skip

SERIES = [
    {"slug": "paris-saclay-ai-ethics-seminar", "site": "paris-saclay",
     "title_fr": "Séminaire Éthique et IA de Paris-Saclay",
     "title_en": "Paris-Saclay AI Ethics Seminar",
     "description_fr": "Un mardi par mois, une heure d'exposé et une demi-heure de discussion "
                       "sur les questions éthiques, juridiques et sociales que pose l'IA.",
     "description_en": "One Tuesday a month: an hour's talk and half an hour of discussion on "
                       "the ethical, legal and social questions raised by AI."},
    {"slug": "oxford-ai-ethics-lectures", "site": "oxford",
     "title_fr": "Conférences d'Oxford sur l'éthique de l'IA",
     "title_en": "Oxford AI Ethics Lectures",
     "description_fr": "Le cycle de conférences de l'Institute for Ethics in AI, ouvert à tous.",
     "description_en": "The Institute for Ethics in AI's lecture series, open to all."},
    {"slug": "cambridge-ml-seminar", "site": "cambridge",
     "title_fr": "Séminaire d'apprentissage automatique de Cambridge",
     "title_en": "Cambridge Machine Learning Seminar",
     "description_fr": "Le séminaire hebdomadaire du groupe d'apprentissage automatique : "
                       "méthodes probabilistes, optimisation, théorie.",
     "description_en": "The machine learning group's seminar: probabilistic methods, "
                       "optimisation and theory."},
    {"slug": "hi-paris-industry-breakfasts", "site": "paris-saclay",
     "title_fr": "Les petits-déjeuners Hi! PARIS", "title_en": "Hi! PARIS Industry Breakfasts",
     "description_fr": "Chercheurs et industriels autour d'un café, à HEC Paris.",
     "description_en": "Researchers and industry over coffee, at HEC Paris."},
    {"slug": "partnership-lectures", "site": None,
     "title_fr": "Conférences du partenariat Paris-Saclay, Oxford, Cambridge",
     "title_en": "Paris-Saclay, Oxford and Cambridge Partnership Lectures",
     "description_fr": "Une grande conférence par trimestre, tour à tour sur chacun des sites.",
     "description_en": "One major lecture each term, held at each site in turn."},
]  # fmt: skip

# Invented people; the affiliation is the one shown next to their name.
PEOPLE = {
    "Claire Dufresne": "Institut Polytechnique de Paris",
    "Mathieu Roussel": "Inria Saclay",
    "Amélie Nguyen": "Université Paris-Saclay",
    "Julien Besnard": "HEC Paris",
    "Sophie Lemaître": "Institut DataIA",
    "Karim Benali": "Télécom Paris",
    "Hélène Marchetti": "CentraleSupélec",
    "Thomas Girard": "ENS Paris-Saclay",
    "Élodie Fabre": "CNRS, LISN",
    "Nicolas Perrin": "Hi! PARIS",
    "Margaret Ashworth": "University of Oxford",
    "James Okafor": "Institute for Ethics in AI, Oxford",
    "Priya Raman": "Department of Computer Science, Oxford",
    "Edward Hollis": "Balliol College, Oxford",
    "Fiona MacLeod": "Oxford Internet Institute",
    "Daniel Whitcombe": "University of Cambridge",
    "Aisha Karimi": "Department of Engineering, Cambridge",
    "Oliver Brennan": "Computer Laboratory, Cambridge",
    "Rachel Lindqvist": "AI@Cam",
    "Samuel Osei": "Centre for Mathematical Sciences, Cambridge",
    "Lucía Herrera": "Universidad Politécnica de Madrid",
    "Markus Feldmann": "Max Planck Institute for Intelligent Systems",
    "Ingrid Solberg": "University of Oslo",
    "Chen Wei": "Tsinghua University",
    "Anne-Laure Vasseur": "Conseil d'État",
    "Benoît Carrère": "Start-up Nexalys",
}
