"""The team over the REST API: the pages' rules (only owners manage; every member reads;
a member leaves; the last owner stays), a 400 naming the field for malformed input and a
404 for another organisation. Refusals roll back their request, so these tests run in a
real (transactional) database."""

import pytest
from django.core import mail
from django.urls import reverse

from hiring.models import Membership, Organization, TeamEvent, TeamInvitation
from hiring.teams import services
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

Role = Membership.Role


@pytest.fixture
def owner(org):
    return MembershipFactory(organization=org, role=Role.OWNER).user


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def team_url(name, org, *args):
    return reverse(f"api:{name}", args=[org.slug, *args])


def test_a_user_creates_a_team_and_the_slug_is_suggested_when_left_out(client, candidate, org):
    client.force_login(candidate)

    response = post(client, reverse("api:teams"), {"name": "Lexicon"})

    assert response.status_code == 201
    assert response.json()["slug"] == "lexicon-2"
    assert Membership.objects.get(user=candidate).role == Role.OWNER


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "Acme", "slug": "Not A Slug"}, "slug"),
        ({"name": "Acme", "slug": "lexicon"}, "slug"),
        ({"name": "Acme", "slug": 7}, "slug"),
        ({"name": ["Acme"]}, "name"),
    ],
)
def test_a_malformed_team_is_a_400_naming_the_field(client, candidate, org, body, field):
    client.force_login(candidate)

    response = post(client, reverse("api:teams"), body)

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Organization.objects.count() == 1


def test_the_owner_invites_lists_resends_and_revokes(
    client, org, owner, django_capture_on_commit_callbacks
):
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        created = post(
            client,
            team_url("team-invitations", org),
            {"email": "rae@example.com", "role": "reviewer", "is_senior_reviewer": True},
        )
    pk = created.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        resent = post(client, team_url("team-invitation-resend", org, pk))
    revoked = post(client, team_url("team-invitation-revoke", org, pk))
    listed = client.get(team_url("team-invitations", org)).json()["results"]

    assert created.status_code == 201
    assert (
        created.json() | {"role": "reviewer", "is_senior_reviewer": True, "state": "pending"}
        == created.json()
    )
    assert "token" not in created.json()
    assert "token_hash" not in created.json()
    assert resent.json()["send_count"] == 2
    assert revoked.json()["state"] == "revoked"
    assert [i["state"] for i in listed] == ["revoked"]
    assert len(mail.outbox) == 2
    assert [e["action"] for e in client.get(team_url("team-events", org)).json()["results"]] == [
        "revoked",
        "resent",
        "invited",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "recruiter"}, "email"),
        ({"email": "nope", "role": "recruiter"}, "email"),
        ({"email": "a" * 250 + "@example.com", "role": "recruiter"}, "email"),
        ({"email": "a@example.com", "role": "owner"}, "role"),
        ({"email": "a@example.com"}, "role"),
        (
            {"email": "a@example.com", "role": "recruiter", "is_senior_reviewer": "maybe"},
            "is_senior_reviewer",
        ),
    ],
)
def test_a_malformed_invitation_is_a_400_naming_the_field(client, org, owner, body, field):
    client.force_login(owner)

    response = post(client, team_url("team-invitations", org), body)

    assert response.status_code == 400
    assert field in response.json()
    assert not TeamInvitation.objects.exists()


@pytest.mark.parametrize("member", ["hiring_manager", "recruiter", "reviewer"])
def test_only_owners_manage_members_everyone_reads_them(client, org, owner, member, request):
    user = request.getfixturevalue(member)
    owner_membership = Membership.objects.get(user=owner)
    invitation = services.invitation_send(
        organization=org, by=owner, email="z@example.com", role="recruiter"
    ).invitation
    client.force_login(user)

    members = client.get(team_url("team-members", org))
    events = client.get(team_url("team-events", org))
    refused = [
        post(client, team_url("team-invitations", org), {"email": "a@b.co", "role": "reviewer"}),
        client.get(team_url("team-invitations", org)),
        post(client, team_url("team-invitation-revoke", org, invitation.pk)),
        client.patch(
            team_url("team-member", org, owner_membership.pk),
            {"role": "reviewer"},
            content_type="application/json",
        ),
        client.delete(team_url("team-member", org, owner_membership.pk)),
    ]

    assert members.status_code == 200
    assert {m["user"]["email"] for m in members.json()} == {owner.email, user.email}
    assert events.status_code == 200
    assert [r.status_code for r in refused] == [403] * 5
    assert refused[0].json()["detail"] == "Only the team's owners manage its members."
    assert Membership.objects.get(pk=owner_membership.pk).role == Role.OWNER
    assert TeamInvitation.objects.get().state == "pending"


