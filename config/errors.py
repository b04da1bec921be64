"""The one error type that services raise when a request asks for something the
domain refuses (a pipeline move that makes no sense, publishing without metrics).
Views turn it into a form or page message; the API turns it into HTTP 400.
"""


class ApplicationError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, list[str]]:
        return {self.field or "non_field_errors": [self.message]}
