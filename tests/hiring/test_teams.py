"""Self-service teams: creating one (signing up on the way or signed in), invitations by
e-mail with a role (accept, decline, resend, revoke, expiry; the invitee's address must
match), the members page (roles, removal, leaving; the last owner stays) and the record."""

import html
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from config.errors import ApplicationError
from hiring.models import Membership, Organization, TeamEvent, TeamInvitation
from hiring.teams import services
from tests.a11y import dangling_references
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

STRONG = "violet-harbour-71-quartz"
Role = Membership.Role


@pytest.fixture
def owner(org):
    return MembershipFactory(organization=org, role=Role.OWNER, user__full_name="Olu Owner").user


def invite(org, owner, email="rae@example.com", role=Role.RECRUITER, **kwargs):
    return services.invitation_send(organization=org, by=owner, email=email, role=role, **kwargs)


def link_token(message) -> str:
    """The secret at the end of the invitation link in an e-mail."""
    line = next(line for line in message.body.splitlines() if "/teams/invitations/" in line)
    return line.strip().rstrip("/").rsplit("/", 1)[-1]


def text(response) -> str:
    return html.unescape(response.content.decode())


def actions(org) -> list[str]:
    return list(
        TeamEvent.objects.filter(organization=org).order_by("id").values_list("action", flat=True)
    )


# --- Creating a team ------------------------------------------------------------------------


def test_a_visitor_signs_up_and_creates_a_team_they_own(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("join:create"),
            {
                "organization_name": "Acme Legal AI",
                "slug": "acme-legal",
                "full_name": "Ada Owner",
                "email": "Ada@Example.com",
                "password1": STRONG,
                "password2": STRONG,
            },
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("teams:members", args=["acme-legal"])
    user = User.objects.get(email="ada@example.com")
    organization = Organization.objects.get(slug="acme-legal")
    assert organization.name == "Acme Legal AI"
    assert Membership.objects.get(organization=organization).user == user
    assert Membership.objects.get(organization=organization).role == Role.OWNER
    assert client.get(reverse("teams:members", args=["acme-legal"])).status_code == 200
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]  # allauth's verification
    event = TeamEvent.objects.get(organization=organization)
    assert (event.action, event.actor, event.subject) == ("created", user, "Acme Legal AI")


def test_a_signed_in_user_creates_a_team_without_a_new_account(client, candidate):
    client.force_login(candidate)
    page = text(client.get(reverse("join:create")))
    assert 'name="password1"' not in page

    response = client.post(reverse("join:create"), {"organization_name": "Ops", "slug": "ops-co"})

    assert response.status_code == 302
    assert Membership.objects.get(organization__slug="ops-co").user == candidate
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("", "Choose the address of your team's pages."),
        ("Acme Legal", "Use lowercase letters, digits and hyphens only"),
        ("ab", "Use 3 to 80 characters."),
        ("api", "“api” is reserved; choose another."),
        ("lexicon", "“lexicon” is taken; “lexicon-2” is free."),
        ("-acme", "Use lowercase letters, digits and hyphens only"),
        ("acme_legal", "Use lowercase letters, digits and hyphens only"),
        ("acme--legal", "Use lowercase letters, digits and hyphens only"),
    ],
)
def test_a_bad_or_taken_slug_is_refused_with_a_suggestion(client, org, candidate, slug, message):
    client.force_login(candidate)

    response = client.post(reverse("join:create"), {"organization_name": "Acme", "slug": slug})

    assert response.status_code == 400
    assert message in text(response)
    assert Organization.objects.count() == 1


def test_a_failed_team_sign_up_creates_no_account(client, org):
    response = client.post(
        reverse("join:create"),
        {
            "organization_name": "",
            "slug": "lexicon",
            "full_name": "X",
            "email": "x@example.com",
            "password1": STRONG,
            "password2": STRONG,
        },
    )

    assert response.status_code == 400
    assert "Name your organisation." in text(response)
    assert not User.objects.filter(email="x@example.com").exists()


def test_the_slug_suggestion_follows_the_name_and_skips_taken_ones(org):
    assert services.slug_suggestion("Lexicon") == "lexicon-2"
    assert services.slug_suggestion("Ärzte & Co. Labelling") == "arzte-co-labelling"
    assert services.slug_suggestion("A") == "a-team"
    # ``slugify`` keeps underscores; the address may not have them.
    assert services.slug_suggestion("Acme_Legal  AI") == "acme-legal-ai"
    assert services.slug_suggestion("snake__case_") == "snake-case"
    assert services.slug_clean(services.slug_suggestion("Acme_Legal AI")) == "acme-legal-ai"


