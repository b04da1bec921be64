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


def required_reason(reason, *, missing: str, limit: int, field: str = "reason") -> str:
    """A reason a recorded action needs, stripped: ``missing`` when there is none, and a
    message when it is over ``limit`` characters (both on ``field``)."""
    from config.json_input import storable  # it raises this module's error

    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(missing, field=field)
    if len(reason) > limit:
        raise ApplicationError(f"Keep the reason under {limit} characters.", field=field)
    return storable(reason, field)
