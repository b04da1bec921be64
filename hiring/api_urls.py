from django.urls import path

from hiring import api

urlpatterns = [
    path("me/", api.MeApi.as_view(), name="me"),
    path("organizations/", api.OrganizationListApi.as_view(), name="organizations"),
    path("roles/", api.RoleListApi.as_view(), name="roles"),
    path("roles/<int:pk>/", api.RoleDetailApi.as_view(), name="role"),
    path("roles/<int:pk>/status/", api.RoleStatusApi.as_view(), name="role-status"),
    path(
        "roles/<int:pk>/applications/",
        api.RoleApplicationListApi.as_view(),
        name="role-applications",
    ),
    path("role-templates/", api.RoleTemplateListApi.as_view(), name="role-templates"),
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
