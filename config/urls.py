from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views import home
from config.views import healthz, readyz

api_patterns: list[URLPattern | URLResolver] = [
    path("", include("hiring.roles.api_urls")),
    path("", include("hiring.pipeline.api_urls")),
    path("", include("hiring.shortlist.api_urls")),
    path("", include("rubrics.api_urls")),
    path("", include("candidates.api_urls")),
    path("", include("assessments.authoring.api_urls")),
    path("", include("assessments.attempts.api_urls")),
    path("", include("assessments.operations.api_urls")),
    path("", include("assessments.results.api_urls")),
    path("", include("assessments.audits.api_urls")),
    path("", include("rubrics.review.api_urls")),
    path("", include("accounts.tokens.api_urls")),
    path("", include("hiring.teams.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("accounts/", include("allauth.urls")),
    path("org/<slug:slug>/assessments/", include("assessments.authoring.urls")),
    path("org/<slug:slug>/assessments/<int:pk>/results/", include("assessments.results.urls")),
    path("org/<slug:slug>/calibration/", include("assessments.operations.urls")),
    path("org/<slug:slug>/rubrics/", include("rubrics.urls")),
    path("org/<slug:slug>/reviews/", include("rubrics.review.urls")),
    path("org/<slug:slug>/roles/<int:pk>/shortlist/", include("hiring.shortlist.urls")),
    path("org/<slug:slug>/roles/<int:pk>/audits/", include("assessments.audits.urls")),
    path("org/<slug:slug>/alerts/", include("assessments.audits.alert_urls")),
    path("org/<slug:slug>/team/", include("hiring.teams.urls")),
    path("org/", include("hiring.urls")),
    path("teams/", include("hiring.teams.public_urls")),
    path("roles/", include("hiring.roles.public_urls")),
    path("me/attempts/", include("assessments.attempts.urls")),
    path("me/tokens/", include("accounts.tokens.urls")),
    path("me/", include("candidates.urls")),
    path("api/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
]
