"""The shortlist API, mounted in the ``api`` namespace."""

from django.urls import path

from hiring.shortlist import api

one = "organizations/<slug:slug>/roles/<int:pk>/"

urlpatterns = [
    path(one + "shortlist/", api.ShortlistApi.as_view(), name="shortlist"),
    path(one + "shortlist/bulk/", api.ShortlistBulkApi.as_view(), name="shortlist-bulk"),
    path(one + "shortlist.csv", api.ShortlistCsvApi.as_view(), name="shortlist-csv"),
]
