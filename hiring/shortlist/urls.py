"""The shortlist pages, mounted under ``org/<slug>/roles/<pk>/shortlist/``."""

from django.urls import path

from hiring.shortlist import views

app_name = "shortlist"

urlpatterns = [
    path("", views.shortlist, name="page"),
    path("bulk/", views.shortlist_bulk, name="bulk"),
    path("blind-mode/", views.shortlist_blind_mode, name="blind-mode"),
]
