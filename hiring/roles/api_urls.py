"""The role API (and the user's organisations), mounted in the ``api`` namespace."""

from django.urls import path

from hiring.roles import api

urlpatterns = [
    path("me/", api.MeApi.as_view(), name="me"),
    path("organizations/", api.OrganizationListApi.as_view(), name="organizations"),
    path("roles/", api.RoleListApi.as_view(), name="roles"),
    path("roles/<int:pk>/", api.RoleDetailApi.as_view(), name="role"),
    path("roles/<int:pk>/status/", api.RoleStatusApi.as_view(), name="role-status"),
    path("role-templates/", api.RoleTemplateListApi.as_view(), name="role-templates"),
]
