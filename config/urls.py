from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views import home
from config.views import healthz, readyz

api_patterns: list[URLPattern | URLResolver] = [
    path("", include("hiring.api_urls")),
    path("", include("hiring.api_shortlist_urls")),
    path("", include("rubrics.api_urls")),
    path("", include("candidates.api_urls")),
    path("", include("assessments.api_authoring_urls")),
    path("", include("assessments.api_attempt_urls")),
    path("", include("assessments.api_ops_urls")),
    path("", include("assessments.api_results_urls")),
    path("", include("rubrics.review_api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("accounts/", include("allauth.urls")),
    path("org/<slug:slug>/assessments/", include("assessments.authoring_urls")),
    path("org/<slug:slug>/assessments/<int:pk>/results/", include("assessments.results_urls")),
    path("org/<slug:slug>/calibration/", include("assessments.ops_urls")),
    path("org/<slug:slug>/rubrics/", include("rubrics.urls")),
    path("org/<slug:slug>/reviews/", include("rubrics.review_urls")),
    path("org/<slug:slug>/roles/<int:pk>/shortlist/", include("hiring.shortlist_urls")),
    path("org/", include("hiring.urls")),
    path("roles/", include("hiring.public_urls")),
    path("me/attempts/", include("assessments.attempt_urls")),
    path("me/", include("candidates.urls")),
    path("api/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
]
