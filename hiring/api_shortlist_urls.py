"""The shortlist API, mounted in the ``api`` namespace."""

from django.db import transaction
from django.urls import path

from hiring import api_shortlist as api

one = "organizations/<slug:slug>/roles/<int:pk>/"

urlpatterns = [
    path(one + "shortlist/", api.ShortlistApi.as_view(), name="shortlist"),
    # Each candidate moves in its own transaction, not one for the whole request.
    path(
        one + "shortlist/bulk/",
        transaction.non_atomic_requests(api.ShortlistBulkApi.as_view()),
        name="shortlist-bulk",
    ),
    path(one + "shortlist.csv", api.ShortlistCsvApi.as_view(), name="shortlist-csv"),
]