# --- Invitations ----------------------------------------------------------------------------


def test_an_invitation_emails_a_link_that_names_the_team_role_and_inviter(
    org, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = invite(org, owner, role=Role.REVIEWER, is_senior_reviewer=True)

    (message,) = mail.outbox
    assert message.to == ["rae@example.com"]
    assert message.subject == "Lexicon Legal AI invites you to their hiring team on Calibrate"
    assert "Olu Owner" in message.body
    assert "as a reviewer, senior reviewer" in message.body
    assert "works for 14 days" in message.body
    assert link_token(message) == sent.token
    # Only the hash of the link's secret is stored.
    invitation = TeamInvitation.objects.get()
    assert sent.token not in invitation.token_hash
    assert invitation.token_hash == services.token_hash(sent.token)


def test_an_invitation_rolled_back_emails_no_one(org, owner, django_capture_on_commit_callbacks):
    def invite_then_fail():
        with transaction.atomic():
            invite(org, owner)
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True) as queued, pytest.raises(RuntimeError):
        invite_then_fail()

    assert not TeamInvitation.objects.exists()
    assert queued == []
    assert mail.outbox == []


def test_the_invitee_signs_up_through_the_link_and_joins_with_the_role(
    client, org, owner, django_capture_on_commit_callbacks
):
    sent = invite(org, owner, email="Rae@Example.com")
    url = reverse("join:invitation", args=[sent.token])
    page = text(client.get(url))
    assert "Create your account to accept" in page
    assert "rae@example.com" in page

    response = client.post(
        url,
        {
            "action": "signup",
            "full_name": "Rae Recruiter",
            "email": "someone-else@example.com",  # ignored: the invited address is fixed
            "password1": STRONG,
            "password2": STRONG,
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="rae@example.com")
    assert not User.objects.filter(email="someone-else@example.com").exists()
    assert Membership.objects.get(organization=org, user=user).role == Role.RECRUITER
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("hiring:organization", args=[org.slug])).status_code == 200
    invitation = TeamInvitation.objects.get()
    assert invitation.state == "accepted"
    assert actions(org) == ["invited", "accepted"]


def test_a_signed_in_invitee_accepts(client, org, owner):
    rae = UserFactory(email="rae@example.com")
    sent = invite(org, owner, role=Role.HIRING_MANAGER)
    client.force_login(rae)

    response = client.post(reverse("join:invitation", args=[sent.token]), {"action": "accept"})

    assert response.status_code == 302
    assert Membership.objects.get(user=rae).role == Role.HIRING_MANAGER


def test_an_invitee_with_an_account_is_asked_to_sign_in(client, org, owner):
    UserFactory(email="rae@example.com")
    sent = invite(org, owner)

    page = text(client.get(reverse("join:invitation", args=[sent.token])))

    assert "Sign in to accept" in page
    assert 'name="password1"' not in page


def test_someone_signed_in_with_another_address_cannot_accept(client, org, owner, candidate):
    sent = invite(org, owner)
    client.force_login(candidate)
    url = reverse("join:invitation", args=[sent.token])

    assert "Only rae@example.com may accept" in text(client.get(url))
    response = client.post(url, {"action": "accept"})
    with pytest.raises(ApplicationError, match=r"This invitation is for rae@example\.com"):
        services.invitation_accept(token=sent.token, user=candidate)

    assert response.status_code == 400
    assert not Membership.objects.filter(user=candidate).exists()


def test_someone_signed_in_with_another_address_may_sign_out_to_switch(
    client, org, owner, candidate
):
    sent = invite(org, owner)
    client.force_login(candidate)
    url = reverse("join:invitation", args=[sent.token])

    page = text(client.get(url))
    switch = page.split('data-testid="switch-account"', 1)[0].rsplit("<form", 1)[1]
    signed_out = client.post(reverse("account_logout"), {"next": url})

    assert 'method="post"' in switch
    assert f'action="{reverse("account_logout")}"' in switch
    assert f'name="next" value="{url}"' in page
    assert signed_out.status_code == 302
    assert signed_out["Location"] == url
    assert "Create your account to accept" in text(client.get(url))


