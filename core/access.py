"""Who may do what in an organisation: the one home of the team's access rules.

Every page, API view, template, e-mail and export asks an ``Access`` — built once per
request from the user's cached memberships — instead of comparing role strings:

- ``may_author``: owners and hiring managers write roles, assessments, gold and rubrics,
  set the senior review share and rescore.
- ``may_decide_weights``: only owners accept a role's suggested composite weights (or
  revert to the defaults).
- ``may_work_pipeline``: owners, hiring managers and recruiters work the pipeline
  (shortlists, candidates, calibration operations, results).
- ``may_use_queue`` / ``may_review_tier(tier)``: owners, hiring managers and reviewers
  score first reviews; senior reviewers (and owners) re-score and adjudicate.
- ``sees_gold``: authors see gold answers, accepted alternatives, free-text references
  and edge-case marks. Recruiters and reviewers never do: they see only whether an answer
  matched and the item's score.
- ``may_manage_team``: owners invite people, re-send and revoke invitations, change
  roles and remove members (``hiring/teams/``); every member sees the team and its record
  and may leave it. Hiring managers do not invite: who joins, with which access to gold
  and candidates, is the owners' call.
- ``identity(application)``: who the team may know a candidate as, from blind mode, a
  recorded reveal or the interview stage — ``core.blind`` stays the one function.

Which rows exist for a user is a separate question, answered by ``core.scoping``.

Pages resolve ``slug`` with ``organization_access(user, slug, *needs)`` and API views
subclass ``OrganizationApi``: a non-member gets a 404, and each ``Need`` says whether a
member without it gets a 404 (the pipeline: a reviewer is not told it is there) or a 403
(writes, the review queue).
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TypeVar, overload

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from rest_framework import generics

from core import blind
from hiring.models import Application, Membership, Organization

OWNER = Membership.Role.OWNER
AUTHOR_ROLES = frozenset(Membership.AUTHORS)
PIPELINE_ROLES = frozenset(Membership.PIPELINE)
# Who scores first reviews; senior re-scores and adjudication need a senior reviewer (or
# an owner).
REVIEWER_ROLES = frozenset({OWNER, Membership.Role.HIRING_MANAGER, Membership.Role.REVIEWER})
PRIMARY_TIER = "primary"  # rubrics.models.Review.Tier.PRIMARY
REVIEW_TIERS = ("primary", "senior", "adjudication")  # rubrics.models.Review.Tier, in order


@dataclass(frozen=True)
class Access:
    """What one user may do in one organisation (``role`` is empty for a non-member)."""

    organization: Organization | None  # None where only the membership is at hand
    role: str = ""
    is_senior_reviewer: bool = False

    @property
    def is_member(self) -> bool:
        return bool(self.role)

    @property
    def role_label(self) -> str:
        return Membership.Role(self.role).label if self.role else ""

    @property
    def may_author(self) -> bool:
        return self.role in AUTHOR_ROLES

    @property
    def may_work_pipeline(self) -> bool:
        return self.role in PIPELINE_ROLES

    # Assessments and their items (never gold unless ``sees_gold``): whoever works the
    # pipeline reads them; authors write them.
    may_read_assessments = may_work_pipeline
    may_write_assessments = may_author

    @property
    def sees_gold(self) -> bool:
        """Gold answers, accepted alternatives, free-text references, edge-case marks."""
        return self.may_author

    # Every member reads rubrics (reviewers score against them); authors write them.
    may_read_rubrics = is_member
    may_write_rubrics = may_author

    def may_review_tier(self, tier: str) -> bool:
        if tier == PRIMARY_TIER:
            return self.role in REVIEWER_ROLES
        return self.is_member and (self.is_senior_reviewer or self.role == OWNER)

    @property
    def review_tiers(self) -> tuple[str, ...]:
        return tuple(tier for tier in REVIEW_TIERS if self.may_review_tier(tier))

    @property
    def may_use_queue(self) -> bool:
        return self.is_member and (self.role in REVIEWER_ROLES or self.is_senior_reviewer)

    @property
    def may_set_share(self) -> bool:
        """Set the share of reviews a senior re-scores."""
        return self.may_author

    @property
    def may_decide_weights(self) -> bool:
        """Accept a role's suggested composite weights, or revert to the defaults."""
        return self.role == OWNER

    @property
    def may_see_everyones_agreement(self) -> bool:
        """Every reviewer's agreement (a reviewer sees their own)."""
        return self.may_author or (self.is_member and self.is_senior_reviewer)

    @property
    def may_manage_team(self) -> bool:
        """Invite, re-send and revoke invitations, change roles, remove members."""
        return self.role == OWNER

    def identity(self, application: Application) -> blind.Identity:
        """Who the team may know this candidate as (``core.blind`` decides)."""
        return blind.identity_of(application)

    def identities(self, applications, *, role, **kwargs) -> dict[int, blind.Identity]:
        return blind.identities(applications, role=role, **kwargs)


@dataclass(frozen=True)
class OrganizationAccess(Access):
    """An ``Access`` with its organisation loaded: what ``organization_access``,
    ``access_for`` and ``OrganizationApi.access`` give, so a page passes
    ``access.organization`` on where an ``Organization`` is required."""

    organization: Organization


AccessT = TypeVar("AccessT", bound=Access)


