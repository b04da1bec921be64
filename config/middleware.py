"""Request-wide safety nets."""

from django.http import HttpResponseBadRequest

from config.api_errors import NUMBER_TOO_LARGE


class NumberTooLargeMiddleware:
    """A page given an id beyond 64 bits answers 400, not 500.

    SQLite raises ``OverflowError`` when a lookup is given such a number (PostgreSQL simply
    finds no row); it is always the request's fault. The API maps it in its exception handler.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError):
            return HttpResponseBadRequest(NUMBER_TOO_LARGE, content_type="text/plain")
        return None
