"""Bearer-token authentication for outside parties' systems, on the outside-disclosure endpoint ONLY.

Staff endpoints keep session authentication (settings.REST_FRAMEWORK), so a token opens nothing else, and
a staff session does not open this endpoint. Every refused token is audited (outcome denied).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from .models import OutsideParty
from .selectors import outside_party_for_token
from .services import outside_refusal_record
from .tokens import token_prefix

KEYWORD = "Bearer"
User = get_user_model()


class OutsidePartyTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer oiop_…``. On success ``request.auth`` is the OutsideParty and ``request.user``
    is anonymous: an outside system is never a staff user."""

    def authenticate(self, request):
        header = get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != KEYWORD:
            outside_refusal_record(outside_party=None, reason="no_token")
            raise exceptions.NotAuthenticated(f"Send the token you were given: 'Authorization: {KEYWORD} <token>'.")
        token = header[1] if len(header) == 2 else ""
        party = outside_party_for_token(token)
        if party is None:
            outside_refusal_record(outside_party=None, reason="bad_token", token_prefix=token_prefix(token) or "")
            raise exceptions.AuthenticationFailed("This token is not valid.")
        if not party.is_active:
            outside_refusal_record(outside_party=party, reason="inactive_party")
            raise exceptions.PermissionDenied("This outside party was deactivated by the privacy officer.")
        if not settings.OPENIOP_DEMO_ALLOWED and User.objects.filter(pk=party.registered_by_id, is_demo=True).exists():
            # A demo account registered it (the demo payer): its token is never accepted in production.
            outside_refusal_record(outside_party=party, reason="demo_party")
            raise exceptions.AuthenticationFailed("This token is not valid.")
        return AnonymousUser(), party

    def authenticate_header(self, request) -> str:
        return f'{KEYWORD} realm="openiop-disclosures"'


class IsOutsideParty(BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, OutsideParty)


class OutsidePartyTokenScheme(OpenApiAuthenticationExtension):
    target_class = OutsidePartyTokenAuthentication
    name = "outsidePartyToken"

    def get_security_definition(self, auto_schema):
        scheme = build_bearer_security_scheme_object(header_name="Authorization", token_prefix=KEYWORD)
        scheme["description"] = "The token the privacy officer gave the outside party at registration."
        return scheme
