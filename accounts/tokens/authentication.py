"""The REST API's token authentication: ``Authorization: Bearer <key>``.

A bad, revoked or malformed token is refused with the reason, as a 403 (the session scheme
comes first, so an anonymous request stays a 403 too). A request with a token is the
token's user, and nothing more: ``core.access`` decides
what they may do, exactly as for a signed-in session. Tokens need no CSRF token (they
are not sent by a browser on its own). The schema documents the scheme
(``TokenScheme``)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.tokens.services import token_authenticate

KEYWORD = "Bearer"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the header as 'Authorization: Bearer <key>', the key without spaces."
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("This API token is not valid.") from None
        token = token_authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed("This API token is not valid or was revoked.")
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{KEYWORD} realm="api"'


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.tokens.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal API token, created (and shown once) on the API tokens page: "
                "send 'Authorization: Bearer <key>'. It acts as its user, with the same "
                "permissions as their signed-in session; revoking it refuses it at once."
            ),
        }
