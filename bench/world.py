"""The data the page benchmark runs against, written with bulk inserts."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from candidates.models import CandidateProfile
from hiring.models import Application, Membership, Organization, Role
from hiring.roles.views import APPLICATIONS_PER_PAGE

STAGES = list(Application.Stage)
BATCH = 2_000


@dataclass
class World:
    organization: Organization
    role: Role
    recruiter: User
    candidate: User


def build_world(*, applications: int) -> World:
    password = make_password("bench-password")
    ours = Organization.objects.create(name="Bench Legal AI", slug="bench")
    theirs = Organization.objects.create(name="Other Org", slug="other")
    recruiter = User.objects.create(email="recruiter@bench.test", password=password)
    Membership.objects.create(user=recruiter, organization=ours, role=Membership.Role.RECRUITER)
    role_kwargs = {
        "domain": "law",
        "role_type": Role.RoleType.DATA_ANNOTATOR,
        "task_complexity": Role.Complexity.SPECIALISED,
        "engagement": Role.Engagement.HOURLY,
        "pay_min": 30,
        "pay_max": 45,
        "status": Role.Status.PUBLISHED,
    }
    roles = Role.objects.bulk_create(
        [
            Role(organization=org, title=f"{org.slug} role {n}", **role_kwargs)
            for org in (ours, theirs)
            for n in range(20)
        ]
    )
    role = roles[0]
    candidates = User.objects.bulk_create(
        [
            User(email=f"candidate{n}@bench.test", full_name=f"Candidate {n}", password=password)
            for n in range(applications)
        ],
        batch_size=BATCH,
    )
    CandidateProfile.objects.bulk_create(
        [CandidateProfile(user=user, headline="Contract reviewer") for user in candidates],
        batch_size=BATCH,
    )
    now = timezone.now()
    Application.objects.bulk_create(
        [
            Application(
                candidate=user,
                role=role,
                stage=STAGES[n % len(STAGES)],
                stage_changed_at=now - timedelta(minutes=n),
            )
            for n, user in enumerate(candidates)
        ],
        batch_size=BATCH,
    )
    # A spread of applications on the other roles, ours and theirs.
    Application.objects.bulk_create(
        [
            Application(candidate=candidates[n], role=roles[1 + n % 39])
            for n in range(min(applications, 2_000))
        ],
        batch_size=BATCH,
    )
    return World(organization=ours, role=role, recruiter=recruiter, candidate=candidates[0])


def pages(world: World):
    team, candidate = Client(), Client()
    team.force_login(world.recruiter)
    candidate.force_login(world.candidate)
    slug, pk = world.organization.slug, world.role.pk
    role_url = reverse("hiring:role", args=[slug, pk])
    last_page = -(-world.role.applications.count() // APPLICATIONS_PER_PAGE)
    return [
        ("organisation dashboard", team, reverse("hiring:organization", args=[slug])),
        (
            "organisation dashboard, published only",
            team,
            reverse("hiring:organization", args=[slug]) + "?status=published",
        ),
        ("role pipeline, first page", team, role_url),
        ("role pipeline, last page", team, f"{role_url}?page={last_page}"),
        ("API: role list", team, reverse("api:roles")),
        ("API: role detail", team, reverse("api:role", args=[pk])),
        ("candidate dashboard", candidate, reverse("candidates:dashboard")),
    ]
