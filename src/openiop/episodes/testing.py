"""Test helpers shared by the apps' tests: admission needs the consent-to-treat packet signed first."""

from .models import PacketSignatureMethod, PacketSigner


def sign_consent_packet(episode, *, acting_user, signed_by_name: str = ""):
    """The patient signs every document of the program's packet on screen (episodes.services.consent_packet_sign),
    as they would before admission; the rule itself is not relaxed."""
    from .services import consent_packet_sign

    return consent_packet_sign(
        acting_user=acting_user,
        episode=episode,
        agreed=list(episode.program.packet_documents),
        signed_by_name=signed_by_name or episode.patient.legal_name,
        signer_relationship=PacketSigner.PATIENT,
        signature_method=PacketSignatureMethod.TYPED,
    )
