from django.core.management.base import BaseCommand

from openiop.accounts.roles import MFA_REQUIRED_ROLES
from openiop.demo.builder import build_demo, demo_loaded
from openiop.demo.staff import DEMO_PASSWORD, STAFF


class Command(BaseCommand):
    help = "Load the demo program (synthetic data) into an empty database and print the demo logins."

    def handle(self, *args, **options):
        if demo_loaded():
            self.stdout.write("The demo program is already loaded.")
        else:
            summary = build_demo()
            self.stdout.write(
                f"Loaded {summary['organization']}: {summary['programs']} programs, {summary['staff']} staff, "
                f"{summary['patients']} patients, {summary['responses']} measure results, "
                f"{summary['alerts']} open safety alert, {summary['sessions']} scheduled sessions, "
                f"{summary['attendance']} attendance records."
            )
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for username, _first, _last, _cred, role, _programs in STAFF:
            mfa = "needs code" if role in MFA_REQUIRED_ROLES else "no MFA"
            self.stdout.write(f"  {username:<18} {role.label:<36} {mfa}")
        self.stdout.write(
            "\nRoles marked 'needs code' sign in with a second factor. Print the current code with:\n"
            "  .venv/bin/openiop totp USERNAME      (works for demo users only)\n"
        )