def test_the_invitee_declines_through_the_link(client, org, owner):
    sent = invite(org, owner)

    response = client.post(reverse("join:invitation", args=[sent.token]), {"action": "decline"})

    assert response.status_code == 302
    assert TeamInvitation.objects.get().state == "declined"
    assert actions(org) == ["invited", "declined"]
    assert TeamEvent.objects.get(action="declined").actor_label == "rae@example.com"
    # The link is spent.
    assert client.get(reverse("join:invitation", args=[sent.token])).status_code == 410


def test_an_expired_invitation_cannot_be_answered_until_resent(
    client, org, owner, django_capture_on_commit_callbacks
):
    sent = invite(org, owner)
    TeamInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    url = reverse("join:invitation", args=[sent.token])

    expired = client.get(url)

    assert expired.status_code == 410
    assert "This invitation has expired" in text(expired)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.invitation_resend(invitation=sent.invitation, by=owner)
    # The old link stops working; the new one works for another 14 days.
    assert client.get(url).status_code == 404
    assert client.get(reverse("join:invitation", args=[again.token])).status_code == 200
    assert link_token(mail.outbox[-1]) == again.token
    invitation = TeamInvitation.objects.get()
    assert invitation.send_count == 2
    assert invitation.expires_at > timezone.now() + timedelta(days=13)


def test_a_revoked_invitation_link_stops_working(client, org, owner):
    sent = invite(org, owner)
    services.invitation_revoke(invitation=sent.invitation, by=owner)

    response = client.get(reverse("join:invitation", args=[sent.token]))

    assert response.status_code == 410
    assert "This invitation was revoked." in text(response)
    with pytest.raises(ApplicationError, match="cannot be re-sent"):
        services.invitation_resend(invitation=sent.invitation, by=owner)


def test_a_made_up_link_is_a_404(client):
    assert client.get(reverse("join:invitation", args=["nope"])).status_code == 404


def test_members_and_pending_invitees_are_not_invited_twice(org, owner, recruiter):
    invite(org, owner, email="rae@example.com")

    with pytest.raises(ApplicationError, match="already invited"):
        invite(org, owner, email="RAE@example.com")
    with pytest.raises(ApplicationError, match="already a member"):
        invite(org, owner, email=recruiter.email)
    with pytest.raises(ApplicationError, match="Choose one of: hiring manager, recruiter"):
        invite(org, owner, email="x@example.com", role=Role.OWNER)


# --- Members page and its permissions -------------------------------------------------------


def test_the_owner_invites_from_the_members_page_and_sees_it_pending(client, org, owner):
    client.force_login(owner)
    url = reverse("teams:members", args=[org.slug])

    response = client.post(
        reverse("teams:invite", args=[org.slug]), {"email": "rae@example.com", "role": "reviewer"}
    )
    page = text(client.get(url))

    assert response.status_code == 302
    assert 'data-testid="pending-invitations"' in page
    assert "rae@example.com" in page
    assert "Olu Owner" in page
    assert "invited" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "role": "recruiter"}, "Enter the e-mail address to invite."),
        ({"email": "nope", "role": "recruiter"}, "Enter a valid e-mail address"),
        ({"email": "a@example.com", "role": "owner"}, "Choose hiring manager, recruiter or"),
    ],
)
def test_a_malformed_invitation_is_refused_on_the_page(client, org, owner, data, message):
    client.force_login(owner)

    response = client.post(reverse("teams:invite", args=[org.slug]), data)

    assert response.status_code == 400
    assert message in text(response)


@pytest.mark.parametrize("member", ["hiring_manager", "recruiter", "reviewer"])
def test_only_owners_manage_the_team(client, org, owner, member, request):
    user = request.getfixturevalue(member)
    target = Membership.objects.get(user=owner)
    client.force_login(user)
    slug = org.slug

    page = client.get(reverse("teams:members", args=[slug]))
    change = {f"m{target.pk}-role": "reviewer"}
    refused = [
        client.post(reverse("teams:invite", args=[slug]), {"email": "a@b.co", "role": "reviewer"}),
        client.post(reverse("teams:member_change", args=[slug, target.pk]), change),
        client.post(reverse("teams:member_remove", args=[slug, target.pk])),
    ]

    assert page.status_code == 200
    assert 'data-testid="invite-form"' not in text(page)
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert not TeamInvitation.objects.exists()
    assert Membership.objects.get(pk=target.pk).role == Role.OWNER


