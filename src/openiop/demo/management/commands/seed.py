import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from openiop.demo.guard import refuse_in_production
from openiop.demo.seed import seed


class Command(BaseCommand):
    help = "Generate deterministic synthetic data at scale for benchmarks (bulk inserts, with a progress bar)."

    def add_arguments(self, parser):
        parser.add_argument("--programs", type=int, default=4)
        parser.add_argument("--patients", type=int, default=1000)
        parser.add_argument("--weeks", type=int, default=12, help="admissions spread over this many past weeks")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, programs, patients, weeks, no_progress, **options):
        refuse_in_production("seed")
        started = time.perf_counter()
        try:
            summary = seed(
                programs=programs, patients=patients, weeks=weeks, seed=options["seed"], progress=not no_progress
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Seeded {summary['organization']}: {programs} programs, {summary['staff']} staff, {patients} patients "
            f"{summary['episodes_by_state']}, {summary['measure_responses']} measure results, "
            f"{summary['safety_alerts']} open safety alerts, {summary['sessions']} sessions, "
            f"{summary['attendance']} attendance records in {elapsed:.1f} s"
        )
