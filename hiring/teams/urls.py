"""The team's pages under ``org/<slug>/team/`` (namespace ``teams``)."""

from django.urls import path

from hiring.teams import views

app_name = "teams"

urlpatterns = [
    path("", views.members, name="members"),
    path("invitations/", views.invite, name="invite"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("members/<int:pk>/", views.member_change, name="member_change"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
]
