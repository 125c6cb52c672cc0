"""Medical record numbers: 'M' + 7 digits + a Luhn check digit, so a mistyped MRN is caught."""

import random


def luhn_check_digit(digits: str) -> str:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def generate_mrn(rng: random.Random | None = None) -> str:
    rng = rng or random.SystemRandom()
    body = f"{rng.randrange(10**6, 10**7):07d}"
    return f"M{body}{luhn_check_digit(body)}"


def is_valid_mrn(value: str) -> bool:
    value = value.strip().upper()
    return len(value) == 9 and value[0] == "M" and value[1:].isdigit() and luhn_check_digit(value[1:8]) == value[8]
