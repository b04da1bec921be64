"""Blind review API, included under ``/api/`` (namespace ``api``) in ``config/urls.py``."""

from django.urls import path

from rubrics.review import api

reviews = "organizations/<slug:slug>/reviews/"

urlpatterns = [
    path(reviews + "queue/", api.ReviewQueueApi.as_view(), name="reviews-queue"),
    path(reviews + "next/", api.ReviewNextApi.as_view(), name="reviews-next"),
    path(reviews + "tasks/<int:pk>/", api.ReviewTaskApi.as_view(), name="reviews-task"),
    path(
        reviews + "tasks/<int:pk>/reviews/",
        api.ReviewSubmitApi.as_view(),
        name="reviews-task-submit",
    ),
    path(reviews + "agreement/", api.ReviewerAgreementApi.as_view(), name="reviews-agreement"),
    path(reviews + "settings/", api.ReviewSettingsApi.as_view(), name="reviews-settings"),
]
