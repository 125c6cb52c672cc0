"""Demo patients sign the consent-to-treat packet before admission, through the same service as on screen."""

from openiop.episodes.models import PacketSignatureMethod, PacketSigner
from openiop.episodes.services import consent_packet_sign
from openiop.programs.models import Population


def demo_sign_packet(episode, *, acting_user):
    minor = episode.program.population == Population.ADOLESCENT
    patient = episode.patient
    return consent_packet_sign(
        acting_user=acting_user,
        episode=episode,
        agreed=list(episode.program.packet_documents),
        # An adolescent's packet is signed by a parent or guardian (named as in the demo's emergency contact).
        signed_by_name=(patient.emergency_contact_name or patient.legal_name) if minor else patient.legal_name,
        signer_relationship=PacketSigner.PARENT_GUARDIAN if minor else PacketSigner.PATIENT,
        signature_method=PacketSignatureMethod.TYPED,
    )


DEMO_DIFFERENT_PERSON = "Demo data: another fictional person who happens to share a name, birth date or contact"


def register_allowing_namesakes(register, **arguments):
    """Demo names and contacts are drawn from short lists, so two demo people may look alike; registration
    then asks why they are different people (patients.services.PossibleDuplicate), and the demo says so."""
    from openiop.patients.services import PossibleDuplicate

    try:
        return register(**arguments)
    except PossibleDuplicate:
        return register(**arguments, different_person_reason=DEMO_DIFFERENT_PERSON)
