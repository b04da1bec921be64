"""Every admin page opens, searches and filters without error, on real rows."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from assessments.models import Accommodation, Contest, GoldChange, Payment
from hiring.models import StageChange
from tests.factories import (
    ApplicationFactory,
    CandidateProfileFactory,
    CriterionFactory,
    GoldAnswerFactory,
    ResponseFactory,
    ScoreReportFactory,
)

pytestmark = pytest.mark.django_db

# Records of what happened: the admin shows them but never adds one by hand.
READ_ONLY = {StageChange, Payment, Contest, Accommodation, GoldChange}
REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_superuser("admin@example.com", "admin-pass-123456"))
    ApplicationFactory()
    CandidateProfileFactory()
    GoldAnswerFactory()
    ResponseFactory()
    ScoreReportFactory()
    CriterionFactory()
    return client


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_changelist_opens_and_searches(staff_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    assert staff_client.get(url).status_code == 200
    assert staff_client.get(url, {"q": "example"}).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_add_page_opens_where_adding_is_allowed(staff_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")

    expected = 403 if model in READ_ONLY else 200
    assert staff_client.get(url).status_code == expected


def test_items_of_a_frozen_assessment_cannot_be_changed_in_the_admin(staff_client):
    from django.utils import timezone

    from tests.factories import ItemFactory

    item = ItemFactory()
    url = reverse("admin:assessments_item_change", args=[item.pk])
    assert 'name="_save"' in staff_client.get(url).content.decode()

    item.assessment.frozen_at = timezone.now()
    item.assessment.save(update_fields=["frozen_at"])

    assert 'name="_save"' not in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"prompt": "Edited again"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.prompt != "Edited again"
