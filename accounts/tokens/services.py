"""API tokens: created with a key shown once, revoked for good, marked as used.

A key is ``cal_`` and 43 random URL-safe characters. Only its SHA-256 is stored, so a
leaked database gives no working key, and the key cannot be shown again: the page and
the API hand it over once, in the answer that creates it."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken
from config.errors import ApplicationError
from config.json_input import storable

KEY_PREFIX = "cal_"
PREFIX_SHOWN = 12  # "cal_" and 8 characters: enough to tell keys apart, useless to guess
NAME_MAX_LENGTH: int = ApiToken._meta.get_field("name").max_length or 100
ACTIVE_TOKENS_MAX = 20
# ``last_used_at`` is written at most once a minute per token, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # the only time the key exists outside the client


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, user, name: str) -> NewToken:
    name = storable((name or "").strip(), "name")
    if not name:
        raise ApplicationError("Name the token after what will use it.", field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise ApplicationError(f"Keep the name under {NAME_MAX_LENGTH} characters.", field="name")
    with transaction.atomic():
        active = ApiToken.objects.select_for_update().filter(user=user, revoked_at=None)
        if len(active) >= ACTIVE_TOKENS_MAX:
            raise ApplicationError(
                f"You have {ACTIVE_TOKENS_MAX} active tokens; revoke one first.", field="name"
            )
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=user, name=name, prefix=key[:PREFIX_SHOWN], key_hash=key_hash(key)
        )
    return NewToken(token=token, key=key)


def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revokes the token; the next request with its key is refused. Idempotent."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=token.revoked_at)
    return token


def token_authenticate(key: str) -> ApiToken | None:
    """The active token with that key (its user active too), marked as used; else None."""
    if not key.startswith(KEY_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash(key), revoked_at=None, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
