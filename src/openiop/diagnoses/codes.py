"""The bundled ICD-10-CM subset (data/icd10cm_behavioral_health.csv): loaded once, validated, searchable.

The file's leading ``#`` lines state its source and fiscal year; ``CODE_SET_VERSION`` repeats the year so
pages and exports can say which code set a diagnosis was chosen from.
"""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "icd10cm_behavioral_health.csv"
CODE_SET_VERSION = "ICD-10-CM FY2024 (subset)"
# A letter, two digits, then optionally a dot and 1-4 characters (digits, or a letter such as F32.A).
CODE_FORMAT = re.compile(r"^[A-TV-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$")


class CodeListError(ValueError):
    """The bundled list is malformed; the message names the line."""


@dataclass(frozen=True)
class Icd10Code:
    code: str
    description: str


def parse_code_list(lines) -> dict[str, Icd10Code]:
    """Codes from CSV lines (``#`` comments first, then a ``code,description`` header). Raises CodeListError."""
    rows = [(number, line) for number, line in enumerate(lines, start=1) if line.strip() and not line.startswith("#")]
    if not rows:
        raise CodeListError("the code list is empty")
    reader = csv.reader(line for _, line in rows)
    header = next(reader)
    if header != ["code", "description"]:
        raise CodeListError(f"line {rows[0][0]}: the header must be 'code,description', not {','.join(header)!r}")
    codes: dict[str, Icd10Code] = {}
    for (number, _), fields in zip(rows[1:], reader, strict=True):
        if len(fields) != 2:
            raise CodeListError(f"line {number}: expected 2 columns (code, description), found {len(fields)}")
        code, description = fields[0].strip(), fields[1].strip()
        if not CODE_FORMAT.match(code):
            raise CodeListError(f"line {number}: {code!r} is not an ICD-10-CM code such as F11.20")
        if not description:
            raise CodeListError(f"line {number}: {code} has no description")
        if code in codes:
            raise CodeListError(f"line {number}: {code} appears twice")
        codes[code] = Icd10Code(code, description)
    return codes


@cache
def all_codes() -> dict[str, Icd10Code]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return parse_code_list(handle.read().splitlines())


def get_code(code: str) -> Icd10Code | None:
    return all_codes().get((code or "").strip().upper())


def search_codes(query: str, *, limit: int = 25) -> list[Icd10Code]:
    """Codes whose code starts with the query ("F11.2", "f112") or whose description holds every word.

    Words match the start of description words, so "opioid dep" finds "Opioid dependence ...".
    """
    query = (query or "").strip()
    if not query:
        return []
    compact = query.upper().replace(".", "")
    by_code = [c for c in all_codes().values() if c.code.replace(".", "").startswith(compact)]
    if by_code:
        return by_code[:limit]
    terms = [t for t in re.split(r"[\s,]+", query.lower()) if t]
    matches = []
    for item in all_codes().values():
        words = re.findall(r"[a-z0-9]+", item.description.lower())
        if all(any(word.startswith(term) for word in words) for term in terms):
            matches.append(item)
    return matches[:limit]
