"""How many entries a repeated field may hold, said the same way everywhere.

Each model module declares its lists' limits once (``candidates.models.PROFILE_LISTS``,
``hiring.models.ROLE_LISTS``); the page's formsets (``formset_options``), the API's
serializers (``LimitedListsMixin``) and the services (``ListLimit.check``) all read them,
so a list one of them refuses is refused by the others with the same message.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Model
from rest_framework import serializers


@dataclass(frozen=True)
class ListLimit:
    most: int
    noun: str  # plural, as in "List at most 30 languages."

    @property
    def message(self) -> str:
        return f"List at most {self.most} {self.noun}."

    def problem(self, values) -> str | None:
        return self.message if len(values) > self.most else None

    def check(self, values) -> None:
        """The model-level check: ``ValidationError`` when ``values`` has too many entries."""
        if self.problem(values):
            raise ValidationError(self.message, code="too_many")

    def formset_options(self) -> dict:
        """``formset_factory`` arguments: the page refuses one row more than the limit."""
        return {"max_num": self.most, "validate_max": True}

    def formset_messages(self) -> dict:
        """``BaseFormSet.default_error_messages`` saying the same as the API and model."""
        return {"too_many_forms": self.message}


class LimitedListsMixin:
    """A serializer whose list fields are refused whole when longer than their limit,
    before any entry is read (a 5,000-entry list costs one length check, not 5,000 rows
    of errors). ``list_limits`` maps a field to its ``ListLimit``."""

    list_limits: Mapping[str, ListLimit] = {}

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {
                field: [limit.message]
                for field, limit in self.list_limits.items()
                if isinstance(data.get(field), list) and limit.problem(data[field])
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


def max_length(model: type[Model], field: str) -> int:
    """The ``max_length`` of a model's character field, for messages and checks that say
    the same limit as the column (a field without one is a programming error)."""
    column = model._meta.get_field(field)
    length = getattr(column, "max_length", None)  # a relation has none
    if not isinstance(length, int):
        raise TypeError(f"{model.__name__}.{field} has no max_length.")
    return length
