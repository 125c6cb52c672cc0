"""The client's address, for the audit trail and the sign-in lockout (one rule for both).

By default it is the connection's address (REMOTE_ADDR). Behind a reverse proxy that is the proxy's, so the
settings may name the header the proxy writes (OPENIOP_CLIENT_IP_HEADER, e.g. X-Forwarded-For or X-Real-IP)
and how many proxies are trusted (OPENIOP_TRUSTED_PROXIES). Each trusted proxy appends the address it saw to
X-Forwarded-For, so the client is the N-th entry from the right; entries further left were written by the
client and are never believed. A header missing, too short or not holding an address gives REMOTE_ADDR.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    header = settings.OPENIOP_CLIENT_IP_HEADER
    if not header:
        return remote
    raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    hops = [part.strip() for part in raw.split(",") if part.strip()]
    count = settings.OPENIOP_TRUSTED_PROXIES
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
