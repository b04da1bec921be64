"""The owner accepts the validity table's suggested composite weights (or reverts to the
defaults): who may, what is recorded, what ``weights_by_role`` then gives, and the
rescore that moves every composite — on the page and over the API."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.audits.forms import WeightDecisionForm
from assessments.audits.outcomes import role_validity
from assessments.audits.weights import full_weights
from assessments.models import ScoreReport, ScoringJob, WeightDecision
from assessments.scoring.components import COMPONENTS, composite, weights_from_metrics
from assessments.scoring.selectors import weights_by_role
from hiring.models import Membership, ShortlistEntry, SuccessMetric
from tests.audits.test_validity import client_of, cohort
from tests.factories import MembershipFactory, UserFactory
from tests.factories.assessments import AssessmentFactory
from tests.factories.audits import scored_hires
from tests.factories.hiring import RoleFactory, SuccessMetricFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def role(org):
    role = RoleFactory(organization=org, assessment=AssessmentFactory(organization=org))
    SuccessMetricFactory(role=role, kind=SuccessMetric.Kind.ACCURACY)
    return role


def page_url(role):
    return reverse("audits:validity", args=[role.organization.slug, role.pk])


def post_url(role):
    return reverse("audits:validity-weights", args=[role.organization.slug, role.pk])


def api_url(role):
    return reverse("api:role-weights", args=[role.organization.slug, role.pk])


def accept_form(suggested, **extra) -> dict:
    form = {"decision": "accept", "confirm": "on", **WeightDecisionForm.initial_from(suggested)}
    return {**form, **extra}


def api_post(client, role, body):
    return client.post(api_url(role), json.dumps(body), content_type="application/json")


def decided(role, owner, kind, weights, days_ago) -> WeightDecision:
    return WeightDecision.objects.create(
        role=role,
        kind=kind,
        weights=weights,
        previous={},
        hires=12,
        decided_by=owner,
        decided_at=timezone.now() - timedelta(days=days_ago),
    )


def test_weights_by_role_prefers_the_latest_accepted_weights(role, owner):
    other = RoleFactory(organization=role.organization)
    defaults = weights_from_metrics([SuccessMetric.Kind.ACCURACY])
    assert weights_by_role([role.pk])[role.pk] == pytest.approx(defaults)

    accepted = dict.fromkeys(COMPONENTS, 0.0) | {"accuracy": 0.75, "edge_cases": 0.25}
    decided(role, owner, WeightDecision.Kind.ACCEPTED, {"accuracy": 0.5, "edge_cases": 0.5}, 2)
    decided(role, owner, WeightDecision.Kind.ACCEPTED, accepted, 1)

    found = weights_by_role([role.pk, other.pk, None])
    assert found[role.pk] == accepted
    assert found[other.pk] == weights_from_metrics([])
    assert found[None] == weights_from_metrics([])

    decided(role, owner, WeightDecision.Kind.REVERTED, defaults, 0)
    assert weights_by_role([role.pk])[role.pk] == pytest.approx(defaults)


def test_a_decision_is_never_changed(role, owner):
    decision = decided(role, owner, WeightDecision.Kind.ACCEPTED, {"accuracy": 1.0}, 0)
    decision.hires = 11
    with pytest.raises(ValidationError, match="never changed"):
        decision.save()


def test_the_owner_accepts_on_the_page_and_a_rescore_starts(role, owner):
    cohort(role)
    suggested = role_validity(role=role).suggested
    client = client_of(owner)

    page = client.get(page_url(role)).content.decode()
    assert 'data-testid="weights-form"' in page
    assert "Accept the suggested weights" in page
    assert "In force: the default weights" in page

    response = client.post(post_url(role), accept_form(suggested), follow=True)

    body = response.content.decode()
    decision = WeightDecision.objects.get()
    assert response.status_code == 200
    assert decision.kind == WeightDecision.Kind.ACCEPTED
    assert decision.decided_by == owner
    assert decision.weights["accuracy"] == pytest.approx(1.0)
    assert decision.previous == pytest.approx(
        {
            name: round(value, 4)
            for name, value in weights_from_metrics([SuccessMetric.Kind.ACCURACY]).items()
        }
    )
    assert decision.hires == 12
    assert decision.evidence["min_hires"] == 10
    rows = {row["component"]: row for row in decision.evidence["rows"]}
    assert rows["accuracy"]["verdict"] == "strong"
    assert rows["accuracy"]["n"] == 12
    job = decision.rescore_jobs.get()
    assert job.kind == ScoringJob.Kind.REWEIGHT
    assert job.force
    assert job.total_count == 12  # the role's calibration attempts
    assert "A rescore of 12 calibration attempts started" in body
    results = reverse("results:index", args=[role.organization.slug, job.assessment_id])
    assert f'href="{results}#scoring-jobs"' in body
    assert 'data-testid="rescore-run"' in body
    assert f"In force: the weights {owner.email} accepted" in body
    assert weights_by_role([role.pk])[role.pk]["accuracy"] == pytest.approx(1.0)
    assert "Revert to the default weights" in body


def test_accepting_again_and_reverting_are_recorded(org, owner, django_capture_on_commit_callbacks):
    role, _ = scored_hires(org)
    suggested = role_validity(role=role).suggested
    client = client_of(owner)
    with django_capture_on_commit_callbacks(execute=True):  # the rescore runs and finishes
        client.post(post_url(role), accept_form(suggested))
    assert not ScoringJob.objects.filter(state__in=ScoringJob.ACTIVE_STATES).exists()

    again = client.post(post_url(role), accept_form(suggested))
    assert again.status_code == 400
    assert "already in force" in again.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        reverted = client.post(post_url(role), {"decision": "revert", "confirm": "on"})

    assert reverted.status_code == 302
    kinds = list(WeightDecision.objects.values_list("kind", flat=True))
    assert kinds == [WeightDecision.Kind.REVERTED, WeightDecision.Kind.ACCEPTED]
    assert weights_by_role([role.pk])[role.pk] == pytest.approx(
        weights_from_metrics([SuccessMetric.Kind.ACCURACY])
    )
    assert client.post(post_url(role), {"decision": "revert", "confirm": "on"}).status_code == 400


def test_without_the_confirmation_nothing_is_accepted(role, owner):
    cohort(role)
    form = accept_form(role_validity(role=role).suggested)
    del form["confirm"]

    response = client_of(owner).post(post_url(role), form)

    assert response.status_code == 400
    assert "Tick the box to confirm" in response.content.decode()
    assert not WeightDecision.objects.exists()
    assert not ScoringJob.objects.exists()


def test_with_too_few_hires_there_is_nothing_to_accept(role, owner):
    cohort(role, size=4)
    client = client_of(owner)
    page = client.get(page_url(role)).content.decode()
    assert "No suggestion yet" in page
    assert "disabled>Accept the suggested weights" in page

    response = client.post(post_url(role), accept_form({"accuracy": 1.0}))
    api = api_post(client, role, {"decision": "accept", "weights": {"accuracy": 1.0}})

    assert response.status_code == 400
    message = "There is no suggestion to accept"
    assert message in response.content.decode()
    assert "(4 of the 10 hires needed have a 90-day outcome)" in response.content.decode()
    assert api.status_code == 400
    assert api.json()["non_field_errors"][0].startswith(message)
    assert not WeightDecision.objects.exists()


def test_a_suggestion_that_changed_since_it_was_seen_is_refused(role, owner):
    cohort(role)

    response = client_of(owner).post(
        post_url(role), accept_form({"accuracy": 0.6, "edge_cases": 0.4})
    )

    assert response.status_code == 400
    assert "The suggestion changed since you looked at it" in response.content.decode()
    assert not WeightDecision.objects.exists()


@pytest.mark.parametrize("who", ["hiring_manager", "recruiter", "reviewer"])
def test_only_the_owner_may_accept(role, who, request):
    cohort(role)
    suggested = role_validity(role=role).suggested
    client = client_of(request.getfixturevalue(who))

    page = client.get(page_url(role))
    posted = client.post(post_url(role), accept_form(suggested))
    api = api_post(client, role, {"decision": "accept", "weights": suggested})
    revert = api_post(client, role, {"decision": "revert"})

    if who == "reviewer":
        assert page.status_code == 404  # reviewers do not see the pipeline's pages
    else:
        assert page.status_code == 200
        assert 'data-testid="weights-form"' not in page.content.decode()
        assert "Accept the suggested weights" not in page.content.decode()
    assert posted.status_code == 403
    assert api.status_code == 403
    assert revert.status_code == 403
    assert not WeightDecision.objects.exists()
    assert not ScoringJob.objects.exists()


def test_other_organisations_get_a_404(role, other_org):
    cohort(role)
    suggested = role_validity(role=role).suggested
    other_owner = MembershipFactory(organization=other_org, role=Membership.Role.OWNER).user
    client = client_of(other_owner)

    assert client.post(post_url(role), accept_form(suggested)).status_code == 404
    assert api_post(client, role, {"decision": "accept", "weights": suggested}).status_code == 404
    assert client.get(api_url(role)).status_code == 404
    assert client_of(UserFactory()).get(api_url(role)).status_code == 404
    assert not WeightDecision.objects.exists()


def test_the_owner_of_another_organisation_cannot_reach_a_role_by_its_own_slug(role, other_org):
    other_owner = MembershipFactory(organization=other_org, role=Membership.Role.OWNER).user
    url = reverse("api:role-weights", args=[other_org.slug, role.pk])
    response = api_post(client_of(other_owner), role, {"decision": "revert"})
    assert response.status_code == 404
    assert api_post(client_of(other_owner), role, {}).status_code == 404
    assert client_of(other_owner).post(url, {}, content_type="application/json").status_code == 404


def test_a_decision_waits_for_a_scoring_run_under_way(role, owner):
    cohort(role)
    suggested = role_validity(role=role).suggested
    client = client_of(owner)
    api_post(client, role, {"decision": "accept", "weights": suggested})  # its run is queued

    response = api_post(client, role, {"decision": "revert"})

    assert response.status_code == 400
    assert "is under way; decide once it finishes" in response.json()["non_field_errors"][0]
    assert WeightDecision.objects.count() == 1


def test_the_api_accepts_lists_and_reverts(
    org, owner, recruiter, django_capture_on_commit_callbacks
):
    role, _ = scored_hires(org)
    suggested = role_validity(role=role).suggested
    client = client_of(owner)

    with django_capture_on_commit_callbacks(execute=True):
        accepted = api_post(client, role, {"decision": "accept", "weights": suggested})

    assert accepted.status_code == 201
    data = accepted.json()
    assert data["kind"] == "accepted"
    assert data["weights"] == pytest.approx(full_weights(suggested))
    assert data["decided_by"] == owner.email
    assert data["hires"] == 12
    assert [job["total_count"] for job in data["rescore_jobs"]] == [12]
    assert client_of(recruiter).get(api_url(role)).json()[0]["id"] == data["id"]
    validity = client_of(recruiter).get(
        reverse("api:role-validity", args=[role.organization.slug, role.pk])
    )
    assert validity.json()["weights"] == pytest.approx(data["weights"])

    reverted = api_post(client, role, {"decision": "revert"})

    assert reverted.status_code == 201
    assert [row["kind"] for row in client.get(api_url(role)).json()] == ["reverted", "accepted"]


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ({}, "decision", "required"),
        ({"decision": "maybe"}, "decision", "not a valid choice"),
        ({"decision": "accept"}, "weights", "Send the suggested weights"),
        ({"decision": "accept", "weights": {"accuracy": "lots"}}, "weights", "valid number"),
        ({"decision": "accept", "weights": {"accuracy": 2}}, "weights", "less than or equal"),
        ({"decision": "accept", "weights": {"bogus": 0.5}}, "weights", "Unknown component"),
        ({"decision": "accept", "weights": [0.5]}, "weights", "dictionary"),
        ([1, 2], "non_field_errors", "dictionary"),
    ],
)
def test_malformed_api_input_gets_a_400_with_field_errors(role, owner, body, field, says):
    cohort(role, size=4)

    response = api_post(client_of(owner), role, body)

    assert response.status_code == 400
    assert says in json.dumps(response.json()[field])
    assert not WeightDecision.objects.exists()


def test_accepting_rescores_every_composite_with_the_new_weights(
    org, owner, django_capture_on_commit_callbacks
):
    """Real calibration attempts, scored with the default weights; the hires' 90-day
    accuracy follows their calibration accuracy, so the table suggests weights; accepting
    them rescores every attempt and the shortlist follows."""
    role, calibration = scored_hires(org)
    before = {
        report.attempt_id: report
        for report in ScoreReport.objects.filter(is_current=True, attempt__in=calibration.attempts)
    }
    suggested = role_validity(role=role).suggested
    assert suggested is not None

    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(owner).post(post_url(role), accept_form(suggested))

    assert response.status_code == 302
    accepted = WeightDecision.objects.get().weights
    changed = 0
    for attempt in calibration.attempts:
        report = ScoreReport.objects.get(attempt=attempt, is_current=True)
        assert report.pk != before[attempt.pk].pk  # a new report; the old one kept
        assert report.details["weight_basis"] == pytest.approx(accepted)
        assert report.composite == pytest.approx(composite(report.components, accepted))
        entry = ShortlistEntry.objects.get(application_id=attempt.application_id)
        assert entry.composite == pytest.approx(report.composite)
        changed += abs(report.composite - before[attempt.pk].composite) > 1e-6
    assert changed > 0
    assert ScoreReport.objects.filter(attempt__in=calibration.attempts).count() == 24
    assert ScoringJob.objects.get(kind=ScoringJob.Kind.REWEIGHT).state == ScoringJob.State.DONE
