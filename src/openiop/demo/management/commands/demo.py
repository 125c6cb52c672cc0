import os

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from openiop.accounts.roles import MFA_REQUIRED_ROLES
from openiop.demo.builder import build_demo, demo_loaded
from openiop.demo.guard import refuse_in_production
from openiop.demo.outside_parties import demo_api_token, demo_payer, example_patient
from openiop.demo.staff import DEMO_PASSWORD, STAFF


class Command(BaseCommand):
    help = "Load the demo program (synthetic data) into an empty database and print the demo logins."

    def handle(self, *args, **options):
        refuse_in_production("demo")
        if demo_loaded():
            self.stdout.write("The demo program is already loaded.")
        else:
            # The demo's emergency access would mail the privacy officer; keep that mail out of the console.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
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
            "\nEvery role sees patients' names, so every account signs in with a second factor too. Print a demo\n"
            "account's current code with:\n"
            "  .venv/bin/openiop totp USERNAME      (works for demo users only)\n"
        )
        self._print_outside_party()

    def _print_outside_party(self):
        party = demo_payer()
        patient = example_patient(party) if party else None
        if patient is None:
            return
        token = demo_api_token()
        self.stdout.write(
            f"Outside system (API): {party.name}, a payer under the patients' TPO consents. Demo token "
            "(this install's own):\n"
            f"  {token}\n"
            "Ask for a patient's attendance for payment (the disclosure appears in their accounting):\n"
            f"  curl -X POST http://127.0.0.1:{os.environ.get('PORT', '8000')}/api/v1/disclosures/ "
            f"-H 'Authorization: Bearer {token}' "
            "-H 'Content-Type: application/json' \\\n"
            f'    -d \'{{"mrn": "{patient.mrn}", "date_of_birth": "{patient.date_of_birth.isoformat()}", '
            '"purpose": "payment", "information": ["attendance"]}\'\n'
        )