def test_another_organisation_is_a_404_everywhere(client, org, owner, other_org):
    theirs = MembershipFactory(organization=other_org, role=Role.OWNER)
    invitation = services.invitation_send(
        organization=other_org, by=theirs.user, email="z@example.com", role="recruiter"
    ).invitation
    client.force_login(owner)

    statuses = [
        client.get(team_url("team-members", other_org)).status_code,
        client.get(team_url("team-invitations", other_org)).status_code,
        client.get(team_url("team-events", other_org)).status_code,
        post(client, team_url("team-invitation-revoke", other_org, invitation.pk)).status_code,
        # Their rows through our own organisation's URLs.
        post(client, team_url("team-invitation-resend", org, invitation.pk)).status_code,
        client.delete(team_url("team-member", org, theirs.pk)).status_code,
        client.patch(
            team_url("team-member", org, theirs.pk), {"role": "reviewer"},
            content_type="application/json",
        ).status_code,
    ]  # fmt: skip

    assert statuses == [404] * 7
    assert Membership.objects.filter(pk=theirs.pk, role=Role.OWNER).exists()


def test_the_owner_changes_a_role_and_the_last_owner_stays(client, org, owner, recruiter):
    mine = Membership.objects.get(user=owner)
    theirs = Membership.objects.get(user=recruiter)
    client.force_login(owner)

    changed = client.patch(
        team_url("team-member", org, theirs.pk),
        {"role": "hiring_manager", "is_senior_reviewer": True},
        content_type="application/json",
    )
    bad = client.patch(
        team_url("team-member", org, theirs.pk), {"role": "boss"}, content_type="application/json"
    )
    demote = client.patch(
        team_url("team-member", org, mine.pk),
        {"role": "recruiter"},
        content_type="application/json",
    )
    leave = client.delete(team_url("team-member", org, mine.pk))

    assert changed.status_code == 200
    assert changed.json()["role"] == "hiring_manager"
    assert changed.json()["is_senior_reviewer"]
    assert bad.status_code == 400
    assert "role" in bad.json()
    assert demote.status_code == 400
    assert demote.json() == {"role": [services.LAST_OWNER]}
    assert leave.status_code == 400
    assert "last owner" in leave.json()["non_field_errors"][0]
    assert Membership.objects.get(pk=mine.pk).role == Role.OWNER


def test_a_member_leaves_through_the_api(client, org, owner, reviewer):
    client.force_login(reviewer)

    response = client.delete(team_url("team-member", org, Membership.objects.get(user=reviewer).pk))

    assert response.status_code == 204
    assert not Membership.objects.filter(user=reviewer).exists()
    assert TeamEvent.objects.get(action="left").actor == reviewer


def test_the_invitee_accepts_or_declines_through_the_api(client, org, owner):
    rae, sam = UserFactory(email="rae@example.com"), UserFactory(email="sam@example.com")
    to_rae = services.invitation_send(organization=org, by=owner, email=rae.email, role="recruiter")
    to_sam = services.invitation_send(organization=org, by=owner, email=sam.email, role="reviewer")

    client.force_login(sam)
    wrong = post(client, reverse("api:team-invitation-accept"), {"token": to_rae.token})
    declined = post(client, reverse("api:team-invitation-decline"), {"token": to_sam.token})
    client.force_login(rae)
    accepted = post(client, reverse("api:team-invitation-accept"), {"token": to_rae.token})
    again = post(client, reverse("api:team-invitation-accept"), {"token": to_rae.token})
    malformed = post(client, reverse("api:team-invitation-accept"), {"token": ["x"]})

    assert wrong.status_code == 400
    assert "token" in wrong.json()
    assert declined.status_code == 204
    assert accepted.status_code == 201
    assert accepted.json()["role"] == "recruiter"
    assert again.status_code == 400
    assert "accepted" in again.json()["token"][0]
    assert malformed.status_code == 400
    assert "token" in malformed.json()
    assert Membership.objects.get(user=rae).role == Role.RECRUITER
    assert not Membership.objects.filter(user=sam).exists()


