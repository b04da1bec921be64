"""The rule that keeps organisations apart, enforced for every model, present and future.

Every model that belongs to an organisation — directly or through its parents —
must be scoped through ``OrganizationScopedQuerySet.for_user`` and declare the
path to its organisation. A model added later without it fails here.
"""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import User
from core.scoping import OrganizationScopedQuerySet
from hiring.models import Membership, Organization

TEAM_APPS = ("hiring", "assessments", "rubrics")


def reaches_organization(model, seen=()) -> bool:
    if model is Organization:
        return True
    for field in model._meta.get_fields():
        if field.concrete and (field.many_to_one or field.one_to_one):
            target = field.related_model
            if (
                target not in seen
                and target is not model
                and reaches_organization(target, (*seen, model))
            ):
                return True
    return False


ORG_OWNED = [
    model
    for app in TEAM_APPS
    for model in apps.get_app_config(app).get_models()
    if reaches_organization(model)
]


def test_the_rule_covers_every_team_model():
    assert len(ORG_OWNED) >= 18


@pytest.mark.parametrize("model", ORG_OWNED, ids=lambda model: model._meta.label)
def test_every_organisation_owned_model_is_scoped(model):
    assert isinstance(model._default_manager.all(), OrganizationScopedQuerySet)
    # The declared path must lead to the organisation's table.
    organizations = Organization.objects.filter(pk=1)
    scoped = model._default_manager.filter(**{f"{model.organization_path}__in": organizations})
    assert "hiring_organization" in str(scoped.query)


@pytest.mark.django_db
def test_on_the_demo_no_scoped_model_shows_a_row_of_another_organisation():
    call_command("seed_demo", stdout=StringIO())
    lexicon, meridian = (
        Organization.objects.get(slug="lexicon"),
        Organization.objects.get(slug="meridian"),
    )
    recruiter = lexicon.memberships.get(role=Membership.Role.RECRUITER).user
    outsider = User.objects.exclude(memberships__isnull=False).first()

    checked = 0
    for model in ORG_OWNED:
        path = model.organization_path
        visible = model.objects.for_user(recruiter)
        assert not visible.exclude(**{f"{path}__in": [lexicon.pk]}).exists(), model._meta.label
        assert not model.objects.for_user(outsider).exists(), model._meta.label
        if model.objects.filter(**{f"{path}__in": [meridian.pk]}).exists():
            checked += 1
    # The demo has rows of both organisations in most of these tables.
    assert checked >= 10
