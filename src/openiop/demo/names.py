"""Synthetic names and places. Any likeness to a real person is chance; no real data is used."""

FIRST_NAMES = [
    "Avery", "Blake", "Casey", "Dakota", "Elliot", "Frankie", "Gray", "Harper", "Indigo", "Jesse", "Kai", "Logan",
    "Morgan", "Noel", "Oakley", "Parker", "Quinn", "Reese", "Sage", "Taylor", "Urban", "Vale", "Wren", "Xen",
    "Yael", "Zion", "Amara", "Bodhi", "Cleo", "Dario", "Esme", "Farid", "Greta", "Hiro", "Ines", "Joaquin",
    "Keiko", "Lior", "Mateo", "Nadia", "Omar", "Pilar", "Rafael", "Selma", "Tomas", "Ulla", "Vikram", "Wanda",
]
LAST_NAMES = [
    "Abernathy", "Bellweather", "Castellano", "Dunmore", "Eriksen", "Fairbanks", "Galloway", "Hartwell", "Ibarra",
    "Jablonski", "Kowalczyk", "Lindqvist", "Marchetti", "Nakashima", "Oyelaran", "Pemberton", "Quintero",
    "Rasmussen", "Szabo", "Thackeray", "Underhill", "Valdivia", "Whitcombe", "Yilmaz", "Zeller", "Ashdown",
    "Brightwater", "Coldwell", "Drummond", "Estrada", "Fenwick", "Greenhalgh", "Holloway", "Iverson",
]
STREETS = ["Alder St", "Birch Ave", "Cedar Ln", "Dogwood Ct", "Elm Way", "Fir Rd", "Gingko Pl", "Hemlock Dr"]
CITIES = [("Springfield", "IL", "627"), ("Riverton", "IL", "625"), ("Lakeside", "IL", "606")]
PRONOUNS = [("she/her", "Woman", "female"), ("he/him", "Man", "male"), ("they/them", "Non-binary", "female"),
            ("he/him", "Transgender man", "female"), ("she/her", "Woman", "female"), ("he/him", "Man", "male")]
RELATIONSHIPS = ["Parent", "Spouse", "Partner", "Sibling", "Friend", "Grandparent"]


def phone(rng) -> str:
    # 555-01xx numbers are reserved for fiction.
    return f"217-555-01{rng.randrange(0, 100):02d}"
