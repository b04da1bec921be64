"""``manage.py seed_demo`` builds a coherent demo and changes nothing when run again."""

from io import StringIO
from itertools import pairwise

import pytest
from django.apps import apps
from django.core.management import call_command

from assessments.models import Assessment, Item
from candidates.models import CandidateProfile
from hiring.demo import DEMO_PASSWORD, ORGANIZATIONS, team_email
from hiring.models import Application, Membership, Organization, Role

pytestmark = pytest.mark.django_db

NAMED_ROLES = (
    "Contract review annotator (commercial law)",
    "Code review LLM evaluator (Python)",
    "Clinical NLP annotator (discharge summaries)",
    "RLHF preference ranker (health Q&A)",
)


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


@pytest.fixture
def output() -> str:
    return seed()


def test_running_twice_changes_no_row_count():
    seed()
    first = row_counts()
    seed()
    assert row_counts() == first


def test_two_organisations_each_with_every_membership_role(output):
    assert set(Organization.objects.values_list("slug", flat=True)) == {"lexicon", "meridian"}
    for organization in Organization.objects.all():
        roles = set(organization.memberships.values_list("role", flat=True))
        assert roles == set(Membership.Role.values), organization


def test_named_roles_have_metrics_and_ordered_responsibilities(output):
    for title in NAMED_ROLES:
        role = Role.objects.get(title=title)
        assert role.success_metrics.exists(), title
        positions = list(role.responsibilities.values_list("position", flat=True))
        assert positions == list(range(1, len(positions) + 1)), title
        assert 3 <= len(positions) <= 5, title
        assert role.languages.exists(), title


def test_role_lifecycle_shows_draft_paused_and_assessment_pending(output):
    statuses = list(Role.objects.values_list("status", flat=True))
    assert statuses.count(Role.Status.PUBLISHED) > len(statuses) / 2
    assert Role.Status.DRAFT in statuses
    assert Role.Status.PAUSED in statuses
    published = Role.objects.filter(status=Role.Status.PUBLISHED)
    assert [role.assessment_pending for role in published].count(True) == 1
    for role in published.exclude(assessment=None):
        assert role.assessment.organization_id == role.organization_id


def test_every_item_has_gold_that_fits_its_kind(output):
    assert Assessment.objects.filter(organization__slug="lexicon").exists()
    assert Assessment.objects.filter(organization__slug="meridian").exists()
    for assessment in Assessment.objects.all():
        items = list(assessment.items.select_related("gold"))
        assert len(items) >= 8, assessment
        assert 1 <= sum(item.gold.is_edge_case for item in items) <= 2, assessment
        for item in items:
            answer = item.gold.answer
            if item.kind == Item.Kind.SINGLE_CHOICE:
                assert answer in item.options, item
            elif item.kind == Item.Kind.MULTI_LABEL:
                assert set(answer) <= set(item.options), item
            elif item.kind == Item.Kind.SPANS:
                text = item.content["text"]
                for span in answer:
                    assert 0 <= span["start"] < span["end"] <= len(text), item
                    assert span["label"] in item.options, item
            elif item.kind == Item.Kind.RANKING:
                assert sorted(answer) == list(range(len(item.content["outputs"]))), item
            elif item.kind == Item.Kind.ERROR_IDENTIFICATION:
                assert len(answer) == len(item.content["outputs"]), item
    kinds = set(Item.objects.values_list("kind", flat=True))
    assert kinds == set(Item.Kind.values)


def test_candidates_have_complete_profiles(output):
    profiles = CandidateProfile.objects.all()
    assert profiles.count() == 24
    for profile in profiles:
        assert profile.has_consented, profile
        assert 1 <= profile.languages.count() <= 3, profile
        assert 1 <= profile.domains.count() <= 2, profile
        assert profile.education.exists(), profile
        assert profile.experience.count() == 1, profile
        assert profile.work_samples.exists(), profile
        assert profile.tools, profile
        assert profile.modalities, profile
        profile.full_clean()


def test_output_lists_demo_logins_and_password(output):
    for organization in ORGANIZATIONS:
        assert organization["name"] in output
        for membership_role in Membership.Role.values:
            email = team_email(organization["slug"], membership_role)
            assert email in output
            assert Membership.objects.get(user__email=email).role == membership_role
    assert DEMO_PASSWORD in output
    assert "Candidate (hired)" in output


def test_demo_logins_work_with_the_password(output, client):
    for email in ("owner@lexicon.demo", "recruiter@meridian.demo"):
        assert client.login(email=email, password=DEMO_PASSWORD), email


def test_pipeline_covers_the_stages(output):
    stages = set(Application.objects.values_list("stage", flat=True))
    expected = {"applied", "invited", "in_progress", "submitted", "scored", "shortlisted"}
    assert stages >= expected | {"interview", "rejected", "hired"}
    assert Application.objects.filter(stage=Application.Stage.HIRED).count() == 1
    assert not Application.objects.exclude(role__status=Role.Status.PUBLISHED).exists()


def test_stage_histories_are_legal(output):
    for application in Application.objects.prefetch_related("stage_changes"):
        changes = list(application.stage_changes.all())
        assert changes[0].from_stage == "", application
        assert changes[0].to_stage == Application.Stage.APPLIED, application
        assert changes[-1].to_stage == application.stage, application
        for before, after in pairwise(changes):
            assert after.from_stage == before.to_stage, application
            allowed = Application.TRANSITIONS[Application.Stage(before.to_stage)]
            assert after.to_stage in allowed, application
            if after.to_stage == Application.Stage.REJECTED:
                assert after.reason, application
