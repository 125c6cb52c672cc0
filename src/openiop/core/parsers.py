"""The API's JSON parser: bounded in size and nesting, so a hostile body is a 400 and never a 500.

Python's json module recurses once per level: a body nested a few thousand deep raises RecursionError (a 500),
and DRF reads the request stream without Django's DATA_UPLOAD_MAX_MEMORY_SIZE check. This parser reads at most
API_JSON_MAX_BYTES, counts the nesting before decoding, and answers ParseError (400, ``{"detail": ...}``).
"""

import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No request of the API comes near these: the largest (a questionnaire's answers) is a few hundred bytes, 3 deep.
API_JSON_MAX_BYTES = 256 * 1024
API_JSON_MAX_DEPTH = 32


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether ``text`` opens more than ``limit`` arrays/objects inside each other (brackets in strings skipped)."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        if stream is None:
            return super().parse(stream, media_type, parser_context)
        raw = stream.read(API_JSON_MAX_BYTES + 1)
        if len(raw) > API_JSON_MAX_BYTES:
            raise ParseError(f"The request body is larger than {API_JSON_MAX_BYTES // 1024} KB.")
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            raise ParseError(f"The request body is not valid {encoding} text.") from None
        if json_depth_exceeds(text, API_JSON_MAX_DEPTH):
            raise ParseError(f"The JSON is nested deeper than {API_JSON_MAX_DEPTH} levels.")
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from None


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")
