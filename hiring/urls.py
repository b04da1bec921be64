from django.urls import path

from hiring import views

app_name = "hiring"

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
    path("<slug:slug>/roles/<int:pk>/compare/", views.role_compare, name="compare"),
    path("<slug:slug>/applications/<int:pk>/", views.application_detail, name="application"),
    path(
        "<slug:slug>/applications/<int:pk>/move/",
        views.application_move,
        name="application-move",
    ),
    path(
        "<slug:slug>/applications/<int:pk>/notes/",
        views.application_note,
        name="application-note",
    ),
    path(
        "<slug:slug>/applications/<int:pk>/reveal/",
        views.application_reveal,
        name="application-reveal",
    ),
]
