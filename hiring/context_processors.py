"""Puts the signed-in user's organisations and memberships in every template."""

from hiring.selectors import memberships_of


def workspace(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"memberships": []}
    return {"memberships": memberships_of(user=user)}
