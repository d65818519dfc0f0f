"""The demo's seminar series: one event per talk, its text built from a short entry.

A talk with no French (or no English) entry is written in one language only, which exercises
the fallback of pages and feeds.
"""

from __future__ import annotations

from eventapp.demo.reference_data import PEOPLE

_ETHICS_PRACTICAL_FR = (
    "### Informations pratiques\n\n"
    "- Entrée libre dans la limite des places disponibles ; inscription conseillée.\n"
    "- L'exposé dure une heure, suivi d'une demi-heure de discussion.\n"
    "- Un café est servi à l'issue du séminaire."
)
_ETHICS_PRACTICAL_EN = (
    "### Practical information\n\n"
    "- Free admission while places last; please register.\n"
    "- A one-hour talk followed by half an hour of discussion.\n"
    "- Coffee is served afterwards."
)
_OXFORD_PRACTICAL_FR = (
    "### Informations pratiques\n\n"
    "Conférence publique, suivie d'une réception. Les places sont attribuées dans l'ordre "
    "d'arrivée ; l'enregistrement est publié en ligne quelques jours plus tard."
)
_OXFORD_PRACTICAL_EN = (
    "### Practical information\n\n"
    "A public lecture, followed by a drinks reception. Seats are first come, first served; "
    "the recording is published online a few days later."
)
_CAMBRIDGE_PRACTICAL_FR = (
    "### Informations pratiques\n\n"
    "Séminaire ouvert aux membres de l'université et aux visiteurs ; les transparents sont "
    "disponibles sur demande."
)
_CAMBRIDGE_PRACTICAL_EN = (
    "### Practical information\n\n"
    "Open to members of the University and visitors; slides are available on request."
)
_BREAKFAST_PRACTICAL_FR = (
    "### Informations pratiques\n\n"
    "Accueil café et viennoiseries à 8 h 30 ; intervention à 8 h 45, puis échanges. "
    "Places limitées, inscription obligatoire."
)
_BREAKFAST_PRACTICAL_EN = (
    "### Practical information\n\n"
    "Coffee and pastries from 8:30; the talk starts at 8:45, then discussion. "
    "Places are limited; registration is required."
)