def patch(client, url, body, content_type="application/json"):
    return client.patch(url, body, content_type=content_type)


def test_a_patch_changes_only_what_it_sends(client, org, owner, reviewer):
    """A role alone keeps the senior flag; the flag alone keeps the role."""
    theirs = Membership.objects.get(user=reviewer)
    theirs.is_senior_reviewer = True
    theirs.save(update_fields=["is_senior_reviewer"])
    recruiter = MembershipFactory(organization=org, role=Role.RECRUITER)
    client.force_login(owner)

    role_only = patch(client, team_url("team-member", org, theirs.pk), {"role": "hiring_manager"})
    flag_only = patch(
        client, team_url("team-member", org, recruiter.pk), {"is_senior_reviewer": True}
    )
    # A form-encoded body too (DRF would read a missing boolean there as false).
    form_role_only = patch(
        client,
        team_url("team-member", org, theirs.pk),
        "role=reviewer",
        content_type="application/x-www-form-urlencoded",
    )

    assert role_only.status_code == 200, role_only.content
    assert (role_only.json()["role"], role_only.json()["is_senior_reviewer"]) == (
        "hiring_manager",
        True,
    )
    assert flag_only.status_code == 200, flag_only.content
    assert (flag_only.json()["role"], flag_only.json()["is_senior_reviewer"]) == (
        "recruiter",
        True,
    )
    assert form_role_only.status_code == 200, form_role_only.content
    theirs.refresh_from_db()
    assert (theirs.role, theirs.is_senior_reviewer) == (Role.REVIEWER, True)
    assert list(
        TeamEvent.objects.filter(action="role_changed")
        .order_by("id")
        .values_list("detail", flat=True)
    ) == [
        "from reviewer, senior reviewer to hiring manager, senior reviewer",
        "from recruiter to recruiter, senior reviewer",
        "from hiring manager, senior reviewer to reviewer, senior reviewer",
    ]


def test_an_empty_patch_is_a_400_that_says_what_to_send(client, org, owner, reviewer):
    theirs = Membership.objects.get(user=reviewer)
    client.force_login(owner)

    responses = [
        patch(client, team_url("team-member", org, theirs.pk), {}),
        patch(client, team_url("team-member", org, theirs.pk), {"nickname": "x"}),
    ]

    for response in responses:
        assert response.status_code == 400
        assert response.json() == {
            "non_field_errors": ["Send the new role, the senior reviewer flag or both."]
        }
    assert not TeamEvent.objects.filter(action="role_changed").exists()


def test_the_invitation_caps_are_a_400_through_the_api(client, org, owner, settings):
    settings.TEAM_INVITATIONS_PER_DAY = services.INVITATION_RESENDS_MAX + 2
    client.force_login(owner)
    created = post(
        client, team_url("team-invitations", org), {"email": "a@b.co", "role": "reviewer"}
    )
    pk = created.json()["id"]
    resends = [
        post(client, team_url("team-invitation-resend", org, pk))
        for _ in range(services.INVITATION_RESENDS_MAX + 1)
    ]
    second = post(
        client, team_url("team-invitations", org), {"email": "c@d.co", "role": "reviewer"}
    )
    third = post(client, team_url("team-invitations", org), {"email": "e@f.co", "role": "reviewer"})

    assert [r.status_code for r in resends] == [200] * services.INVITATION_RESENDS_MAX + [400]
    assert "already re-sent 5 times" in resends[-1].json()["non_field_errors"][0]
    assert second.status_code == 201
    assert third.status_code == 400
    assert "in the last 24 hours" in third.json()["non_field_errors"][0]
    assert TeamInvitation.objects.count() == 2
