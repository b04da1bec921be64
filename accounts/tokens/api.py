"""API tokens over the REST API, under ``/api/me/tokens/``: the user's own only."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from accounts.models import ApiToken
from accounts.tokens import selectors
from accounts.tokens.serializers import (
    NewTokenSerializer,
    TokenCreateInputSerializer,
    TokenSerializer,
)
from accounts.tokens.services import token_create, token_revoke


class TokenListCreateApi(generics.ListAPIView):
    """The user's API tokens (never their keys); POST creates one and answers with its key,
    this once."""

    serializer_class = TokenSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's inspection
            return ApiToken.objects.none()
        return selectors.tokens_of(user=self.request.user)

    @extend_schema(request=TokenCreateInputSerializer, responses={201: NewTokenSerializer})
    def post(self, request):
        serializer = TokenCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new = token_create(user=request.user, name=serializer.validated_data["name"])
        data = NewTokenSerializer(new.token).data | {"key": new.key}
        return Response(data, status=status.HTTP_201_CREATED)


class TokenRevokeApi(generics.GenericAPIView):
    """Revokes one of the user's tokens (another user's is a 404)."""

    serializer_class = TokenSerializer

    @extend_schema(request=None, responses={200: TokenSerializer})
    def delete(self, request, pk: int):
        token = token_revoke(token=selectors.token_get(user=request.user, pk=pk))
        return Response(TokenSerializer(token).data)
