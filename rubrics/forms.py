"""The rubric builder form: the rubric's own fields and a plain formset of criteria.

Each criterion row carries its five anchored levels as flat fields (``level_0_descriptor``
… ``level_4_example``), so the page works without JavaScript: rows have an order number,
a "Remove" checkbox, and blank rows are left out. The rules are the services' own
(``rubric_problems``); their messages land next to the field they are about.
"""

from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.forms.utils import ErrorList

from rubrics.models import MAX_LEVEL
from rubrics.selectors import CriterionInput, RubricInput
from rubrics.services import DESCRIPTOR_MAX, MAX_CRITERIA, rubric_problems

LEVELS = tuple(range(MAX_LEVEL + 1))
BLANK_ROWS_NEW = 2
BLANK_ROWS_EDIT = 1


class RubricForm(forms.Form):
    wide_fields = frozenset({"name", "edge_case_guide"})  # span the grid: forms/field.html

    name = forms.CharField(max_length=200, required=False)
    edge_case_guide = forms.CharField(
        label="Edge-case guide",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Markdown. How to score borderline answers: what to do when an answer "
        "falls between two levels, flags ambiguity, or is right for the wrong reason.",
    )


def level_field_names(score: int) -> tuple[str, str]:
    return f"level_{score}_descriptor", f"level_{score}_example"


class CriterionForm(forms.Form):
    """One criterion; a row without any text is a blank row, not a half-filled one."""

    wide_fields = frozenset({"description"})  # span the grid: forms/field.html

    position = forms.IntegerField(min_value=1, max_value=99, required=False, label="Order")
    name = forms.CharField(max_length=200, required=False, label="Criterion")
    weight = forms.DecimalField(
        max_digits=5, decimal_places=2, required=False, initial=Decimal(1),
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.01", "max": "100"}),
        help_text="Relative to the other criteria.",
    )  # fmt: skip
    description = forms.CharField(
        required=False,
        label="What it measures",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        kwargs["empty_permitted"] = True
        kwargs["use_required_attribute"] = False
        super().__init__(*args, **kwargs)
        for score in LEVELS:
            descriptor, example = level_field_names(score)
            self.fields[descriptor] = forms.CharField(
                max_length=DESCRIPTOR_MAX,
                required=False,
                label=f"Level {score}",
                widget=forms.Textarea(attrs={"rows": 5}),
            )
            self.fields[example] = forms.CharField(
                required=False,
                label=f"Example of a level-{score} answer",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    TEXT_FIELDS = ("name", "description")

    def _text_names(self) -> list[str]:
        return [*self.TEXT_FIELDS, *(n for s in LEVELS for n in level_field_names(s))]

    def has_changed(self) -> bool:
        if not self.is_bound:
            return super().has_changed()
        return any(str(self.data.get(self.add_prefix(n), "")).strip() for n in self._text_names())

    def levels(self):
        """(score, descriptor field, example field) for the template's grid."""
        return [(score, *(self[name] for name in level_field_names(score))) for score in LEVELS]

    def criterion(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data.get("name", ""),
            "description": data.get("description", ""),
            "weight": data.get("weight") if data.get("weight") is not None else Decimal(1),
            "levels": [
                {
                    "score": score,
                    "descriptor": data.get(level_field_names(score)[0], ""),
                    "example": data.get(level_field_names(score)[1], ""),
                }
                for score in LEVELS
            ],
        }

    @staticmethod
    def initial_from(position: int, criterion: CriterionInput) -> dict:
        initial = {
            "position": position,
            "name": criterion["name"],
            "description": criterion.get("description", ""),
            "weight": criterion.get("weight", 1),
        }
        for level in criterion.get("levels", ()):
            descriptor, example = level_field_names(level["score"])
            initial[descriptor] = level.get("descriptor", "")
            initial[example] = level.get("example", "")
        return initial


class CriterionFormSet(forms.BaseFormSet):
    def rows(self) -> list[CriterionForm]:
        """Filled-in rows not marked for removal, by their order number (rows without one
        keep their place at the end)."""
        rows = [
            form
            for form in self.forms
            if form.has_changed() and not form.cleaned_data.get("DELETE")
        ]
        return [
            form
            for _, form in sorted(
                enumerate(rows),
                key=lambda pair: (pair[1].cleaned_data.get("position") or 10_000, pair[0]),
            )
        ]


def _criteria_formset(extra: int):
    return formset_factory(
        CriterionForm,
        formset=CriterionFormSet,
        extra=extra,
        can_delete=True,
        max_num=MAX_CRITERIA,
        validate_max=True,
    )


class RubricBuilder:
    """The rubric form and its criteria, validated and saved together."""

    prefix = "criteria"

    def __init__(self, data=None, *, initial: RubricInput | None = None):
        self.form = RubricForm(
            data,
            initial={
                "name": initial["name"] if initial else "",
                "edge_case_guide": initial["edge_case_guide"] if initial else "",
            },
        )
        if data is not None:
            self.criteria = _criteria_formset(0)(data, prefix=self.prefix)
        else:
            rows = initial["criteria"] if initial else []
            blank = BLANK_ROWS_EDIT if rows else BLANK_ROWS_NEW
            self.criteria = _criteria_formset(min(len(rows) + blank, MAX_CRITERIA))(
                prefix=self.prefix
            )
            for position, (form, row) in enumerate(
                zip(self.criteria.forms, rows, strict=False), start=1
            ):
                form.initial = CriterionForm.initial_from(position, row)
        self._rows: list[CriterionForm] = []

    def is_valid(self) -> bool:
        # Both parts are validated, and the rubric's rules run as soon as the criteria
        # parse, so every error shows at once.
        form_valid = self.form.is_valid()
        if not self.criteria.is_valid():
            return False
        self._rows = self.criteria.rows()
        problems = rubric_problems(**self.service_kwargs())
        self.add_problems({k: v for k, v in problems.items() if k not in self.form.errors})
        return form_valid and not problems

    @property
    def has_errors(self) -> bool:
        return self.form.is_bound and (
            bool(self.form.errors) or bool(self.criteria.total_error_count())
        )

    def service_kwargs(self) -> dict:
        return {
            "name": self.form.cleaned_data.get("name", ""),
            "edge_case_guide": self.form.cleaned_data.get("edge_case_guide", ""),
            "criteria": [row.criterion() for row in self._rows],
        }

    def add_problems(self, problems: dict[str, str]) -> None:
        for field, message in problems.items():
            self.add_error(field, message)

    def add_error(self, field: str | None, message: str) -> None:
        """Puts a service's message next to the part of the form it is about."""
        parts = (field or "").split(".")
        if parts[0] == "criteria" and len(parts) > 1 and int(parts[1]) < len(self._rows):
            row = self._rows[int(parts[1])]
            if len(parts) == 4:  # criteria.<i>.levels.<score>
                row.add_error(level_field_names(int(parts[3]))[0], message)
            elif len(parts) == 3 and parts[2] in row.fields:
                row.add_error(parts[2], message)
            else:
                row.add_error(None, message)
        elif parts[0] == "criteria":
            self.criteria._non_form_errors = ErrorList([*self.criteria.non_form_errors(), message])
        elif field in self.form.fields:
            self.form.add_error(field, message)
        else:
            self.form.add_error(None, message)
