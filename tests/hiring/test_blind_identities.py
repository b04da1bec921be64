"""Blind mode: who the team may know a candidate as."""

import pytest

from candidates.models import Education
from config.errors import ApplicationError
from core.blind import identities, identity_of, identity_reveal, role_blind_mode_set
from core.pseudonyms import pseudonym
from hiring.models import Application, IdentityReveal
from hiring.pipeline.services import application_move
from tests.factories import ApplicationFactory, RoleFactory, UserFactory
from tests.factories.profiles import consented_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(org):
    user = UserFactory(full_name="Zanele Okonkwo-Lindqvist", email="zanele.ol@example.org")
    profile = consented_profile(user=user, country="NA")
    Education.objects.create(
        profile=profile, level="master", field="Law", institution="University of Windhoek"
    )
    return ApplicationFactory(
        role=RoleFactory(organization=org), candidate=user, stage=Application.Stage.SCORED
    )


def test_blind_mode_is_on_by_default_and_hides_every_identity_field(application):
    identity = identity_of(application)
    assert application.role.blind_mode is True
    assert not identity.visible
    assert identity.display_name == pseudonym(application.pk)
    assert (identity.name, identity.email, identity.country, identity.institutions) == (
        "",
        "",
        "",
        [],
    )


def test_reaching_the_interview_stage_shows_the_identity_and_it_stays_shown(application, recruiter):
    application_move(application=application, to_stage=Application.Stage.SHORTLISTED)
    application_move(application=application, to_stage=Application.Stage.INTERVIEW)
    identity = identity_of(Application.objects.get(pk=application.pk))
    assert identity.visible
    assert identity.why == "interview stage"
    assert identity.name == "Zanele Okonkwo-Lindqvist"
    assert identity.country == "NA"
    assert identity.institutions == ["University of Windhoek"]

    application_move(application=application, to_stage=Application.Stage.REJECTED, reason="No")
    assert identity_of(Application.objects.get(pk=application.pk)).visible


def test_a_reveal_needs_a_reason_and_records_who_and_why(application, recruiter):
    with pytest.raises(ApplicationError, match="Say why"):
        identity_reveal(application=application, by=recruiter, reason="   ")
    assert not IdentityReveal.objects.exists()

    identity_reveal(application=application, by=recruiter, reason="Reference check requested")
    identity = identity_of(application)
    assert identity.visible
    assert identity.why == "revealed: Reference check requested"
    reveal = IdentityReveal.objects.get()
    assert reveal.revealed_by == recruiter
    assert reveal.created_at is not None


def test_an_overlong_reason_is_refused_with_the_limit(application, recruiter):
    with pytest.raises(ApplicationError, match="under 500 characters"):
        identity_reveal(application=application, by=recruiter, reason="x" * 501)


def test_turning_blind_mode_off_shows_everyone(application):
    role_blind_mode_set(role=application.role, blind=False)
    application.role.refresh_from_db()
    assert identity_of(application).why == "blind mode off"
    assert identity_of(application).email == "zanele.ol@example.org"


def test_identities_of_a_page_cost_the_same_few_queries_however_many(
    org, django_assert_max_num_queries
):
    role = RoleFactory(organization=org)
    for size in (3, 30):
        applications = [
            ApplicationFactory(role=role, stage=Application.Stage.SCORED) for _ in range(size)
        ]
        identity_reveal(application=applications[0], by=None, reason="Asked by the client")
        applications = list(
            Application.objects.filter(pk__in=[a.pk for a in applications]).select_related(
                "candidate"
            )
        )
        with django_assert_max_num_queries(4):
            result = identities(applications, role=role)
        assert sum(identity.visible for identity in result.values()) == 1
