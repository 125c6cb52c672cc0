"""`openiop bench pages`: server time and query count of the main pages on the data in the database.

Run it after `openiop seed` (e.g. 5,000 patients): it signs in as a seeded clinician and privacy officer,
renders each page several times in-process and prints the median and worst time and the query count.
"""

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openiop.accounts.models import User
from openiop.accounts.roles import Role
from openiop.accounts.testing import client_with_second_factor
from openiop.episodes.models import Episode, EpisodeStatus


class Command(BaseCommand):
    help = "Benchmark page server time and query counts on seeded data (run `openiop seed` first)."

    def add_arguments(self, parser):
        parser.add_argument("suite", choices=["pages", "scoring", "schedule"])
        parser.add_argument("--repeat", type=int, default=7)

    def handle(self, *args, suite, repeat, **options):
        if suite == "scoring":
            from openiop.measures.instruments.bench import benchmark

            for n in (100_000,):
                seconds = benchmark(n)
                self.stdout.write(f"scored {n:,} mixed instrument responses in-process in {seconds:.2f} s")
            return
        if suite == "schedule":
            return self._schedule(repeat)
        clinician = User.objects.filter(role=Role.CLINICIAN, username__startswith="seed").order_by("pk").first()
        if clinician is None:
            raise CommandError("no seeded data: run `openiop seed --patients 5000` first")
        episode = (
            Episode.objects.filter(program_id__in=clinician.program_ids, status=EpisodeStatus.ACTIVE)
            .order_by("pk")
            .first()
        )
        privacy = User.objects.filter(role=Role.PRIVACY_OFFICER).first() or User.objects.create(
            username="bench-privacy", role=Role.PRIVACY_OFFICER
        )
        in_scope = Episode.objects.filter(program_id__in=clinician.program_ids).values("patient").distinct().count()
        self.stdout.write(
            f"{Episode.objects.values('patient').distinct().count()} patients in the database, "
            f"{in_scope} in the benchmark clinician's program; {repeat} runs per page"
        )
        pages = [
            ("census", clinician, "/"),
            ("patient list", clinician, "/patients/"),
            ("patient search", clinician, "/patients/?q=Ha"),
            ("patient list, page 20", clinician, "/patients/?page=20"),
            ("chart overview", clinician, f"/patients/{episode.patient_id}/"),
            ("chart history", clinician, f"/patients/{episode.patient_id}/?tab=history"),
            ("chart measures", clinician, f"/patients/{episode.patient_id}/measures/"),
            ("measures due (mine)", clinician, "/measures/due/"),
            ("measures due (program)", clinician, "/measures/due/?scope=all"),
            ("program latest scores", clinician, f"/programs/{episode.program_id}/scores/"),
            ("audit report", privacy, "/audit/"),
            ("api patient list", clinician, "/api/v1/patients/"),
        ]
        clients = {}
        self.stdout.write(f"{'page':<24}{'median ms':>10}{'max ms':>10}{'queries':>9}")
        for name, user, url in pages:
            client = clients.setdefault(user.pk, client_with_second_factor(user, HTTP_HOST="127.0.0.1"))
            timings, queries = [], 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
                queries = len(captured.captured_queries)
            self.stdout.write(f"{name:<24}{statistics.median(timings):>10.1f}{max(timings):>10.1f}{queries:>9}")

    def _schedule(self, repeat: int) -> None:
        """The compliance dashboard, a track's week view and a roll-call save, on seeded data."""
        from django.utils import timezone

        from openiop.schedule.models import Attendance, Session
        from openiop.schedule.selectors import roster

        director = User.objects.filter(role=Role.DIRECTOR, username__startswith="seed").order_by("pk").first()
        if director is None:
            raise CommandError("no seeded data: run `openiop seed --patients 5000 --weeks 12` first")
        program_id = min(director.program_ids)
        upcoming = (
            Session.objects.filter(program_id=program_id, starts_at__gt=timezone.now(), attendance__isnull=True)
            .order_by("starts_at")
            .first()
        )
        if upcoming is None:
            raise CommandError("no upcoming seeded session to take attendance for")
        facilitator = upcoming.facilitators.first()
        client = client_with_second_factor(director, HTTP_HOST="127.0.0.1")
        self.stdout.write(
            f"{Attendance.objects.count():,} attendance records; program {program_id} has "
            f"{Session.objects.filter(program_id=program_id).count():,} sessions; {repeat} runs per page"
        )
        self.stdout.write(f"{'page':<34}{'median ms':>10}{'max ms':>10}{'queries':>9}")
        for name, url in (
            ("hours compliance dashboard", f"/schedule/compliance/?program={program_id}&show=all"),
            ("week view (track)", f"/schedule/week/?track={upcoming.track_id}"),
        ):
            self._time(name, client, "get", url, repeat)
        episodes = roster(session=upcoming)
        # Seeded groups hold about a dozen; anyone over the room's capacity is marked absent.
        data = {
            f"status_{e.pk}": "present" if i < upcoming.capacity else "absent_excused" for i, e in enumerate(episodes)
        }
        roll_client = client_with_second_factor(facilitator, HTTP_HOST="127.0.0.1")
        self._time(
            f"roll-call save ({len(episodes)} people)",
            roll_client,
            "post",
            f"/schedule/sessions/{upcoming.pk}/roll-call/",
            repeat,
            data=data,
            expect=302,
        )

    def _time(self, name, client, method, url, repeat, data=None, expect=200):
        timings, queries = [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != expect:
                raise CommandError(f"{url} answered {response.status_code}")
            queries = len(captured.captured_queries)
        self.stdout.write(f"{name:<34}{statistics.median(timings):>10.1f}{max(timings):>10.1f}{queries:>9}")
