"""Events on the Friday before and the Monday after each clock change, in both time zones.

Paris and the UK change on the same night (the last Sunday of March and of October, at 01:00
UTC), so the same UTC hour is a different local hour either side: these events let the pages,
feeds and API show that they keep local wall time.
"""

from __future__ import annotations

CLOCK_CHANGE_EVENTS = [
    # --- March: clocks go forward ---------------------------------------------------------
    {
        "site": "paris-saclay", "venue": "cs-eiffel", "kind": "workshop", "day": ("march", -2),
        "time": ("09:30", "17:30"), "hosts": ["universite-paris-saclay", "ip-paris"],
        "topics": ["robotics", "entrepreneurship-industry"], "capacity": 120,
        "speakers": ["Hélène Marchetti", "Aisha Karimi"],
        "title_fr": "Atelier : robotique collaborative en milieu industriel",
        "title_en": "Workshop: collaborative robots on the factory floor",
        "summary_fr": "Cobots, sécurité, acceptabilité : chercheurs et industriels font le point.",
        "summary_en": "Cobots, safety and acceptance: researchers and industry take stock.",
        "description_fr": "Une journée pour confronter les travaux de laboratoire aux contraintes "
                          "des ateliers ; démonstrations l'après-midi.\n\n"
                          "- **matin** : exposés ;\n- **après-midi** : démonstrations.",
        "description_en": "A day to test laboratory work against the constraints of real "
                          "workshops; demonstrations in the afternoon.\n\n"
                          "- **morning**: talks;\n- **afternoon**: demonstrations.",
        "sessions": [
            (0, "09:30", "12:30", "Amphithéâtre e.070", "Exposés", "Talks",
             ["Hélène Marchetti", "Aisha Karimi"], None),
            (0, "14:00", "17:30", "Plateforme robotique, bâtiment Bouygues",
             "Démonstrations", "Demonstrations", [], 40),
        ],
    },
    {
        "site": "paris-saclay", "venue": "inria-turing", "kind": "seminar", "day": ("march", 1),
        "time": ("14:00", "15:30"), "hosts": ["dataia", "inria"],
        "topics": ["machine-learning", "ethics-governance"], "capacity": 90,
        "speakers": ["Mathieu Roussel"],
        "title_fr": "Séminaire DataIA : apprentissage fédéré et vie privée",
        "title_en": "DataIA seminar: federated learning and privacy",
        "summary_fr": "Entraîner sans centraliser les données : promesses et attaques.",
        "summary_en": "Training without pooling the data: promises and attacks.",
        "description_fr": "L'apprentissage fédéré garde les données chez leurs détenteurs ; "
                          "mais les gradients, eux, voyagent. Panorama des attaques connues et "
                          "des défenses par **confidentialité différentielle**.",
        "description_en": "Federated learning keeps data with its holders; the gradients, "
                          "however, travel. A survey of known attacks and of defences based on "
                          "**differential privacy**.",
    },
    {
        "site": "oxford", "venue": "ox-radcliffe", "kind": "seminar", "day": ("march", -2),
        "time": ("17:00", "18:30"), "series": "oxford-ai-ethics-lectures",
        "hosts": ["oxford-ethics-in-ai"], "topics": ["ethics-governance"], "language": "en",
        "capacity": 80, "speakers": ["Edward Hollis"],
        "title_fr": "Confiance et dépendance envers les conseils d'une IA",
        "title_en": "Trust and reliance on AI advice",
        "summary_fr": "Quand faut-il suivre l'avis d'une machine ?",
        "summary_en": "When should we take a machine's advice?",
        "description_en": "Epistemic trust, automation bias and the ethics of deference; "
                          "with examples from medicine and aviation.",
    },
    {
        "site": "cambridge", "venue": "cam-cms-mr2", "kind": "seminar", "day": ("march", 1),
        "time": ("16:00", "17:00"), "series": "cambridge-ml-seminar",
        "hosts": ["university-of-cambridge"], "topics": ["machine-learning"], "language": "en",
        "capacity": 60, "speakers": ["Markus Feldmann"],
        "title_fr": "L'apprentissage profond bayésien en pratique",
        "title_en": "Bayesian deep learning in practice",
        "summary_fr": "Incertitude, calibration et coût de calcul : ce qui marche vraiment.",
        "summary_en": "Uncertainty, calibration and compute: what actually works.",
        "description_en": "A practitioner's tour of Laplace approximations, deep ensembles and "
                          "stochastic-gradient MCMC, with honest benchmarks.",
    },
    # --- October: clocks go back ------------------------------------------------------------
    {
        "site": "paris-saclay", "venue": "hec-bleriot", "kind": "seminar",
        "day": ("october", -2), "time": ("17:00", "19:00"), "hosts": ["hec-paris", "hi-paris"],
        "topics": ["entrepreneurship-industry", "ethics-governance"], "capacity": 180,
        "speakers": ["Julien Besnard", "Anne-Laure Vasseur", "Benoît Carrère"],
        "title_fr": "Table ronde : l'IA et l'avenir du travail",
        "title_en": "Round table: AI and the future of work",
        "summary_fr": "Économistes, juristes et entrepreneurs débattent ; questions du public.",
        "summary_en": "Economists, lawyers and founders debate; questions from the floor.",
        "description_fr": "Automatisation, requalification, dialogue social : trois regards "
                          "sur les transformations du travail.\n\n*Débat en français.*",
        "description_en": "Automation, reskilling and social dialogue: three views on how "
                          "work is changing.\n\n*The debate is held in French.*",
        "language": "fr",
    },
    {
        "site": "paris-saclay", "venue": "ens-amphi", "kind": "seminar", "day": ("october", 1),
        "time": ("14:00", "16:00"), "hosts": ["universite-paris-saclay"],
        "topics": ["ai-for-science", "climate-energy"], "capacity": 250,
        "speakers": ["Thomas Girard", "Élodie Fabre"],
        "title_fr": "L'IA au service de la modélisation du climat",
        "title_en": "AI for climate modelling",
        "summary_fr": "Émulateurs, réduction d'échelle, incertitudes : où en est la recherche ?",
        "summary_en": "Emulators, downscaling and uncertainty: where research stands.",
        "description_fr": "Deux exposés croisés, l'un sur les **émulateurs** de modèles "
                          "climatiques, l'autre sur la réduction d'échelle statistique.",
        "description_en": "Two talks: one on **emulators** of climate models, the other on "
                          "statistical downscaling.",
    },
    {
        "site": "oxford", "venue": "ox-radcliffe", "kind": "workshop", "day": ("october", -2),
        "time": ("09:30", "17:00"), "hosts": ["university-of-oxford", "oxford-ethics-in-ai"],
        "topics": ["law-policy", "ethics-governance"], "language": "en", "capacity": 70,
        "speakers": ["James Okafor", "Anne-Laure Vasseur"],
        "title_fr": "Atelier : l'IA et le droit de la preuve",
        "title_en": "Workshop: AI and the law of evidence",
        "summary_fr": "Les sorties d'un modèle peuvent-elles faire preuve devant un tribunal ?",
        "summary_en": "Can a model's output be evidence in court?",
        "description_en": "Lawyers, judges and computer scientists on admissibility, expert "
                          "evidence and the disclosure of source code.",
        "sessions": [
            (0, "09:30", "12:30", "Lecture Room", None, "Admissibility and expert evidence",
             ["James Okafor"], None),
            (0, "14:00", "17:00", "Lecture Room", "Regards comparés : France et Royaume-Uni",
             "Comparative views: France and the UK", ["Anne-Laure Vasseur"], None),
        ],
    },
    {
        "site": "cambridge", "venue": "cam-cms-mr2", "kind": "seminar", "day": ("october", 1),
        "time": ("16:00", "17:00"), "series": "cambridge-ml-seminar",
        "hosts": ["university-of-cambridge", "ai-at-cam"],
        "topics": ["machine-learning", "climate-energy"], "language": "en", "capacity": 60,
        "speakers": ["Daniel Whitcombe"],
        "title_fr": "Apprentissage automatique et prévision météorologique",
        "title_en": "Machine learning for weather forecasting",
        "summary_fr": "Les modèles appris rivalisent-ils avec la prévision numérique ?",
        "summary_en": "Can learned models rival numerical weather prediction?",
        "description_en": "Graph neural networks, ensembles and the verification of "
                          "medium-range forecasts.",
    },
]  # fmt: skip
