from django.urls import path

from accounts.tokens import api

urlpatterns = [
    path("me/tokens/", api.TokenListCreateApi.as_view(), name="tokens"),
    path("me/tokens/<int:pk>/", api.TokenRevokeApi.as_view(), name="token"),
]
