from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from openiop.core.timezones import local_today
from openiop.episodes.models import OPEN_STATUSES, Episode

from .models import Consent, Disclosure, ExpiryKind, OutsideParty
from .tokens import token_matches, token_prefix

ACCOUNTING_YEARS = 3  # 42 CFR 2.25 (2024): disclosures with consent in the 3 years before the request


def patient_today(patient) -> date:
    """Today as the patient's program counts it: consents are dated, and expire, in local days."""
    episode = Episode.objects.filter(patient=patient).select_related("program").order_by("-pk").first()
    return local_today(episode.program.time_zone if episode else settings.TIME_ZONE)


def treatment_ended_on(patient) -> date | None:
    """The last discharge date when the patient has no open episode (end-of-treatment expiry); else None."""
    episodes = list(Episode.objects.filter(patient=patient).values_list("status", "discharged_on"))
    if not episodes or any(status in OPEN_STATUSES for status, _ in episodes):
        return None
    return max((d for _, d in episodes if d), default=None)


def consent_status(consent: Consent, *, ended_on: date | None, today: date) -> str:
    return consent.status_on(today, treatment_ended_on=ended_on)


def readable_consents(user, prefix: str = ""):
    """Consents ``user`` may read: those recorded in their programs, or moved to them with the patient's care
    (privacy.policy.records_q, decision 0009)."""
    from openiop.privacy.models import RecordCategory
    from openiop.privacy.policy import records_q

    return records_q(user, RecordCategory.CONSENTS, program=f"{prefix}program", patient=f"{prefix}patient")


def patient_consents(*, patient, user) -> list[tuple[Consent, str]]:
    ended, today = treatment_ended_on(patient), patient_today(patient)
    consents = (
        Consent.objects.filter(readable_consents(user), patient=patient).select_related("recorded_by").defer("document")
    )
    return [(consent, consent_status(consent, ended_on=ended, today=today)) for consent in consents]


def accounting(*, patient, user=None, today: date | None = None) -> list[Disclosure]:
    """Disclosures of the last years; with ``user``, those made under consents the user may read."""
    since = (today or patient_today(patient)) - timedelta(days=365 * ACCOUNTING_YEARS + 1)
    return list(
        Disclosure.objects.filter(patient=patient, disclosed_at__date__gte=since)
        .filter(readable_consents(user, "consent__") if user is not None else Q())
        .select_related("consent", "disclosed_by", "outside_party")
        .order_by("-disclosed_at")
    )


def consents_expiring(*, within_days: int = 30) -> list[Consent]:
    today = timezone.localdate()
    return list(
        Consent.objects.filter(
            revoked_on__isnull=True,
            expiry_kind=ExpiryKind.DATE,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=within_days),
        )
        .select_related("patient")
        .defer("document", "revocation_document")
        .order_by("expires_on")
    )


def disclosures_this_month() -> list[Disclosure]:
    start = timezone.localdate().replace(day=1)
    return list(
        Disclosure.objects.filter(disclosed_at__date__gte=start)
        .select_related("patient", "disclosed_by", "outside_party")
        .order_by("-disclosed_at")
    )


def outside_parties() -> list[OutsideParty]:
    """Every registered outside system, active first, with its programs and who registered it."""
    return list(OutsideParty.objects.select_related("registered_by", "deactivated_by").prefetch_related("programs"))


def outside_party_for_token(token: str) -> OutsideParty | None:
    """The party a presented token belongs to (active or not), else None. Constant-time hash comparison."""
    prefix = token_prefix(token)
    party = OutsideParty.objects.filter(token_prefix=prefix).first() if prefix else None
    if party is None or not token_matches(token, party.token_hash):
        return None
    return party


def consent_summary(patient_id: int, *, user) -> str:
    """For the chart header: which consents are in force today, e.g. "TPO in force · 1 specific". One query:
    the treatment end (for end-of-treatment expiry) and the program's day come along as subqueries."""
    from django.db.models import Exists, Max, OuterRef, Subquery

    from .models import ConsentKind

    episodes = Episode.objects.filter(patient_id=OuterRef("patient_id"))
    consents = list(
        Consent.objects.filter(readable_consents(user), patient_id=patient_id)
        .only("kind", "signed_on", "revoked_on", "expiry_kind", "expires_on")
        .annotate(
            in_treatment=Exists(episodes.filter(status__in=OPEN_STATUSES)),
            last_discharge=Subquery(
                episodes.order_by().values("patient_id").annotate(last=Max("discharged_on")).values("last")[:1]
            ),
            zone=Subquery(episodes.order_by("-pk").values("program__time_zone")[:1]),
        )
    )
    if not consents:
        return "No consent on file"
    today = local_today(consents[0].zone or settings.TIME_ZONE)
    ended = None if consents[0].in_treatment else consents[0].last_discharge
    in_force = [c for c in consents if c.status_on(today, treatment_ended_on=ended) == "active"]
    parts = []
    if any(c.kind == ConsentKind.TPO for c in in_force):
        parts.append("TPO in force")
    for kind, label in ((ConsentKind.SPECIFIC, "specific"), (ConsentKind.COUNSELLING_NOTES, "counselling notes")):
        count = sum(1 for c in in_force if c.kind == kind)
        if count:
            parts.append(f"{count} {label}")
    return " · ".join(parts) if parts else "None in force"