def test_another_organisations_team_is_a_404(client, org, owner, other_org):
    theirs = MembershipFactory(organization=other_org, role=Role.OWNER)
    their_invitation = invite(other_org, theirs.user, email="z@example.com").invitation
    client.force_login(owner)

    assert client.get(reverse("teams:members", args=[other_org.slug])).status_code == 404
    for url in (
        reverse("teams:member_remove", args=[org.slug, theirs.pk]),
        reverse("teams:invitation_revoke", args=[org.slug, their_invitation.pk]),
        reverse("teams:invitation_resend", args=[org.slug, their_invitation.pk]),
    ):
        assert client.post(url).status_code == 404, url
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_the_owner_changes_a_role_and_the_record_says_from_what_to_what(
    client, org, owner, recruiter
):
    membership = Membership.objects.get(user=recruiter)
    client.force_login(owner)

    client.post(
        reverse("teams:member_change", args=[org.slug, membership.pk]),
        {f"m{membership.pk}-role": "reviewer", f"m{membership.pk}-is_senior_reviewer": "on"},
    )

    membership.refresh_from_db()
    assert (membership.role, membership.is_senior_reviewer) == ("reviewer", True)
    event = TeamEvent.objects.get(action="role_changed")
    assert event.actor == owner
    assert event.detail == "from recruiter to reviewer, senior reviewer"
    page = text(client.get(reverse("teams:members", args=[org.slug])))
    assert "changed the role of" in page
    assert "from recruiter to reviewer" in page


def test_the_last_owner_cannot_be_demoted_removed_or_leave(client, org, owner, recruiter):
    mine = Membership.objects.get(user=owner)
    client.force_login(owner)

    demoted = client.post(
        reverse("teams:member_change", args=[org.slug, mine.pk]), {f"m{mine.pk}-role": "recruiter"}
    )
    left = client.post(reverse("teams:member_remove", args=[org.slug, mine.pk]))

    assert demoted.status_code == left.status_code == 302
    assert Membership.objects.get(pk=mine.pk).role == Role.OWNER
    page = text(client.get(reverse("teams:members", args=[org.slug])))
    assert "The team needs an owner" in page or "last owner" in page
    with pytest.raises(ApplicationError, match="make someone else an owner"):
        services.membership_remove(membership=mine, by=owner)


