from django.urls import path

from hiring.teams import api

prefix = "organizations/<slug:slug>/team/"

urlpatterns = [
    path("teams/", api.TeamCreateApi.as_view(), name="teams"),
    path(prefix + "members/", api.MemberListApi.as_view(), name="team-members"),
    path(prefix + "members/<int:pk>/", api.MemberDetailApi.as_view(), name="team-member"),
    path(prefix + "invitations/", api.InvitationListCreateApi.as_view(), name="team-invitations"),
    path(
        prefix + "invitations/<int:pk>/resend/",
        api.InvitationResendApi.as_view(),
        name="team-invitation-resend",
    ),
    path(
        prefix + "invitations/<int:pk>/revoke/",
        api.InvitationRevokeApi.as_view(),
        name="team-invitation-revoke",
    ),
    path(prefix + "events/", api.TeamEventListApi.as_view(), name="team-events"),
    path(
        "team-invitations/accept/", api.InvitationAcceptApi.as_view(), name="team-invitation-accept"
    ),
    path(
        "team-invitations/decline/",
        api.InvitationDeclineApi.as_view(),
        name="team-invitation-decline",
    ),
]
