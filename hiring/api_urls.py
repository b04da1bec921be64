from django.urls import path

from hiring import api

urlpatterns = [
    path("me/", api.MeApi.as_view(), name="me"),
    path("organizations/", api.OrganizationListApi.as_view(), name="organizations"),
    path("roles/", api.RoleListApi.as_view(), name="roles"),
    path("roles/<int:pk>/", api.RoleDetailApi.as_view(), name="role"),
]
