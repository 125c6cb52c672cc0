"""The fixed wording consents and disclosures carry, as versioned templates (clinical-standards.md §4.1).

A consent stores the version of each statement it was signed with and a disclosure the version of the notice
it carried, so a later change of wording never changes what a patient signed or a recipient received.
Where the reference marks the exact 2024 wording unconfirmed [U], the text is a faithful paraphrase and says
so in its source; a privacy officer replaces it by adding a new version, never by editing an old one.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Statement:
    key: str
    version: str
    text: str
    source: str


REDISCLOSURE_TPO = Statement(
    key="redisclosure_tpo",
    version="2024-1",
    text=(
        "Records disclosed to a HIPAA covered entity or business associate for treatment, payment or health "
        "care operations may be further disclosed as the HIPAA regulations permit, except for uses and "
        "disclosures for civil, criminal, administrative or legislative proceedings against me."
    ),
    source="42 CFR 2.31(a)(4)(ii) as amended (89 FR 12472); clinical-standards.md §4.1 item 5 [C]",
)
REVOCATION = Statement(
    key="revocation",
    version="2024-1",
    text=(
        "I may revoke this consent at any time, in writing, by giving or sending a signed statement to the "
        "program's privacy officer, except to the extent that the program or others have already acted in "
        "reliance on it."
    ),
    source="42 CFR 2.31(a)(6); clinical-standards.md §4.1 item 7 [C]",
)
REFUSAL_CONSEQUENCES = Statement(
    key="refusal_consequences",
    version="2024-1",
    text=(
        "I do not have to sign this consent. If I do not sign, my treatment here will not be refused because "
        "of it, but the program will not be able to share my records for these purposes, and payers may not "
        "be billed through the program on my behalf."
    ),
    source="CoE-PHI FAQ on TPO consents (https://coephi.org/?p=6200); clinical-standards.md §4.1 [C]",
)
NOTICE_FULL = Statement(
    key="notice_2_32_full",
    version="2024-1",
    text=(
        "This record, which has been disclosed to you, is protected by federal confidentiality rules "
        "(42 CFR part 2). These rules prohibit you from using or disclosing this record, or testimony that "
        "describes the information contained in this record, in any civil, criminal, administrative, or "
        "legislative proceedings by any Federal, State, or local authority, against the patient, unless "
        "authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or as authorized "
        "by a court in accordance with 42 CFR 2.64 or 2.65. In addition, the federal rules prohibit you from "
        "making any other use or disclosure of this record unless at least one of the following applies: "
        "further use or disclosure is expressly permitted by the written consent of the individual whose "
        "information is being disclosed in this record or as otherwise permitted by 42 CFR part 2; you are a "
        "covered entity or business associate and have received the record for treatment, payment, or health "
        "care operations; or you have received the record from a covered entity or business associate as "
        "permitted by 45 CFR part 164, subparts A and E."
    ),
    source=(
        "42 CFR 2.32(a)(1) (2024). Checked 2026-11-23: the text up to 'unless at least one of the following "
        "applies:' matches the 2024 Statement 1 word for word as published at "
        "https://compliancecosmos.org/notice-and-copy-consent-accompany-disclosure; the list of exceptions after "
        "it was behind a paywall there and stays [U] (clinical-standards.md §4.1): confirm it against the eCFR "
        "before production use and, if it differs, add a new version"
    ),
)
NOTICE_SHORT = Statement(
    key="notice_2_32_short",
    version="2024-1",
    text="42 CFR part 2 prohibits unauthorized use or disclosure of these records.",
    source="42 CFR 2.32(a)(2); clinical-standards.md §4.1 [U for the exact 2024 wording]",
)

STATEMENTS = {s.key: s for s in (REDISCLOSURE_TPO, REVOCATION, REFUSAL_CONSEQUENCES, NOTICE_FULL, NOTICE_SHORT)}
