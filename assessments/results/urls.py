from django.urls import path

from assessments.audits import views as audits_views
from assessments.results import views

app_name = "results"

urlpatterns = [
    path("", views.results_index, name="index"),
    path("jobs/", views.results_jobs, name="jobs"),
    path("jobs/<int:job_pk>/retry/", views.results_retry, name="retry"),
    path("jobs/<int:job_pk>/cancel/", views.results_cancel, name="cancel"),
    path("rescore/", views.results_rescore, name="rescore"),
    path("attempts/<int:attempt_pk>/", views.results_attempt, name="attempt"),
    path("validity/", audits_views.assessment_validity_page, name="validity"),
]
