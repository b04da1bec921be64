from django.urls import path

from assessments.results import api

one = "organizations/<slug:slug>/assessments/<int:pk>/"

urlpatterns = [
    path(one + "results/", api.CohortResultsApi.as_view(), name="results-cohort"),
    path(one + "results/items/", api.ItemAgreementApi.as_view(), name="results-items"),
    path(
        one + "results/attempts/<int:attempt_pk>/",
        api.AttemptResultApi.as_view(),
        name="results-attempt",
    ),
    path(one + "scoring-jobs/", api.ScoringJobListApi.as_view(), name="results-scoring-jobs"),
    path(
        one + "scoring-jobs/<int:job_pk>/",
        api.ScoringJobDetailApi.as_view(),
        name="results-scoring-job",
    ),
    path(
        one + "scoring-jobs/<int:job_pk>/cancel/",
        api.ScoringJobCancelApi.as_view(),
        name="results-scoring-job-cancel",
    ),
    path(
        one + "scoring-jobs/<int:job_pk>/retry/",
        api.ScoringJobRetryApi.as_view(),
        name="results-scoring-job-retry",
    ),
    path(one + "rescore/", api.RescoreApi.as_view(), name="results-rescore"),
]