def test_with_a_second_owner_the_first_may_leave(client, org, owner, recruiter):
    theirs = Membership.objects.get(user=recruiter)
    services.membership_change(membership=theirs, by=owner, role="owner", is_senior_reviewer=False)
    client.force_login(owner)

    response = client.post(
        reverse("teams:member_remove", args=[org.slug, Membership.objects.get(user=owner).pk])
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not Membership.objects.filter(user=owner).exists()
    assert actions(org)[-1] == "left"
    assert client.get(reverse("teams:members", args=[org.slug])).status_code == 404


def test_a_member_leaves_and_an_owner_removes_another(client, org, owner, recruiter, reviewer):
    leaver = Client()
    leaver.force_login(recruiter)
    leaver.post(
        reverse("teams:member_remove", args=[org.slug, Membership.objects.get(user=recruiter).pk])
    )
    client.force_login(owner)
    client.post(
        reverse("teams:member_remove", args=[org.slug, Membership.objects.get(user=reviewer).pk])
    )

    assert set(Membership.objects.values_list("user", flat=True)) == {owner.pk}
    assert actions(org)[-2:] == ["left", "removed"]
    assert TeamEvent.objects.get(action="removed").detail == "reviewer"


def test_the_record_is_append_only(org, owner):
    invite(org, owner)
    event = TeamEvent.objects.get()
    event.detail = "rewritten"

    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_the_navigation_links_every_member_to_the_team(client, org, reviewer):
    client.force_login(reviewer)

    page = text(client.get(reverse("hiring:organization", args=[org.slug])))

    assert reverse("teams:members", args=[org.slug]) in page


def test_the_landing_page_offers_to_create_a_team(client):
    assert reverse("join:create") in text(client.get(reverse("home")))


def test_a_team_without_an_owner_still_shows_its_page(client, recruiter):
    """Teams from before self-service may have no owner: the page still works, read-only."""
    client.force_login(recruiter)
    organization = Membership.objects.get(user=recruiter).organization

    page = client.get(reverse("teams:members", args=[organization.slug]))

    assert page.status_code == 200
    assert 'data-testid="invite-form"' not in text(page)


def test_the_team_pages_outside_the_walk_render_every_id_they_name(client, org, owner):
    """The walk covers ``org/`` pages; these are the others, with and without errors."""
    sent = invite(org, owner)
    pages = [
        client.get(reverse("join:create")),
        client.post(reverse("join:create"), {"slug": "Bad Slug"}),
        client.get(reverse("join:invitation", args=[sent.token])),
        client.post(reverse("join:invitation", args=[sent.token]), {"action": "signup"}),
    ]
    client.force_login(owner)
    pages += [
        client.get(reverse("tokens:list")),
        client.post(reverse("tokens:list"), {"name": ""}),
        client.post(reverse("teams:invite", args=[org.slug]), {"email": "x", "role": "x"}),
    ]

    assert [page.status_code for page in pages] == [200, 400, 200, 400, 200, 400, 400]
    assert [dangling_references(text(page)) for page in pages] == [[]] * len(pages)


def test_team_sign_ups_share_allauths_sign_up_rate_limit(client, org, owner, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "1/m/ip"}
    first = {
        "organization_name": "One",
        "slug": "one-team",
        "full_name": "A",
        "email": "a@example.com",
        "password1": STRONG,
        "password2": STRONG,
    }
    assert client.post(reverse("join:create"), first).status_code == 302
    client.logout()
    sent = invite(org, owner)

    second = client.post(reverse("join:create"), first | {"slug": "two-team", "email": "b@e.co"})
    third = client.post(
        reverse("join:invitation", args=[sent.token]),
        {"action": "signup", "full_name": "R", "password1": STRONG, "password2": STRONG},
    )

    assert second.status_code == third.status_code == 400
    assert "Too many sign-ups from here." in text(second)
    assert "Too many sign-ups from here." in text(third)
    assert not User.objects.filter(email__in=["b@e.co", "rae@example.com"]).exists()


def test_the_record_names_someone_with_a_long_name_and_address_within_its_columns(org, owner):
    owner.full_name = "N" * 150
    owner.email = "e" * 200 + "@example.com"
    owner.save()

    invite(org, owner, email="f" * 200 + "@example.com")

    event = TeamEvent.objects.get()
    assert len(event.actor_label) == 254
    assert event.actor_label.startswith("N" * 150)
    assert event.subject == "f" * 200 + "@example.com"


@pytest.mark.parametrize(
    ("signed_in", "has_account", "action", "message"),
    [
        (False, True, "accept", "Sign in as rae@example.com to accept."),
        (False, False, "accept", "Create your account with rae@example.com below to accept."),
        (False, False, "join", "Choose accept or decline."),
        (True, True, "signup", "You are signed in: accept with this account."),
    ],
)
def test_an_answer_that_does_not_fit_says_what_to_do(
    client, org, owner, signed_in, has_account, action, message
):
    rae = UserFactory(email="rae@example.com") if has_account else None
    sent = invite(org, owner)
    if signed_in:
        client.force_login(rae)

    response = client.post(reverse("join:invitation", args=[sent.token]), {"action": action})

    assert response.status_code == 400
    assert message in text(response)
    assert TeamInvitation.objects.get().state == "pending"


def test_the_members_page_costs_the_same_queries_for_a_larger_team(client, org, owner):
    client.force_login(owner)
    url = reverse("teams:members", args=[org.slug])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = queries()
    for n in range(8):
        MembershipFactory(organization=org, role=Role.REVIEWER)
        invite(org, owner, email=f"p{n}@example.com")

    assert queries() == small


# --- Invitation caps ------------------------------------------------------------------------


def test_a_team_sends_at_most_its_daily_invitation_emails(
    client, org, owner, settings, django_capture_on_commit_callbacks
):
    """Sends and resends count together, from the record, for 24 hours."""
    settings.TEAM_INVITATIONS_PER_DAY = 3
    first = invite(org, owner, email="a@example.com")
    invite(org, owner, email="b@example.com")
    services.invitation_resend(invitation=first.invitation, by=owner)
    client.force_login(owner)
    members = reverse("teams:members", args=[org.slug])

    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(
            reverse("teams:invite", args=[org.slug]), {"email": "c@example.com", "role": "reviewer"}
        )
        resent = client.post(
            reverse("teams:invitation_resend", args=[org.slug, first.invitation.pk])
        )

    assert refused.status_code == 400
    assert "sent 3 invitation e-mails in the last 24 hours" in text(refused)
    assert resent.status_code == 302
    assert "sent 3 invitation e-mails in the last 24 hours" in text(client.get(members))
    assert not TeamInvitation.objects.filter(email="c@example.com").exists()
    assert TeamInvitation.objects.get(email="a@example.com").send_count == 2
    assert mail.outbox == []
    # Another team's quota is its own; a day later this team's is free again.
    other = MembershipFactory(role=Role.OWNER)
    services.invitation_send(
        organization=other.organization, by=other.user, email="c@example.com", role="reviewer"
    )
    TeamEvent.objects.filter(organization=org).update(
        created_at=timezone.now() - timedelta(hours=24, minutes=1)
    )
    assert invite(org, owner, email="c@example.com").invitation.pk


def test_an_invitation_is_resent_at_most_five_times(client, org, owner):
    sent = invite(org, owner)
    for _ in range(services.INVITATION_RESENDS_MAX):
        services.invitation_resend(invitation=sent.invitation, by=owner)
    client.force_login(owner)

    response = client.post(reverse("teams:invitation_resend", args=[org.slug, sent.invitation.pk]))

    assert response.status_code == 302
    page = text(client.get(reverse("teams:members", args=[org.slug])))
    assert "The invitation to rae@example.com was already re-sent 5 times" in page
    assert TeamInvitation.objects.get().send_count == 1 + services.INVITATION_RESENDS_MAX
    assert actions(org).count("resent") == services.INVITATION_RESENDS_MAX


# --- Two owners at once ---------------------------------------------------------------------


def test_two_owners_demoting_each_other_leave_one_owner(org, owner, recruiter):
    """Both passed the page's owner check; the team's lock serialises them, and the second
    finds its actor is no longer an owner (not merely the last-owner rule)."""
    mine = Membership.objects.get(user=owner)
    theirs = Membership.objects.get(user=recruiter)
    theirs.role = Role.OWNER
    theirs.save(update_fields=["role"])

    services.membership_change(membership=theirs, by=owner, role=Role.RECRUITER)
    with pytest.raises(PermissionDenied, match="Only the team's owners"):
        services.membership_change(membership=mine, by=recruiter, role=Role.RECRUITER)

    assert Membership.objects.get(pk=mine.pk).role == Role.OWNER
    assert Membership.objects.get(pk=theirs.pk).role == Role.RECRUITER
    assert actions(org).count("role_changed") == 1


def test_a_demoted_owner_can_no_longer_change_remove_or_invite(org, owner, recruiter, reviewer):
    """With three owners the last-owner rule would not stop the demoted one: the owner
    check under the lock does."""
    first, second = Membership.objects.get(user=recruiter), Membership.objects.get(user=reviewer)
    Membership.objects.filter(pk__in=[first.pk, second.pk]).update(role=Role.OWNER)
    sent = invite(org, owner)

    services.membership_change(membership=first, by=owner, role=Role.REVIEWER)
    late = [
        lambda: services.membership_change(membership=second, by=recruiter, role=Role.REVIEWER),
        lambda: services.membership_remove(membership=second, by=recruiter),
        lambda: invite(org, recruiter, email="sam@example.com"),
        lambda: services.invitation_resend(invitation=sent.invitation, by=recruiter),
        lambda: services.invitation_revoke(invitation=sent.invitation, by=recruiter),
    ]
    for change in late:
        with pytest.raises(PermissionDenied):
            change()

    assert Membership.objects.get(pk=second.pk).role == Role.OWNER
    assert TeamInvitation.objects.get().send_count == 1
    assert TeamInvitation.objects.get().state == "pending"
    # Leaving needs no ownership.
    services.membership_remove(membership=first, by=recruiter)
    assert not Membership.objects.filter(pk=first.pk).exists()


def test_a_change_to_a_member_removed_meanwhile_is_refused_in_words(org, owner, recruiter):
    """The change passed the page's checks with the member loaded; another owner removed
    them before it took the lock."""
    stale = Membership.objects.get(user=recruiter)
    services.membership_remove(membership=Membership.objects.get(user=recruiter), by=owner)

    for change in (
        lambda: services.membership_change(membership=stale, by=owner, role=Role.REVIEWER),
        lambda: services.membership_remove(membership=stale, by=owner),
    ):
        with pytest.raises(ApplicationError, match="no longer a member"):
            change()
    assert actions(org) == ["removed"]
