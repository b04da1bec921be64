"""The pipeline API (applications, moves, notes, candidate detail, reveal, compare),
mounted in the ``api`` namespace."""

from django.urls import path

from hiring.pipeline import api

urlpatterns = [
    path(
        "roles/<int:pk>/applications/",
        api.RoleApplicationListApi.as_view(),
        name="role-applications",
    ),
    path(
        "applications/<int:pk>/",
        api.TeamApplicationDetailApi.as_view(),
        name="team-application",
    ),
    path(
        "applications/<int:pk>/move/",
        api.ApplicationMoveApi.as_view(),
        name="team-application-move",
    ),
    path(
        "applications/<int:pk>/notes/",
        api.ApplicationNoteListApi.as_view(),
        name="team-application-notes",
    ),
    path(
        "organizations/<slug:slug>/applications/<int:pk>/",
        api.CandidateDetailApi.as_view(),
        name="candidate-detail",
    ),
    path(
        "organizations/<slug:slug>/applications/<int:pk>/reveal/",
        api.CandidateRevealApi.as_view(),
        name="candidate-reveal",
    ),
    path(
        "organizations/<slug:slug>/roles/<int:pk>/compare/",
        api.RoleCompareApi.as_view(),
        name="role-compare",
    ),
]
