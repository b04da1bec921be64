"""Forms of the role pages: the role spec with its three lists, the filter, the credential check.

The role form's lists are plain formsets, so the page works without JavaScript: each
responsibility has a position number, and blank rows are left out. The services do
the writing and apply the same rules again.
"""

from django import forms
from django.forms import formset_factory
from django.forms.utils import ErrorList

from core.time_zones import TimeZoneFormField
from core.vocabulary import CEFRLevel, Currency, Domain
from hiring.models import (
    LANGUAGE_MAX_LENGTH,
    MEASUREMENT_MAX_LENGTH,
    ROLE_LISTS,
    Role,
    SuccessMetric,
)
from hiring.roles import services
from hiring.roles.role_templates import RoleTemplate

BLANK = [("", "Choose…")]


class RoleFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "All"), *Role.Status.choices],
        required=False,
        error_messages={"invalid_choice": "“%(value)s” is not a role status."},
    )


class RoleForm(forms.ModelForm):
    """The role's own fields. ``organization`` limits the assessments to its own."""

    wide_fields = frozenset({"title"})  # span the grid: forms/field.html

    pay_currency = forms.ChoiceField(
        label="Currency",
        choices=Currency.choices,
        error_messages={"invalid_choice": "“%(value)s” is not a currency we pay in."},
    )
    tz_reference = TimeZoneFormField(
        label="Reference time zone",
        initial="UTC",
        help_text="The team's time zone that the overlap is counted against.",
    )
    tz_overlap_hours = forms.IntegerField(
        label="Time-zone overlap wanted (hours a day)",
        min_value=0,
        max_value=24,
        initial=0,
        error_messages={"max_value": services.OVERLAP_MESSAGE},
    )

    class Meta:
        model = Role
        fields = Role.SPEC_FIELDS
        labels = {
            "sub_domain": "Sub-domain",
            "credential": "Credential asked",
            "pay_min": "Pay from",
            "pay_max": "Pay up to",
            "pay_unit": "Paid",
            "weekly_hours": "Weekly volume (hours)",
            "description": "Description",
            "assessment": "Calibration assessment",
        }
        help_texts = {
            "sub_domain": "Free text, for example “commercial contracts” or “oncology notes”.",
            "description": "Markdown: **bold**, lists, links.",
            "assessment": "Leave empty to open applications now and attach one later.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        from assessments.models import Assessment

        self.fields["assessment"].queryset = Assessment.objects.for_organization(organization)
        self.fields["assessment"].empty_label = "None yet (assessment pending)"
        self.fields["pay_currency"].error_messages["invalid_choice"] = (
            services.unknown_currency_message("%(value)s")
        )
        for name in ("task_complexity", "credential", "domain"):
            self.fields[name].widget.attrs["data-credential-input"] = ""

    def clean(self):
        cleaned = super().clean()
        problems = services.role_spec_problems(fields=cleaned)
        problems.pop("pay_max", None)  # the model's own clean() says it, once
        for field, message in problems.items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def role_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class _ListForm(forms.Form):
    """A row of one of the role's lists; a row left blank is simply not saved."""

    def __init__(self, *args, **kwargs):
        kwargs["empty_permitted"] = True
        kwargs["use_required_attribute"] = False
        super().__init__(*args, **kwargs)


class ResponsibilityForm(_ListForm):
    position = forms.IntegerField(min_value=1, max_value=99, required=False, label="Order")
    text = forms.CharField(max_length=300, label="Responsibility")

    def has_changed(self) -> bool:
        # A numbered row without text is a blank row, not a half-filled one.
        return bool(str(self.data.get(self.add_prefix("text"), "")).strip()) or (
            not self.is_bound and super().has_changed()
        )


class SuccessMetricForm(_ListForm):
    wide_fields = frozenset({"measurement"})  # span the grid: forms/field.html

    kind = forms.ChoiceField(choices=BLANK + SuccessMetric.Kind.choices, label="Metric")
    direction = forms.ChoiceField(choices=BLANK + SuccessMetric.Direction.choices)
    target = forms.DecimalField(max_digits=10, decimal_places=3)
    unit = forms.CharField(max_length=40, help_text="%, hours, items/hour…")
    measurement = forms.CharField(
        label="How it is measured",
        max_length=MEASUREMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RoleLanguageForm(_ListForm):
    language = forms.CharField(max_length=LANGUAGE_MAX_LENGTH)
    min_level = forms.ChoiceField(
        label="Minimum level",
        choices=BLANK + CEFRLevel.choices,
        error_messages={
            "invalid_choice": services.unknown_level_message("%(value)s"),
        },
    )


class _ListFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        """The filled-in rows that are not marked for removal."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


class ResponsibilityFormSet(_ListFormSet):
    limit = ROLE_LISTS["responsibilities"]
    default_error_messages = limit.formset_messages()

    def ordered_texts(self) -> list[str]:
        """Texts ordered by their position; rows without one keep their place at the end."""
        rows = sorted(
            enumerate(self.rows()),
            key=lambda pair: (pair[1].get("position") or 10_000, pair[0]),
        )
        return [row["text"] for _, row in rows]


class SuccessMetricFormSet(_ListFormSet):
    limit = ROLE_LISTS["success_metrics"]
    default_error_messages = limit.formset_messages()

    def clean(self):
        if any(self.errors):
            return
        problems = services.role_spec_problems(fields={}, success_metrics=self.rows())
        if "success_metrics" in problems:
            raise forms.ValidationError(problems["success_metrics"])

    def metrics(self) -> list[dict]:
        return [{k: row[k] for k in services.METRIC_FIELDS} for row in self.rows()]


class RoleLanguageFormSet(_ListFormSet):
    limit = ROLE_LISTS["languages"]
    default_error_messages = limit.formset_messages()

    def clean(self):
        if any(self.errors):
            return
        problems = services.role_spec_problems(fields={}, languages=self.rows())
        if "languages" in problems:
            raise forms.ValidationError(problems["languages"])

    def languages(self) -> list[dict]:
        return [{"language": r["language"], "min_level": r["min_level"]} for r in self.rows()]


def _list_formset(form, formset, *, extra: int = 0):
    return formset_factory(
        form, formset=formset, extra=extra, can_delete=True, **formset.limit.formset_options()
    )


Responsibilities = _list_formset(ResponsibilityForm, ResponsibilityFormSet)


SuccessMetrics = _list_formset(SuccessMetricForm, SuccessMetricFormSet)


Languages = _list_formset(RoleLanguageForm, RoleLanguageFormSet)


BLANK_ROWS = {"responsibilities": 2, "metrics": 1, "languages": 1}


class RoleSpecForms:
    """The role form and its three lists, validated together and saved together."""

    def __init__(self, data=None, *, organization, role=None, template: RoleTemplate | None = None):
        initial, responsibilities, metrics, languages = self._initial(role, template)
        self.role_form = RoleForm(data, instance=role, initial=initial, organization=organization)
        self.responsibilities = self._formset(
            Responsibilities, data, "responsibilities", responsibilities
        )
        self.metrics = self._formset(SuccessMetrics, data, "metrics", metrics)
        self.languages = self._formset(Languages, data, "languages", languages)

    @staticmethod
    def _formset(formset_class, data, prefix, rows):
        if data is not None:
            return formset_class(data, prefix=prefix)
        # Prefilled rows are ordinary rows (a row emptied later is just dropped), plus
        # a few blank ones for adding without JavaScript.
        formset_class = _list_formset(
            formset_class.form, formset_class, extra=len(rows) + BLANK_ROWS[prefix]
        )
        formset = formset_class(prefix=prefix)
        for form, row in zip(formset.forms, rows, strict=False):
            form.initial = row
        return formset

    @staticmethod
    def _initial(role, template):
        if role is not None:
            return (
                {},
                [{"position": r.position, "text": r.text} for r in role.responsibilities.all()],
                [
                    {k: getattr(m, k) for k in services.METRIC_FIELDS}
                    for m in role.success_metrics.all()
                ],
                [{"language": x.language, "min_level": x.min_level} for x in role.languages.all()],
            )
        if template is None:
            return {}, [], [], []
        initial = {
            "title": template.title,
            "role_type": template.role_type,
            "domain": template.domain,
            "task_complexity": template.task_complexity,
            "credential": template.credential,
            "modality": template.modality,
            "engagement": template.engagement,
            "pay_min": template.pay_min,
            "pay_max": template.pay_max,
            "pay_currency": template.pay_currency,
            "pay_unit": template.pay_unit,
            "weekly_hours": template.weekly_hours,
        }
        responsibilities = [
            {"position": position, "text": text}
            for position, text in enumerate(template.responsibilities, start=1)
        ]
        metrics = [{k: getattr(m, k) for k in services.METRIC_FIELDS} for m in template.metrics]
        return initial, responsibilities, metrics, [{"language": "English", "min_level": "C1"}]

    @property
    def formsets(self):
        return (self.responsibilities, self.metrics, self.languages)

    def is_valid(self) -> bool:
        # Every part is validated, so every error shows at once.
        results = [self.role_form.is_valid(), *(f.is_valid() for f in self.formsets)]
        return all(results)

    @property
    def has_errors(self) -> bool:
        if not self.role_form.is_bound:
            return False
        return bool(self.role_form.errors) or any(f.total_error_count() for f in self.formsets)

    def add_error(self, field: str | None, message: str) -> None:
        """Puts a service's refusal next to the part of the form it is about."""
        lists = {
            "success_metrics": self.metrics,
            "languages": self.languages,
            "responsibilities": self.responsibilities,
        }
        if field in lists:
            lists[field]._non_form_errors = ErrorList([message])
        elif field in self.role_form.fields:
            self.role_form.add_error(field, message)
        else:
            self.role_form.add_error(None, message)

    def service_kwargs(self) -> dict:
        return {
            "fields": self.role_form.role_fields(),
            "responsibilities": self.responsibilities.ordered_texts(),
            "success_metrics": self.metrics.metrics(),
            "languages": self.languages.languages(),
        }


class CredentialCheckForm(forms.Form):
    """The two fields the credential warning needs (from the HTMX check)."""

    credential = forms.ChoiceField(choices=Role.Credential.choices)
    task_complexity = forms.ChoiceField(choices=Role.Complexity.choices)
    domain = forms.ChoiceField(choices=Domain.choices, required=False)
