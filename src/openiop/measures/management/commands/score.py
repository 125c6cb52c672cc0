import json
import sys

from django.core.management.base import BaseCommand

from openiop.measures.instruments import ScoringError, score


class Command(BaseCommand):
    help = (
        "Score one response: prints {instrument, total, band, flags, subscores} as JSON. "
        "Invalid answers exit 2 with the item and its allowed values on stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument("instrument", help="e.g. PHQ-9, AUDIT-C, C-SSRS-Screener, BAM")
        parser.add_argument("--answers", required=True, help="JSON: a list in item order, or an object (C-SSRS, BAM)")
        parser.add_argument("--context", default=None, help='JSON object, e.g. {"sex": "female"} for AUDIT-C')
        parser.add_argument("--scheme", default=None, help="band scheme name (default: the documented default)")

    def handle(self, *args, instrument, answers, context, scheme, **options):
        try:
            parsed_answers = _json("--answers", answers)
            parsed_context = _json("--context", context) if context is not None else None
            result = score(instrument, parsed_answers, parsed_context, scheme)
        except ScoringError as error:
            self.stderr.write(str(error))
            sys.exit(2)
        self.stdout.write(json.dumps(result.as_dict()))


def _json(option: str, raw: str):
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise ScoringError(f"{option} is not valid JSON ({error.msg} at character {error.pos})") from None
