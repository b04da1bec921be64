"""Reads of API tokens: a user's own, never anyone else's."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import ApiToken


def tokens_of(*, user) -> QuerySet[ApiToken]:
    """The user's tokens, active first, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-revoked_at", "-created_at", "-id")


def token_get(*, user, pk: int) -> ApiToken:
    """One of the user's tokens; 404 for another user's (as if it did not exist)."""
    return get_object_or_404(ApiToken, user=user, pk=pk)
