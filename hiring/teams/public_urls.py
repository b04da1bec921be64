"""Creating a team and answering an invitation, under ``teams/`` (namespace ``join``):
open to visitors, who sign up on the way."""

from django.urls import path

from hiring.teams import views

app_name = "join"

urlpatterns = [
    path("new/", views.team_create, name="create"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