SERIES_TALKS = [
    {
        "series": "paris-saclay-ai-ethics-seminar",
        "defaults": {
            "site": "paris-saclay", "venue": "x-becquerel", "kind": "seminar", "weekday": "tue",
            "time": ("16:00", "17:30"), "hosts": ["universite-paris-saclay", "dataia"],
            "topics": ["ethics-governance"], "capacity": 200,
        },
        "practical": (_ETHICS_PRACTICAL_FR, _ETHICS_PRACTICAL_EN),
        "talks": [
            {"week": 1, "speaker": "Claire Dufresne",
             "fr": ("Audits algorithmiques : qui contrôle les contrôleurs ?",
                    "Les audits d'algorithmes se multiplient ; encore faut-il savoir ce qu'ils "
                    "garantissent, et à qui."),
             "en": ("Algorithmic audits: who audits the auditors?",
                    "Algorithm audits are multiplying; but what do they guarantee, and to whom?")},
            {"week": 6, "speaker": "Anne-Laure Vasseur", "language": "fr",
             "topics": ["ethics-governance", "law-policy"],
             "fr": ("Le règlement européen sur l'IA, un an après",
                    "Premier bilan de l'application du règlement : obligations, sanctions, "
                    "et zones grises."),
             "en": ("The EU AI Act, one year on",
                    "A first assessment of the Act in practice: duties, penalties and grey "
                    "areas. The talk is given in French.")},
            {"week": 11, "speaker": "Lucía Herrera", "language": "en", "venue": "telecom-0a128",
             "capacity": 120, "topics": ["ethics-governance", "law-policy"],
             "fr": ("Explicabilité et droit à l'explication",
                    "Que peut-on exiger d'un système qui décide ? Un point sur le droit et la "
                    "technique."),
             "en": ("Explainability and the right to an explanation",
                    "What may we demand of a system that decides? Where law and technique "
                    "stand today.")},
            {"week": 19, "speaker": "Élodie Fabre", "topics": ["ethics-governance", "nlp"],
             "fr": ("Biais de genre dans les modèles de langage : mesurer avant de corriger",
                    "Comment mesurer les biais d'un modèle de langage, et pourquoi les "
                    "corrections hâtives déplacent le problème."),
             "en": ("Gender bias in language models: measure before you mitigate",
                    "How to measure bias in a language model, and why hasty fixes only move "
                    "the problem elsewhere.")},
            {"week": 28, "speaker": "Sophie Lemaître", "language": "fr",
             "topics": ["ethics-governance", "health"],
             "fr": ("Données de santé et consentement : ce que change l'IA",
                    "Entrepôts de données, réutilisation secondaire, consentement éclairé : "
                    "l'IA bouscule l'équilibre trouvé par le RGPD."),
             "en": None},
            {"week": 33, "speaker": "Ingrid Solberg", "language": "en", "venue": "ens-amphi",
             "capacity": 250,
             "fr": None,
             "en": ("Responsibility gaps in autonomous systems",
                    "When a machine acts, who answers for it? A philosopher's map of the "
                    "so-called responsibility gap.")},
            {"week": 41, "speaker": "Thomas Girard",
             "topics": ["ethics-governance", "machine-learning"],
             "fr": ("Équité et apprentissage : les limites des métriques",
                    "Parité démographique, égalité des chances, calibration : pourquoi on ne "
                    "peut pas tout avoir à la fois."),
             "en": ("Fairness in machine learning: the limits of metrics",
                    "Demographic parity, equalised odds, calibration: why you cannot have "
                    "them all at once.")},
            {"week": 46, "speaker": "Amélie Nguyen", "venue": "cs-eiffel", "capacity": 300,
             "fr": ("L'IA générative à l'université : règles, usages, malentendus",
                    "Ce que les étudiants font vraiment des assistants conversationnels, et ce "
                    "que l'université peut en dire."),
             "en": ("Generative AI at university: rules, practice, misunderstandings",
                    "What students really do with chat assistants, and what the university "
                    "can say about it.")},
        ],
    },
    {
        "series": "oxford-ai-ethics-lectures",
        "defaults": {
            "site": "oxford", "venue": "ox-schwarzman", "kind": "seminar", "weekday": "thu",
            "time": ("17:00", "18:30"), "hosts": ["oxford-ethics-in-ai", "university-of-oxford"],
            "topics": ["ethics-governance"], "language": "en",
        },
        "practical": (_OXFORD_PRACTICAL_FR, _OXFORD_PRACTICAL_EN),
        "talks": [
            {"week": 2, "speaker": "Margaret Ashworth",
             "fr": ("Statut moral et esprits artificiels",
                    "Une machine peut-elle avoir des intérêts qui comptent moralement ?"),
             "en": ("Moral status and machine minds",
                    "Could a machine have interests that matter morally?")},
            {"week": 9, "speaker": "James Okafor", "topics": ["ethics-governance", "law-policy"],
             "fr": ("La démocratie à l'heure des systèmes de recommandation",
                    "Ce que les fils d'actualité font au débat public ; et ce que le droit "
                    "peut y faire."),
             "en": ("Democracy in the age of recommender systems",
                    "What news feeds do to public debate; and what the law can do about it.")},
            {"week": 16, "speaker": "Edward Hollis", "venue": "ox-radcliffe", "capacity": 80,
             "fr": ("Que devons-nous aux utilisateurs futurs ?",
                    "Obligations envers les générations futures et conception des systèmes."),
             "en": ("What do we owe to future users?",
                    "Duties to future generations and the design of AI systems.")},
            {"week": 24, "speaker": "Fiona MacLeod", "fr": None,
             "en": ("Privacy after large language models",
                    "Memorisation, extraction attacks and the limits of consent: privacy, "
                    "reconsidered.")},
            {"week": 37, "speaker": "Markus Feldmann",
             "fr": ("Autonomie, incitations et IA personnalisée",
                    "Quand l'assistant nous connaît mieux que nous-mêmes, où finit le conseil "
                    "et où commence la manipulation ?"),
             "en": ("Autonomy, nudging and personalised AI",
                    "When the assistant knows us better than we do, where does advice end "
                    "and manipulation begin?")},
            {"week": 44, "speaker": "Chen Wei", "topics": ["ethics-governance", "law-policy"],
             "fr": ("Gouvernance de l'IA en Chine et en Europe : une comparaison",
                    "Deux approches de la régulation, leurs points communs et leurs "
                    "divergences."),
             "en": ("AI governance in China and Europe: a comparison",
                    "Two approaches to regulation, where they meet and where they part.")},
        ],
    },
    {
        "series": "cambridge-ml-seminar",
        "defaults": {
            "site": "cambridge", "venue": "cam-cms-mr2", "kind": "seminar", "weekday": "wed",
            "time": ("16:00", "17:00"), "hosts": ["university-of-cambridge", "ai-at-cam"],
            "topics": ["machine-learning"], "language": "en", "capacity": 60,
        },
        "practical": (_CAMBRIDGE_PRACTICAL_FR, _CAMBRIDGE_PRACTICAL_EN),
        "talks": [
            {"week": 0, "speaker": "Daniel Whitcombe",
             "fr": ("Processus gaussiens à grande échelle pour les données spatio-temporelles",
                    "Approximations creuses et structure de Kronecker, appliquées à la "
                    "qualité de l'air."),
             "en": ("Scalable Gaussian processes for spatio-temporal data",
                    "Sparse approximations and Kronecker structure, applied to air quality.")},
            {"week": 5, "speaker": "Samuel Osei",
             "topics": ["machine-learning", "mathematics-of-learning"],
             "fr": ("Le biais implicite de la descente de gradient, revisité",
                    "Pourquoi les réseaux surparamétrés généralisent-ils ? Un nouvel éclairage."),
             "en": ("Implicit bias of gradient descent, revisited",
                    "Why do overparameterised networks generalise? A fresh look.")},
            {"week": 13, "speaker": "Aisha Karimi", "topics": ["machine-learning", "robotics"],
             "venue": "cam-gates-lt1", "capacity": 150,
             "fr": ("Apprendre à piloter des robots souples",
                    "Apprentissage par renforcement et modèles différentiables pour des "
                    "robots sans squelette."),
             "en": ("Learning to control soft robots",
                    "Reinforcement learning and differentiable models for robots without a "
                    "skeleton.")},
            {"week": 20, "speaker": "Oliver Brennan",
             "topics": ["machine-learning", "ai-for-science"],
             "fr": ("Modèles de diffusion pour la conception de protéines",
                    "De la génération de structures à la validation en laboratoire."),
             "en": ("Diffusion models for protein design",
                    "From generating structures to validating them at the bench.")},
            {"week": 27, "speaker": "Mathieu Roussel",
             "topics": ["machine-learning", "mathematics-of-learning"],
             "fr": ("Transport optimal et adaptation de domaine",
                    "Aligner des distributions pour transférer un modèle d'un domaine à "
                    "l'autre."),
             "en": ("Optimal transport for domain adaptation",
                    "Aligning distributions to carry a model from one domain to another.")},
            {"week": 35, "speaker": "Rachel Lindqvist", "topics": ["machine-learning", "nlp"],
             "fr": None,
             "en": ("Evaluating language models beyond benchmarks",
                    "Leaderboards saturate; here is what we can measure instead.")},
            {"week": 48, "speaker": "Priya Raman",
             "fr": ("Apprentissage de représentations causales",
                    "Identifier des variables latentes causales à partir d'observations."),
             "en": ("Causal representation learning",
                    "Identifying latent causal variables from observations.")},
        ],
    },
    {
        "series": "hi-paris-industry-breakfasts",
        "defaults": {
            "site": "paris-saclay", "venue": "hec-bleriot", "kind": "seminar", "weekday": "fri",
            "time": ("08:30", "10:00"), "hosts": ["hi-paris", "hec-paris"],
            "topics": ["entrepreneurship-industry"], "language": "fr", "capacity": 60,
        },
        "practical": (_BREAKFAST_PRACTICAL_FR, _BREAKFAST_PRACTICAL_EN),
        "talks": [
            {"week": 3, "speaker": "Benoît Carrère",
             "fr": ("De la thèse à la start-up : retour d'expérience",
                    "Trois ans après sa soutenance, un fondateur raconte : brevets, levée de "
                    "fonds, premiers clients."),
             "en": ("From PhD to start-up: lessons learned",
                    "Three years after the viva, a founder tells the story: patents, "
                    "fund-raising, first customers.")},
            {"week": 21, "speaker": "Julien Besnard",
             "topics": ["entrepreneurship-industry", "nlp"],
             "fr": ("IA générative en entreprise : où en est-on ?",
                    "Enquête auprès de 200 entreprises françaises ; usages, gains, déceptions."),
             "en": ("Generative AI in business: where do we stand?",
                    "A survey of 200 French firms; uses, gains and disappointments.")},
            {"week": 39, "speaker": "Nicolas Perrin",
             "fr": ("Financer la recherche en IA : les partenariats public-privé",
                    "Chaires industrielles, thèses CIFRE, projets communs : mode d'emploi."),
             "en": None},
        ],
    },
]  # fmt: skip


def series_events() -> list[dict]:
    """One event specification per talk, in the shape the seeder reads."""
    specs = []
    for entry in SERIES_TALKS:
        practical_fr, practical_en = entry["practical"]
        for talk in entry["talks"]:
            spec = {**entry["defaults"], "series": entry["series"]}
            spec.update({k: v for k, v in talk.items() if k not in ("week", "fr", "en")})
            speaker = spec.pop("speaker")
            weekday = spec.pop("weekday")
            spec["day"] = ("week", talk["week"], weekday)
            spec["speakers"] = [speaker]
            intro = f"**{speaker}** ({PEOPLE[speaker]})"
            for lang, practical in (("fr", practical_fr), ("en", practical_en)):
                if talk[lang]:
                    title, summary = talk[lang]
                    spec[f"title_{lang}"] = title
                    spec[f"summary_{lang}"] = summary
                    spec[f"description_{lang}"] = f"{intro}\n\n{summary}\n\n{practical}"
            specs.append(spec)
    return specs
