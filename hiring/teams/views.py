"""The team's pages. Thin: forms check shapes, ``services`` decide, ``selectors`` read.

- ``/teams/new/``: create a team — a signed-in user becomes its owner; anyone else signs
  up and creates it in one form (namespace ``join``).
- ``/teams/invitations/<token>/``: the invitee accepts (signing up if they have no
  account) or declines.
- ``/org/<slug>/team/``: the members, pending invitations and the record; owners manage
  (namespace ``teams``). Every member sees the page; a non-member gets a 404.
"""

from allauth.account.models import EmailAddress
from allauth.account.utils import complete_signup
from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from config.errors import ApplicationError
from core.access import MANAGE_TEAM, Access, Need, organization_access
from hiring.models import Organization
from hiring.teams import selectors, services
from hiring.teams.forms import (
    InvitationForm,
    InvitationSignupForm,
    MembershipForm,
    TeamCreateForm,
    TeamSignupForm,
)

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
TOO_MANY_SIGNUPS = "Too many sign-ups from here. Try again in a minute."


def _signup_allowed(request, form) -> bool:
    """allauth's sign-up rate limit (``ACCOUNT_RATE_LIMITS["signup"]``) for the accounts
    these pages create, as on allauth's own sign-up page."""
    if ratelimit.consume(request, action="signup"):
        return True
    form.add_error(None, TOO_MANY_SIGNUPS)
    return False


