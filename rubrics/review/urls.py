"""Blind review pages, mounted at ``/org/<slug:slug>/reviews/`` in ``config/urls.py``."""

from django.urls import path

from rubrics.review import views

app_name = "reviews"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("next/", views.review_next, name="next"),
    path("tasks/<int:pk>/", views.task, name="task"),
    path("agreement/", views.agreement, name="agreement"),
    path("settings/", views.share_settings, name="settings"),
]
