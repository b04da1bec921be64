"""The team's organisation and role pages; ``hiring.urls`` mounts them in the ``hiring``
namespace beside the pipeline's pages."""

from django.urls import path

from hiring.roles import views

urlpatterns = [
    path("<slug:slug>/", views.organization_dashboard, name="organization"),
    path("<slug:slug>/roles/new/", views.role_new, name="role-new"),
    path(
        "<slug:slug>/roles/new/credential-check/",
        views.role_credential_check,
        name="role-credential-check",
    ),
    path("<slug:slug>/roles/new/<str:role_type>/", views.role_create, name="role-create"),
    path("<slug:slug>/roles/<int:pk>/", views.role_detail, name="role"),
    path("<slug:slug>/roles/<int:pk>/edit/", views.role_edit, name="role-edit"),
    path("<slug:slug>/roles/<int:pk>/status/", views.role_status, name="role-status"),
]
