from django.urls import path

from assessments.attempts import api

urlpatterns = [
    path(
        "attempts/start/<int:application_pk>/",
        api.AttemptStartApi.as_view(),
        name="my-attempt-start",
    ),
    path("attempts/<int:pk>/", api.AttemptDetailApi.as_view(), name="my-attempt"),
    path(
        "attempts/<int:pk>/responses/<int:number>/",
        api.ResponseSaveApi.as_view(),
        name="my-attempt-response",
    ),
    path(
        "attempts/<int:pk>/responses/<int:number>/flag/",
        api.ResponseFlagApi.as_view(),
        name="my-attempt-flag",
    ),
    path(
        "attempts/<int:pk>/rationales/", api.RationalesApi.as_view(), name="my-attempt-rationales"
    ),
    path("attempts/<int:pk>/submit/", api.SubmitApi.as_view(), name="my-attempt-submit"),
    path("attempts/<int:pk>/contests/", api.ContestApi.as_view(), name="my-attempt-contests"),
    path("attempts/<int:pk>/feedback/", api.FeedbackApi.as_view(), name="my-attempt-feedback"),
]
