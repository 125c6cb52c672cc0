"""Shared checks of people's names and phone numbers, used by the services of patients, inquiries and staff
(and the patient forms), so every place refuses the same things with the same words.

Names: any script is welcome, but a name needs at least one letter — zero-width spaces and joiners alone are
invisible, not a name — and may not hold control characters or text-direction controls (U+202A-U+202E
embeddings and overrides, U+2066-U+2069 isolates, U+200E/U+200F marks, U+061C): a right-to-left override
makes "Ann\\u202eeoD" display as "AnnDoe" and disguise who a record is about. Zero-width (non-)joiners between
letters stay allowed: Persian and Indic names need them.

Phones: digits, spaces and + - . ( ) only, 7 to 15 digits (E.164 allows at most 15).
"""

import unicodedata

DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
PHONE_CHARACTERS = frozenset("0123456789 +-.()")
PHONE_DIGITS = (7, 15)
PHONE_MESSAGE = (
    "Enter a phone number of 7 to 15 digits, using only digits, spaces, +, -, dots and parentheses, e.g. 503-555-0134."
)


def name_problem(value: str) -> str | None:
    """Why ``value`` cannot be a person's name, or None when it can (an empty value is for the caller)."""
    if not value:
        return None
    if any(char in DIRECTION_CONTROLS for char in value):
        return (
            "Remove the invisible text-direction characters (such as a right-to-left override): "
            "they make a name display differently from what is stored."
        )
    if any(unicodedata.category(char) == "Cc" for char in value):
        return "Remove the control characters (tabs, line breaks): a name is one line of text."
    if not any(unicodedata.category(char).startswith("L") for char in value):
        return "Enter a name with at least one letter; spaces or invisible characters alone are not a name."
    return None


def check_names(errors: dict, **names: str) -> None:
    """Add each problem name's message to ``errors`` under its field (a service's error dict)."""
    for field, value in names.items():
        problem = name_problem(value or "")
        if problem and field not in errors:
            errors[field] = problem


def phone_problem(value: str) -> str | None:
    """Why ``value`` is not a phone number, or None when it is (an empty value is for the caller)."""
    if not value:
        return None
    digits = sum(char.isdigit() for char in value)
    if not set(value) <= PHONE_CHARACTERS or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        return PHONE_MESSAGE
    return None
