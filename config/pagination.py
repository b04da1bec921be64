from django.core.paginator import Paginator
from rest_framework.pagination import CursorPagination


class NewestFirstPagination(CursorPagination):
    """Cursor pagination never counts the table, so a page costs the same at any size."""

    ordering = ("-created_at", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class KnownCountPaginator(Paginator):
    """A page-number paginator told its total by the caller, for pages that have
    already counted their rows (for example per pipeline stage): no second COUNT(*)."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count
