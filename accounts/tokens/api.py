"""API tokens over the REST API, under ``/api/me/tokens/``: the user's own only.

A token may list its user's tokens, but creating and revoking them needs a signed-in
session: a leaked key must not be able to mint keys that outlive its own revocation."""

from typing import Any

from django.utils.cache import add_never_cache_headers
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response

from accounts.models import ApiToken
from accounts.tokens import selectors
from accounts.tokens.authentication import ApiTokenAuthentication
from accounts.tokens.serializers import (
    NewTokenSerializer,
    TokenCreateInputSerializer,
    TokenSerializer,
)
from accounts.tokens.services import token_create, token_revoke

# What the schema says the changes accept: the session only (drf-spectacular's name for
# it). ``extend_schema(auth=...)`` is annotated ``Sequence[str]`` but puts its items into
# the operation's ``security`` list as they are, which wants these requirement objects.
SESSION_ONLY: Any = [{"cookieAuth": []}]


class ChangesNeedASession(permissions.BasePermission):
    """Reads with any authentication; changes (create, revoke) only from a session."""

    message = (
        "API tokens are managed from a signed-in session (the API tokens page), "
        "not with an API token."
    )

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return not isinstance(request.successful_authenticator, ApiTokenAuthentication)


class TokenListCreateApi(generics.ListAPIView):
    """The user's API tokens (never their keys); POST (signed-in session only) creates
    one and answers with its key, this once."""

    serializer_class = TokenSerializer
    permission_classes = [permissions.IsAuthenticated, ChangesNeedASession]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's inspection
            return ApiToken.objects.none()
        return selectors.tokens_of(user=self.request.user)

    @extend_schema(
        request=TokenCreateInputSerializer, responses={201: NewTokenSerializer}, auth=SESSION_ONLY
    )
    def post(self, request):
        serializer = TokenCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new = token_create(user=request.user, name=serializer.validated_data["name"])
        data = NewTokenSerializer(new.token).data | {"key": new.key}
        response = Response(data, status=status.HTTP_201_CREATED)
        add_never_cache_headers(response)  # the one-time key stays out of every cache
        return response


class TokenRevokeApi(generics.GenericAPIView):
    """Revokes one of the user's tokens (another user's is a 404); signed-in session
    only."""

    serializer_class = TokenSerializer
    permission_classes = [permissions.IsAuthenticated, ChangesNeedASession]

    @extend_schema(request=None, responses={200: TokenSerializer}, auth=SESSION_ONLY)
    def delete(self, request, pk: int):
        token = token_revoke(token=selectors.token_get(user=request.user, pk=pk))
        return Response(TokenSerializer(token).data)