@overload
def access_of(membership: Membership | None, organization: Organization) -> OrganizationAccess: ...
@overload
def access_of(membership: Membership | None, organization: None = None) -> Access: ...
def access_of(membership: Membership | None, organization: Organization | None = None) -> Access:
    role = membership.role if membership is not None else ""
    senior = membership is not None and membership.is_senior_reviewer
    if organization is None:
        return Access(organization=None, role=role, is_senior_reviewer=senior)
    return OrganizationAccess(organization=organization, role=role, is_senior_reviewer=senior)


def memberships_of(*, user) -> list[Membership]:
    """The user's memberships, cached on the user object for the request."""
    cached = getattr(user, "_memberships_cache", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organization"))
        user._memberships_cache = cached
    return cached


def membership_in(*, user, organization: Organization) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return next(
        (m for m in memberships_of(user=user) if m.organization_id == organization.pk), None
    )


def access_for(*, user, organization: Organization) -> OrganizationAccess:
    """The user's access to an organisation already loaded (from the cached memberships)."""
    return access_of(membership_in(user=user, organization=organization), organization)


@dataclass(frozen=True)
class Need:
    """A capability a page or endpoint requires, and how a member without it is refused:
    ``hidden`` answers 404 (as if the page were not there), else 403 with ``refusal``."""

    capability: str
    refusal: str
    hidden: bool = False

    def because(self, refusal: str) -> "Need":
        """The same need, refused with a message that names what was asked."""
        return replace(self, refusal=refusal)

    def check(self, access: Access) -> None:
        if getattr(access, self.capability):
            return
        if self.hidden:
            raise Http404("No such page.")
        raise PermissionDenied(self.refusal)


PIPELINE = Need("may_work_pipeline", "No such page.", hidden=True)
AUTHOR = Need("may_author", "Only owners and hiring managers may do this.")
WRITE_ROLES = AUTHOR.because("Only owners and hiring managers write roles.")
EDIT_ASSESSMENTS = AUTHOR.because("Only owners and hiring managers edit assessments.")
RESCORE = AUTHOR.because("Only owners and hiring managers rescore assessments.")
QUEUE = Need(
    "may_use_queue", "Only reviewers, senior reviewers, hiring managers and owners review answers."
)
SET_SHARE = Need("may_set_share", "Only owners and hiring managers set the senior review share.")
ALERT_STEPS = AUTHOR.because("Only owners and hiring managers act on quality alerts.")
DECIDE_WEIGHTS = Need(
    "may_decide_weights", "Only the organisation's owner accepts or reverts composite weights."
)
MANAGE_TEAM = Need("may_manage_team", "Only the team's owners manage its members.")
WRITE_RUBRICS = Need("may_write_rubrics", "Only owners and hiring managers write rubrics.")


def organization_access(*, user, slug: str, needs: Iterable[Need] = ()) -> OrganizationAccess:
    """The user's access to the organisation with that slug: 404 unless a member (or the
    organisation does not exist), then each need in turn refused as it says."""
    organization = get_object_or_404(Organization.objects.for_user(user), slug=slug)
    access = access_for(user=user, organization=organization)
    require(access, *needs)
    return access


def require(access: AccessT, *needs: Need) -> AccessT:
    for need in needs:
        need.check(access)
    return access


class OrganizationApi(generics.GenericAPIView):
    """An API view under ``organizations/<slug>/``: ``access`` resolves the organisation
    and the user's capabilities once, refusing as ``needs`` (checked in order) say."""

    needs: tuple[Need, ...] = ()
    _access: OrganizationAccess | None = None

    def initial(self, request, *args, **kwargs):
        """Refuses (404, 403) before anything of the request is read or validated."""
        super().initial(request, *args, **kwargs)
        self.require()

    @property
    def access(self) -> OrganizationAccess:
        if self._access is None:
            self._access = organization_access(
                user=self.request.user, slug=self.kwargs["slug"], needs=self.needs
            )
        return self._access

    @property
    def organization(self) -> Organization:
        return self.access.organization

    def require(self, *needs: Need) -> OrganizationAccess:
        return require(self.access, *needs)

    def fake(self) -> bool:
        """True while drf-spectacular inspects the view for the schema."""
        return getattr(self, "swagger_fake_view", False)


def workspace(request) -> dict:
    """Context processor: the user's memberships (the navigation lists them), each with
    its ``access``, and ``access`` for the organisation the page is about (see
    ``request.resolver_match``'s ``slug``), so templates ask ``access.may_author``
    rather than compare role strings."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"memberships": [], "workspace": []}
    memberships = memberships_of(user=user)
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match is not None else None
    workspace = [(m, access_of(m, m.organization)) for m in memberships]
    current = next((access for m, access in workspace if m.organization.slug == slug), None)
    return {
        "memberships": memberships,
        "workspace": workspace,
        "access": current,
        "alert_badge": SimpleLazyObject(lambda: _alert_badge(current)),
    }


def _alert_badge(access: Access | None) -> int:
    """Quality alerts nobody has acknowledged, for the owners and hiring managers they go
    to (counted only when the navigation shows the badge)."""
    from assessments.models import QualityAlert

    if access is None or not access.may_author or access.organization is None:
        return 0
    return QualityAlert.objects.filter(
        role__organization=access.organization, state=QualityAlert.State.OPEN
    ).count()
