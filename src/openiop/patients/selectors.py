from django.db.models import Exists, OuterRef, Prefetch, Q

from .models import Patient
from .mrn import is_valid_mrn


def visible_episodes_prefetch(user, to_attr: str = "visible_episodes") -> Prefetch:
    """A patient's episodes in the user's programs only, newest first, with what list rows show."""
    from openiop.episodes.models import Episode

    episodes = (
        Episode.objects.filter(program_id__in=user.program_ids)
        .select_related("program", "track", "phase", "primary_clinician")
        .order_by("-admitted_on", "-created_at")
    )
    return Prefetch("episodes", queryset=episodes, to_attr=to_attr)


def current_episode(patient):
    """The open episode if there is one, else the newest; from the prefetched visible episodes."""
    episodes = patient.visible_episodes
    return next((e for e in episodes if e.is_open), episodes[0] if episodes else None)


def patient_search(*, user, query: str = "", status: str = ""):
    patients = Patient.objects.visible_to(user)
    query = query.strip()
    if query:
        if is_valid_mrn(query):
            patients = patients.filter(mrn=query.upper())
        else:
            for term in query.split()[:4]:
                patients = patients.filter(
                    Q(legal_last_name__icontains=term)
                    | Q(legal_first_name__icontains=term)
                    | Q(preferred_name__icontains=term)
                    | Q(mrn__icontains=term)
                )
    if status:
        from openiop.episodes.models import Episode

        patients = patients.filter(
            Exists(Episode.objects.filter(patient=OuterRef("pk"), program_id__in=user.program_ids, status=status))
        )
    return patients.prefetch_related(visible_episodes_prefetch(user))


def patient_chart_queryset(*, user):
    """Everything the chart header and tabs show, in a fixed number of queries (scoped by patient_or_404)."""
    from openiop.episodes.models import Episode

    episodes = (
        Episode.objects.filter(program_id__in=user.program_ids)
        .select_related("program", "track", "phase", "primary_clinician", "transferred_from")
        .prefetch_related(
            "team_members__user", "level_history__track", "level_history__phase", "level_history__recorded_by"
        )
        .order_by("-admitted_on", "-created_at")
    )
    return Patient.objects.prefetch_related(Prefetch("episodes", queryset=episodes, to_attr="visible_episodes"))


def patient_id_for_mrn(mrn: str) -> int | None:
    """Unscoped on purpose, for the organization-wide audit report only."""
    return Patient.objects.filter(mrn=mrn.strip().upper()).values_list("pk", flat=True).first()


def chart_frame(*, patient, user, tab: str, open_alerts) -> dict:
    """What the chart header, safety banner and tabs need, for every tab of every app. The MAT and consent
    lines show what ``user`` may read (privacy.policy.records_q)."""
    from django.utils import timezone

    return {
        "patient": patient,
        "episode": current_episode(patient),
        "tab": tab,
        "open_alerts": open_alerts,
        "age": patient.age_on(timezone.localdate()),
        # A callable, so its one query runs only where the header shows it (roles with medications.view).
        "mat_status": lambda: _mat_status(patient.pk, user),
        # Likewise: allergies, "no known allergies" or "not recorded" (one query).
        "allergy_status": lambda: _allergy_status(patient.pk),
        # Likewise for roles with consent.view: the Part 2 consents in force (one query).
        "consent_status": lambda: _consent_status(patient.pk, user),
    }


def _consent_status(patient_id: int, user) -> str:
    from openiop.consent.selectors import consent_summary

    return consent_summary(patient_id, user=user)


def _allergy_status(patient_id: int):
    from openiop.medications.selectors import allergy_status_for_patients

    return allergy_status_for_patients([patient_id])[patient_id]


def _mat_status(patient_id: int, user) -> str:
    from openiop.medications.selectors import mat_status_for_patients

    return mat_status_for_patients([patient_id], user=user).get(patient_id, "")
