from django.urls import path

from candidates import views

app_name = "candidates"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profile/", views.profile_edit, name="profile"),
    path("applications/", views.applications, name="applications"),
    path("quality/", views.my_quality_page, name="quality"),
    path(
        "applications/<int:pk>/withdraw/",
        views.application_withdraw_confirm,
        name="application_withdraw",
    ),
]
