"""The demo's past events, over the year before the day of seeding, so that the archive pages
(`.../past/`) and the speakers' past talks show something.

Days are weeks before the coming Monday (`("week", -n, day)` with n ≥ 2: at least a week ago).
"""

from __future__ import annotations

PAST_EVENTS = [
    {
        "series": "paris-saclay-ai-ethics-seminar", "site": "paris-saclay",
        "venue": "x-becquerel", "kind": "seminar", "day": ("week", -3, "tue"),
        "time": ("16:00", "17:30"), "hosts": ["universite-paris-saclay", "dataia"],
        "topics": ["ethics-governance"], "speakers": ["Claire Dufresne"],
        "title_fr": "Biais et équité : ce que mesurent vraiment nos métriques",
        "title_en": "Bias and fairness: what our metrics really measure",
        "summary_fr": "Un tour critique des métriques d'équité et de leurs angles morts.",
        "summary_en": "A critical tour of fairness metrics and their blind spots.",
    },
    {
        "series": "oxford-ai-ethics-lectures", "site": "oxford", "venue": "ox-schwarzman",
        "kind": "seminar", "day": ("week", -8, "thu"), "time": ("17:00", "18:30"),
        "hosts": ["oxford-ethics-in-ai", "university-of-oxford"], "language": "en",
        "topics": ["ethics-governance", "law-policy"], "speakers": ["James Okafor"],
        "title_en": "Consent in the age of foundation models",
        "summary_en": "What consent can mean when data is gathered at the scale of the web.",
    },
    {
        "series": "cambridge-ml-seminar", "site": "cambridge", "venue": "cam-gates-lt1",
        "kind": "seminar", "day": ("week", -14, "wed"), "time": ("14:00", "15:00"),
        "hosts": ["university-of-cambridge"], "language": "en",
        "topics": ["machine-learning", "mathematics-of-learning"],
        "speakers": ["Daniel Whitcombe"],
        "title_en": "Why does gradient descent generalise?",
        "summary_en": "Implicit regularisation, from linear models to deep networks.",
    },
    {
        "site": "paris-saclay", "venue": "hec-bleriot", "kind": "workshop",
        "day": ("week", -20, "fri"), "time": ("09:00", "17:00"),
        "hosts": ["hec-paris", "hi-paris"], "language": "fr",
        "topics": ["entrepreneurship-industry"],
        "speakers": ["Julien Besnard", "Nicolas Perrin"],
        "title_fr": "Atelier : de la recherche à la start-up",
        "title_en": "Workshop: from research to start-up",
        "summary_fr": "Une journée pour passer d'un résultat de recherche à un produit.",
        "summary_en": "A day on turning a research result into a product (in French).",
    },
    {
        "site": "oxford", "venue": "ox-radcliffe", "kind": "seminar",
        "day": ("week", -27, "tue"), "time": ("12:30", "13:30"),
        "hosts": ["university-of-oxford"], "language": "en",
        "topics": ["health", "machine-learning"], "speakers": ["Priya Raman"],
        "title_en": "Clinical prediction models that doctors trust",
        "summary_en": "Calibration, uncertainty and the bedside.",
    },
    {
        "site": "cambridge", "venue": "cam-engineering-lt0", "kind": "symposium",
        "day": ("week", -36, "mon"), "time": ("09:30", "17:30"), "end_day": 1,
        "hosts": ["ai-at-cam", "university-of-cambridge"], "language": "en",
        "topics": ["climate-energy", "ai-for-science"],
        "speakers": ["Rachel Lindqvist", "Aisha Karimi"],
        "title_en": "Symposium: AI for climate and energy",
        "summary_en": "Two days on forecasting, grids and materials.",
    },
    {
        "series": "hi-paris-industry-breakfasts", "site": "paris-saclay",
        "venue": "cs-eiffel", "kind": "seminar", "day": ("week", -44, "thu"),
        "time": ("08:30", "10:00"), "hosts": ["hi-paris"], "language": "fr",
        "topics": ["entrepreneurship-industry", "robotics"], "speakers": ["Benoît Carrère"],
        "title_fr": "Petit-déjeuner : robots en entrepôt, retour d'expérience",
        "summary_fr": "Ce qui a marché, ce qui a coûté, ce qu'il faudrait refaire.",
    },
    {
        "site": "paris-saclay", "venue": "inria-turing", "kind": "seminar",
        "day": ("week", -50, "wed"), "time": ("14:00", "15:30"),
        "hosts": ["inria", "dataia"], "topics": ["nlp", "machine-learning"],
        "speakers": ["Sophie Lemaître", "Markus Feldmann"],
        "title_fr": "Modèles de langage et raisonnement : état des lieux",
        "title_en": "Language models and reasoning: where we stand",
        "summary_fr": "Ce que les modèles savent faire, et ce que les tests mesurent.",
        "summary_en": "What models can do, and what benchmarks measure.",
    },
]  # fmt: skip
