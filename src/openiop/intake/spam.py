"""Spam resistance for the public request-help form, without third-party services.

- A honeypot field (``website``) hidden from people; bots that fill it get the thank-you page and nothing
  is stored.
- A signed timestamp (``started``): a form sent less than MIN_FILL_SECONDS after it was served, or with a
  missing, forged or stale timestamp, is refused and nothing is stored.
- A rate limit per client IP in Django's cache: at most RATE_LIMIT_POSTS submissions per
  RATE_LIMIT_WINDOW_SECONDS; beyond it the form answers 429. The IP is hashed before it becomes a cache key.
"""

import hashlib
import time

from django.core import signing
from django.core.cache import cache

MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 2 * 60 * 60
RATE_LIMIT_POSTS = 8
RATE_LIMIT_WINDOW_SECONDS = 60 * 60
_SALT = "openiop.intake.request_help"


def form_token(now: float | None = None) -> str:
    return signing.dumps({"t": now if now is not None else time.time()}, salt=_SALT)


def form_age_seconds(token: str) -> float | None:
    """Seconds since the form was served, or None if the token is missing, forged or too old."""
    try:
        data = signing.loads(token or "", salt=_SALT, max_age=MAX_FORM_AGE_SECONDS)
    except signing.BadSignature:
        return None
    return time.time() - float(data["t"])


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(request) -> bool:
    """Count this submission; True once the client IP has sent more than RATE_LIMIT_POSTS in the window."""
    key = "intake:help:" + hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    if cache.add(key, 1, timeout=RATE_LIMIT_WINDOW_SECONDS):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=RATE_LIMIT_WINDOW_SECONDS)
        return False
    return count > RATE_LIMIT_POSTS
