"""The REST API's token authentication: ``Authorization: Bearer <key>``.

A bad, revoked or malformed token is refused with the reason, as a 401 with a
``WWW-Authenticate: Bearer realm="api", error="invalid_token"`` challenge (RFC 6750;
``invalid_request`` for a malformed header). DRF answers 401 only with the challenge of
the *first* authentication class, so this class comes first in
``DEFAULT_AUTHENTICATION_CLASSES`` and offers its challenge only to a request that sent a
Bearer header: a request without one (anonymous, or a browser session) is answered as
before, a 403 from the session scheme. A request with a token is the token's user, and
nothing more: ``core.access`` decides what they may do, exactly as for a signed-in
session (tokens do not manage tokens: ``accounts.tokens.api``). Tokens need no CSRF token
(they are not sent by a browser on its own). The schema documents the scheme
(``TokenScheme``)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.tokens.services import token_authenticate

KEYWORD = "Bearer"
REALM = 'realm="api"'


def _bearer_header(request) -> list[bytes] | None:
    """The Authorization header's parts when it uses the Bearer scheme, else None."""
    header = authentication.get_authorization_header(request).split()
    if not header or header[0].lower() != KEYWORD.lower().encode():
        return None
    return header


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = _bearer_header(request)
        if header is None:
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

    def authenticate_header(self, request) -> str | None:
        """The challenge of a 401, for a request that sent a Bearer header (a request
        without one gets None: DRF then answers 403, as the session scheme would)."""
        header = _bearer_header(request)
        if header is None:
            return None
        error = "invalid_request" if len(header) != 2 else "invalid_token"
        return f'{KEYWORD} {REALM}, error="{error}"'


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
                "permissions as their signed-in session; revoking it refuses it at once "
                "(401 with a WWW-Authenticate challenge). Tokens are created and revoked "
                "from a signed-in session only."
            ),
        }