def _add_service_error(form, error: ApplicationError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- Creating a team -------------------------------------------------------------------------


def team_create(request):
    signed_in = request.user.is_authenticated
    form_class = TeamCreateForm if signed_in else TeamSignupForm
    form = form_class(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (signed_in or _signup_allowed(request, form))
    ):
        try:
            with transaction.atomic():
                owner = request.user if signed_in else form.save(request)
                organization = services.team_create(
                    owner=owner,
                    name=form.cleaned_data["organization_name"],
                    slug=form.cleaned_data["slug"],
                )
        except ApplicationError as error:
            _add_service_error(form, error)
        else:
            target = reverse("teams:members", args=[organization.slug])
            messages.success(
                request, f"{organization.name} is ready. Invite your colleagues below."
            )
            if signed_in:
                return redirect(target)
            return complete_signup(request, owner, settings.ACCOUNT_EMAIL_VERIFICATION, target)
    return TemplateResponse(
        request,
        "teams/create.html",
        {"form": form, "signed_in": signed_in},
        status=400 if form.errors else 200,
    )


# --- Answering an invitation ----------------------------------------------------------------


def invitation(request, token: str):
    """GET shows the invitation; POST ``action`` = accept, decline or signup (accept with
    a new account). A link that no longer works says why."""
    found = services.invitation_by_token(token)
    problem = services.invitation_problem(found)
    if problem or found is None:
        return TemplateResponse(
            request,
            "teams/invitation.html",
            {"problem": problem},
            status=404 if found is None else 410,
        )
    user = request.user if request.user.is_authenticated else None
    has_account = user is None and User.objects.filter(email__iexact=found.email).exists()
    signup_form = None
    if user is None and not has_account:
        signup_form = InvitationSignupForm(
            request.POST if request.POST.get("action") == "signup" else None, email=found.email
        )
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "decline":
                services.invitation_decline(token=token, user=user)
                messages.info(request, f"You declined the invitation to {found.organization}.")
                return redirect("home")
            if action == "accept" and user is not None:
                membership = services.invitation_accept(token=token, user=user)
                return _joined(request, membership)
            if (
                action == "signup"
                and signup_form is not None
                and signup_form.is_valid()
                and _signup_allowed(request, signup_form)
            ):
                with transaction.atomic():
                    new_user = signup_form.save(request)
                    # The link reached the invited address: it is verified.
                    EmailAddress.objects.filter(user=new_user).update(verified=True, primary=True)
                    membership = services.invitation_accept(token=token, user=new_user)
                login(request, new_user, backend=MODEL_BACKEND)
                return _joined(request, membership)
            if action not in ("accept", "decline", "signup"):
                messages.error(request, "Choose accept or decline.")
            elif user is None and signup_form is None:
                messages.error(request, f"Sign in as {found.email} to accept.")
            elif user is None and action == "accept":
                messages.error(request, f"Create your account with {found.email} below to accept.")
            elif user is not None and action == "signup":
                messages.error(request, "You are signed in: accept with this account.")
            status = 400
        except ApplicationError as error:
            if signup_form is not None and action == "signup":
                _add_service_error(signup_form, error)
            else:
                messages.error(request, error.message)
            status = 400
    return TemplateResponse(
        request,
        "teams/invitation.html",
        {
            "invitation": found,
            "role": services.role_words(found.role, found.is_senior_reviewer),
            "wrong_account": user is not None and not services.email_matches(found, user),
            "has_account": has_account,
            "signup_form": signup_form,
            "login_url": f"{reverse('account_login')}?next={request.path}",
        },
        status=status,
    )


def _joined(request, membership):
    messages.success(
        request,
        f"Welcome to {membership.organization}: you joined as "
        f"{services.role_words(membership.role, membership.is_senior_reviewer)}.",
    )
    return redirect("hiring:organization", slug=membership.organization.slug)


# --- The members page -----------------------------------------------------------------------


def _team(request, slug: str, *needs: Need) -> tuple[Access, Organization]:
    """The user's access to the team (404 for a non-member) and the organisation."""
    access = organization_access(user=request.user, slug=slug, needs=needs)
    assert access.organization is not None
    return access, access.organization


def _page(request, access: Access, *, invite_form=None, status: int = 200):
    organization = access.organization
    assert organization is not None
    members = [
        (
            member,
            MembershipForm(
                initial={"role": member.role, "is_senior_reviewer": member.is_senior_reviewer},
                prefix=f"m{member.pk}",
            ),
        )
        for member in selectors.members_of(organization=organization)
    ]
    return TemplateResponse(
        request,
        "teams/members.html",
        {
            "organization": organization,
            "access": access,
            "members": members,
            "owner_count": sum(1 for m, _ in members if m.role == services.OWNER),
            "invitations": selectors.pending_invitations(organization=organization)
            if access.may_manage_team
            else [],
            "invite_form": invite_form or InvitationForm(),
            "events": selectors.events_of(organization=organization)[: selectors.EVENTS_SHOWN],
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
def members(request, slug: str):
    access, _ = _team(request, slug)
    return _page(request, access)


@login_required
@require_POST
def invite(request, slug: str):
    access, organization = _team(request, slug, MANAGE_TEAM)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            sent = services.invitation_send(
                organization=organization, by=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, f"Invitation sent to {sent.invitation.email}.")
            return redirect("teams:members", slug=slug)
    return _page(request, access, invite_form=form, status=400)


def _invitation_action(request, slug: str, pk: int, action, done: str):
    _, organization = _team(request, slug, MANAGE_TEAM)
    found = selectors.invitation_get(organization=organization, pk=pk)
    try:
        action(invitation=found, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done.format(email=found.email))
    return redirect("teams:members", slug=slug)


@login_required
@require_POST
def invitation_resend(request, slug: str, pk: int):
    return _invitation_action(
        request, slug, pk, services.invitation_resend, "A new link is on its way to {email}."
    )


@login_required
@require_POST
def invitation_revoke(request, slug: str, pk: int):
    return _invitation_action(
        request, slug, pk, services.invitation_revoke, "The invitation to {email} is revoked."
    )


@login_required
@require_POST
def member_change(request, slug: str, pk: int):
    _, organization = _team(request, slug, MANAGE_TEAM)
    membership = selectors.membership_get(organization=organization, pk=pk)
    form = MembershipForm(request.POST, prefix=f"m{pk}")
    if not form.is_valid():
        messages.error(request, str(next(iter(form.errors.values()))[0]))
        return redirect("teams:members", slug=slug)
    try:
        membership = services.membership_change(
            membership=membership, by=request.user, **form.cleaned_data
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{membership.user} is now "
            f"{services.role_words(membership.role, membership.is_senior_reviewer)}.",
        )
    return redirect("teams:members", slug=slug)


@login_required
@require_POST
def member_remove(request, slug: str, pk: int):
    """Owners remove anyone; any member removes themselves (leaves)."""
    _, organization = _team(request, slug)
    membership = selectors.membership_get(organization=organization, pk=pk)
    leaving = membership.user_id == request.user.pk
    if not leaving:
        _team(request, slug, MANAGE_TEAM)
    try:
        services.membership_remove(membership=membership, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("teams:members", slug=slug)
    if leaving:
        messages.success(request, f"You left {organization}.")
        return redirect("home")
    messages.success(request, f"{membership.user} is no longer a member.")
    return redirect("teams:members", slug=slug)
