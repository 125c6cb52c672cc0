"""Demo allergies (recorded before any MAT order, as the service requires), medications and screens for the
adult SUD program: buprenorphine-naloxone with daily or weekly
clinic doses, one patient on monthly extended-release naltrexone, one on methadone through an outside
OTP, patient-reported medications, and weekly urine screens (mostly negative, expected buprenorphine
positives, and one unexpected fentanyl positive that raised a task for the primary clinician)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from openiop.core.timezones import local_today
from openiop.episodes.models import EpisodeStatus
from openiop.medications.services import (
    allergy_record,
    allergy_record_none,
    mat_administration_record,
    mat_order_create,
    medication_add,
)
from openiop.screens.services import screen_collection_record

SCREEN_PANEL = ["etg", "benzodiazepines", "buprenorphine", "cocaine", "fentanyl", "methamphetamine", "opiates", "thc"]
PATIENT_REPORTED = [
    ("Sertraline", "100", "oral", "daily", "patient_reported", ""),
    ("Trazodone", "50", "oral", "daily", "patient_reported", ""),
    ("Lisinopril", "10", "oral", "daily", "outside_prescriber", "Northside Family Clinic"),
]

# (allergen, reaction, severity) by patient, in turn; None: no known allergies. In the teen and mental-health
# programs one patient in treatment is left "not recorded", as happens before anyone has asked.
ALLERGIES = [
    ("Penicillin", "Hives", "moderate"),
    None,
    ("Sulfa drugs", "Rash", "mild"),
    None,
    None,
    ("Peanuts", "Anaphylaxis", "severe"),
    ("Codeine", "Nausea and vomiting", "mild"),
    None,
]


def add_allergies(programs: dict, users: dict) -> int:
    """Allergies or "no known allergies", recorded at intake, for the patients in treatment (every one in the
    adult program, whose MAT orders need them)."""
    intake = users["ivy.intake"]
    recorded, done = 0, set()
    for key, program in programs.items():
        episodes = list(
            program.episodes.filter(status__in=(EpisodeStatus.ACTIVE, EpisodeStatus.ON_HOLD))
            .select_related("patient")
            .order_by("pk")
        )
        for episode in episodes if key == "adult" else episodes[:-1]:
            if episode.patient_id in done:
                continue
            done.add(episode.patient_id)
            entry = ALLERGIES[recorded % len(ALLERGIES)]
            if entry is None:
                allergy_record_none(acting_user=intake, patient=episode.patient)
            else:
                allergen, reaction, severity = entry
                allergy_record(
                    acting_user=intake, patient=episode.patient, allergen=allergen, reaction=reaction, severity=severity
                )
            recorded += 1
    return recorded


def add_medications(programs: dict, users: dict) -> dict:
    program = programs["adult"]
    zone = ZoneInfo(program.time_zone)
    today = local_today(program.time_zone)
    prescriber, nurse = users["priya.prescriber"], users["nate.nurse"]
    episodes = list(
        program.episodes.filter(status=EpisodeStatus.ACTIVE)
        .select_related("program", "patient", "primary_clinician")
        .order_by("pk")
    )

    allergies = add_allergies(programs, users)

    def at(day, hour=9):
        return datetime.combine(day, time(hour, 0), tzinfo=zone)

    def order(episode, medication, dose, route, frequency, indication, **programme):
        return mat_order_create(
            acting_user=prescriber,
            patient=episode.patient,
            episode=episode,
            medication=medication,
            dose_amount=dose,
            dose_unit="mg",
            route=route,
            frequency=frequency,
            indication=indication,
            prescriber=prescriber,
            started_on=episode.admitted_on,
            **programme,
        )

    def give(mat_order, day, dose, route, **extra):
        return mat_administration_record(
            acting_user=nurse,
            order=mat_order,
            given_at=at(day),
            outcome=extra.pop("outcome", "given"),
            given_by=nurse,
            dose_amount=None if extra.get("not_given_reason") else dose,
            dose_unit="" if extra.get("not_given_reason") else "mg",
            route="" if extra.get("not_given_reason") else route,
            **extra,
        )

    doses = 0
    on_buprenorphine = episodes[:3]
    for index, episode in enumerate(on_buprenorphine):
        dose = ["16", "12", "8"][index]
        bup = order(episode, "buprenorphine_naloxone_sl", dose, "sublingual", "daily", "oud")
        clinic_days = (
            [today - timedelta(days=d) for d in range(1, 11)]  # daily observed dosing
            if index == 0
            else [today - timedelta(weeks=w, days=1) for w in range(4)]  # weekly check-in dose
        )
        for day in clinic_days:
            if day < episode.admitted_on:
                continue
            if index == 0 and day == today - timedelta(days=4):
                give(bup, day, dose, "sublingual", outcome="missed", not_given_reason="Did not come in; called back")
            else:
                give(bup, day, dose, "sublingual")
            doses += 1

    naltrexone_patient, methadone_patient = episodes[3], episodes[4]
    xr = order(naltrexone_patient, "naltrexone_xr_injection", "380", "im_injection", "monthly", "aud")
    for months_ago, site in ((1, "Right gluteal"), (0, "Left gluteal")):
        day = max(naltrexone_patient.admitted_on, today - timedelta(days=28 * months_ago + 1))
        give(xr, day, "380", "im_injection", lot_number=f"NTX-{2611 - months_ago}", injection_site=site)
        doses += 1
        if day == naltrexone_patient.admitted_on:
            break
    order(
        methadone_patient,
        "methadone",
        "90",
        "oral",
        "daily",
        "oud",
        otp_name="Riverside Opioid Treatment Program",
        dispensing_schedule="Daily observed at the OTP; Sunday take-home",
        take_homes_allowed=True,
        take_home_doses=1,
    )

    for episode, (name, dose, route, frequency, source, outside) in zip(episodes[:3], PATIENT_REPORTED, strict=True):
        medication_add(
            acting_user=nurse,
            patient=episode.patient,
            episode=episode,
            name=name,
            dose_amount=dose,
            dose_unit="mg",
            route=route,
            frequency=frequency,
            source=source,
            outside_prescriber_name=outside,
            started_on=episode.admitted_on,
        )

    screens = 0
    unexpected_patient = on_buprenorphine[1]
    for episode in episodes:
        for weeks_ago in range(3, -1, -1):
            day = today - timedelta(weeks=weeks_ago, days=2)
            if day < episode.admitted_on:
                continue
            results = dict.fromkeys(SCREEN_PANEL, "negative")
            if episode in on_buprenorphine:
                results["buprenorphine"] = "positive"
            if episode is methadone_patient:
                results["methadone"] = "positive"
            if episode is unexpected_patient and weeks_ago == 0:
                results["fentanyl"] = "positive"
            screen_collection_record(
                acting_user=nurse,
                patient=episode.patient,
                episode=episode,
                collected_at=at(day, 10),
                observed=True,
                specimen="urine",
                method="presumptive",
                collected_by=nurse,
                results=results,
            )
            screens += 1
    return {"mat_doses": doses, "screens": screens, "allergy_entries": allergies}
