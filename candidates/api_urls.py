from django.urls import path

from candidates import api

urlpatterns = [
    path("me/profile/", api.ProfileApi.as_view(), name="my-profile"),
    path("me/applications/", api.MyApplicationListApi.as_view(), name="my-applications"),
    path(
        "me/applications/<int:pk>/withdraw/",
        api.MyApplicationWithdrawApi.as_view(),
        name="my-application-withdraw",
    ),
    path("me/quality/", api.MyQualityApi.as_view(), name="my-quality"),
    path("public/roles/", api.PublicRoleListApi.as_view(), name="public-roles"),
    path("public/roles/<int:pk>/", api.PublicRoleDetailApi.as_view(), name="public-role"),
]
