"""The one place that decides which organisation-owned rows a user may see.

Every model owned (directly or through a parent) by an ``Organization`` gets its
default manager from ``OrganizationScopedQuerySet`` and declares
``organization_path``, the lookup from that model to its organisation. Views,
APIs and selectors reach team data only through ``Model.objects.for_user(user)``,
so a row of another organisation is simply not there: a 404, never a leak.
"""

from django.db import models


class OrganizationScopedQuerySet(models.QuerySet):
    def for_user(self, user, *, roles=None):
        """Rows belonging to organisations where ``user`` is a member.

        ``roles`` narrows to memberships with one of those roles (for example
        only owners and hiring managers may edit roles).
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        from hiring.models import Membership

        memberships = Membership.objects.filter(user=user)
        if roles is not None:
            memberships = memberships.filter(role__in=roles)
        path = self.model.organization_path
        return self.filter(**{f"{path}__in": memberships.values("organization_id")})

    def for_organization(self, organization):
        return self.filter(**{self.model.organization_path: organization})


OrganizationScopedManager = models.Manager.from_queryset(OrganizationScopedQuerySet)
