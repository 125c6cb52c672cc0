"""The demo never runs on a production server (settings.OPENIOP_DEMO_ALLOWED is off there)."""

from django.conf import settings
from django.core.management.base import CommandError


def refuse_in_production(command: str) -> None:
    """Stop ``openiop <command>`` before it touches the database when the settings are production's."""
    if not settings.OPENIOP_DEMO_ALLOWED:
        raise CommandError(
            f"`openiop {command}` is refused on a production server (OPENIOP_ENV=production): the demo's "
            "accounts and synthetic data are for development and testing only."
        )
