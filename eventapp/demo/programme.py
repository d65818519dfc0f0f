"""The demo's one-off events: a cancelled one, a full one, online and hybrid ones, drafts."""

from __future__ import annotations

ONE_OFF_EVENTS = [
    {
        "status": "cancelled", "site": "oxford", "venue": "ox-wolfson", "kind": "workshop",
        "day": ("week", 4, "wed"), "time": ("10:00", "16:00"),
        "hosts": ["university-of-oxford"], "topics": ["nlp", "ethics-governance"],
        "language": "en", "capacity": 100, "speakers": ["Fiona MacLeod", "Karim Benali"],
        "title_fr": "Atelier : l'IA dans les rédactions",
        "title_en": "Workshop: AI in the newsroom",
        "summary_fr": "Journalistes et chercheurs sur l'automatisation de l'information.",
        "summary_en": "Journalists and researchers on automated news.",
        "description_en": "Fact-checking tools, synthetic media and editorial responsibility.",
        "cancel_reason_fr": "Plusieurs intervenants ne peuvent se déplacer ; l'atelier est "
                            "reporté à une date ultérieure, que nous annoncerons ici.",
        "cancel_reason_en": "Several speakers are unable to travel; the workshop is postponed "
                            "to a later date, which we will announce here.",
    },
    {
        # The FULL event: six places only, taken by the demo's registrations; the next ones go
        # on the waiting list. Registration opened long before them (it is open now), so the
        # page offers to join the waiting list with a button.
        "site": "paris-saclay", "venue": "inria-turing", "kind": "workshop",
        "day": ("week", 7, "wed"), "time": ("09:30", "12:30"), "hosts": ["inria", "dataia"],
        "topics": ["nlp", "ethics-governance"], "capacity": 6, "registration": (75, 1),
        "speakers": ["Karim Benali", "Élodie Fabre"],
        "title_fr": "Atelier pratique : auditer un modèle de langage",
        "title_en": "Hands-on workshop: auditing a language model",
        "summary_fr": "Trois heures, six participants, un modèle à mettre à l'épreuve.",
        "summary_en": "Three hours, six participants, one model to put to the test.",
        "description_fr": "Apportez votre ordinateur portable ; les jeux de tests et les "
                          "consignes sont fournis.\n\n**Prérequis** : Python, notions "
                          "d'apprentissage automatique.",
        "description_en": "Bring your laptop; test suites and instructions are provided.\n\n"
                          "**Prerequisites**: Python, basic machine learning.",
    },
    {
        # Online only: no venue, but the site still gives the time zone.
        "site": "paris-saclay", "venue": None, "kind": "seminar", "day": ("week", 10, "thu"),
        "time": ("12:30", "13:30"), "online_url": "https://meet.example.org/dataia-black-box",
        "hosts": ["dataia", "inria"], "topics": ["machine-learning", "nlp"],
        "speakers": ["Sophie Lemaître"],
        "title_fr": "Webinaire : ouvrir la boîte noire des grands modèles",
        "title_en": "Webinar: opening the black box of large models",
        "summary_fr": "Une heure en ligne sur l'interprétabilité mécaniste.",
        "summary_en": "An hour online on mechanistic interpretability.",
        "description_fr": "Circuits, sondes, dictionnaires creux : ce que l'on sait lire, "
                          "aujourd'hui, dans un réseau de neurones.\n\nLe webinaire est "
                          "enregistré.",
        "description_en": "Circuits, probes, sparse dictionaries: what we can read in a neural "
                          "network today.\n\nThe webinar is recorded.",
    },
    {
        # Hybrid: a lecture theatre and a stream.
        "site": "cambridge", "venue": "cam-gates-lt1", "kind": "seminar",
        "day": ("week", 14, "tue"), "time": ("17:30", "19:00"),
        "online_url": "https://meet.example.org/ai-at-cam-public-lecture",
        "hosts": ["ai-at-cam"], "topics": ["law-policy", "ethics-governance"],
        "language": "en", "capacity": 150, "speakers": ["Rachel Lindqvist"],
        "title_fr": "Conférence publique AI@Cam : l'IA et l'avenir des services publics",
        "title_en": "AI@Cam public lecture: AI and the future of public services",
        "summary_fr": "Santé, éducation, administration : promesses et écueils.",
        "summary_en": "Health, education, government: promise and pitfalls.",
        "description_en": "A public lecture, in the William Gates Building and streamed live; "
                          "questions are welcome from both audiences.",
    },
    {
        "site": "paris-saclay", "venue": "hec-bleriot", "kind": "workshop",
        "day": ("week", 12, "fri"), "time": ("09:00", "17:00"),
        "hosts": ["hec-paris", "hi-paris"], "topics": ["entrepreneurship-industry"],
        "capacity": 120, "registration": (40, 3),
        "speakers": ["Julien Besnard", "Benoît Carrère", "Nicolas Perrin"],
        "title_fr": "Entrepreneuriat et IA : du laboratoire au marché",
        "title_en": "Entrepreneurship and AI: from lab to market",
        "summary_fr": "Propriété intellectuelle, financement, premiers clients.",
        "summary_en": "Intellectual property, funding, first customers.",
        "description_fr": "Une journée pour les chercheurs qui envisagent de créer une "
                          "entreprise ; témoignages, ateliers et rencontres avec des "
                          "investisseurs.",
        "description_en": "A day for researchers thinking of starting a company; founders' "
                          "stories, workshops and meetings with investors.",
        "sessions": [
            (0, "09:00", "10:30", "Amphithéâtre Blériot", "Témoignages de fondateurs",
             "Founders' stories", ["Benoît Carrère"], None),
            (0, "11:00", "12:30", "Salle T012", "Atelier : protéger ses résultats",
             "Workshop: protecting your results", ["Julien Besnard"], 30),
            (0, "11:00", "12:30", "Salle T014", "Atelier : lever des fonds",
             "Workshop: raising funds", ["Nicolas Perrin"], 30),
            (0, "14:00", "17:00", "Amphithéâtre Blériot", "Rencontres avec des investisseurs",
             "Meet the investors", [], None),
        ],
    },
    {
        "site": "paris-saclay", "venue": "telecom-0a128", "kind": "workshop",
        "day": ("week", 25, "mon"), "time": ("09:30", "17:00"),
        "hosts": ["ip-paris", "universite-paris-saclay"], "topics": ["health", "machine-learning"],
        "capacity": 100, "speakers": ["Sophie Lemaître", "Amélie Nguyen"],
        "title_fr": "Atelier IA et santé : des données aux soins",
        "title_en": "AI and health workshop: from data to care",
        "summary_fr": "Cliniciens et chercheurs partagent leurs retours d'expérience.",
        "summary_en": "Clinicians and researchers share what they have learned.",
        "description_fr": "Imagerie, dossiers patients, essais cliniques : ce qui passe "
                          "réellement du laboratoire à l'hôpital.",
        "sessions": [
            (0, "09:30", "12:30", "Amphithéâtre 0A128", "Imagerie médicale",
             "Medical imaging", ["Amélie Nguyen"], None),
            (0, "14:00", "17:00", "Amphithéâtre 0A128", "Données de santé",
             "Health data", ["Sophie Lemaître"], None),
        ],
    },
    {
        "site": "oxford", "venue": "ox-maths-l1", "kind": "seminar",
        "series": "partnership-lectures", "day": ("week", 15, "thu"),
        "time": ("17:00", "18:30"), "hosts": ["university-of-oxford"],
        "topics": ["mathematics-of-learning"], "language": "en", "capacity": 200,
        "speakers": ["Samuel Osei"],
        "title_fr": "Conférence du partenariat : pourquoi l'apprentissage profond "
                    "fonctionne-t-il ?",
        "title_en": "Partnership Lecture: why does deep learning work?",
        "summary_fr": "Ce que la théorie explique, et ce qu'elle n'explique pas encore.",
        "summary_en": "What theory explains, and what it does not yet.",
        "description_en": "This year's Oxford Partnership Lecture, at the Mathematical "
                          "Institute.",
        "description_fr": "La conférence du partenariat donnée cette année à Oxford, à "
                          "l'Institut de mathématiques.",
    },
    {
        "site": "paris-saclay", "venue": "x-poincare", "kind": "seminar",
        "series": "partnership-lectures", "day": ("week", 29, "thu"),
        "time": ("18:00", "19:30"), "hosts": ["ip-paris", "hi-paris"],
        "topics": ["ethics-governance", "law-policy"], "capacity": 650,
        "speakers": ["Margaret Ashworth"],
        "title_fr": "Conférence du partenariat : l'IA et la confiance démocratique",
        "title_en": "Partnership Lecture: AI and democratic trust",
        "summary_fr": "Une philosophe d'Oxford à Palaiseau ; traduction simultanée.",
        "summary_en": "An Oxford philosopher in Palaiseau; simultaneous interpreting.",
        "description_fr": "Conférence donnée en anglais, avec traduction simultanée en "
                          "français.",
        "description_en": "Given in English, with simultaneous interpreting into French.",
    },
    {
        "site": "cambridge", "venue": "cam-gates-lt1", "kind": "seminar",
        "series": "partnership-lectures", "day": ("week", 43, "thu"),
        "time": ("17:00", "18:30"), "hosts": ["university-of-cambridge", "ai-at-cam"],
        "topics": ["robotics", "ai-for-science"], "language": "en", "capacity": 150,
        "speakers": ["Hélène Marchetti"],
        "title_en": "Partnership Lecture: robots that learn from a single demonstration",
        "summary_en": "Imitation learning, from the laboratory to the home.",
        "description_en": "Given by a visiting professor from CentraleSupélec.",
    },
    {
        "status": "draft", "site": "paris-saclay", "venue": "ens-amphi", "kind": "workshop",
        "day": ("week", 38, "tue"), "time": ("09:00", "18:00"),
        "hosts": ["dataia"], "topics": ["machine-learning"], "capacity": 200,
        "title_fr": "Journée des doctorants DataIA",
        "title_en": "DataIA PhD students' day",
        "summary_fr": "Programme en préparation.",
    },
    {
        "status": "draft", "site": "cambridge", "venue": "cam-fw26", "kind": "seminar",
        "day": ("week", 45, "wed"), "time": ("12:00", "13:00"),
        "hosts": ["university-of-cambridge"], "topics": ["nlp"], "language": "en",
        "title_en": "NLP reading group: planning meeting",
    },
]  # fmt: skip
