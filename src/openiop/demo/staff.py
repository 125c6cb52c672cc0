"""Demo staff: one per role at least, with the programs each works in (by program key)."""

from openiop.accounts.roles import Role

# Published on purpose: demo accounts exist only outside production and cannot sign in there (demo/guard.py).
DEMO_PASSWORD = "openiop-demo-2026"  # nosec B105

STAFF = [
    # username, first, last, credentials, role, program keys
    ("dana.director", "Dana", "Whitfield", "LCSW", Role.DIRECTOR, ["adult", "teen", "mh"]),
    ("carlos.counselor", "Carlos", "Reyes", "LADC", Role.CLINICIAN, ["adult"]),
    ("maya.therapist", "Maya", "Chen", "LPC", Role.CLINICIAN, ["mh", "adult"]),
    ("jordan.counselor", "Jordan", "Pike", "LCPC", Role.CLINICIAN, ["teen"]),
    ("priya.prescriber", "Priya", "Natarajan", "MD", Role.PRESCRIBER, ["adult", "teen", "mh"]),
    ("nate.nurse", "Nate", "Okafor", "RN", Role.NURSE, ["adult", "mh"]),
    ("ivy.intake", "Ivy", "Lambert", "", Role.INTAKE, ["adult", "teen", "mh"]),
    ("bianca.billing", "Bianca", "Flores", "", Role.BILLING, ["adult", "teen", "mh"]),
    ("pete.peer", "Pete", "Salazar", "CPRS", Role.PEER_SUPPORT, ["adult"]),
    ("fran.frontdesk", "Fran", "Keller", "", Role.FRONT_DESK, ["adult", "teen", "mh"]),
    ("paula.privacy", "Paula", "Grant", "CHPC", Role.PRIVACY_OFFICER, []),
    ("sam.admin", "Sam", "Ito", "", Role.SYSADMIN, []),
]


def demo_signature(user):
    """Demo staff sign as a person would: re-entering their (demo) password (accounts.signing)."""
    from openiop.accounts.signing import signature_verify

    return signature_verify(user=user, secret=DEMO_PASSWORD)
