"""API tokens for outside parties: ``oiop_<prefix>_<secret>``. The prefix finds the party; only the SHA-256 of
the whole token is stored (a 256-bit random secret needs no slow hash), compared in constant time.
The token is shown once, at registration, and never stored or logged in clear."""

import hashlib
import hmac
import secrets

# The public start of every token, not a secret.
TOKEN_START = "oiop_"  # noqa: S105  # nosec B105
PREFIX_LENGTH = 8


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_new() -> tuple[str, str, str]:
    """A fresh token: (token, prefix, hash)."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    token = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    return token, prefix, token_hash(token)


def token_prefix(token: str) -> str | None:
    """The public prefix of a well-formed token, else None."""
    head = len(TOKEN_START)
    if not token.startswith(TOKEN_START) or len(token) < head + PREFIX_LENGTH + 2 or len(token) > 200:
        return None
    prefix = token[head : head + PREFIX_LENGTH]
    if token[head + PREFIX_LENGTH] != "_" or any(c not in "0123456789abcdef" for c in prefix):
        return None
    return prefix


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(token_hash(token), stored_hash)
